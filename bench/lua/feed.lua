-- Channel-feed paging as a reader scrolls: GET /api/channels/{c}/articles?size=20, then up to `depth` pages
-- following nextCursor, then a new random visible channel from the head.
-- A walk's state is global to the thread's Lua state, which every connection of the thread shares: run it with one
-- connection per thread (-tN -cN), or responses of other connections interleave and walks drift deeper than `depth`.
-- Usage: wrk -tN -cN -s bench/lua/feed.lua URL -- <comma-separated channel ids> <depth> <seed>
local report = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
report.install()

function init(args)
  report.reset()
  channels = {}
  for c in string.gmatch(args[1] or "1", "[^,]+") do table.insert(channels, tonumber(c)) end
  depth = tonumber(args[2] or "5")
  math.randomseed(tonumber(args[3] or "42") * 1000 + (thread_number or 1))
  cursor, page = nil, 0
  channel = channels[math.random(#channels)]
end

function request()
  local path = "/api/channels/" .. channel .. "/articles?size=20"
  if cursor then path = path .. "&before=" .. cursor end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  report.count(status)
  page = page + 1
  cursor = status == 200 and body:match('"nextCursor":"([^"]+)"') or nil
  if cursor == nil or page >= depth then
    cursor, page = nil, 0
    channel = channels[math.random(#channels)]
  end
end
