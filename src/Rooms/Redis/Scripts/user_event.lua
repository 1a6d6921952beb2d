-- Shared body of UserLoggedIn / UserLoggedOut: RULES.md section 3.
-- e: rooms, tombstone, users, pending (keys); room, session, time_text, account,
-- user_session, now, max_age, max_skew, retention, rank, line.
local function apply_user_event(e)
  local time = tonumber(e.time_text)
  local now, max_age = tonumber(e.now), tonumber(e.max_age)
  local verdict = check_time(time, now, max_age, tonumber(e.max_skew))
  if verdict then return verdict end

  local register = read_register(e.rooms, e.tombstone, e.room)
  local target = e.pending
  if register then
    if cmp_session(register.session, e.session) == 0 then
      if register.closed then return 'stale' end
      target = e.users
    elseif cmp_room_key(time, e.session, 0, register.time, register.session, 0) < 0 then
      -- An older lifecycle: its users no longer matter.
      return 'stale'
    end
  end

  local oldest = prune_oldest(now, max_age, tonumber(e.max_skew))
  local sessions = parse_user_sessions(redis.call('HGET', target, e.account))
  local was_online = any_online(sessions)
  local found = nil
  for i = 1, #sessions do
    if sessions[i].us == e.user_session then found = i end
  end
  local entry = { us = e.user_session, ts = e.time_text, t = time, rank = e.rank, line = e.line }
  if found then
    local current = sessions[found]
    if current.t == time and current.rank == e.rank then return 'duplicate' end
    if time < current.t or (time == current.t and e.rank < current.rank) then return 'stale' end
    sessions[found] = entry
  else
    sessions[#sessions + 1] = entry
  end

  sessions = without_old_logouts(sessions, oldest)
  write_user(target, e.account, sessions)
  local is_online = any_online(sessions)
  if was_online ~= is_online then
    local delta = 1
    if not is_online then delta = -1 end
    -- Field "" (never a user account) counts the online users.
    if redis.call('HINCRBY', target, '', delta) <= 0 then redis.call('HDEL', target, '') end
  end
  if target == e.pending then
    -- Kept until the lifecycle's create (time <= this event's) can no longer be applied.
    extend_expiry(e.pending, keep_ms(time, now, tonumber(e.retention), max_age, tonumber(e.max_skew)))
  else
    prune_sample(e.users, oldest)
  end
  return 'applied'
end
