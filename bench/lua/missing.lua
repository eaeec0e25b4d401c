-- Penetration: GET /api/articles/{id} for random ids that do not exist (above every real id).
-- Usage: wrk -s bench/lua/missing.lua URL -- <seed> [path prefix]
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  math.randomseed(tonumber(args[1] or "42") * 1000 + (thread_number or 1))
  prefix = args[2] or "/api/articles/"
end

function request()
  return wrk.format("GET", prefix .. math.random(100000000, 2000000000))
end

function response(status)
  report.count(status)
end
