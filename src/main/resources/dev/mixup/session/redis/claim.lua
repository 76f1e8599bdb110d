-- Claims ARGV[1] steps at the position and moves the position past them. Applied at most once per
-- operation record (KEYS[3]): a claim that arrives again, or after fence.lua gave it up, finds the
-- record and changes nothing. With an idempotency record (KEYS[4]), a claim made under the same key
-- before returns that claim's first step and changes nothing ('reused <count>' when the counts differ).
-- KEYS: 1 session, 2 last-used, 3 operation record, 4 idempotency record (optional)
-- ARGV: 1 count, 2 now (ms), 3 ttl (ms), 4 id, 5 operation record ttl (s), 6 idempotency record ttl (ms)
local done = redis.call('GET', KEYS[3])
if done then return done end
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
if KEYS[4] then
  local earlier = redis.call('GET', KEYS[4])
  if earlier then
    local earlier_first, earlier_count = string.match(earlier, '^(%S+) (%S+)$')
    if earlier_count ~= ARGV[1] then return 'reused ' .. earlier_count end
    return earlier_first
  end
end
-- the position is read as a string and moved by HINCRBY: exact over all of int64 (Lua numbers are doubles)
local first = redis.call('HGET', KEYS[1], 'position')
local moved = redis.pcall('HINCRBY', KEYS[1], 'position', ARGV[1])
if type(moved) == 'table' and moved.err then return 'overflow' end
record_use(KEYS[1], KEYS[2], ARGV[4], ARGV[2], ARGV[3])
redis.call('SET', KEYS[3], first, 'EX', ARGV[5])
if KEYS[4] then redis.call('SET', KEYS[4], first .. ' ' .. ARGV[1], 'PX', ARGV[6]) end
return first
