#!lua
-- round_publish: makes a finalized round's results public, once. The results
-- published are exactly the draft the organiser reviewed (finalize stores it
-- with round_draft_save.lua); they are copied, so a later finalize cannot
-- change them. The public part and the people's own lines are published
-- beside the whole document, so public readers never load the full ranking.
--
-- KEYS[1] rq:{c}:round:<r> (the state hash)   KEYS[2] rq:{c}:round:<r>:draft   KEYS[3] rq:{c}:round:<r>:published
-- KEYS[4] rq:{c}:events   KEYS[5] rq:{c}:round:<r>:draft:public   KEYS[6] rq:{c}:round:<r>:public
-- KEYS[7] rq:{c}:round:<r>:draft:lines   KEYS[8] rq:{c}:round:<r>:lines
-- KEYS[9] rq:{c}:disqualified:changed_at
-- ARGV[1] round id   ARGV[2] organiser
-- Returns {"published", at} | {"already", at} | {"no_draft", 0} | {"stale", the change's time}: a
-- disqualification made or lifted after the draft was finalized would not show in what is published.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = redis.call('HGET', KEYS[1], 'published_at')
if at then return {'already', tonumber(at)} end
local draft = redis.call('GET', KEYS[2])
local public = redis.call('GET', KEYS[5])
-- A draft from before the public part existed must be finalized again.
if not draft or not public then return {'no_draft', 0} end
local changed = tonumber(redis.call('GET', KEYS[9]) or '0')
local as_of = tonumber(redis.call('HGET', KEYS[1], 'draft_disqualifications_as_of') or '0')
if changed > as_of then return {'stale', changed} end
redis.call('SET', KEYS[3], draft)
redis.call('SET', KEYS[6], public)
redis.call('DEL', KEYS[8])
-- Moved, not copied: the lines are the largest part, and only published
-- lines are ever read (a later finalize writes the draft's again).
if redis.call('EXISTS', KEYS[7]) == 1 then redis.call('RENAME', KEYS[7], KEYS[8]) end
redis.call('HSET', KEYS[1], 'published_at', now, 'published_by', ARGV[2])
redis.call('XADD', KEYS[4], '*', 'type', 'results.published', 'round', ARGV[1], 'by', ARGV[2], 'at', now)
return {'published', now}
