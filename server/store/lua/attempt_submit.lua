#!lua
-- attempt_submit: closes an attempt and scores it, once. Submitting again
-- returns the stored result. Run with mode "expire" by any gateway's sweeper
-- for an attempt past its deadline: the attempt is submitted as it stands,
-- at its deadline. A late "submit" (the deadline passed while the message was
-- on its way) is taken as that expiry, so nobody gains time by being late.
--
-- A question scores 1 when the chosen options are exactly the right ones;
-- both are stored sorted and comma-joined, so this is a string compare
-- (core/contest/scoring.cpp scores the same way for `results verify`).
--
-- KEYS[1] rq:{c}:attempt:<id>   KEYS[2] rq:{c}:round:<r>:person:<p>   KEYS[3] rq:{c}:deadlines
-- KEYS[4] rq:{c}:round:<r>:entries   KEYS[5] rq:{c}:events   KEYS[6] rq:{c}:round:<r>:running
-- ARGV[1] participant ("" for the sweeper)   ARGV[2] mode: "submit" | "expire"
-- ARGV[3] prediction ("" for none)   ARGV[4] counted attempt: "best" | "first" | "last"
-- Returns {"result", status, score, max_score, correct, total, all_answered, submitted_at,
--          duration_ms, number, prediction, now, counted attempt id, attempts used, closed now}
-- or {"error", code, now}. "closed now" is 1 for the one call that closed the attempt and 0 for
-- every repeat, so that of several gateways' sweepers only one tells its owner.
--
-- The counted attempt kept in the person's hash is the one that counts *so
-- far*: for "best" by score, then time taken (the prediction's distance is
-- known only at close, when finalize decides for good).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = string.match(KEYS[1], '[^:]+$')
local a = redis.call('HMGET', KEYS[1], 'participant', 'status', 'deadline', 'started_at', 'qids', 'number')
if not a[1] then return {'error', 'not_found', now} end
if ARGV[1] ~= '' and a[1] ~= ARGV[1] then return {'error', 'forbidden', now} end

local function person()
  local p = redis.call('HMGET', KEYS[2], 'counted', 'count')
  return p[1] or '', p[2] or '0'
end
local function stored_result(status)
  local r = redis.call('HMGET', KEYS[1], 'score', 'max_score', 'correct', 'total', 'all_answered',
                       'submitted_at', 'duration_ms', 'prediction')
  local counted, count = person()
  return {'result', status, r[1], r[2], r[3], r[4], r[5], r[6], r[7], a[6], r[8] or '', now, counted, count, 0}
end
if a[2] ~= 'running' then return stored_result(a[2]) end

local deadline = tonumber(a[3])
local status = 'submitted'
local submitted_at = now
if now >= deadline then
  status = 'expired'
  submitted_at = deadline
elseif ARGV[2] == 'expire' then
  return {'error', 'not_due', now}
end

local score, total, answered = 0, 0, 0
for qid in string.gmatch(a[5], '[^,]+') do
  total = total + 1
  local pair = redis.call('HMGET', KEYS[1], 'a:' .. qid, 'c:' .. qid)
  if pair[1] and pair[1] ~= '' then
    answered = answered + 1
    if pair[1] == pair[2] then score = score + 1 end
  end
end
local all_answered = (answered == total) and 1 or 0
local duration = submitted_at - tonumber(a[4])
-- The prediction sent with the submit, else the one kept as it was typed
-- (attempt_prediction.lua); an expiry always takes the kept one.
local prediction = ARGV[3]
if status == 'expired' or prediction == '' then prediction = redis.call('HGET', KEYS[1], 'prediction') or '' end

redis.call('HSET', KEYS[1], 'status', status, 'score', score, 'max_score', total, 'correct', score,
           'total', total, 'all_answered', all_answered, 'submitted_at', submitted_at,
           'duration_ms', duration, 'prediction', prediction)
redis.call('HDEL', KEYS[2], 'running')
local counted = redis.call('HMGET', KEYS[2], 'counted', 'counted_score', 'counted_duration')
local takes_over = false
if ARGV[4] == 'last' or not counted[1] then
  takes_over = true
elseif ARGV[4] == 'best' then
  local s, d = tonumber(counted[2]), tonumber(counted[3])
  takes_over = score > s or (score == s and duration < d)
end
if takes_over then
  redis.call('HSET', KEYS[2], 'counted', id, 'counted_score', score, 'counted_duration', duration)
end
redis.call('ZREM', KEYS[3], id)
redis.call('SREM', KEYS[6], id)
redis.call('SADD', KEYS[4], id)
redis.call('XADD', KEYS[5], '*', 'type', 'attempt.' .. status, 'attempt', id, 'participant', a[1],
           'score', score, 'max_score', total, 'submitted_at', submitted_at, 'duration_ms', duration,
           'prediction', prediction, 'at', now)
local counted_now, count = person()
return {'result', status, score, total, score, total, all_answered, submitted_at, duration, a[6], prediction, now,
        counted_now, count, 1}
