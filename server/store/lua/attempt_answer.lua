#!lua
-- attempt_answer: records (or changes) the options chosen for one question
-- of a running attempt, by its owner, before its deadline. Repeating the same
-- message is harmless (a resend after a reconnect) and writes nothing, no
-- audit event either: the stream records every change, not every message.
-- The time of the last change is kept beside the answer ("t:<question>"),
-- by Redis' clock: the organiser's duplicates review compares timings.
--
-- KEYS[1] rq:{c}:attempt:<id>   KEYS[2] rq:{c}:events
-- ARGV[1] participant   ARGV[2] question id   ARGV[3] chosen option ids, comma separated
-- Returns {"ok", now} or {"error", code, now}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local a = redis.call('HMGET', KEYS[1], 'participant', 'status', 'deadline', 'o:' .. ARGV[2], 'a:' .. ARGV[2])
if not a[1] then return {'error', 'not_found', now} end
if a[1] ~= ARGV[1] then return {'error', 'forbidden', now} end
if a[2] ~= 'running' or now >= tonumber(a[3]) then return {'error', 'attempt_closed', now} end
if not a[4] then return {'error', 'invalid_choice', now} end
local allowed = {}
for option in string.gmatch(a[4], '[^,]+') do allowed[option] = true end
for option in string.gmatch(ARGV[3], '[^,]+') do
  if not allowed[option] then return {'error', 'invalid_choice', now} end
end
if a[5] == ARGV[3] then return {'ok', now} end
redis.call('HSET', KEYS[1], 'a:' .. ARGV[2], ARGV[3], 't:' .. ARGV[2], now)
redis.call('XADD', KEYS[2], '*', 'type', 'answered', 'attempt', string.match(KEYS[1], '[^:]+$'),
           'question', ARGV[2], 'choices', ARGV[3], 'at', now)
return {'ok', now}
