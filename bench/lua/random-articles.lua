-- GET /api/articles/{random id in 1..max_id}; counts 5xx responses per thread, summed in done().
-- Usage: wrk -s bench/lua/random-articles.lua URL -- <max_id>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  max_id = tonumber(args[1] or "3000")
  server_errors = 0
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", "/api/articles/" .. math.random(1, max_id))
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("server_errors")
  end
  io.write(string.format("requests %d, 5xx %d, p50 %.2f ms, p99 %.2f ms\n", summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
