-- A follower's poll while another replica fetches the same response: the entry once it is stored, {1} when the
-- leader gave up (lock gone, nothing stored: go upstream), {0} while the leader is still working.
--
-- KEYS[1] the entry, KEYS[2] its single-flight lock
local entry = redis.call('GET', KEYS[1])
if entry then
  return entry
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  return { 1 }
end
return { 0 }
