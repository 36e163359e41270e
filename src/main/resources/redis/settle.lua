-- Corrects what ratelimit.lua counted: settles a token reservation with the real usage, or takes back (or adds) a
-- whole charge when the gateway decided without the limiter's answer. Adds delta (may be negative) to the bucket the
-- charge went to while that bucket still counts, never below zero. When the bucket no longer counts (its fixed window
-- ended, or it left the sliding interval), a positive delta is added to the current bucket instead (usage the
-- provider reported late is not lost) and a negative one is dropped (that window is over; nothing to give back).
--
-- KEYS[1]  the rule's counter (as in ratelimit.lua)
-- ARGV[1]  milliseconds added to Redis's clock (as in ratelimit.lua), ARGV[2] technique ('f' or 's'),
-- ARGV[3]  interval (ms), ARGV[4] bucket, ARGV[5] delta
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
local interval = tonumber(ARGV[3])
local bucket = tonumber(ARGV[4])
local delta = tonumber(ARGV[5])
local width, count, ttl
if ARGV[2] == 'f' then
  width = interval
  count = 1
else
  width = math.max(1, math.floor(interval / 60))
  count = math.ceil(interval / width)
end
local current = math.floor(now / width)
if bucket <= current - count then
  if delta <= 0 then
    return 0
  end
  bucket = current
end
if ARGV[2] == 'f' then
  ttl = (current + 1) * width - now + 1000
else
  ttl = interval + width + 1000
end
local v = redis.call('HINCRBY', KEYS[1], bucket, delta)
if v <= 0 then
  redis.call('HDEL', KEYS[1], bucket)
end
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
