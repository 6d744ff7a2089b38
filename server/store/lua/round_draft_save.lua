-- round_draft_save: stores a finalized round's draft results for the
-- organiser's review, and records who finalized it and on how many entries
-- in the contest's audit stream, in one step.
--
-- KEYS[1] rq:{c}:round:<r>:draft   KEYS[2] rq:{c}:events
-- ARGV[1] the results JSON   ARGV[2] round id   ARGV[3] organiser   ARGV[4] entries   ARGV[5] winners
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], '*', 'type', 'round.finalized', 'round', ARGV[2], 'by', ARGV[3],
           'entries', ARGV[4], 'winners', ARGV[5], 'at', now)
return now
