#!lua
-- login_reserve: counts a login as failed *before* its password is checked,
-- against the account (a phone in a contest, or an organiser's username) and
-- the address it came from, each in a window that starts with its first
-- failure. A login that later succeeds gives its reservation back
-- (login_release.lua). So guesses sent at the same moment each take a place
-- first, and no more of them than the limit ever reach the password check.
--
-- KEYS[1] failures of the account   KEYS[2] failures of the address
-- ARGV[1] limit for the account   ARGV[2] limit for the address   ARGV[3] window in ms
-- Returns {"reserved", 0} or {"limited", ms until the fuller window ends}.
local limits = {tonumber(ARGV[1]), tonumber(ARGV[2])}
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= limits[i] then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      -- A counter without a window cannot stay: give it one now.
      redis.call('PEXPIRE', KEYS[i], ARGV[3])
      ttl = tonumber(ARGV[3])
    end
    return {'limited', ttl}
  end
end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return {'reserved', 0}
