// A Redis reply as a plain value, copied out of hiredis' redisReply so that it
// can outlive the callback that hiredis frees it after.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct redisReply;

namespace rq::store {

struct RedisReply {
  enum class Kind { nil, integer, string, status, error, array };
  Kind kind = Kind::nil;
  long long integer = 0;
  std::string str;  // string, status and error replies
  std::vector<RedisReply> elements;

  bool is_error() const { return kind == Kind::error; }
  bool is_nil() const { return kind == Kind::nil; }

  static RedisReply from_hiredis(const redisReply& r);
};

// Why a command has no reply. A reply that is a Redis error (WRONGTYPE, a Lua
// error…) is not a failure: it arrives as a RedisReply of kind error.
enum class RedisFailure {
  none,
  unavailable,  // not connected, or the connection was lost before the reply
  timeout,      // no reply before the command's deadline
};

struct RedisResult {
  RedisFailure failure = RedisFailure::none;
  RedisReply reply;  // meaningful only when failure == none

  bool ok() const { return failure == RedisFailure::none && !reply.is_error(); }
};

const char* to_string(RedisFailure f);

// An error reply that means "not now, try again": READONLY (a primary that
// became a replica), NOREPLICAS (too few replicas to write), MASTERDOWN,
// LOADING, BUSY, CLUSTERDOWN, TRYAGAIN (keys of a slot being moved), and the
// client's own "replicas did not confirm" (see RedisClientOptions). Moved
// and asked slots never reach callers: the client follows them.
bool is_transient_error(const RedisReply& reply);

}  // namespace rq::store
