#!lua flags=no-writes
-- round_marks: for each round state hash given, when the organiser closed
-- the round early and when its results were published (0: not yet), for the
-- public view of a contest. One round trip for all of a contest's rounds.
--
-- KEYS[i] rq:{c}:round:<r_i>:state
-- Returns {closed_at_1, published_at_1, closed_at_2, …}.
local out = {}
for i = 1, #KEYS do
  local s = redis.call('HMGET', KEYS[i], 'closed_at', 'published_at')
  out[#out + 1] = tonumber(s[1] or '0')
  out[#out + 1] = tonumber(s[2] or '0')
end
return out
