#include "store/redis_url.hpp"

#include <charconv>

namespace rq::store {
namespace {

bool parse_int(std::string_view text, long min, long max, long& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size() && out >= min && out <= max;
}

// "host", "host:port", "[v6]" or "[v6]:port".
std::variant<RedisNode, RedisUrlError> parse_node(std::string_view hostport, std::uint16_t default_port) {
  RedisNode node;
  node.port = default_port;
  std::string_view host = hostport;
  std::string_view port_text;
  bool has_port = false;
  if (!hostport.empty() && hostport.front() == '[') {  // [::1]:6379
    auto close = hostport.find(']');
    if (close == std::string_view::npos) return RedisUrlError{"an IPv6 host must be closed with ]"};
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return RedisUrlError{"unexpected text after the IPv6 host"};
      port_text = after.substr(1);
      has_port = true;
    }
  } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port_text = hostport.substr(colon + 1);
    has_port = true;
  }
  if (has_port) {
    long port = 0;
    if (!parse_int(port_text, 1, 65535, port)) {
      return RedisUrlError{"the port must be 1 to 65535 (got \"" + std::string(port_text) + "\")"};
    }
    node.port = static_cast<std::uint16_t>(port);
  }
  if (host.empty()) return RedisUrlError{"the Redis URL has no host"};
  node.host = std::string(host);
  return node;
}

std::optional<RedisUrlError> parse_db(std::string_view text, int& db) {
  long n = 0;
  if (text.empty()) return std::nullopt;
  if (!parse_int(text, 0, 15, n)) return RedisUrlError{"the database number must be 0 to 15 (got \"" + std::string(text) + "\")"};
  db = static_cast<int>(n);
  return std::nullopt;
}

}  // namespace

std::string to_string(const RedisNode& node) {
  bool v6 = node.host.find(':') != std::string::npos;
  return (v6 ? "[" + node.host + "]" : node.host) + ":" + std::to_string(node.port);
}

std::variant<RedisEndpoint, RedisUrlError> parse_redis_url(std::string_view url) {
  RedisEndpoint ep;
  std::string_view rest;
  for (auto [scheme, topology] : {std::pair{std::string_view("redis://"), RedisTopology::single},
                                  std::pair{std::string_view("redis+sentinel://"), RedisTopology::sentinel},
                                  std::pair{std::string_view("redis+cluster://"), RedisTopology::cluster}}) {
    if (url.substr(0, scheme.size()) == scheme) {
      ep.topology = topology;
      rest = url.substr(scheme.size());
      break;
    }
  }
  if (rest.data() == nullptr) {
    if (url.substr(0, 9) == "rediss://") return RedisUrlError{"TLS to Redis (rediss://) is not supported"};
    return RedisUrlError{"a Redis URL starts with redis://, redis+sentinel:// or redis+cluster:// (got \"" +
                         std::string(url) + "\")"};
  }

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

  std::string_view hosts = rest;
  std::string_view path;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    hosts = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }

  std::uint16_t default_port = ep.topology == RedisTopology::sentinel ? 26379 : 6379;
  std::size_t from = 0;
  for (;;) {
    auto comma = hosts.find(',', from);
    auto one = hosts.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
    auto node = parse_node(one, default_port);
    if (auto* e = std::get_if<RedisUrlError>(&node)) return *e;
    ep.nodes.push_back(std::get<RedisNode>(node));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }

  switch (ep.topology) {
    case RedisTopology::single:
      if (ep.nodes.size() != 1) return RedisUrlError{"a redis:// URL names one host; for several use redis+sentinel:// or redis+cluster://"};
      if (auto e = parse_db(path, ep.db)) return *e;
      break;
    case RedisTopology::sentinel: {
      auto slash = path.find('/');
      ep.master_name = std::string(path.substr(0, slash));
      if (ep.master_name.empty()) {
        return RedisUrlError{"a redis+sentinel:// URL names the master after the hosts: redis+sentinel://host:26379/<master>"};
      }
      if (slash != std::string_view::npos) {
        if (auto e = parse_db(path.substr(slash + 1), ep.db)) return *e;
      }
      break;
    }
    case RedisTopology::cluster:
      if (auto e = parse_db(path, ep.db)) return *e;
      if (ep.db != 0) return RedisUrlError{"Redis Cluster has database 0 only (got " + std::to_string(ep.db) + ")"};
      break;
  }
  ep.host = ep.nodes.front().host;
  ep.port = ep.nodes.front().port;
  return ep;
}

std::string redacted(const RedisEndpoint& ep) {
  static constexpr const char* kSchemes[] = {"redis://", "redis+sentinel://", "redis+cluster://"};
  std::string out = kSchemes[static_cast<int>(ep.topology)];
  if (!ep.password.empty()) out += (ep.username.empty() ? "" : ep.username) + ":***@";
  std::vector<RedisNode> nodes = ep.nodes.empty() ? std::vector<RedisNode>{{ep.host, ep.port}} : ep.nodes;
  for (std::size_t i = 0; i < nodes.size(); ++i) out += (i ? "," : "") + to_string(nodes[i]);
  if (ep.topology == RedisTopology::sentinel) out += "/" + ep.master_name;
  if (ep.topology != RedisTopology::cluster) out += "/" + std::to_string(ep.db);
  return out;
}

}  // namespace rq::store
