-- Reads a part of ONE bucket's room list atomically with its change feed's position
-- (docs/redis-schema.md, "Reading with redis-cli"; docs/change-feed.md, "The list and the feed").
-- KEYS[1] the bucket's room list, KEYS[2] its activity, KEYS[3] its change feed, KEYS[4] its
-- pending index; KEYS[4 + i] the users hash of candidate room ARGV[2 + i] (same slot). ARGV[1]:
-- the part's lex min ('-' at the bucket's start), ARGV[2]: at most this many rooms.
-- Every room of the part must be a candidate, since a script reads only the keys it was given:
-- when one is not (it opened since the caller listed the candidates), returns {0, members...} to
-- be called again with those rooms. Otherwise {1, the feed's last id ('0-0' without a feed), then
-- per room: its register member, its online count, its last_event_ms (false when unknown) and its
-- entries in the pending index as a flat member, score list (docs/redis-schema.md, "Pending
-- lifecycles")}, all from the same instant: the feed after that id holds exactly the changes the
-- part does not show.
local members = redis.call('ZRANGE', KEYS[1], ARGV[1], '+', 'BYLEX', 'LIMIT', 0, tonumber(ARGV[2]))
local users = {}
for i = 3, #ARGV do
  users[ARGV[i]] = KEYS[i + 2]
end
local result = {1, '0-0'}
if redis.call('EXISTS', KEYS[3]) == 1 then
  local info = redis.call('XINFO', 'STREAM', KEYS[3])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then result[2] = info[i + 1] end
  end
end
for _, member in ipairs(members) do
  local room = string.sub(member, 1, string.find(member, '\t', 1, true) - 1)
  local key = users[room]
  if not key then
    local retry = {0}
    for j = 1, #members do retry[j + 1] = members[j] end
    return retry
  end
  local pending = {}
  for _, entry in ipairs(redis.call('ZRANGE', KEYS[4], '[' .. room .. '\t', '(' .. room .. '\n', 'BYLEX')) do
    pending[#pending + 1] = entry
    pending[#pending + 1] = redis.call('ZSCORE', KEYS[4], entry)
  end
  result[#result + 1] = member
  result[#result + 1] = redis.call('HGET', key, '') or '0'
  result[#result + 1] = redis.call('ZSCORE', KEYS[2], room)
  result[#result + 1] = pending
end
return result
