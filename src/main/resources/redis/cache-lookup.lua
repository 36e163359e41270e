-- A cache lookup that, on a miss, also tries to become the one request (across replicas) that goes upstream for this
-- key: identical requests arriving meanwhile wait for its response instead of calling the provider too.
--
-- KEYS[1] the entry, KEYS[2] its single-flight lock; ARGV[1] lock owner, ARGV[2] lock lifetime (ms, 0 = no lock)
-- Returns the entry, or on a miss {1} when this request holds the lock (leads), {0} when another one does, {-1}
-- when no lock was asked. ratelimit.lua makes the same lookup (and answers the same) when it is combined with it,
-- except that it answers {2} for an entry larger than ARGV[3] bytes (read with a GET of its own). Here ARGV[3] is not
-- read: this answer is bounded by the cache's own timeout, which a large entry is given.
local entry = redis.call('GET', KEYS[1])
if entry then
  return entry
end
if tonumber(ARGV[2]) == 0 then
  return { -1 }
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return { 1 }
end
return { 0 }
