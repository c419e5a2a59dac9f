-- wrk script: each request takes the next path from a file (one path per line), so a run spreads over many items
-- or users instead of hammering one cache line. Usage: wrk ... -s paths.lua <url> -- <paths-file>
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
