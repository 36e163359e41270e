-- Stores a response and releases the single-flight lock if this request still holds it.
--
-- KEYS[1] the entry, KEYS[2] its lock; ARGV[1] the serialized response, ARGV[2] TTL (ms), ARGV[3] lock owner
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
return 1
