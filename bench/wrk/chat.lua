-- wrk script: POST an OpenAI chat completion; prints one JSON line of results when done.
-- Environment: BENCH_HEADERS="name: value|name: value"  extra headers
--              BENCH_BODY=<json>  the fixed request body (default: a short chat request)
--              BENCH_MIX=<percent>  that share of requests reuses one of 100 fixed prompts (cache hits once
--                                   warm); the rest are unique (misses). Unset: every request is identical.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end
local fixed = os.getenv("BENCH_BODY") or '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}'
wrk.body = fixed

local mix = tonumber(os.getenv("BENCH_MIX") or "")
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
end

if mix then
  request = function()
    counter = counter + 1
    local content
    if math.random(100) <= mix then
      content = "Prompt number " .. math.random(100)
    else
      content = "Unique " .. tostring(tid) .. "-" .. counter .. "-" .. math.random(1000000000)
    end
    return wrk.format(nil, nil, nil,
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"' .. content .. '"}]}')
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
