-- Random BRI-1K read requests for wrk. ENDPOINT selects the query: window | at | search.
-- With STATIC=/path every request asks for that one path (the nginx reference run).
-- WINDOW_STARTS=first-last (seconds, default 0-3540) bounds where windows start: BRI-1K's items end at 900 s, so 0-840
-- asks only for full windows (160 items) and 1000-3540 only for empty ones.
local endpoint = os.getenv("ENDPOINT") or "window"
local first_start, last_start = (os.getenv("WINDOW_STARTS") or "0-3540"):match("(%d+)-(%d+)")
first_start, last_start = tonumber(first_start), tonumber(last_start)
local static = os.getenv("STATIC")
local videos = tonumber(os.getenv("BENCH_VIDEOS") or "1000")
local words = {"dog", "person walking", "car", "park", "results", "bicycle street", "happy child", "kitchen",
               "important", "river"}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(1000 + (id or 0))
end

request = function()
  if static then
    return wrk.format("GET", static)
  end
  local v = string.format("bri1k-%04d", math.random(0, videos - 1))
  local path
  if endpoint == "window" then
    local from = math.random(first_start, last_start)
    path = string.format("/api/v1/videos/%s/context?from=%d&to=%d", v, from, from + 60)
  elseif endpoint == "at" then
    path = string.format("/api/v1/videos/%s/context/at?t=%.1f", v, math.random() * 3600)
  else
    path = string.format("/api/v1/videos/%s/search?q=%s&limit=10", v,
        string.gsub(words[math.random(1, #words)], " ", "+"))
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT endpoint=%s requests=%d errors=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f\n",
      endpoint, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
