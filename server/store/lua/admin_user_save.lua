#!lua
-- admin_user_save: creates an organiser account, or sets a new password for
-- one, in one step. A new password raises the account's session generation,
-- which ends every session opened before it (a session carries the
-- generation it was opened in; AdminRepository::session_user compares).
--
-- A new account gets its role and contests (core/security/organiser_role.hpp);
-- a new password leaves them as they are.
--
-- KEYS[1] rq:admin:user:<username>
-- ARGV[1] the scrypt hash   ARGV[2] now, ms   ARGV[3] "add" (refused if the account exists) or "replace"
-- ARGV[4] role of a new account   ARGV[5] its contests, comma separated
-- Returns {"created"|"replaced"|"exists", the account's generation now}.
local exists = redis.call('EXISTS', KEYS[1]) == 1
if exists and ARGV[3] == 'add' then return {'exists', 0} end
redis.call('HSET', KEYS[1], 'password', ARGV[1], 'updated_at', ARGV[2])
if exists then return {'replaced', redis.call('HINCRBY', KEYS[1], 'generation', 1)} end
redis.call('HSET', KEYS[1], 'generation', 0, 'role', ARGV[4] or 'admin', 'contests', ARGV[5] or '')
return {'created', 0}
