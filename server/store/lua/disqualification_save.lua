#!lua
-- disqualification_save: the organiser disqualifies a person or one entry,
-- or lifts a disqualification, with the audit event in the same step. A
-- record is never deleted: lifting stamps it, so `results verify` can tell
-- which disqualifications were in force when a result was computed.
--
-- KEYS[1] rq:{c}:disqualified     hash "person:<id>" | "entry:<attempt id>" -> JSON record
-- KEYS[2] rq:{c}:events
-- KEYS[3] rq:{c}:participant:<id> or rq:{c}:attempt:<id>   the target, which must exist
-- KEYS[4] rq:{c}:disqualified:changed_at   the latest change's time, which publishing checks drafts against
-- ARGV[1] "disqualify" | "lift"   ARGV[2] "person" | "entry"   ARGV[3] target id
-- ARGV[4] reason (disqualify)     ARGV[5] organiser
-- Returns {"ok", now, record JSON} | {"error", code, now}; codes: not_found (no such target),
-- not_submitted (an entry still running), already (disqualified and not lifted), not_disqualified.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local field = ARGV[2] .. ':' .. ARGV[3]
local current = redis.call('HGET', KEYS[1], field)
local record = current and cjson.decode(current) or nil
local in_force = record ~= nil and record.lifted_at == nil

if ARGV[1] == 'lift' then
  if not in_force then return {'error', 'not_disqualified', now} end
  record.lifted_at = now
  record.lifted_by = ARGV[5]
  local encoded = cjson.encode(record)
  redis.call('HSET', KEYS[1], field, encoded)
  redis.call('SET', KEYS[4], now)
  redis.call('XADD', KEYS[2], '*', 'type', 'disqualification_lifted', 'kind', ARGV[2], 'target', ARGV[3],
             'organiser', ARGV[5], 'at', now)
  return {'ok', now, encoded}
end

if in_force then return {'error', 'already', now} end
local round = ''
local participant = ARGV[3]
if ARGV[2] == 'entry' then
  local a = redis.call('HMGET', KEYS[3], 'participant', 'round', 'status')
  if not a[1] then return {'error', 'not_found', now} end
  if a[3] == 'running' then return {'error', 'not_submitted', now} end
  participant = a[1]
  round = a[2] or ''
elseif redis.call('EXISTS', KEYS[3]) == 0 then
  return {'error', 'not_found', now}
end
record = {kind = ARGV[2], target = ARGV[3], participant = participant, round = round, reason = ARGV[4],
          by = ARGV[5], at = now}
local encoded = cjson.encode(record)
redis.call('HSET', KEYS[1], field, encoded)
redis.call('SET', KEYS[4], now)
redis.call('XADD', KEYS[2], '*', 'type', 'disqualified', 'kind', ARGV[2], 'target', ARGV[3],
           'participant', participant, 'round', round, 'reason', ARGV[4], 'organiser', ARGV[5], 'at', now)
return {'ok', now, encoded}
