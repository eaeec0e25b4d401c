-- GET <path prefix><id> for ids drawn uniformly from 1..n, each thread with a sequence fixed by its seed: the L2-hit
-- scenario (every key in Redis, none in L1) and its bare-Redis ceiling use it alike.
-- Usage: wrk -s bench/lua/uniform.lua URL -- <n> <seed> <path prefix>
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  n = tonumber(args[1] or "100000")
  math.randomseed(tonumber(args[2] or "42") * 1000 + (thread_number or 1))
  prefix = args[3] or "/api/articles/"
end

function request()
  return wrk.format("GET", prefix .. math.random(1, n))
end

function response(status)
  report.count(status)
end
