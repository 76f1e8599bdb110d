-- One page of the listing after a bound: the live sessions among the next listing members, up to
-- ARGV[3] of them, as a flat list of {id, settings, position, created at, last used at} per session.
-- Members whose key expired (removed by the next sweep) are passed over.
-- KEYS: 1 listing; ARGV: 1 key prefix, 2 lower bound (ZRANGE BYLEX syntax), 3 how many
local wanted = tonumber(ARGV[3])
local found = {}
local count = 0
local from = ARGV[2]
while count < wanted do
  local members = redis.call('ZRANGE', KEYS[1], from, '+', 'BYLEX', 'LIMIT', 0, wanted)
  if #members == 0 then break end
  for _, member in ipairs(members) do
    local id = string.match(member, '^%S+ (.*)$')
    local fields = redis.call('HMGET', ARGV[1] .. 'session:' .. id, 'settings', 'position', 'created_at', 'last_used_at')
    if fields[1] and count < wanted then
      table.insert(found, id)
      for _, value in ipairs(fields) do table.insert(found, value) end
      count = count + 1
    end
  end
  from = '(' .. members[#members]
end
return found
