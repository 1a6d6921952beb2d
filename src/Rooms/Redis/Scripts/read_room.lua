-- Reads one room atomically: its register member (false when not open), its users hash and
-- its last_event_ms from `activity` (false when unknown; docs/redis-schema.md, "Freshness").
local room = @room
local member = redis.call('ZRANGE', @rooms, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
if not member then return { false } end
return { member, redis.call('HGETALL', @users), redis.call('ZSCORE', @activity, room) }
