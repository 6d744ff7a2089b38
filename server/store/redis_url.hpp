// Where Redis is: redis://[[user]:password@]host[:port][/db], the form of the
// --redis flag and REDIS_URL. Parsed once at start; a bad URL is an error that
// names what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace rq::store {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  int db = 0;
  std::string username;  // empty: AUTH with the password alone (Redis < 6 style)
  std::string password;  // empty: no AUTH
};

struct RedisUrlError {
  std::string message;
};

std::variant<RedisEndpoint, RedisUrlError> parse_redis_url(std::string_view url);

// The URL without its password, for logs.
std::string redacted(const RedisEndpoint& endpoint);

}  // namespace rq::store
