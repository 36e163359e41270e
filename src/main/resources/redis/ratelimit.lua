-- Checks every limit rule of one request and, only when all of them allow it, counts it in each: atomic, so any
-- number of gateway replicas sharing this Redis enforce one limit. Time is Redis's own clock (TIME), so replicas whose
-- clocks disagree still agree on window boundaries.
--
-- KEYS[i]  counter of rule i: a hash of buckets (field = bucket index, value = count). Fixed windows: one bucket per
--          clock-aligned window. Sliding: sub-window buckets. All keys of one call share a hash tag (Redis Cluster).
-- ARGV[1]  milliseconds added to Redis's clock for window arithmetic (0 in production; tests step through windows)
-- ARGV[2]  deadline on Redis's clock (epoch ms, no offset), 0 = none: a check that starts later is too late, the
--          gateway has already decided without it
-- ARGV[3]  what a check too late does: 'closed' counts nothing (the gateway refused the request), 'open' counts the
--          request regardless of the limits (the gateway admitted it), so the counters hold what was admitted
-- ARGV[3 + 4(i-1) + 1..4]  technique ('f' fixed, 's' sliding; 'F', 'S': the same, its cost given back when the
--          lookup below finds the entry — a token or spend reservation, as a cache hit costs none), limit, interval
--          (ms), cost (1, or reserved tokens)
--
-- Optionally a cache lookup in the same call (one round trip for the request's admission): two more KEYS after the
-- counters, the entry and its single-flight lock, and three more ARGV after the rules, the lock's owner and lifetime
-- (ms, 0 = no lock) and the largest entry this answer carries (bytes, 0 = any); the rules are then
-- floor((#ARGV - 3) / 4) of the KEYS. The lookup is cache-lookup.lua's, made only for a request allowed and counted in
-- time (nothing is looked up or locked for a refused or late one). A larger entry stays out of the answer, which the
-- gateway bounds with the limiter's short timeout: the answer says {2} instead, and the gateway reads the entry with a
-- GET of its own.
--
-- Sliding accuracy: the interval is cut into sub-windows of floor(interval / 60) ms; a request stops counting between
-- (interval - one sub-window) and interval after it was made.
--
-- Returns {status, redis_ms, then per rule: remaining, reset_ms, retry_ms, bucket}
--   status     1 allowed and counted, 0 limited (nothing counted), -1 too late (see ARGV[3])
--   redis_ms   Redis's clock (epoch ms, no offset), for the gateway to place its next deadline
--   remaining  what is left after this request (allowed) or now (limited)
--   reset_ms   until the window ends (fixed) or the oldest counted sub-window leaves the interval (sliding)
--   retry_ms   until this request's cost would fit
--   bucket     the bucket the cost went to (for settling token reservations)
-- then, with a lookup, as cache-lookup.lua: the entry (the 'F'/'S' rules' costs then given back; their remaining
-- above still counts them, as the headers of a hit always did), or {2} the entry is there but larger than asked (costs
-- given back as well: read it separately), or {1} this request holds the lock, {0} another one does, {-1} miss without
-- a lock (none asked, or nothing looked up)
local t = redis.call('TIME')
local redis_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local now = redis_ms + tonumber(ARGV[1])
local deadline = tonumber(ARGV[2])
local late = deadline > 0 and redis_ms > deadline
local n = math.floor((#ARGV - 3) / 4)
local SUBWINDOWS = 60
local allowed = 1
local state = {}

for i = 1, n do
  local a = 3 + (i - 1) * 4
  local technique = ARGV[a + 1]
  local give_back = technique == 'F' or technique == 'S'
  technique = string.lower(technique)
  local limit = tonumber(ARGV[a + 2])
  local interval = tonumber(ARGV[a + 3])
  local cost = tonumber(ARGV[a + 4])
  local s = { technique = technique, limit = limit, interval = interval, cost = cost, give_back = give_back }
  local width, count
  if technique == 'f' then
    width = interval
    count = 1
  else
    width = math.max(1, math.floor(interval / SUBWINDOWS))
    count = math.ceil(interval / width)
  end
  local bucket = math.floor(now / width)
  local oldest = bucket - count + 1
  local fields = redis.call('HGETALL', KEYS[i])
  local used = 0
  local first = nil -- the oldest bucket still counting
  for j = 1, #fields, 2 do
    local b = tonumber(fields[j])
    -- Too old, or from more than an interval ahead (a clock that jumped back): forget it.
    if b < oldest or b >= bucket + count then
      redis.call('HDEL', KEYS[i], fields[j])
      fields[j] = false -- not nil: a hole would make #fields undefined for the loop below
    else
      used = used + tonumber(fields[j + 1])
      if first == nil or b < first then
        first = b
      end
    end
  end
  s.used = used
  s.bucket = bucket
  if technique == 'f' then
    s.reset = (bucket + 1) * width - now
    s.retry = s.reset
    s.ttl = s.reset + 1000
  else
    s.ttl = interval + width + 1000
    if first ~= nil then
      s.reset = (first + count) * width - now
    else
      s.reset = interval
    end
    -- How long until enough old sub-windows leave for this cost to fit: only a request over the limit needs the
    -- buckets in order (up to 60 of them, sorted per call, were most of an allowed call's time).
    local excess = used + cost - limit
    s.retry = 0
    if excess > 0 then
      local buckets = {}
      for j = 1, #fields, 2 do
        if fields[j] then
          table.insert(buckets, { tonumber(fields[j]), tonumber(fields[j + 1]) })
        end
      end
      table.sort(buckets, function(x, y) return x[1] < y[1] end)
      s.retry = interval
      local freed = 0
      for _, bc in ipairs(buckets) do
        freed = freed + bc[2]
        if freed >= excess then
          s.retry = (bc[1] + count) * width - now
          break
        end
      end
    end
  end
  if s.used + cost > limit then
    allowed = 0
  end
  state[i] = s
end

local status = allowed
local count_it = allowed == 1
if late then
  status = -1
  count_it = ARGV[3] == 'open'
end
local out = { status, redis_ms }
for i = 1, n do
  local s = state[i]
  local remaining = s.limit - s.used
  if count_it then
    remaining = remaining - s.cost
    if s.cost > 0 then
      redis.call('HINCRBY', KEYS[i], s.bucket, s.cost)
      redis.call('PEXPIRE', KEYS[i], s.ttl)
    end
  end
  if remaining < 0 then remaining = 0 end
  table.insert(out, remaining)
  table.insert(out, s.reset)
  table.insert(out, s.retry)
  table.insert(out, s.bucket)
end
if #KEYS > n then
  local entry_key, lock_key = KEYS[n + 1], KEYS[n + 2]
  local owner, lock_ms = ARGV[3 + 4 * n + 1], tonumber(ARGV[3 + 4 * n + 2])
  local inline_max = tonumber(ARGV[3 + 4 * n + 3] or '0')
  if status ~= 1 then
    table.insert(out, { -1 })
  else
    -- STRLEN first: a large entry is neither copied into the script nor sent in this answer
    local size = redis.call('STRLEN', entry_key)
    if size > 0 then
      for i = 1, n do
        local s = state[i]
        if s.give_back and s.cost > 0 then
          if redis.call('HINCRBY', KEYS[i], s.bucket, -s.cost) <= 0 then
            redis.call('HDEL', KEYS[i], s.bucket)
          end
        end
      end
      if inline_max > 0 and size > inline_max then
        table.insert(out, { 2 })
      else
        table.insert(out, redis.call('GET', entry_key))
      end
    elseif lock_ms == 0 then
      table.insert(out, { -1 })
    elseif redis.call('SET', lock_key, owner, 'NX', 'PX', lock_ms) then
      table.insert(out, { 1 })
    else
      table.insert(out, { 0 })
    end
  end
end
return out
