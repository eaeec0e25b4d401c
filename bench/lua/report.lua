-- Shared by the wrk scripts: counts responses by status class and prints one machine-readable RESULT line, which
-- bench/lib/run.py parses. Usage: local report = dofile(<this file>); report.install(); then init() calls
-- report.reset() and response() calls report.count(status). Each thread gets its number (1, 2, ...) as the global
-- thread_number before its init() runs, to seed its own random sequence.
local report = {}
local threads = {}

function report.install()
  function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_number", #threads)
  end

  function done(summary, latency, requests)
    local sums = { ok = 0, not_found = 0, conflicts = 0, client_errors = 0, server_errors = 0 }
    for _, thread in ipairs(threads) do
      for name, _ in pairs(sums) do sums[name] = sums[name] + (thread:get(name) or 0) end
    end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format(
      "RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f ok=%d not_found=%d"
        .. " conflicts=%d client_errors=%d server_errors=%d socket_errors=%d\n",
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, sums.ok, sums.not_found, sums.conflicts,
      sums.client_errors, sums.server_errors, errors))
  end
end

-- Counters live in each thread's own Lua state; init() of every script calls this.
function report.reset()
  ok, not_found, conflicts, client_errors, server_errors = 0, 0, 0, 0, 0
end

function report.count(status)
  if status < 300 or status == 304 then ok = ok + 1
  elseif status == 404 then not_found = not_found + 1
  elseif status == 409 then conflicts = conflicts + 1
  elseif status < 500 then client_errors = client_errors + 1
  else server_errors = server_errors + 1 end
end

return report
