-- Reads what limit counters hold now, counting nothing (the management API's current spend).
--
-- KEYS[i]  counter of rule i (as in ratelimit.lua)
-- ARGV[1]  milliseconds added to Redis's clock (as in ratelimit.lua)
-- ARGV[1 + 2(i-1) + 1..2]  technique ('f' or 's'), interval (ms)
-- Returns per rule: used, reset_ms (until the window ends, fixed; until the oldest counted sub-window leaves, sliding)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local a = 1 + (i - 1) * 2
  local interval = tonumber(ARGV[a + 2])
  local width, count
  if ARGV[a + 1] == 'f' then
    width = interval
    count = 1
  else
    width = math.max(1, math.floor(interval / 60))
    count = math.ceil(interval / width)
  end
  local bucket = math.floor(now / width)
  local oldest = bucket - count + 1
  local fields = redis.call('HGETALL', KEYS[i])
  local used = 0
  local first = nil
  for j = 1, #fields, 2 do
    local b = tonumber(fields[j])
    if b >= oldest and b < bucket + count then
      used = used + tonumber(fields[j + 1])
      if first == nil or b < first then first = b end
    end
  end
  local reset
  if ARGV[a + 1] == 'f' then
    reset = (bucket + 1) * width - now
  elseif first ~= nil then
    reset = (first + count) * width - now
  else
    reset = interval
  end
  table.insert(out, used)
  table.insert(out, reset)
end
return out
