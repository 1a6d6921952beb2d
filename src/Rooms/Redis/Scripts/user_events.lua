-- UserLoggedIn / UserLoggedOut: docs/rules.md §3.

-- Samples a few users of an open room's hash and drops their old logout lines, so a room that
-- stays open for weeks does not keep every user who ever left it. With probability 1/8 per
-- applied user event, 16 random fields: about 2 fields looked at per event, which keeps the
-- users whose lines are all old logouts to about half of the hash (docs/redis-schema.md).
local function prune_sample(key)
  if math.random(8) ~= 1 then return end
  local sample = redis.call('HRANDFIELD', key, 16, 'WITHVALUES')
  for i = 1, #sample, 2 do
    local account = sample[i]
    if account ~= '' then
      local sessions = parse_user_sessions(sample[i + 1])
      local kept = without_old_logouts(sessions, prune_before)
      if #kept ~= #sessions then write_user(key, account, kept) end
    end
  end
end

-- rank 0 = login (line carries role and nickname), 1 = logout: a logout beats a login of the
-- same user session in the same millisecond.
local function apply_user(r, k, room, session, t, t_text, account, user_session, rank, line, nickname)
  local reg = register(r)
  local open = false
  if reg.session then
    if cmp_session(reg.session, session) == 0 then
      -- Users of a finished lifecycle no longer matter.
      if reg.closed then return 's' end
      open = true
    elseif cmp_room_key(t, session, 0, reg.time, reg.session, 0) < 0 then
      -- An older lifecycle.
      return 's'
    end
  end

  local key
  if open then
    key = users_key(r)
  else
    -- Not known yet, or newer than the register: pending until its create arrives.
    key = KEYS[k]
    pending_touched(k, room, session)
  end

  local sessions = parse_user_sessions(redis.call('HGET', key, account))
  local was_online = any_online(sessions)
  local found = nil
  for i = 1, #sessions do
    if sessions[i].us == user_session then found = i; break end
  end
  local entry = { us = user_session, ts = t_text, t = t, rank = rank, line = line }
  if found then
    local current = sessions[found]
    if current.t == t and current.rank == rank then return 'd' end
    if t < current.t or (t == current.t and rank < current.rank) then return 's' end
    sessions[found] = entry
  else
    sessions[#sessions + 1] = entry
  end

  sessions = without_old_logouts(sessions, prune_before)
  write_user(key, account, sessions)
  local is_online = any_online(sessions)
  local count = nil
  if was_online ~= is_online then
    local delta = 1
    if not is_online then delta = -1 end
    -- Field "" (never a user account) counts the online users; absent when 0.
    count = redis.call('HINCRBY', key, '', delta)
    if count <= 0 then
      redis.call('HDEL', key, '')
      count = 0
    end
  end

  if not open then
    pending_applied(k, t)
    return 'a'
  end
  lifecycle_active(r, t)
  if count then
    if is_online then
      feed('kind', 'user_joined', 'room_id', room, 'room_session_id', session, 'time', t_text,
        'user_account', account, 'nickname', nickname, 'online_count', fmt(count))
    else
      feed('kind', 'user_left', 'room_id', room, 'room_session_id', session, 'time', t_text,
        'user_account', account, 'online_count', fmt(count))
    end
  end
  prune_sample(key)
  return 'a'
end

-- A create made its pending users visible (their hash is now the room's user hash): their
-- newest register time joins the lifecycle's activity, and each online user gets a user_joined,
-- in login order, with increasing online counts.
local function show_pending_users(r, room, session, key)
  local fields = redis.call('HGETALL', key)
  local joined = {}
  for i = 1, #fields, 2 do
    local account = fields[i]
    if account ~= '' then
      local shown = nil
      for _, s in ipairs(parse_user_sessions(fields[i + 1])) do
        lifecycle_active(r, s.t)
        -- The listed details: latest login, then the greater user session id bytes.
        if s.rank == 0 and (not shown or s.t > shown.t or (s.t == shown.t and cmp_bytes(s.us, shown.us) > 0)) then
          shown = s
        end
      end
      if shown then joined[#joined + 1] = { account = account, t = shown.t, ts = shown.ts, line = shown.line } end
    end
  end
  if not feed_on then return end
  table.sort(joined, function(a, b)
    if a.t ~= b.t then return a.t < b.t end
    return cmp_bytes(a.account, b.account) < 0
  end)
  for i = 1, #joined do
    local u = joined[i]
    feed('kind', 'user_joined', 'room_id', room, 'room_session_id', session, 'time', u.ts,
      'user_account', u.account, 'nickname', nickname_of(u.line), 'online_count', fmt(i))
  end
end
