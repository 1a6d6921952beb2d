-- Reads ONE bucket's change feed (@changes, a stream) after a position, with what tells whether
-- that position is still retained, in one atomic step (docs/change-feed.md, "Cursors").
-- @after: entries after this id are read; @until: the last id to read ('+' for the end);
-- @count: at most this many entries (0 reads none).
-- Returns {last-generated-id, id of the first retained entry ('' when none), number of entries
-- removed so far, entries}. Trimming leaves max-deleted-entry-id alone (only XDEL sets it), so
-- what was trimmed is told by entries-added minus length and the first retained id.
if redis.call('EXISTS', @changes) == 0 then
  return {'0-0', '', 0, {}}
end
local info = redis.call('XINFO', 'STREAM', @changes)
local field = {}
for i = 1, #info, 2 do
  field[info[i]] = info[i + 1]
end
local entries = {}
if tonumber(@count) > 0 then
  entries = redis.call('XRANGE', @changes, '(' .. @after, @until, 'COUNT', @count)
end
local first = ''
if field['length'] > 0 then
  first = field['recorded-first-entry-id']
end
return {field['last-generated-id'], first, field['entries-added'] - field['length'], entries}
