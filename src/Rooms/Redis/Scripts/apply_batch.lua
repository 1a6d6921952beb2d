-- The driver: applies the call's events in order, then writes what was kept per room and per
-- pending lifecycle. Returns one letter per event, in order: a(pplied), d(uplicate), s(tale),
-- e(xpired), f(uture; changes nothing).
-- Event fields from ARGV[EVENTS + (i - 1) * STRIDE]: +1 kind (c created, x closed, i logged in,
-- o logged out), +2 room slot, +3 KEYS index of its p: key, +4 session, +5 time, +6 received_ms
-- (0 = unknown), +7 creator or user account, +8 user session, +9 nickname, +10 role.
local codes = {}
for i = 1, event_count do
  local b = EVENTS + (i - 1) * STRIDE
  local kind = ARGV[b + 1]
  local t_text = ARGV[b + 5]
  local t = tonumber(t_text)
  local code = check_time(t, tonumber(ARGV[b + 6]))
  if not code then
    local r, k, session = tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]), ARGV[b + 4]
    local room = ARGV[ROOM_IDS + r]
    if kind == 'c' then
      code = apply_created(r, k, room, session, t, t_text, ARGV[b + 7])
    elseif kind == 'x' then
      code = apply_closed(r, k, room, session, t, t_text)
    elseif kind == 'i' then
      local line = ARGV[b + 8] .. '\t' .. t_text .. '\t0\t' .. ARGV[b + 10] .. '\t' .. ARGV[b + 9]
      code = apply_user(r, k, room, session, t, t_text, ARGV[b + 7], ARGV[b + 8], 0, line, ARGV[b + 9])
    else
      code = apply_user(r, k, room, session, t, t_text, ARGV[b + 7], ARGV[b + 8], 1, ARGV[b + 8] .. '\t' .. t_text .. '\t1', nil)
    end
  end
  codes[i] = code
end

-- last_event_ms: a lifecycle opened here gets its score; one that was open already is raised
-- (GT); an ended one leaves.
for r, a in pairs(activity) do
  local room = ARGV[ROOM_IDS + r]
  if registers[r].open then
    if a.opened then
      redis.call('ZADD', activity_key, fmt(a.newest), room)
    elseif a.newest then
      redis.call('ZADD', activity_key, 'GT', fmt(a.newest), room)
    end
  elseif a.ended then
    redis.call('ZREM', activity_key, room)
  end
end

-- Pending lifecycles: the oldest pending event time (LT keeps the smallest), and the p: key's
-- lifetime, only ever extended (GT) unless the key is new and has no TTL yet.
for k, p in pairs(pendings) do
  if p.oldest then
    if p.fresh then
      redis.call('ZADD', pending_key, fmt(p.oldest), p.member)
      redis.call('PEXPIRE', KEYS[k], fmt(p.keep))
    else
      redis.call('ZADD', pending_key, 'LT', fmt(p.oldest), p.member)
      redis.call('PEXPIRE', KEYS[k], fmt(p.keep), 'GT')
    end
  end
end

-- Entries whose p: key has expired, a few per call. A p: key lives at most its NEWEST event
-- time + max(retention, max age) + max(retention, max skew) in its writer's clock; the score is
-- the OLDEST, so past the horizon (one more max skew for this caller's clock) an entry is
-- dropped. A lifecycle still collecting pending events that long (a create lost for over a
-- day) drops out and returns with its next pending event, dated by it (docs/redis-schema.md).
local horizon = math.max(retention, max_age) + retention + 2 * max_skew
local expired = redis.call('ZRANGE', pending_key, '-inf', '(' .. fmt(now - horizon), 'BYSCORE', 'LIMIT', 0, 8)
if #expired > 0 then redis.call('ZREM', pending_key, unpack(expired)) end

return table.concat(codes)
