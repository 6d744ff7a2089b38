-- contest_create: stores a new contest in one step: its configuration, the
-- first event of its audit stream, and its place in the index of contests.
-- Never half created: a contest is either listed with its configuration and
-- its stream, or not there at all. Two organisers creating the same id at
-- once: the second finds it taken.
--
-- KEYS[1] rq:{c}:config   KEYS[2] rq:{c}:events   KEYS[3] rq:contests
-- ARGV[1] contest id   ARGV[2] the configuration (JSON)   ARGV[3] organiser
-- Returns "created" or "exists".
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'contest.created', 'by', ARGV[3], 'at', now)
redis.call('SADD', KEYS[3], ARGV[1])
return 'created'
