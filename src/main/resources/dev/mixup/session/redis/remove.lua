-- Removes a session and its index entries; given a cutoff, only when it was last used before it.
-- Returns 1: a live session was removed; 0: the entries of one whose key had expired; -1: nothing
-- was there; -2: used since the cutoff, kept.
-- KEYS: 1 listing, 2 last-used, 3 entries
-- ARGV: 1 key prefix, 2 id, 3 cutoff (ms) or ''
local id = ARGV[2]
if ARGV[3] ~= '' then
  local used = redis.call('ZSCORE', KEYS[2], id)
  if used and tonumber(used) >= tonumber(ARGV[3]) then return -2 end
end
redis.call('ZREM', KEYS[2], id)
local entry = redis.call('HGET', KEYS[3], id)
if not entry then return -1 end
local dataset, member = string.match(entry, '^(%S+) (.*)$')
redis.call('ZREM', KEYS[1], member)
redis.call('SREM', ARGV[1] .. 'dataset:' .. dataset .. ':sessions', id)
redis.call('HDEL', KEYS[3], id)
return redis.call('DEL', ARGV[1] .. 'session:' .. id)
