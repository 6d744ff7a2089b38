// Where Redis is, the form of the --redis flag and REDIS_URL. Parsed once at
// start; a bad URL is an error that names what is wrong.
//
//   redis://[[user]:password@]host[:port][/db]                      one Redis
//   redis+sentinel://[[user]:password@]host[:port],host[:port],…/<master>[/db]
//       the Sentinels (port 26379 unless given) to ask for the primary of
//       <master>; the password is the data nodes', Sentinels take none
//   redis+cluster://[[user]:password@]host[:port],host[:port],…      Redis Cluster
//       any nodes of the cluster to learn its slots from (database 0 only)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rq::store {

struct RedisNode {
  std::string host;
  std::uint16_t port = 6379;
  bool operator==(const RedisNode&) const = default;
};

// "host:port", "[v6]:port".
std::string to_string(const RedisNode& node);

enum class RedisTopology { single, sentinel, cluster };

struct RedisEndpoint {
  RedisTopology topology = RedisTopology::single;
  std::string host = "127.0.0.1";  // single: the server
  std::uint16_t port = 6379;
  std::vector<RedisNode> nodes;  // sentinel: the Sentinels; cluster: the nodes to start from
  std::string master_name;       // sentinel: the name the Sentinels monitor
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
