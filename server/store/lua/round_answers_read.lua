#!lua flags=no-writes
-- round_answers_read: the answers of a batch of a round's entries, for the
-- organiser's reviews (item statistics, suspected duplicates). One script
-- per batch of about two hundred attempts; each reply element is one
-- attempt's fields as a JSON object, only those a review reads: what was
-- shown (o:, m:), what is right (c:), what was chosen (a:) and when (t:),
-- and the entry's timing, score and bank.
--
-- KEYS[i] rq:{c}:attempt:<id_i>   (reads only)
local wanted = {participant = true, started_at = true, submitted_at = true, score = true, max_score = true,
                qids = true, bank = true}
local out = {}
for i = 1, #KEYS do
  local h = redis.call('HGETALL', KEYS[i])
  local fields = {}
  for j = 1, #h, 2 do
    local k = h[j]
    local p = string.sub(k, 1, 2)
    if wanted[k] or p == 'o:' or p == 'm:' or p == 'c:' or p == 'a:' or p == 't:' then fields[k] = h[j + 1] end
  end
  out[#out + 1] = cjson.encode(fields)
end
return out
