-- One call applies events of ONE bucket (docs/redis-schema.md, "The batched rule script").
-- KEYS: 1 rooms, 2 activity, 3 pending, 4 changes; then per room slot r = 1..R its tombstone
-- KEYS[3 + 2r] and user hash KEYS[4 + 2r]; then the p: key of each (room, session) once.
-- ARGV: 1 now, 2 max event age, 3 max clock skew, 4 retention (ms), 5 change-feed max length
-- (0 = off), 6 R, 7 N, 8 .. 7 + R the room ids by slot, then N events, each as many fields as
-- its kind has (STRIDE), the first its head: ((p: key index x 8192) + room slot) x 4 + kind.
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
-- Kind codes of an event's head (ApplyCall.Head).
local CREATED, CLOSED, LOGGED_IN = 0, 1, 2
-- Fields per event by kind code: head, session, time, received_ms, then created: creator;
-- logged in: user account, user session, nickname, role; logged out: user account, user session.
local STRIDE = { [0] = 5, [1] = 4, [2] = 8, [3] = 6 }
-- The field of a p: hash holding its oldest pending event time; never a user account.
local OLDEST = '\t'

local function tombstone_key(r) return KEYS[3 + 2 * r] end
local function users_key(r) return KEYS[4 + 2 * r] end

-- docs/rules.md §4: older than the max event age is expired; "future" is judged against the
-- time Ingest received the event when known (see the driver).
local oldest_applicable = now - max_age

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

-- Each room's register, read for all the call's rooms before its first event and kept current as
-- events change it. An open room is its member of `rooms`, "<room>\t<session>\t<create
-- time>\t<creator>"; a closed room is its tombstone "<session>\t<close time>". Room ids hold no
-- control characters, so a room's member is the only one in the lex range [room\t, room\n).
-- A room is in `activity` exactly when it is open (docs/redis-schema.md), so one ZMSCORE there
-- tells the open rooms, whose members are then read one ZRANGE each, and one MGET reads the
-- others' tombstones: two calls for the rooms that are not open instead of two each.
local registers = {}
local function register_of_member(member)
  local s, t = match(member, '^[^\t]*\t([^\t]*)\t([^\t]*)\t')
  return { open = true, session = s, time = t + 0, rank = 0, member = member }
end

local function member_of(room)
  return rcall('ZRANGE', rooms_key, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', '0', '1')[1]
end

local function load_registers()
  if room_count == 0 then return end
  local ids = {}
  for r = 1, room_count do ids[r] = ARGV[ROOM_IDS + r] end
  local scores = rcall('ZMSCORE', activity_key, unpack(ids))
  local others, tombstone_keys = {}, {}
  for r = 1, room_count do
    local member = scores[r] and member_of(ids[r])
    if member then
      registers[r] = register_of_member(member)
    else
      others[#others + 1] = r
      tombstone_keys[#tombstone_keys + 1] = tombstone_key(r)
    end
  end
  if #others == 0 then return end
  local tombstones = rcall('MGET', unpack(tombstone_keys))
  -- A room opened before `activity` existed is open without a score there; only then (the two
  -- sets differ in size) is a room with neither a score nor a tombstone looked for in `rooms`.
  local unscored = nil
  for i = 1, #others do
    local r, tombstone = others[i], tombstones[i]
    if tombstone then
      local s, t = match(tombstone, '^([^\t]*)\t([^\t]*)$')
      registers[r] = { closed = true, session = s, time = t + 0, rank = 1 }
    else
      if unscored == nil then unscored = rcall('ZCARD', rooms_key) ~= rcall('ZCARD', activity_key) end
      local member = unscored and member_of(ids[r])
      if member then registers[r] = register_of_member(member) else registers[r] = {} end
    end
  end
end

-- last_event_ms of each room's open lifecycle (docs/redis-schema.md, "Freshness"): the newest
-- time of its applied events, kept here and written once per room when the call ends.
-- lifecycle[r]: 'opened' here, 'ended' here, or 'active' (open before the call).
local lifecycle, newest = {}, {}
local function lifecycle_opened(r, t)
  lifecycle[r], newest[r] = 'opened', t
end

local function lifecycle_ended(r)
  lifecycle[r], newest[r] = 'ended', nil
end

local function lifecycle_active(r, t)
  if not lifecycle[r] then lifecycle[r] = 'active' end
  local n = newest[r]
  if not n or t > n then newest[r] = t end
end

-- Pending user data written in this call, by p: key index: `known` the lifecycle's oldest pending
-- event time (from its OLDEST field, lowered by this call; `moved` when lowered or new, so the
-- `pending` index follows), `fresh` when the key had no OLDEST field (it did not exist), and the
-- newest applied event time (its lifetime follows from it); the index and the expiry are
-- written once when the call ends.
local pendings = {}
local function pending_of(k, room, session)
  local p = pendings[k]
  if not p then
    p = { room = room, session = session }
    pendings[k] = p
  end
  return p
end

-- The lifecycle's create or close arrived and its pending data was renamed or deleted.
local function pending_resolved(k, room, session, existed)
  pendings[k] = nil
  if existed then rcall('ZREM', pending_key, room .. '\t' .. session) end
end

-- Appends one visible change to the bucket's change feed (docs/redis-schema.md, "Change feed").
local function feed(...)
  if feed_on then
    rcall('XADD', changes_key, 'MAXLEN', '~', feed_max, '*', ...)
  end
end
