-- UserLoggedIn / UserLoggedOut: docs/rules.md §3.

-- Samples a few users of an open room's hash and drops their old logout lines, so a room that
-- stays open for weeks does not keep every user who ever left it. With probability 1/16 per
-- applied user event, 16 random fields: about one field looked at per event, while at most about
-- one user in two events becomes a user with only old logout lines; so such users stay below
-- about half of the hash (docs/redis-schema.md, "User hash").
local function prune_sample(key)
  if math.random(16) ~= 1 then return end
  local sample = rcall('HRANDFIELD', key, 16, 'WITHVALUES')
  for i = 1, #sample, 2 do
    local account, value = sample[i], sample[i + 1]
    -- Only a value holding a logout line (one ending in "\t1") can lose a line.
    if account ~= '' and (find(value, '\t1\n', 1, true) or sub(value, -2) == '\t1') then
      local sessions = parse_user_sessions(value)
      local kept = without_old_logouts(sessions, prune_before)
      if #kept ~= #sessions then write_user(key, account, kept) end
    end
  end
end

-- Splits a user's field (docs/redis-schema.md, "User hash") into the line of `user_session` and
-- the others. Returns the other lines worth keeping joined by "\n" (nil when none; logout lines
-- older than prune_before go), whether one of them is online, and the time and rank of the line
-- of `user_session` (nil when it has none).
local function split_user_lines(value, user_session)
  local others, online, found_t, found_rank = nil, false, nil, nil
  local start, length = 1, #value
  while start <= length do
    -- One line: its user session, time and state, and the position just after it.
    local us, ts, rank, after = match(value, '^([^\t\n]*)\t([^\t\n]*)\t([01])[^\n]*()', start)
    if not us then break end
    if us == user_session then
      found_t = ts + 0
      found_rank = 0
      if rank == '1' then found_rank = 1 end
    elseif rank == '0' or ts + 0 >= prune_before then
      if rank == '0' then online = true end
      local line = value
      if start > 1 or after <= length then line = sub(value, start, after - 1) end
      if others then others = others .. '\n' .. line else others = line end
    end
    start = after + 1
  end
  return others, online, found_t, found_rank
end

-- rank 0 = login (role and nickname given), 1 = logout: a logout beats a login of the same user
-- session in the same millisecond.
local function apply_user(r, k, room, session, t, t_text, account, user_session, rank, role, nickname)
  local reg = registers[r]
  local pending = nil
  if reg.session then
    if same_session(reg.session, session) then
      -- Users of a finished lifecycle no longer matter.
      if reg.closed then return 's' end
    elseif cmp_room_key(t, session, 0, reg.time, reg.session, 0) < 0 then
      -- An older lifecycle.
      return 's'
    else
      pending = pending_of(k, room, session)
    end
  else
    pending = pending_of(k, room, session)
  end

  -- Not open: pending until its create arrives, in the lifecycle's p: hash.
  local key = users_key(r)
  local read
  if pending then
    key = KEYS[k]
    read = rcall('HMGET', key, account, '', OLDEST)
    if pending.fresh == nil then
      pending.fresh = not read[3]
      pending.known = read[3] and read[3] + 0
    end
  else
    read = rcall('HMGET', key, account, '')
  end

  -- The user's lines and the online count ("", never a user account; absent when 0).
  local others, others_online, found_t, found_rank = nil, false, nil, nil
  if read[1] then
    others, others_online, found_t, found_rank = split_user_lines(read[1], user_session)
  end
  if found_t then
    if found_t == t and found_rank == rank then return 'd' end
    if t < found_t or (t == found_t and rank < found_rank) then return 's' end
  end

  local line
  if rank == 0 then
    line = user_session .. '\t' .. t_text .. '\t0\t' .. role .. '\t' .. nickname
  else
    line = user_session .. '\t' .. t_text .. '\t1'
  end
  if others then line = others .. '\n' .. line end
  local was_online = others_online or found_rank == 0
  local is_online = others_online or rank == 0
  local count = nil
  if was_online ~= is_online then
    count = (read[2] or '0') + 0
    if is_online then count = count + 1 else count = count - 1 end
  end
  local oldest = nil
  if pending then
    if not pending.known or t < pending.known then
      pending.known, pending.moved, oldest = t, true, t_text
    end
    if not pending.newest or t > pending.newest then pending.newest = t end
  end

  if count and count > 0 then
    if oldest then
      rcall('HSET', key, account, line, '', fmt(count), OLDEST, oldest)
    else
      rcall('HSET', key, account, line, '', fmt(count))
    end
  else
    if oldest then
      rcall('HSET', key, account, line, OLDEST, oldest)
    else
      rcall('HSET', key, account, line)
    end
    if count then
      count = 0
      rcall('HDEL', key, '')
    end
  end

  if pending then return 'a' end
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

-- A create made its pending users visible (their hash is now the room's user hash, its OLDEST
-- field removed): their newest register time joins the lifecycle's activity, and each online
-- user gets a user_joined, in login order, with increasing online counts.
local function show_pending_users(r, room, session, key)
  local fields = rcall('HGETALL', key)
  local joined = {}
  for i = 1, #fields, 2 do
    local account = fields[i]
    if account ~= '' and account ~= OLDEST then
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
  rcall('HDEL', key, OLDEST)
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
