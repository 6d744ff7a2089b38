-- login_failure: counts a failed organiser login against the username and
-- the address it came from, each in a window that starts with its first
-- failure, and returns both counts.
--
-- KEYS[1]  failures of the username (may be a key no login can reach, when
--          the username itself was not valid)
-- KEYS[2]  failures of the address
-- ARGV[1]  the window in milliseconds
local counts = {}
for i = 1, 2 do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  counts[i] = n
end
return counts
