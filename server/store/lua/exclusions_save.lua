#!lua
-- exclusions_save: the organiser's new exclusion list, accepted only while
-- the contest's first round has not opened (by Redis' clock, the one every
-- deadline uses), with its audit event in the same step: once entries
-- exist, who may win must not change.
--
-- KEYS[1] rq:{c}:exclusions (hash: list JSON as given, changed_at, changed_by)   KEYS[2] rq:{c}:events
-- ARGV[1] the list as JSON {phones, id_numbers}   ARGV[2] organiser   ARGV[3] the first round's opens_at (ms)
-- ARGV[4] phones   ARGV[5] ID numbers (counts, for the event)
-- Returns {"saved", now} | {"locked", now}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now >= tonumber(ARGV[3]) then return {'locked', now} end
redis.call('HSET', KEYS[1], 'list', ARGV[1], 'changed_at', now, 'changed_by', ARGV[2])
redis.call('XADD', KEYS[2], '*', 'type', 'exclusions.changed', 'by', ARGV[2], 'phones', ARGV[4],
           'id_numbers', ARGV[5], 'at', now)
return {'saved', now}
