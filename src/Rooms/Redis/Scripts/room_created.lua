-- RoomCreated(S, t, creator): RULES.md section 2.
local rooms_key, tombstone_key, users_key, pending_key = @rooms, @tombstone, @users, @pending
local room, session, time_text, creator = @room, @session, @time, @creator
local time = tonumber(time_text)
local verdict = check_time(time, tonumber(@now), tonumber(@maxAge), tonumber(@maxSkew))
if verdict then return verdict end

local register = read_register(rooms_key, tombstone_key, room)
if register then
  if cmp_session(register.session, session) == 0 then
    -- A closed lifecycle never reopens; an open one is already there.
    if register.closed then return 'stale' else return 'duplicate' end
  end
  if cmp_room_key(register.time, register.session, register.rank, time, session, 0) >= 0 then
    return 'stale'
  end
  if register.closed then
    redis.call('DEL', tombstone_key)
  else
    -- The older lifecycle (its close was lost) is superseded, with its users.
    redis.call('ZREM', rooms_key, register.member)
    redis.call('DEL', users_key)
  end
end

redis.call('ZADD', rooms_key, 0, room .. '\t' .. session .. '\t' .. time_text .. '\t' .. creator)
-- Users who logged in before this create arrived become visible now.
if redis.call('EXISTS', pending_key) == 1 then
  redis.call('RENAME', pending_key, users_key)
  redis.call('PERSIST', users_key)
end
return 'applied'
