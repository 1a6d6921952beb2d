-- Reads rooms of ONE bucket atomically (KEYS[1] its room list, KEYS[2] its activity; KEYS[i + 2]
-- the users hash of room ARGV[i], same slot): for each room still open, its register member, its
-- online count and its last_event_ms (false when unknown), all from the same instant, so the
-- count and the time always belong to the listed lifecycle. Rooms no longer open are left out.
local result = {}
for i = 1, #ARGV do
  local room = ARGV[i]
  local member = redis.call('ZRANGE', KEYS[1], '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
  if member then
    result[#result + 1] = member
    result[#result + 1] = redis.call('HGET', KEYS[i + 2], '') or '0'
    result[#result + 1] = redis.call('ZSCORE', KEYS[2], room)
  end
end
return result
