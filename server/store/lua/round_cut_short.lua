#!lua
-- round_cut_short: after round_close, ends a batch of the round's running
-- attempts now: each one still running with its deadline ahead gets this
-- moment as its deadline (the sweeper then submits it as it stands). Every
-- answer an attempt was given came before its new deadline, because both
-- are decided here, in one step. Repeating it cuts nothing twice: a closed
-- round whose cut was interrupted is finished by closing it again.
--
-- KEYS[1] rq:{c}:deadlines   KEYS[2] rq:{c}:events   KEYS[3..] rq:{c}:attempt:<id> (at most ~1000)
-- ARGV[1] round id
-- Returns the number of attempts cut short.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cut = 0
for i = 3, #KEYS do
  local a = redis.call('HMGET', KEYS[i], 'status', 'deadline')
  if a[1] == 'running' and tonumber(a[2] or '0') > now then
    redis.call('HSET', KEYS[i], 'deadline', now)
    redis.call('ZADD', KEYS[1], now, string.match(KEYS[i], '[^:]+$'))
    cut = cut + 1
  end
end
if cut > 0 then
  redis.call('XADD', KEYS[2], '*', 'type', 'attempts.cut_short', 'round', ARGV[1], 'attempts', cut, 'at', now)
end
return cut
