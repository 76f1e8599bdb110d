-- Closes a dataset to new sessions (create.lua checks KEYS[2]) unless live sessions read it and
-- ARGV[2] is not '1'. Returns {'closed', ids of those sessions...} or {'in-use', their number}.
-- KEYS: 1 the dataset's sessions, 2 dataset closed
-- ARGV: 1 key prefix, 2 force ('1' or '0'), 3 how long it stays closed (s)
local users = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. 'session:' .. id) == 1 then
    table.insert(users, id)
  end
end
if #users > 0 and ARGV[2] ~= '1' then
  return {'in-use', tostring(#users)}
end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
table.insert(users, 1, 'closed')
return users
