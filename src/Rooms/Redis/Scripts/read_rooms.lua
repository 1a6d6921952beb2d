-- Reads rooms of ONE bucket atomically (KEYS[1] its room list; KEYS[i + 1] the users hash of
-- room ARGV[i], same slot): for each room still open, its register member and its online
-- count, both from the same instant, so the count always belongs to the listed lifecycle.
-- Rooms no longer open are left out.
local result = {}
for i = 1, #ARGV do
  local room = ARGV[i]
  local member = redis.call('ZRANGE', KEYS[1], '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX', 'LIMIT', 0, 1)[1]
  if member then
    result[#result + 1] = member
    result[#result + 1] = redis.call('HGET', KEYS[i + 1], '') or '0'
  end
end
return result
