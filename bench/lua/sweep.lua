-- Warm-up sweep: GET /api/articles/{id} once for every id 1..n, the ids dealt round-robin to the threads. A
-- thread that is through its ids asks the bare endpoint until wrk's duration ends (thread:stop() stops sending
-- but not wrk's clock), so the sweep costs at most the duration it is given.
-- Usage: wrk -t<threads> -s bench/lua/sweep.lua URL -- <n> <threads> [path prefix]
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  n = tonumber(args[1] or "100000")
  step = tonumber(args[2] or "1")
  prefix = args[3] or "/api/articles/"
  next_id = thread_number or 1
end

function request()
  local id = next_id
  next_id = next_id + step
  if id > n then
    return wrk.format("GET", "/api/bench/bare")
  end
  return wrk.format("GET", prefix .. id)
end

function response(status)
  report.count(status)
end
