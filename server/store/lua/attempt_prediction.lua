#!lua
-- attempt_prediction: keeps a running attempt's prediction as the contestant
-- types it, so an attempt that expires at its deadline still ranks with its
-- guess (attempt_submit.lua reads it). By its owner, before its deadline.
-- Saving the value it already holds writes nothing, no event either.
--
-- KEYS[1] rq:{c}:attempt:<id>   KEYS[2] rq:{c}:events
-- ARGV[1] participant   ARGV[2] the prediction, a whole number ("" clears it)
-- Returns {"ok", now} or {"error", code, now}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local a = redis.call('HMGET', KEYS[1], 'participant', 'status', 'deadline', 'prediction')
if not a[1] then return {'error', 'not_found', now} end
if a[1] ~= ARGV[1] then return {'error', 'forbidden', now} end
if a[2] ~= 'running' or now >= tonumber(a[3]) then return {'error', 'attempt_closed', now} end
if (a[4] or '') == ARGV[2] then return {'ok', now} end
redis.call('HSET', KEYS[1], 'prediction', ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'prediction', 'attempt', string.match(KEYS[1], '[^:]+$'),
           'prediction', ARGV[2], 'at', now)
return {'ok', now}
