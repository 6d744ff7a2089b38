#!lua
-- attempt_start: starts a participant's next attempt in a round, or returns
-- the one still running (a resume, never a second attempt), checking the
-- round's window and the attempt limit by Redis' clock, which every gateway
-- shares. Two starts at the same moment run one after the other here: the
-- second finds the first running and resumes it.
--
-- KEYS[1] rq:{c}:round:<r>:person:<p>   count, running
-- KEYS[2] rq:{c}:attempt:<new id>
-- KEYS[3] rq:{c}:deadlines             zset attempt id -> deadline
-- KEYS[4] rq:{c}:events
-- KEYS[5] rq:{c}:round:<r>:state       closed_at when the organiser closed it early;
--                                       counts started attempts and entrants (for the dashboard)
-- KEYS[6] rq:{c}:round:<r>:running     the round's open attempts
-- KEYS[7] rq:{c}:attempt:<running id>   only when ARGV[12] names one
-- ARGV[1] new attempt id   ARGV[2] participant   ARGV[3] round
-- ARGV[4] opens_at   ARGV[5] closes_at   ARGV[6] attempts allowed   ARGV[7] time limit ms
-- ARGV[8] question ids in the order shown, comma separated
-- ARGV[9] seed   ARGV[10] bank   ARGV[11] bank version
-- ARGV[12] the attempt the caller expects to be running ("" for none): a script may read only the
--          keys it is given (Redis Cluster), so the running attempt's key comes from the caller; when
--          the person hash names another, the reply says which and the caller asks again
-- ARGV[13..] per question, field/value pairs:
--   "o:<question id>"  the options' ids as this attempt shows them, in order (what answers may name)
--   "m:<question id>"  the same options' ids in the bank, in the same order (the mapping back)
--   "c:<question id>"  the right options' shown ids, sorted (what scoring compares; never read out)
-- The texts are not stored: they are the bank version's, which never changes.
-- Returns {"resume", id, now} | {"expire_first", id, now} | {"started", id, now} | {"error", code, now}
--       | {"changed", running id | "", now}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local running = redis.call('HGET', KEYS[1], 'running')
if (running or '') ~= ARGV[12] then return {'changed', running or '', now} end
if running then
  local deadline = tonumber(redis.call('HGET', KEYS[7], 'deadline') or '0')
  if now < deadline then return {'resume', running, now} end
  -- Past its deadline but not yet closed: the caller expires it first.
  return {'expire_first', running, now}
end

local closes_at = tonumber(ARGV[5])
local closed_at = tonumber(redis.call('HGET', KEYS[5], 'closed_at') or '0')
if closed_at > 0 and closed_at < closes_at then closes_at = closed_at end
if now < tonumber(ARGV[4]) or now >= closes_at then return {'error', 'round_not_open', now} end
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if count >= tonumber(ARGV[6]) then return {'error', 'attempt_limit_reached', now} end

local number = count + 1
local deadline = math.min(now + tonumber(ARGV[7]), closes_at)
local id = ARGV[1]
local fields = {'participant', ARGV[2], 'round', ARGV[3], 'number', number, 'started_at', now,
                'deadline', deadline, 'status', 'running', 'qids', ARGV[8],
                'seed', ARGV[9], 'bank', ARGV[10], 'bank_version', ARGV[11]}
for i = 13, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('HSET', KEYS[1], 'count', number, 'running', id)
redis.call('ZADD', KEYS[3], deadline, id)
redis.call('SADD', KEYS[6], id)
redis.call('HINCRBY', KEYS[5], 'started', 1)
if number == 1 then redis.call('HINCRBY', KEYS[5], 'entrants', 1) end
redis.call('XADD', KEYS[4], '*', 'type', 'attempt.started', 'attempt', id, 'participant', ARGV[2],
           'round', ARGV[3], 'number', number, 'deadline', deadline, 'seed', ARGV[9],
           'bank', ARGV[10], 'bank_version', ARGV[11], 'at', now)
return {'started', id, now}
