-- round_close: the organiser closes a round now. Attempts of the round still
-- running get this moment as their deadline (the sweeper then submits them
-- as they stand), and no attempt can start afterwards (attempt_start reads
-- closed_at). Closing twice keeps the first close.
--
-- KEYS[1] rq:{c}:round:<r>:state   KEYS[2] rq:{c}:deadlines   KEYS[3] rq:{c}:events
-- KEYS[4] rq:{c}:round:<r>:running (so closing reads this round's open attempts only)
-- ARGV[1] round id   ARGV[2] organiser
-- Returns {closed_at, attempts cut short}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local closed_at = tonumber(redis.call('HGET', KEYS[1], 'closed_at') or '0')
if closed_at > 0 then return {closed_at, 0} end
redis.call('HSET', KEYS[1], 'closed_at', now, 'closed_by', ARGV[2])
local prefix = string.gsub(KEYS[2], 'deadlines$', 'attempt:')
local cut = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if tonumber(redis.call('HGET', prefix .. id, 'deadline') or '0') > now then
    redis.call('HSET', prefix .. id, 'deadline', now)
    redis.call('ZADD', KEYS[2], now, id)
    cut = cut + 1
  end
end
redis.call('XADD', KEYS[3], '*', 'type', 'round.closed', 'round', ARGV[1], 'by', ARGV[2], 'cut_short', cut, 'at', now)
return {now, cut}
