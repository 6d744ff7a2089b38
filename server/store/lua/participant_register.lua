#!lua
-- participant_register: one account per phone, and per ID number when one is
-- given, in a contest; creates the participant in the same atomic step.
--
-- KEYS[1] rq:{c}:phones       hash phone -> participant id
-- KEYS[2] rq:{c}:id_numbers   hash ID number -> participant id
-- KEYS[3] rq:{c}:participant:<id>
-- KEYS[4] rq:{c}:events       the contest's audit stream
-- ARGV[1] participant id   ARGV[2] phone   ARGV[3] ID number (may be "")
-- ARGV[4..] field, value pairs of the participant hash
-- Returns {"ok", now_ms} or {"taken", "phone"|"id_number"}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then return {'taken', 'phone'} end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return {'taken', 'id_number'} end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[1]) end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[3], 'registered_at', now, unpack(fields))
redis.call('XADD', KEYS[4], '*', 'type', 'registered', 'participant', ARGV[1], 'at', now)
return {'ok', now}
