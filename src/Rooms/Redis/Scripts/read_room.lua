-- Reads one room atomically: its register member (false when not open), its users hash, its
-- last_event_ms from `activity` (false when unknown; docs/redis-schema.md, "Freshness") and the
-- room's entries in the `pending` index with their scores, as a flat member, score list
-- (docs/redis-schema.md, "Pending lifecycles"; the reader checks that their data still exists).
local room = @room
local member = redis.call('ZRANGE', @rooms, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
if not member then return { false } end
local pending = {}
for _, entry in ipairs(redis.call('ZRANGE', @pending, '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX')) do
  pending[#pending + 1] = entry
  pending[#pending + 1] = redis.call('ZSCORE', @pending, entry)
end
return { member, redis.call('HGETALL', @users), redis.call('ZSCORE', @activity, room), pending }
