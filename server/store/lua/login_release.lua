#!lua
-- login_release: ends a login's reservation (login_reserve.lua) that did not
-- turn into a failure.
--
-- KEYS[1] failures of the account   KEYS[2] failures of the address
-- ARGV[1] "succeeded": the password matched, so the account's failures are
--         cleared and the address gets its place back;
--         "cancelled": the password was never checked (the server was busy),
--         so both get their place back.
-- Returns the address's count afterwards.
local function give_back(key)
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 0 then return redis.call('DECR', key) end
  return 0
end
if ARGV[1] == 'succeeded' then
  redis.call('DEL', KEYS[1])
else
  give_back(KEYS[1])
end
return give_back(KEYS[2])
