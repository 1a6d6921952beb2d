-- RoomClosed(S, t): RULES.md section 2.
local rooms_key, tombstone_key, users_key, pending_key = @rooms, @tombstone, @users, @pending
local room, session, time_text = @room, @session, @time
local time = tonumber(time_text)
local now, max_age, max_skew = tonumber(@now), tonumber(@maxAge), tonumber(@maxSkew)
local verdict = check_time(time, now, max_age, max_skew)
if verdict then return verdict end

local register = read_register(rooms_key, tombstone_key, room)
if register then
  local same = cmp_session(register.session, session) == 0
  if same and register.closed then return 'duplicate' end
  if not same and cmp_room_key(register.time, register.session, register.rank, time, session, 1) >= 0 then
    return 'stale'
  end
  if not register.closed then
    redis.call('ZREM', rooms_key, register.member)
    redis.call('DEL', users_key)
  end
end

-- The tombstone refutes this lifecycle's late create and user events (times <= the close time)
-- and older lifecycles' events; it expires only when no worker applies any of them any more.
local keep = keep_ms(time, now, tonumber(@retention), max_age, max_skew)
redis.call('SET', tombstone_key, session .. '\t' .. time_text, 'PX', string.format('%d', keep))
redis.call('DEL', pending_key)
return 'applied'
