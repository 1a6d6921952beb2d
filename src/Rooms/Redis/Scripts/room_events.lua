-- RoomCreated / RoomClosed: docs/rules.md §2.

-- The open lifecycle of room slot r leaves the list with its users (docs/rules.md §3);
-- reason: "closed" (its own close) or "superseded" (a newer lifecycle's create or close).
local function end_open_lifecycle(r, room, reg, reason, t_text)
  rcall('ZREM', rooms_key, reg.member)
  rcall('DEL', users_key(r))
  lifecycle_ended(r)
  -- Closing implies its users are gone: no user_left per user.
  feed('kind', 'room_closed', 'room_id', room, 'room_session_id', reg.session, 'time', t_text, 'reason', reason)
end

local function apply_created(r, k, room, session, t, t_text, creator)
  local reg = registers[r]
  if reg.session then
    if same_session(reg.session, session) then
      -- A closed lifecycle never reopens; an open one is already there.
      if reg.closed then return 's' else return 'd' end
    end
    if cmp_room_key(reg.time, reg.session, reg.rank, t, session, 0) >= 0 then return 's' end
    if reg.closed then
      rcall('DEL', tombstone_key(r))
    else
      -- The older lifecycle (its close was lost) is superseded, with its users.
      end_open_lifecycle(r, room, reg, 'superseded', t_text)
    end
  end

  local member = room .. '\t' .. session .. '\t' .. t_text .. '\t' .. creator
  rcall('ZADD', rooms_key, '0', member)
  registers[r] = { open = true, session = session, time = t, rank = 0, member = member }
  lifecycle_opened(r, t)
  feed('kind', 'room_opened', 'room_id', room, 'room_session_id', session, 'time', t_text, 'creator', creator)
  -- Users who logged in before this create arrived become visible now.
  local existed = rcall('EXISTS', KEYS[k]) == 1
  if existed then
    rcall('RENAME', KEYS[k], users_key(r))
    rcall('PERSIST', users_key(r))
    show_pending_users(r, room, session, users_key(r))
  end
  pending_resolved(k, room, session, existed)
  return 'a'
end

local function apply_closed(r, k, room, session, t, t_text)
  local reg = registers[r]
  if reg.session then
    local same = same_session(reg.session, session)
    if same and reg.closed then return 'd' end
    if not same and cmp_room_key(reg.time, reg.session, reg.rank, t, session, 1) >= 0 then return 's' end
    if reg.open then
      local reason = 'superseded'
      if same then reason = 'closed' end
      end_open_lifecycle(r, room, reg, reason, t_text)
    end
  end

  -- The tombstone refutes this lifecycle's late create and user events (times <= the close
  -- time) and older lifecycles' events; it expires only when no worker applies any of them.
  rcall('SET', tombstone_key(r), session .. '\t' .. t_text, 'PX', fmt(keep_ms(t)))
  registers[r] = { closed = true, session = session, time = t, rank = 1 }
  pending_resolved(k, room, session, rcall('DEL', KEYS[k]) == 1)
  return 'a'
end
