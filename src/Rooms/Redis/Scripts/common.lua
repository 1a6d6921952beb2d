-- Shared by every KafkaRooms rule script (RULES.md); prepended to each script when loaded.
-- Session ids are decimal strings and are NEVER converted to Lua numbers (doubles).
-- Times are integer milliseconds below 2^53, safe as numbers for comparison, but stored
-- exactly as received (tostring of a large number would print 1.767e+12).

-- Byte-wise comparison; Lua's own < uses the locale's collation.
local function cmp_bytes(a, b)
  if a == b then return 0 end
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      if x < y then return -1 else return 1 end
    end
  end
  if #a < #b then return -1 else return 1 end
end

-- Unsigned decimal comparison: strip leading zeros, then shorter = smaller, then byte order.
local function cmp_session(a, b)
  a = string.gsub(a, '^0+', '')
  b = string.gsub(b, '^0+', '')
  if #a ~= #b then
    if #a < #b then return -1 else return 1 end
  end
  return cmp_bytes(a, b)
end

-- Room register keys (t, S, rank) compared left to right.
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

-- RULES.md section 4: too far in the future is invalid, older than the max age is expired.
local function check_time(t, now, max_age, max_skew)
  if t > now + max_skew then return 'future' end
  if t < now - max_age then return 'expired' end
  return nil
end

-- How long, in ms from now, whatever refutes events of time t or earlier (a tombstone, pending
-- user data) must be kept. Such an event is applied only while the applier's now <= its time +
-- max age; worker clocks agree within the max clock skew, so after t + max(retention, max age)
-- + max skew in this caller's clock no worker applies one any more. The retention is the minimum.
-- A relative expiry (PX, not PXAT) makes the Redis server's own clock irrelevant.
local function keep_ms(t, now, retention, max_age, max_skew)
  return math.max(1, retention, t + math.max(retention, max_age) + max_skew - now)
end

-- Extends a key's expiry to ms from now, never shortens it. A key without an expiry (a hash
-- just created by this call) gets one; a missing key (-2) is left alone.
local function extend_expiry(key, ms)
  local ttl = redis.call('PTTL', key)
  if ttl == -1 or (ttl >= 0 and ttl < ms) then
    redis.call('PEXPIRE', key, string.format('%d', ms))
  end
end

-- The room register: an open room is its member of the bucket's sorted set
-- "<room>\t<session>\t<create time>\t<creator>"; a closed room is its tombstone string
-- "<session>\t<close time>". Room ids never contain control characters, so the member of
-- a room is the only one in the lex range [room\t, room\n).
local function read_register(rooms_key, tombstone_key, room)
  local tombstone = redis.call('GET', tombstone_key)
  if tombstone then
    local s, t = string.match(tombstone, '^([^\t]*)\t([^\t]*)$')
    return { session = s, time = tonumber(t), rank = 1, closed = true }
  end
  local member = redis.call('ZRANGE', rooms_key, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
  if member then
    local s, t = string.match(string.sub(member, #room + 2), '^([^\t]*)\t([^\t]*)\t')
    return { session = s, time = tonumber(t), rank = 0, closed = false, member = member }
  end
  return nil
end

-- A user's field in a lifecycle's user hash holds one line per user session register:
-- "<user session>\t<time>\t0\t<role>\t<nickname>" (logged in) or "<user session>\t<time>\t1"
-- (logged out), lines separated by "\n".
local function parse_user_sessions(value)
  local sessions = {}
  if not value then return sessions end
  for line in string.gmatch(value, '[^\n]+') do
    local us, t, rank, rest = string.match(line, '^([^\t]*)\t([^\t]*)\t([01])(.*)$')
    sessions[#sessions + 1] = { us = us, ts = t, t = tonumber(t), rank = tonumber(rank), line = line }
  end
  return sessions
end

local function join_user_sessions(sessions)
  local lines = {}
  for i = 1, #sessions do lines[i] = sessions[i].line end
  return table.concat(lines, '\n')
end

local function any_online(sessions)
  for i = 1, #sessions do
    if sessions[i].rank == 0 then return true end
  end
  return false
end

-- Logged-out user-session registers may go (RULES.md section 3) once every login they refute
-- is expired for EVERY caller, not just this one: another worker's clock, or a call still in
-- flight from an earlier batch window, may run behind. Callers' clocks are assumed to agree
-- within the max clock skew, so `oldest` must be now - max age - max skew (prune_oldest).
local function prune_oldest(now, max_age, max_skew)
  return now - max_age - max_skew
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
    redis.call('HDEL', users_key, account)
  else
    redis.call('HSET', users_key, account, join_user_sessions(sessions))
  end
end

-- Samples a few other users of a big hash and drops their old logout registers, so a room
-- that stays open for weeks does not collect every user who ever left it.
local function prune_sample(users_key, oldest)
  if redis.call('HLEN', users_key) <= 16 then return end
  local sample = redis.call('HRANDFIELD', users_key, 3, 'WITHVALUES')
  for i = 1, #sample, 2 do
    local account = sample[i]
    if account ~= '' then
      local sessions = parse_user_sessions(sample[i + 1])
      local kept = without_old_logouts(sessions, oldest)
      if #kept ~= #sessions then write_user(users_key, account, kept) end
    end
  end
end
