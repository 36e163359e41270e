-- Settles a token reservation made by ratelimit.lua with the real usage: adds delta (usage - reservation, may be
-- negative) to the window or sub-window the reservation went to, never below zero, only while the counter exists.
--
-- KEYS[1]  the rule's counter key (as in ratelimit.lua)
-- ARGV[1]  technique ('f' or 's'), ARGV[2] sub-window bucket (sliding), ARGV[3] delta
local delta = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if ARGV[1] == 'f' then
  local v = redis.call('INCRBY', KEYS[1], delta)
  if v < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
else
  local v = redis.call('HINCRBY', KEYS[1], ARGV[2], delta)
  if v <= 0 then redis.call('HDEL', KEYS[1], ARGV[2]) end
end
return 1
