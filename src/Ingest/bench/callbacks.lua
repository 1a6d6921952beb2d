-- wrk script: signed ZEGO callbacks (room_create / room_login / room_logout / room_close in turn)
-- over many rooms. The signature covers only {secret, timestamp, nonce}, so bench.sh signs once
-- and passes ZEGO_TS / ZEGO_NONCE / ZEGO_SIG; the run must finish within the timestamp tolerance.
local ts = os.getenv("ZEGO_TS")
local nonce = os.getenv("ZEGO_NONCE")
local sig = os.getenv("ZEGO_SIG")
local rooms = tonumber(os.getenv("BENCH_ROOMS") or "10000")
local counter = 0
local threads = {}
-- thread_id is a global set per thread by setup().

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local function common(event)
  return '{"event":"' .. event .. '","appid":1,"timestamp":' .. ts .. ',"nonce":"' .. nonce .. '","signature":"' .. sig .. '"'
end

request = function()
  counter = counter + 1
  local room = "bench%20room%2B" .. (thread_id or 0) .. "-" .. (counter % rooms)
  local now_ms = tostring(os.time() * 1000)
  local session = "18446744073709551" .. string.format("%03d", counter % 600)
  local kind = counter % 4
  local body
  if kind == 0 then
    body = common("room_create") .. ',"room_id":"' .. room .. '","room_session_id":' .. session ..
      ',"room_create_time":"' .. now_ms .. '","id_name":"creator"}'
  elseif kind == 1 then
    body = common("room_login") .. ',"room_id":"' .. room .. '","room_seq":"' .. session .. '","user_account":"u' .. counter ..
      '","user_nickname":"n","session_id":"s' .. counter .. '","login_time":"' .. now_ms .. '","user_role":"1"}'
  elseif kind == 2 then
    body = common("room_logout") .. ',"room_id":"' .. room .. '","room_seq":"' .. session .. '","user_account":"u' .. counter ..
      '","user_nickname":"n","session_id":"s' .. counter .. '","login_time":"' .. now_ms .. '","logout_time":"' .. now_ms .. '","reason":"0"}'
  else
    body = common("room_close") .. ',"room_id":"' .. room .. '","room_session_id":' .. session ..
      ',"room_close_time":"' .. now_ms .. '","close_reason":0}'
  end
  return wrk.format(nil, nil, nil, body)
end

-- Any non-200 is a failure of the run, not a data point.
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests: %d, non-2xx/3xx: %d, errors: %d\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("req/s: %.0f  p50: %.2f ms  p99: %.2f ms  max: %.2f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
