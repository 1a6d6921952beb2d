-- Writes one Redis primary's checkpoints (docs/redis-schema.md, "Checkpoints"; docs/rules.md §7),
-- but only when this primary lost nothing the writer knows of:
--   * `run` is not empty and is not the server's run_id: the server restarted (or another node
--     took over its slots) since the writer last saw it, and may have lost any write since its
--     last persisted one;
--   * an entry's expected offset is not empty and the current one is absent or lower: the
--     checkpoint the writer saw (and so what it covers) is gone.
-- `entries`: "<topic>:<partition>\t<expected or empty>\t<offset>\n" each. A hash of another Kafka
-- cluster counts as empty and is replaced whole. Returns { run_id, 1 written / 0 refused, the
-- current offset of each entry before the write (false when absent) }.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local same = redis.call('HGET', @checkpoints, 'cluster') == @cluster
local ok = @run == '' or @run == run
local reply = { run, 0 }
local values = {}
for field, expected, offset in string.gmatch(@entries, '([^\t\n]+)\t([^\t\n]*)\t([^\t\n]+)\n') do
  local current = same and redis.call('HGET', @checkpoints, field) or false
  reply[#reply + 1] = current
  if expected ~= '' and (not current or tonumber(current) < tonumber(expected)) then ok = false end
  values[#values + 1] = field
  values[#values + 1] = offset
end
if ok then
  if not same then
    redis.call('DEL', @checkpoints)
    redis.call('HSET', @checkpoints, 'cluster', @cluster)
  end
  if #values > 0 then redis.call('HSET', @checkpoints, unpack(values)) end
  reply[2] = 1
end
return reply
