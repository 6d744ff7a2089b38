-- bank_save: stores a new version of a question bank in one atomic step.
--
-- KEYS[1]  the bank's head hash, rq:bank:{<id>}
-- ARGV[1]  the bank as JSON     ARGV[2] title      ARGV[3] language
-- ARGV[4]  number of questions  ARGV[5] topics with their counts, as JSON
-- ARGV[6]  when, in ms since the epoch
--
-- Versions are numbered from 1 and never rewritten: an attempt that drew its
-- questions from version 3 keeps them whatever is imported later. The version
-- key shares the head's hash tag, so both live in one cluster slot.
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('SET', KEYS[1] .. ':v' .. version, ARGV[1])
redis.call('HSET', KEYS[1], 'title', ARGV[2], 'language', ARGV[3], 'questions', ARGV[4],
           'topics', ARGV[5], 'stored_at', ARGV[6])
return version
