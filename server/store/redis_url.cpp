#include "store/redis_url.hpp"

#include <charconv>

namespace rq::store {
namespace {

bool parse_int(std::string_view text, long min, long max, long& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size() && out >= min && out <= max;
}

}  // namespace

std::variant<RedisEndpoint, RedisUrlError> parse_redis_url(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (url.substr(0, scheme.size()) != scheme) {
    if (url.substr(0, 9) == "rediss://") return RedisUrlError{"TLS to Redis (rediss://) is not supported"};
    return RedisUrlError{"a Redis URL starts with redis:// (got \"" + std::string(url) + "\")"};
  }
  RedisEndpoint ep;
  std::string_view rest = url.substr(scheme.size());

  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      ep.username = std::string(userinfo.substr(0, colon));
      ep.password = std::string(userinfo.substr(colon + 1));
    } else {
      ep.password = std::string(userinfo);
    }
  }

  std::string_view hostport = rest;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    hostport = rest.substr(0, slash);
    std::string_view db = rest.substr(slash + 1);
    long n = 0;
    if (!db.empty()) {
      if (!parse_int(db, 0, 15, n)) return RedisUrlError{"the database number must be 0 to 15 (got \"" + std::string(db) + "\")"};
      ep.db = static_cast<int>(n);
    }
  }

  std::string_view host = hostport;
  if (!hostport.empty() && hostport.front() == '[') {  // [::1]:6379
    auto close = hostport.find(']');
    if (close == std::string_view::npos) return RedisUrlError{"an IPv6 host must be closed with ]"};
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return RedisUrlError{"unexpected text after the IPv6 host"};
      long port = 0;
      if (!parse_int(after.substr(1), 1, 65535, port)) return RedisUrlError{"the port must be 1 to 65535"};
      ep.port = static_cast<std::uint16_t>(port);
    }
  } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    long port = 0;
    if (!parse_int(hostport.substr(colon + 1), 1, 65535, port)) {
      return RedisUrlError{"the port must be 1 to 65535 (got \"" + std::string(hostport.substr(colon + 1)) + "\")"};
    }
    ep.port = static_cast<std::uint16_t>(port);
  }
  if (host.empty()) return RedisUrlError{"the Redis URL has no host"};
  ep.host = std::string(host);
  return ep;
}

std::string redacted(const RedisEndpoint& ep) {
  std::string out = "redis://";
  if (!ep.password.empty()) out += (ep.username.empty() ? "" : ep.username) + ":***@";
  bool v6 = ep.host.find(':') != std::string::npos;
  out += v6 ? "[" + ep.host + "]" : ep.host;
  out += ":" + std::to_string(ep.port) + "/" + std::to_string(ep.db);
  return out;
}

}  // namespace rq::store
