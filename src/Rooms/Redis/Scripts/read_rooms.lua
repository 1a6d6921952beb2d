-- Reads rooms of ONE bucket atomically (KEYS[1] its room list, KEYS[2] its activity, KEYS[3] its
-- pending index; KEYS[i + 3] the users hash of room ARGV[i], same slot): for each room still
-- open, its register member, its online count, its last_event_ms (false when unknown) and its
-- entries in the pending index as a flat member, score list, all from the same instant, so the
-- count and the time always belong to the listed lifecycle. Rooms no longer open are left out.
local result = {}
for i = 1, #ARGV do
  local room = ARGV[i]
  local member = redis.call('ZRANGE', KEYS[1], '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
  if member then
    local pending = {}
    for _, entry in ipairs(redis.call('ZRANGE', KEYS[3], '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX')) do
      pending[#pending + 1] = entry
      pending[#pending + 1] = redis.call('ZSCORE', KEYS[3], entry)
    end
    result[#result + 1] = member
    result[#result + 1] = redis.call('HGET', KEYS[i + 3], '') or '0'
    result[#result + 1] = redis.call('ZSCORE', KEYS[2], room)
    result[#result + 1] = pending
  end
end
return result
