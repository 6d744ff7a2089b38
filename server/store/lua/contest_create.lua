#!lua
-- contest_create: stores a new contest in one step: its configuration and the
-- first event of its audit stream. Two organisers creating the same id at
-- once: the second finds it taken. The index of contests (rq:contests) lives
-- in another cluster slot, so the caller adds the id to it first: an id
-- listed without a configuration (a create that failed after) is skipped
-- by whoever lists contests, and the next create of that id completes it.
--
-- KEYS[1] rq:{c}:config   KEYS[2] rq:{c}:events
-- ARGV[1] contest id   ARGV[2] the configuration (JSON)   ARGV[3] organiser
-- Returns "created" or "exists".
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'contest.created', 'by', ARGV[3], 'at', now)
return 'created'
