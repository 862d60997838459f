-- Every request asks a different moment, so every read misses both cache tiers and goes to SQLite.
local counter = 0
request = function()
  counter = counter + 1
  local t = string.format("%.3f", (counter * 7.919 + math.random()) % 600)
  return wrk.format("GET", wrk.path .. "?t=" .. t .. "&window=" .. (counter % 997 + 1))
end
