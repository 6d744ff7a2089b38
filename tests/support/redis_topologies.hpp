// The Redis shapes past one server, for integration tests, each made of real
// redis-server processes on free ports of 127.0.0.1:
//  - SentinelGroup: a primary, one replica and three Sentinels watching them,
//    with a short down-after so a test's failover takes a few seconds;
//  - RedisClusterGroup: three cluster-enabled primaries joined with
//    `redis-cli --cluster create`, with the steps of a slot migration so a
//    test can move a contest's slot while its round runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "redis_process.hpp"

namespace rq::test {

// Runs redis-cli with the arguments against 127.0.0.1:port (with -c, following
// cluster redirects) and returns what it printed, without the last newline.
std::string redis_cli(std::uint16_t port, std::vector<std::string> args, bool cluster = false);

class SentinelGroup {
 public:
  static constexpr const char* kMaster = "mymaster";
  // replica_args: further redis-server arguments of the replica only.
  explicit SentinelGroup(std::vector<std::string> primary_args = {}, std::vector<std::string> replica_args = {});
  ~SentinelGroup();

  // redis+sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/mymaster/db
  std::string url(int db = 0) const;
  // The port the Sentinels name as the primary now (0 when they do not answer).
  std::uint16_t primary_port() const;
  RedisProcess& primary();   // the server that is the primary now
  RedisProcess& replica();   // the other one
  // Kills the primary with SIGKILL and waits until the Sentinels have promoted
  // the replica and it accepts writes. Returns the new primary's port.
  std::uint16_t fail_over();
  // Starts the old primary again and waits until the Sentinels have turned it
  // into a replica of the new one (about ten seconds).
  void rejoin();
  // Waits until the replica has caught up with everything the primary wrote.
  void wait_replica_synced();

 private:
  std::unique_ptr<RedisProcess> a_, b_;
  TempDir dir_;
  std::vector<std::uint16_t> sentinel_ports_;
  std::vector<std::unique_ptr<ChildProcess>> sentinels_;
};

class RedisClusterGroup {
 public:
  RedisClusterGroup();

  // redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3
  std::string url() const;
  std::uint16_t port(std::size_t node) const { return nodes_[node]->port(); }
  std::size_t size() const { return nodes_.size(); }
  RedisProcess& node(std::size_t i) { return *nodes_[i]; }
  // redis-cli -c against the first node: commands reach the key's owner.
  std::string cli(std::vector<std::string> args) const { return redis_cli(port(0), std::move(args), true); }

  int slot_of(const std::string& key) const;
  // The index of the node that owns the slot now.
  std::size_t owner_of(int slot) const;

  // A slot migration in its three steps (as redis-cli --cluster reshard does
  // them): mark the slot migrating on its owner and importing on the target,
  // move up to `count` of its keys (MIGRATE), then give the slot to the target
  // on every node. Between the first and the last, commands on the slot get
  // ASK or TRYAGAIN.
  void begin_migration(int slot, std::size_t to);
  // Moves up to count keys; returns how many it moved.
  std::size_t migrate_keys(int slot, std::size_t count);
  void finish_migration(int slot);

 private:
  std::string node_id(std::size_t i) const;
  void wait_cluster_ok() const;
  std::vector<std::unique_ptr<RedisProcess>> nodes_;
  std::size_t migration_from_ = 0, migration_to_ = 0;
};

}  // namespace rq::test
