-- Stampede: every request reads one hot article, GET /api/articles/<id>.
-- Usage: wrk -s bench/lua/hot.lua URL -- <id>
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  path = "/api/articles/" .. (args[1] or "1")
end

function request()
  return wrk.format("GET", path)
end

function response(status)
  report.count(status)
end
