// --redis / REDIS_URL parsing.
#include <gtest/gtest.h>

#include "store/redis_url.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace redis_url_test {

using namespace rq::store;

RedisEndpoint ok(std::string_view url) {
  auto parsed = parse_redis_url(url);
  EXPECT_TRUE(std::holds_alternative<RedisEndpoint>(parsed)) << url;
  return std::holds_alternative<RedisEndpoint>(parsed) ? std::get<RedisEndpoint>(parsed) : RedisEndpoint{};
}
std::string error(std::string_view url) {
  auto parsed = parse_redis_url(url);
  EXPECT_TRUE(std::holds_alternative<RedisUrlError>(parsed)) << url;
  return std::holds_alternative<RedisUrlError>(parsed) ? std::get<RedisUrlError>(parsed).message : "";
}

TEST(RedisUrl, HostPortAndDb) {
  auto ep = ok("redis://10.0.0.5:6380/3");
  EXPECT_EQ(ep.host, "10.0.0.5");
  EXPECT_EQ(ep.port, 6380);
  EXPECT_EQ(ep.db, 3);
  EXPECT_TRUE(ep.password.empty());
}

TEST(RedisUrl, DefaultsArePort6379AndDb0) {
  auto ep = ok("redis://localhost");
  EXPECT_EQ(ep.host, "localhost");
  EXPECT_EQ(ep.port, 6379);
  EXPECT_EQ(ep.db, 0);
}

TEST(RedisUrl, PasswordAloneAndUserWithPassword) {
  auto a = ok("redis://:s3cret@127.0.0.1:6379/0");
  EXPECT_EQ(a.username, "");
  EXPECT_EQ(a.password, "s3cret");
  auto b = ok("redis://app:pw@127.0.0.1");
  EXPECT_EQ(b.username, "app");
  EXPECT_EQ(b.password, "pw");
}

TEST(RedisUrl, Ipv6InBrackets) {
  auto ep = ok("redis://[::1]:7000");
  EXPECT_EQ(ep.host, "::1");
  EXPECT_EQ(ep.port, 7000);
}

TEST(RedisUrl, BadUrlsSayWhatIsWrong) {
  EXPECT_EQ(error("http://x"), "a Redis URL starts with redis://, redis+sentinel:// or redis+cluster:// (got \"http://x\")");
  EXPECT_EQ(error("rediss://x"), "TLS to Redis (rediss://) is not supported");
  EXPECT_EQ(error("redis://x:99999"), "the port must be 1 to 65535 (got \"99999\")");
  EXPECT_EQ(error("redis://x:6379/16"), "the database number must be 0 to 15 (got \"16\")");
  EXPECT_EQ(error("redis://:6379"), "the Redis URL has no host");
}

TEST(RedisUrl, SentinelsWithTheirDefaultPortTheMasterAndTheDb) {
  auto ep = ok("redis+sentinel://:pw@10.0.0.1,10.0.0.2:26380,[::1]/reformquiz/2");
  EXPECT_EQ(ep.topology, RedisTopology::sentinel);
  ASSERT_EQ(ep.nodes.size(), 3u);
  EXPECT_EQ(ep.nodes[0], (RedisNode{"10.0.0.1", 26379}));
  EXPECT_EQ(ep.nodes[1], (RedisNode{"10.0.0.2", 26380}));
  EXPECT_EQ(ep.nodes[2], (RedisNode{"::1", 26379}));
  EXPECT_EQ(ep.master_name, "reformquiz");
  EXPECT_EQ(ep.db, 2);
  EXPECT_EQ(ep.password, "pw");
  EXPECT_EQ(ok("redis+sentinel://s1/m").db, 0);
  EXPECT_EQ(error("redis+sentinel://s1:26379"),
            "a redis+sentinel:// URL names the master after the hosts: redis+sentinel://host:26379/<master>");
  EXPECT_EQ(error("redis+sentinel://s1,s2:0/m"), "the port must be 1 to 65535 (got \"0\")");
}

TEST(RedisUrl, ClusterNodesAndDatabaseZeroOnly) {
  auto ep = ok("redis+cluster://127.0.0.1:7000,127.0.0.1:7001");
  EXPECT_EQ(ep.topology, RedisTopology::cluster);
  ASSERT_EQ(ep.nodes.size(), 2u);
  EXPECT_EQ(ep.nodes[1], (RedisNode{"127.0.0.1", 7001}));
  EXPECT_EQ(error("redis+cluster://h:7000/3"), "Redis Cluster has database 0 only (got 3)");
  EXPECT_EQ(error("redis+cluster://h:7000,"), "the Redis URL has no host");
  EXPECT_EQ(error("redis://a,b"), "a redis:// URL names one host; for several use redis+sentinel:// or redis+cluster://");
}

TEST(RedisUrl, RedactedHidesThePassword) {
  EXPECT_EQ(redacted(ok("redis+sentinel://:pw@a,b:2/m/1")), "redis+sentinel://:***@a:26379,b:2/m/1");
  EXPECT_EQ(redacted(ok("redis+cluster://a:1,b:2")), "redis+cluster://a:1,b:2");
  EXPECT_EQ(redacted(ok("redis://:s3cret@h:1/2")), "redis://:***@h:1/2");
  EXPECT_EQ(redacted(ok("redis://h")), "redis://h:6379/0");
}

}  // namespace redis_url_test
