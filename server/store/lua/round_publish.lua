-- round_publish: makes a finalized round's results public, once. The results
-- published are exactly the draft the organiser reviewed (finalize stores it
-- under KEYS[2]); they are copied, so a later finalize cannot change them.
--
-- KEYS[1] rq:{c}:round:<r>:state   KEYS[2] rq:{c}:round:<r>:draft   KEYS[3] rq:{c}:round:<r>:published
-- KEYS[4] rq:{c}:events
-- ARGV[1] round id   ARGV[2] organiser
-- Returns {"published", at} | {"already", at} | {"no_draft", 0}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = redis.call('HGET', KEYS[1], 'published_at')
if at then return {'already', tonumber(at)} end
local draft = redis.call('GET', KEYS[2])
if not draft then return {'no_draft', 0} end
redis.call('SET', KEYS[3], draft)
redis.call('HSET', KEYS[1], 'published_at', now, 'published_by', ARGV[2])
redis.call('XADD', KEYS[4], '*', 'type', 'results.published', 'round', ARGV[1], 'by', ARGV[2], 'at', now)
return {'published', now}
