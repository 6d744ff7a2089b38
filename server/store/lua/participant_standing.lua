-- participant_standing: a participant's standing in each round asked about:
-- attempts used, the attempt still running (only while its deadline is ahead;
-- an overdue one is the sweeper's to close), and the result of the attempt
-- that counts so far. Lets a page that reloads resume an entry without
-- starting a new one. Reads only; by Redis' clock.
--
-- KEYS[i] rq:{c}:round:<r_i>:person:<p>
-- ARGV[1] the contest's attempt key prefix "rq:{c}:attempt:"
-- Returns, per round, 13 values: count, running id|"", running deadline, counted id|"", and the
-- counted attempt's status, score, max_score, correct, total, submitted_at, duration_ms,
-- prediction|"", number.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS do
  local p = redis.call('HMGET', KEYS[i], 'count', 'running', 'counted')
  local running, deadline = '', 0
  if p[2] then
    deadline = tonumber(redis.call('HGET', ARGV[1] .. p[2], 'deadline') or '0')
    if deadline > now then running = p[2] else deadline = 0 end
  end
  out[#out + 1] = tonumber(p[1] or '0')
  out[#out + 1] = running
  out[#out + 1] = deadline
  out[#out + 1] = p[3] or ''
  local r = {}
  if p[3] then
    r = redis.call('HMGET', ARGV[1] .. p[3], 'status', 'score', 'max_score', 'correct', 'total', 'submitted_at',
                   'duration_ms', 'prediction', 'number')
  end
  for j = 1, 9 do out[#out + 1] = r[j] or '' end
end
return out
