-- Reads pending lifecycles of ONE bucket atomically (KEYS[1] its `pending` index; KEYS[i + 1] the
-- p: key of member ARGV[i] = "<room>\t<session>", same slot): for each member still indexed whose
-- pending data still exists, the member, its oldest pending time and its online count.
local result = {}
for i = 1, #ARGV do
  local oldest = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if oldest and redis.call('EXISTS', KEYS[i + 1]) == 1 then
    result[#result + 1] = ARGV[i]
    result[#result + 1] = oldest
    result[#result + 1] = redis.call('HGET', KEYS[i + 1], '') or '0'
  end
end
return result
