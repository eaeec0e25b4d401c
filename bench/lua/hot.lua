-- Every request reads one path: a hot article (GET /api/articles/<id>) or the bare endpoint, so that an L1-hit
-- comparison drives both sides with the same script.
-- Usage: wrk -s bench/lua/hot.lua URL -- <path>
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  path = args[1] or "/api/articles/1"
end

function request()
  return wrk.format("GET", path)
end

function response(status)
  report.count(status)
end
