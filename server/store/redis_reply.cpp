#include "store/redis_reply.hpp"

#include <hiredis/hiredis.h>

namespace rq::store {

RedisReply RedisReply::from_hiredis(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_STRING:
      out.kind = Kind::string;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STATUS:
      out.kind = Kind::status;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      out.kind = Kind::error;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = Kind::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = Kind::array;
      out.elements.reserve(r.elements);
      for (size_t i = 0; i < r.elements; ++i) out.elements.push_back(from_hiredis(*r.element[i]));
      break;
    default:
      out.kind = Kind::nil;
      break;
  }
  return out;
}

const char* to_string(RedisFailure f) {
  switch (f) {
    case RedisFailure::none: return "none";
    case RedisFailure::unavailable: return "unavailable";
    case RedisFailure::timeout: return "timeout";
  }
  return "unknown";
}

bool is_transient_error(const RedisReply& reply) {
  if (!reply.is_error()) return false;
  for (const char* prefix : {"READONLY", "NOREPLICAS", "MASTERDOWN", "LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN",
                             "NOTCONFIRMED"}) {
    if (reply.str.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace rq::store
