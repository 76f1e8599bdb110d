-- Records a use of the session and, given ARGV[4], moves its position there. 0 when it is gone.
-- KEYS: 1 session, 2 last-used
-- ARGV: 1 now (ms), 2 ttl (ms), 3 id, 4 new position or ''
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'position', ARGV[4])
end
record_use(KEYS[1], KEYS[2], ARGV[3], ARGV[1], ARGV[2])
return 1
