#!lua
-- round_close: the organiser closes a round now: no attempt can start
-- afterwards (attempt_start reads closed_at). Closing twice keeps the first
-- close. The attempts still running are cut short next, in batches, by
-- round_cut_short.lua: this script touches only the keys it is given, so the
-- attempts (named in the running set, unknown to the caller until now) are
-- not its to change.
--
-- KEYS[1] rq:{c}:round:<r>:state   KEYS[2] rq:{c}:events
-- ARGV[1] round id   ARGV[2] organiser
-- Returns {closed_at, 1 when this call closed the round | 0 when it was closed already}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local closed_at = tonumber(redis.call('HGET', KEYS[1], 'closed_at') or '0')
if closed_at > 0 then return {closed_at, 0} end
redis.call('HSET', KEYS[1], 'closed_at', now, 'closed_by', ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'round.closed', 'round', ARGV[1], 'by', ARGV[2], 'at', now)
return {now, 1}
