-- Reads one Redis primary's checkpoints (docs/redis-schema.md, "Checkpoints"; docs/rules.md §7):
-- the server's run_id, whether the hash belongs to the Kafka cluster `cluster`, and the offset of
-- each field of `fields` ("<topic>:<partition>\n" each). Offsets of another Kafka cluster count
-- as absent: its offsets say nothing about this cluster's log.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local same = redis.call('HGET', @checkpoints, 'cluster') == @cluster
local reply = { run, same and 1 or 0 }
for field in string.gmatch(@fields, '([^\n]+)\n') do
  reply[#reply + 1] = same and redis.call('HGET', @checkpoints, field) or false
end
return reply
