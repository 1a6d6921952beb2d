-- Reads one room atomically: its register member (or false when not open) and its users hash.
local room = @room
local member = redis.call('ZRANGE', @rooms, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
if not member then return { false } end
return { member, redis.call('HGETALL', @users) }
