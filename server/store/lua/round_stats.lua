#!lua flags=no-writes
-- round_stats: a round's state and live counts in one read, consistent with
-- each other (finalize's "attempts still running" check and the organiser's
-- dashboard). Reads only.
--
-- KEYS[1] rq:{c}:round:<r>:state   KEYS[2] rq:{c}:round:<r>:running   KEYS[3] rq:{c}:round:<r>:entries
-- KEYS[4] rq:{c}:phones            KEYS[5] rq:{c}:round:<r>:draft
-- Returns {closed_at, published_at, running, submitted, started, entrants, registered, has draft (0|1)}.
local s = redis.call('HMGET', KEYS[1], 'closed_at', 'published_at', 'started', 'entrants')
return {tonumber(s[1] or '0'), tonumber(s[2] or '0'), redis.call('SCARD', KEYS[2]), redis.call('SCARD', KEYS[3]),
        tonumber(s[3] or '0'), tonumber(s[4] or '0'), redis.call('HLEN', KEYS[4]), redis.call('EXISTS', KEYS[5])}
