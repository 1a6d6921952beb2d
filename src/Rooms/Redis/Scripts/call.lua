-- One call applies events of ONE bucket (docs/redis-schema.md, "The batched rule script").
-- KEYS: 1 rooms, 2 activity, 3 pending, 4 changes; then per room slot r = 1..R its tombstone
-- KEYS[3 + 2r] and user hash KEYS[4 + 2r]; then the p: key of each (room, session) once.
-- ARGV: 1 now, 2 max event age, 3 max clock skew, 4 retention (ms), 5 change-feed max length
-- (0 = off), 6 R, 7 N, 8 .. 7 + R the room ids by slot, then N events of STRIDE fields each.
local rooms_key, activity_key, pending_key, changes_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = tonumber(ARGV[1])
local max_age = tonumber(ARGV[2])
local max_skew = tonumber(ARGV[3])
local retention = tonumber(ARGV[4])
local feed_max = ARGV[5]
local feed_on = feed_max ~= '0'
local room_count = tonumber(ARGV[6])
local event_count = tonumber(ARGV[7])
local ROOM_IDS = 7
local EVENTS = ROOM_IDS + room_count
local STRIDE = 10

local function tombstone_key(r) return KEYS[3 + 2 * r] end
local function users_key(r) return KEYS[4 + 2 * r] end

-- docs/rules.md §4: "future" is judged against the time Ingest received the event (when known),
-- so a Worker whose clock runs behind Ingest's does not refuse what Ingest accepted; older than
-- the max event age is expired.
local function check_time(t, received)
  local latest = now + max_skew
  if received > 0 then latest = received + max_skew end
  if t > latest then return 'f' end
  if t < now - max_age then return 'e' end
  return nil
end

-- How long, in ms from now, whatever refutes events of time t or earlier (a tombstone, pending
-- user data) must be kept (docs/redis-schema.md, "Lifetimes and clocks"): such an event is
-- applied only while the applier's now <= its time + max age, and worker clocks agree within the
-- max clock skew. The retention is the minimum. A relative expiry makes the server's clock irrelevant.
local function keep_ms(t)
  return math.max(1, retention, t + math.max(retention, max_age) + max_skew - now)
end

-- Logged-out user-session lines may go (docs/rules.md §3) once every login they refute is
-- expired for EVERY caller: another worker's clock may run up to the max clock skew behind.
local prune_before = now - max_age - max_skew

-- Each room's register, read once per call and kept current as events change it. An open room
-- is its member of `rooms`, "<room>\t<session>\t<create time>\t<creator>"; a closed room is
-- its tombstone "<session>\t<close time>". Room ids hold no control characters, so a room's
-- member is the only one in the lex range [room\t, room\n).
local registers = {}
local function register(r)
  local reg = registers[r]
  if reg then return reg end
  local room = ARGV[ROOM_IDS + r]
  local member = redis.call('ZRANGE', rooms_key, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
  if member then
    local s, t = string.match(string.sub(member, #room + 2), '^([^\t]*)\t([^\t]*)\t')
    reg = { open = true, session = s, time = tonumber(t), rank = 0, member = member }
  else
    local tombstone = redis.call('GET', tombstone_key(r))
    if tombstone then
      local s, t = string.match(tombstone, '^([^\t]*)\t([^\t]*)$')
      reg = { closed = true, session = s, time = tonumber(t), rank = 1 }
    else
      reg = {}
    end
  end
  registers[r] = reg
  return reg
end

-- last_event_ms of each room's open lifecycle (docs/redis-schema.md, "Freshness"): the newest
-- time of its applied events, kept here and written once per room when the call ends.
local activity = {}
local function activity_of(r)
  local a = activity[r]
  if not a then a = {}; activity[r] = a end
  return a
end

local function lifecycle_opened(r, t)
  local a = activity_of(r)
  a.opened, a.newest = true, t
end

local function lifecycle_ended(r)
  local a = activity_of(r)
  a.opened, a.newest, a.ended = false, nil, true
end

local function lifecycle_active(r, t)
  local a = activity_of(r)
  if not a.newest or t > a.newest then a.newest = t end
end

-- Pending user data written in this call, by p: key index: the oldest applied event time (the
-- `pending` score) and the longest lifetime, written once per key when the call ends. `fresh`:
-- the key did not exist before, so it has no TTL yet (PEXPIRE GT would treat it as infinite).
local pendings = {}
local function pending_touched(k, room, session)
  local p = pendings[k]
  if not p then
    p = { member = room .. '\t' .. session, fresh = redis.call('EXISTS', KEYS[k]) == 0 }
    pendings[k] = p
  end
  return p
end

local function pending_applied(k, t)
  local p = pendings[k]
  if not p.oldest or t < p.oldest then p.oldest = t end
  local keep = keep_ms(t)
  if not p.keep or keep > p.keep then p.keep = keep end
end

-- The lifecycle's create or close arrived: its pending data was renamed or deleted.
local function pending_resolved(k, room, session)
  pendings[k] = nil
  redis.call('ZREM', pending_key, room .. '\t' .. session)
end

-- Appends one visible change to the bucket's change feed (docs/redis-schema.md, "Change feed").
local function feed(...)
  if feed_on then
    redis.call('XADD', changes_key, 'MAXLEN', '~', feed_max, '*', ...)
  end
end
