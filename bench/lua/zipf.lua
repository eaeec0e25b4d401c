-- Zipf-distributed GET /api/articles/{id} over ids 1..n (exponent s), with a share of PATCHes of the same
-- distribution. Rank r maps to id ((r - 1) * 48271 mod n) + 1, a bijection (48271 is prime to 10^k), so hot
-- articles are spread over authors and dates. Each thread's random sequence is fixed by its seed, so every mode
-- sees the same keys in the same order.
-- Usage: wrk -s bench/lua/zipf.lua URL -- <n> <s> <update_percent> <seed> [path_prefix] [bearer_token]
-- (the PATCHes need an access token that may edit every article: the demo admin's)
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  n = tonumber(args[1] or "100000")
  local s = tonumber(args[2] or "0.99")
  update_percent = tonumber(args[3] or "0")
  math.randomseed(tonumber(args[4] or "42") * 1000 + (thread_number or 1))
  prefix = args[5] or "/api/articles/"
  patch_headers = { ["Content-Type"] = "application/json" }
  if args[6] then patch_headers["Authorization"] = "Bearer " .. args[6] end
  cdf = {}
  local total = 0
  for rank = 1, n do
    total = total + 1 / rank ^ s
    cdf[rank] = total
  end
  for rank = 1, n do cdf[rank] = cdf[rank] / total end
  updates = 0
end

local function next_id()
  local u, lo, hi = math.random(), 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return ((lo - 1) * 48271) % n + 1
end

function request()
  local id = next_id()
  if update_percent > 0 and math.random() * 100 < update_percent then
    updates = updates + 1
    return wrk.format("PATCH", "/api/articles/" .. id, patch_headers,
      string.format('{"title":"Benchmark update %d of article %d"}', updates, id))
  end
  return wrk.format("GET", prefix .. id)
end

function response(status)
  report.count(status)
end
