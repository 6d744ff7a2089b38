#!lua
-- audit_append: records an organiser action that changes nothing else (a
-- download of personal data), stamped like every other event with Redis'
-- clock.
--
-- KEYS[1] rq:{c}:events
-- ARGV[1] type   ARGV[2..] field, value pairs
-- Returns the event's time, ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fields = {'type', ARGV[1]}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
fields[#fields + 1] = 'at'
fields[#fields + 1] = now
redis.call('XADD', KEYS[1], '*', unpack(fields))
return now
