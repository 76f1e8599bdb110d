-- Settles an operation whose answer was lost: returns its record when it was applied; otherwise
-- writes a record that keeps it from ever being applied, and returns nil.
-- KEYS: 1 operation record; ARGV: 1 operation record ttl (s)
local done = redis.call('GET', KEYS[1])
if done then return done end
redis.call('SET', KEYS[1], 'fenced', 'EX', ARGV[1])
return false
