-- Checks every limit rule of one request and, only when all of them allow it, counts it in each: atomic, so any
-- number of gateway replicas sharing this Redis enforce one limit.
--
-- KEYS[i]  counter of rule i. Fixed windows: a string counter per clock-aligned window (the window index is part of
--          the key). Sliding: a hash of sub-window buckets (field = bucket index, value = count).
-- ARGV[1]  now, epoch milliseconds (the gateway's clock)
-- ARGV[1 + 4(i-1) + 1..4]  technique ('f' fixed, 's' sliding), limit, interval (ms), cost (1, or reserved tokens)
--
-- Sliding accuracy: the interval is cut into sub-windows of floor(interval / 60) ms; a request stops counting between
-- (interval - one sub-window) and interval after it was made.
--
-- Returns {allowed (1|0), then per rule: remaining, reset_ms, retry_ms, bucket}
--   remaining  what is left after this request (allowed) or now (limited)
--   reset_ms   until the window ends (fixed) or the oldest counted sub-window leaves the interval (sliding)
--   retry_ms   until this request's cost would fit
--   bucket     fixed: window index; sliding: sub-window the cost went to (for settling token reservations)
local now = tonumber(ARGV[1])
local n = #KEYS
local SUBWINDOWS = 60
local allowed = 1
local state = {}

for i = 1, n do
  local a = 1 + (i - 1) * 4
  local technique = ARGV[a + 1]
  local limit = tonumber(ARGV[a + 2])
  local interval = tonumber(ARGV[a + 3])
  local cost = tonumber(ARGV[a + 4])
  local s = { technique = technique, limit = limit, interval = interval, cost = cost }
  if technique == 'f' then
    local window = math.floor(now / interval)
    s.used = tonumber(redis.call('GET', KEYS[i]) or '0')
    s.reset = (window + 1) * interval - now
    s.retry = s.reset
    s.bucket = window
  else
    local width = math.max(1, math.floor(interval / SUBWINDOWS))
    local count = math.ceil(interval / width)
    local bucket = math.floor(now / width)
    local oldest = bucket - count + 1
    local fields = redis.call('HGETALL', KEYS[i])
    local buckets = {}
    local used = 0
    for j = 1, #fields, 2 do
      local b = tonumber(fields[j])
      -- Too old, or from more than an interval ahead (a clock that jumped back): forget it.
      if b < oldest or b >= bucket + count then
        redis.call('HDEL', KEYS[i], fields[j])
      else
        local c = tonumber(fields[j + 1])
        used = used + c
        table.insert(buckets, { b, c })
      end
    end
    table.sort(buckets, function(x, y) return x[1] < y[1] end)
    s.used = used
    s.width = width
    s.bucket = bucket
    if #buckets > 0 then
      s.reset = (buckets[1][1] + count) * width - now
    else
      s.reset = interval
    end
    -- How long until enough old sub-windows leave for this cost to fit.
    local excess = used + cost - limit
    s.retry = 0
    if excess > 0 then
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

local out = { allowed }
for i = 1, n do
  local s = state[i]
  local remaining = s.limit - s.used
  if allowed == 1 then
    remaining = remaining - s.cost
    if s.cost > 0 then
      if s.technique == 'f' then
        if redis.call('INCRBY', KEYS[i], s.cost) == s.cost then
          redis.call('PEXPIRE', KEYS[i], s.reset + 1000) -- first count of this window
        end
      else
        redis.call('HINCRBY', KEYS[i], s.bucket, s.cost)
        redis.call('PEXPIRE', KEYS[i], s.interval + s.width + 1000)
      end
    end
  end
  if remaining < 0 then remaining = 0 end
  table.insert(out, remaining)
  table.insert(out, s.reset)
  table.insert(out, s.retry)
  table.insert(out, s.bucket)
end
return out
