#!lua
-- bank_save: stores a new version of a question bank in one atomic step.
--
-- KEYS[1]  the bank's head hash, rq:bank:{<id>}
-- KEYS[2]  the key of the version the caller expects to write, rq:bank:{<id>}:v<n>
-- ARGV[1]  the bank as JSON     ARGV[2] title      ARGV[3] language
-- ARGV[4]  number of questions  ARGV[5] topics with their counts, as JSON
-- ARGV[6]  when, in ms since the epoch
-- ARGV[7]  n, the version KEYS[2] is for
--
-- Versions are numbered from 1 and never rewritten: an attempt that drew its
-- questions from version 3 keeps them whatever is imported later. The version
-- key shares the head's hash tag, so both live in one cluster slot. A script
-- may write only the keys it is given, so the caller names the next version's
-- key; when another import took that number first, the reply says which
-- version is the latest and the caller asks again.
-- Returns {"stored", n} or {"changed", latest version}.
local latest = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local version = tonumber(ARGV[7])
if version ~= latest + 1 then return {'changed', latest} end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'version', version, 'title', ARGV[2], 'language', ARGV[3], 'questions', ARGV[4],
           'topics', ARGV[5], 'stored_at', ARGV[6])
return {'stored', version}
