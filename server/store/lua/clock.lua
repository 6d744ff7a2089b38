#!lua flags=no-writes
-- clock: Redis' own time in milliseconds since the Unix epoch.
--
-- /healthz runs it to prove more than a PING does: that the connection is up,
-- that Lua scripting answers, and that this gateway's script cache is in step
-- with the server (a NOSCRIPT here is healed by the client's reload). The
-- answer also lets operators compare the gateway's clock with Redis'.
local t = redis.call('TIME')
return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
