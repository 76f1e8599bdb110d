-- Stores a new session unless its dataset is closed or the limit is reached, all in one step.
-- KEYS: 1 session, 2 listing, 3 last-used, 4 entries, 5 the dataset's sessions, 6 dataset closed, 7 operation record
-- ARGV: 1 id, 2 settings (JSON), 3 position, 4 created at (ms), 5 last used at (ms), 6 dataset id,
--       7 listing member, 8 most sessions, 9 ttl (ms), 10 operation record ttl (s)
local done = redis.call('GET', KEYS[7])
if done then return done end
if redis.call('EXISTS', KEYS[6]) == 1 then return 'closed' end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[8]) then return 'limit' end
redis.call('HSET', KEYS[1], 'settings', ARGV[2], 'position', ARGV[3], 'created_at', ARGV[4],
  'last_used_at', ARGV[5], 'dataset_id', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
redis.call('ZADD', KEYS[2], 0, ARGV[7])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[6] .. ' ' .. ARGV[7])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('SET', KEYS[7], 'created', 'EX', ARGV[10])
return 'created'
