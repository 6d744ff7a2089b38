#!lua
-- audit_trim: removes from a contest's audit stream the events an archive
-- holds (up to and including its last id), after the archive was written and
-- checked, and records in the stream itself that they left for that archive
-- (how many, through which id, the file's SHA-256), in one step. The stream
-- stays the trail of everything: its first event now says where the earlier
-- ones are.
--
-- KEYS[1] rq:{c}:events
-- ARGV[1] the first id kept (the last archived id plus one)   ARGV[2] the last archived id
-- ARGV[3] events archived   ARGV[4] the archive's SHA-256   ARGV[5] who archived
-- Returns the number of events removed.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
redis.call('XADD', KEYS[1], '*', 'type', 'audit.archived', 'events', ARGV[3], 'through', ARGV[2],
           'sha256', ARGV[4], 'by', ARGV[5], 'at', now)
return removed
