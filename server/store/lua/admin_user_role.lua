#!lua
-- admin_user_role: sets an organiser account's role and contests. The
-- account's sessions stay open: every request reads the role anew, so the
-- change holds from the next request on.
--
-- KEYS[1] rq:admin:user:<username>
-- ARGV[1] role   ARGV[2] contests, comma separated   ARGV[3] now, ms
-- Returns "ok" or "not_found".
if redis.call('EXISTS', KEYS[1]) == 0 then return 'not_found' end
redis.call('HSET', KEYS[1], 'role', ARGV[1], 'contests', ARGV[2], 'updated_at', ARGV[3])
return 'ok'
