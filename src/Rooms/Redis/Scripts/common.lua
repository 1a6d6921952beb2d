-- Comparisons and user-session lines of the rule script (docs/rules.md §1-§3).
-- The batched script is common.lua, call.lua, user_events.lua, room_events.lua and
-- apply_batch.lua concatenated in that order (RoomScripts).
-- Session ids are decimal strings and are NEVER converted to Lua numbers (doubles).
-- Times are integer milliseconds below 2^53, safe as numbers for comparison; stored exactly as
-- received, and numbers computed here are written with fmt (tostring would print 1.767e+12).

-- Library functions as locals: a global lookup per use costs more than the call itself here.
-- Decimal strings known to be numbers are converted with `s + 0`: one strtod, where tonumber()
-- runs two.
local rcall, tonumber, unpack = redis.call, tonumber, unpack
local find, match, sub, byte, format, gsub, gmatch = string.find, string.match, string.sub, string.byte, string.format, string.gsub, string.gmatch

local function fmt(n)
  return format('%d', n)
end

-- Byte-wise comparison; Lua's own < uses the locale's collation.
local function cmp_bytes(a, b)
  if a == b then return 0 end
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = byte(a, i), byte(b, i)
    if x ~= y then
      if x < y then return -1 else return 1 end
    end
  end
  if #a < #b then return -1 else return 1 end
end

-- Unsigned decimal comparison (docs/rules.md §1): strip leading zeros, then shorter = smaller,
-- then byte order.
local function cmp_session(a, b)
  if a == b then return 0 end
  if byte(a) == 48 then a = gsub(a, '^0+', '') end
  if byte(b) == 48 then b = gsub(b, '^0+', '') end
  if #a ~= #b then
    if #a < #b then return -1 else return 1 end
  end
  return cmp_bytes(a, b)
end

-- The same lifecycle? Sessions written by the store are canonical (no leading zeros), so this is
-- string equality unless one has a leading zero.
local function same_session(a, b)
  if a == b then return true end
  if byte(a) ~= 48 and byte(b) ~= 48 then return false end
  return cmp_session(a, b) == 0
end

-- Room register keys (t, S, rank) compared left to right (docs/rules.md §2).
local function cmp_room_key(t1, s1, r1, t2, s2, r2)
  if t1 ~= t2 then
    if t1 < t2 then return -1 else return 1 end
  end
  local c = cmp_session(s1, s2)
  if c ~= 0 then return c end
  if r1 ~= r2 then
    if r1 < r2 then return -1 else return 1 end
  end
  return 0
end

-- A user's field in a lifecycle's user hash holds one line per user-session register
-- (docs/redis-schema.md, "User hash"): "<user session>\t<time>\t0\t<role>\t<nickname>" (logged
-- in) or "<user session>\t<time>\t1" (logged out), lines separated by "\n".
local function parse_user_sessions(value)
  local sessions = {}
  if not value then return sessions end
  for line in gmatch(value, '[^\n]+') do
    local us, ts, rank = match(line, '^([^\t]*)\t([^\t]*)\t([01])')
    sessions[#sessions + 1] = { us = us, ts = ts, t = tonumber(ts), rank = tonumber(rank), line = line }
  end
  return sessions
end

-- The nickname of a logged-in line: everything after its fourth TAB.
local function nickname_of(line)
  return match(line, '^[^\t]*\t[^\t]*\t0\t[^\t]*\t(.*)$') or ''
end

local function without_old_logouts(sessions, oldest)
  local kept = {}
  for i = 1, #sessions do
    local s = sessions[i]
    if not (s.rank == 1 and s.t < oldest) then kept[#kept + 1] = s end
  end
  return kept
end

local function write_user(users_key, account, sessions)
  if #sessions == 0 then
    rcall('HDEL', users_key, account)
  else
    local lines = {}
    for i = 1, #sessions do lines[i] = sessions[i].line end
    rcall('HSET', users_key, account, table.concat(lines, '\n'))
  end
end
