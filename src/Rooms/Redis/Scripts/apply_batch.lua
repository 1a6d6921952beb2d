-- The driver: applies the call's events in order, then writes what was kept per room and per
-- pending lifecycle. Returns one letter per event, in order: a(pplied), d(uplicate), s(tale),
-- e(xpired), f(uture; changes nothing).
local codes = {}
load_registers()
local b = EVENTS
local now_plus_skew = now + max_skew
for i = 1, event_count do
  -- The head: ((p: key index x 8192) + room slot) x 4 + kind code, exact in a double.
  local head = ARGV[b + 1] + 0
  local kind = head % 4
  head = (head - kind) / 4
  local r = head % 8192
  local k = (head - r) / 8192
  local t_text = ARGV[b + 3]
  local t = t_text + 0
  -- docs/rules.md §4: an event Ingest accepted must not be refused as future by a Worker whose
  -- clock runs behind Ingest's, so the bound is received_ms + max skew when received_ms is known.
  local latest = now_plus_skew
  local received = ARGV[b + 4]
  if received ~= '0' then latest = received + max_skew end
  local code
  if t > latest then
    code = 'f'
  elseif t < oldest_applicable then
    code = 'e'
  else
    local session = ARGV[b + 2]
    local room = ARGV[ROOM_IDS + r]
    if kind == LOGGED_IN then
      code = apply_user(r, k, room, session, t, t_text, ARGV[b + 5], ARGV[b + 6], 0, ARGV[b + 8], ARGV[b + 7])
    elseif kind == CREATED then
      code = apply_created(r, k, room, session, t, t_text, ARGV[b + 5])
    elseif kind == CLOSED then
      code = apply_closed(r, k, room, session, t, t_text)
    else
      code = apply_user(r, k, room, session, t, t_text, ARGV[b + 5], ARGV[b + 6], 1, nil, nil)
    end
  end
  codes[i] = code
  b = b + STRIDE[kind]
end

-- last_event_ms: a lifecycle opened here gets its score; one that was open already is raised
-- (GT); an ended one leaves. One write of each kind for all the call's rooms.
local opened, raised, ended = {}, {}, {}
for r, state in pairs(lifecycle) do
  if registers[r].open then
    local scores = raised
    if state == 'opened' then scores = opened end
    scores[#scores + 1] = fmt(newest[r])
    scores[#scores + 1] = ARGV[ROOM_IDS + r]
  elseif state == 'ended' then
    ended[#ended + 1] = ARGV[ROOM_IDS + r]
  end
end
if #opened > 0 then rcall('ZADD', activity_key, unpack(opened)) end
if #raised > 0 then rcall('ZADD', activity_key, 'GT', unpack(raised)) end
if #ended > 0 then rcall('ZREM', activity_key, unpack(ended)) end

-- Pending lifecycles: the p: key's lifetime, only ever extended (GT; a key without TTL counts as
-- infinite for GT, so a new key gets NX, and GT follows only for a key written before OLDEST
-- existed), and the `pending` index entry when the oldest time is new or lowered.
local moved = {}
for k, p in pairs(pendings) do
  if p.newest then
    local keep = fmt(keep_ms(p.newest))
    if not p.fresh or rcall('PEXPIRE', KEYS[k], keep, 'NX') == 0 then
      rcall('PEXPIRE', KEYS[k], keep, 'GT')
    end
    if p.moved then
      moved[#moved + 1] = fmt(p.known)
      moved[#moved + 1] = p.room .. '\t' .. p.session
    end
  end
end
if #moved > 0 then rcall('ZADD', pending_key, unpack(moved)) end

-- Entries whose p: key has expired, a few per call. A p: key lives at most its NEWEST event
-- time + max(retention, max age) + max(retention, max skew) in its writer's clock; the score is
-- the OLDEST, so past the horizon (one more max skew for this caller's clock) an entry is
-- dropped. A lifecycle still collecting pending events that long (its create lost for about two
-- retention periods while users keep arriving) drops out of the index (docs/redis-schema.md).
local horizon = math.max(retention, max_age) + retention + 2 * max_skew
local expired = rcall('ZRANGE', pending_key, '-inf', '(' .. fmt(now - horizon), 'BYSCORE', 'LIMIT', '0', '8')
if #expired > 0 then rcall('ZREM', pending_key, unpack(expired)) end

return table.concat(codes)
