-- Shared by the scripts that use a session (prepended to them): records its last use, which never
-- moves back, in the session and in the last-used index, and renews the key's expiry.
local function record_use(session, last_used, id, now, ttl)
  if tonumber(now) > tonumber(redis.call('HGET', session, 'last_used_at')) then
    redis.call('HSET', session, 'last_used_at', now)
    redis.call('ZADD', last_used, now, id)
  end
  redis.call('PEXPIRE', session, ttl)
end
