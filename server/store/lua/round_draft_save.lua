#!lua
-- round_draft_save: stores a finalized round's draft results for the
-- organiser's review, in three parts written together: the whole document
-- (with the full ranking and contact details), its public part (summary,
-- winners, collective prizes: what everyone may read once it is published)
-- and each ranked person's own line, which finalize has written under a
-- staging key of its own beforehand (too many to pass as arguments). Also
-- records who finalized it and on how many entries in the audit stream.
--
-- KEYS[1] rq:{c}:round:<r>:draft   KEYS[2] rq:{c}:events   KEYS[3] rq:{c}:round:<r>:draft:public
-- KEYS[4] rq:{c}:round:<r>:draft:lines   KEYS[5] the staging key of this finalize's lines
-- KEYS[6] rq:{c}:round:<r> (the state hash)
-- ARGV[1] the results JSON   ARGV[2] round id   ARGV[3] organiser   ARGV[4] entries   ARGV[5] winners
-- ARGV[6] the public part's JSON   ARGV[7] how many lines the staging key must hold
-- ARGV[8] the time of the latest disqualification change the draft took into account (0: none), kept in
-- the state hash as draft_disqualifications_as_of for round_publish.lua's check
-- Returns the time, or {"incomplete", lines found} (nothing written) when a batch of lines was lost.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HLEN', KEYS[5]) ~= tonumber(ARGV[7]) then
  return {'incomplete', redis.call('HLEN', KEYS[5])}
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[3], ARGV[6])
redis.call('HSET', KEYS[6], 'draft_disqualifications_as_of', ARGV[8])
if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('RENAME', KEYS[5], KEYS[4])
  redis.call('PERSIST', KEYS[4])  -- the staging key's expiry was for a finalize that never finished
else
  redis.call('DEL', KEYS[4])      -- a round without entries
end
redis.call('XADD', KEYS[2], '*', 'type', 'round.finalized', 'round', ARGV[2], 'by', ARGV[3],
           'entries', ARGV[4], 'winners', ARGV[5], 'at', now)
return now
