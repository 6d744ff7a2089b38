#!lua flags=no-writes
-- participant_standing: a participant's standing in each round asked about:
-- attempts used, the attempt still running (only while its deadline is ahead;
-- an overdue one is the sweeper's to close), and the result of the attempt
-- that counts so far. Lets a page that reloads resume an entry without
-- starting a new one. Reads only; by Redis' clock.
--
-- The attempts are named in the person hashes, and a script may read only
-- the keys it is given (Redis Cluster), so the caller says which attempts it
-- expects: when a person hash names others, the reply says which, and the
-- caller asks again with those (new participants, the common case at a first
-- hello, have none and need one call).
--
-- KEYS[1..n] rq:{c}:round:<r_i>:person:<p>   KEYS[n+1..] the expected attempts' keys, in the order of ARGV
-- ARGV[1] n   ARGV[2i], ARGV[2i+1] round i's expected running and counted attempt ids ("" for none)
-- Returns {"changed", running_1, counted_1, ..., running_n, counted_n} when the expectation is out of
-- date, else {"standing", then per round 13 values: count, running id|"", running deadline,
-- counted id|"", and the counted attempt's status, score, max_score, correct, total, submitted_at,
-- duration_ms, prediction|"", number}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local persons, changed = {}, false
for i = 1, n do
  local p = redis.call('HMGET', KEYS[i], 'count', 'running', 'counted')
  persons[i] = p
  if (p[2] or '') ~= ARGV[2 * i] or (p[3] or '') ~= ARGV[2 * i + 1] then changed = true end
end
if changed then
  local out = {'changed'}
  for i = 1, n do
    out[#out + 1] = persons[i][2] or ''
    out[#out + 1] = persons[i][3] or ''
  end
  return out
end
local next_key = n + 1
local function expected_key()
  local key = KEYS[next_key]
  next_key = next_key + 1
  return key
end
local out = {'standing'}
for i = 1, n do
  local p = persons[i]
  local running, deadline = '', 0
  if p[2] then
    deadline = tonumber(redis.call('HGET', expected_key(), 'deadline') or '0')
    if deadline > now then running = p[2] else deadline = 0 end
  end
  out[#out + 1] = tonumber(p[1] or '0')
  out[#out + 1] = running
  out[#out + 1] = deadline
  out[#out + 1] = p[3] or ''
  local r = {}
  if p[3] then
    r = redis.call('HMGET', expected_key(), 'status', 'score', 'max_score', 'correct', 'total', 'submitted_at',
                   'duration_ms', 'prediction', 'number')
  end
  for j = 1, 9 do out[#out + 1] = r[j] or '' end
end
return out
