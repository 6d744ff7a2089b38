#include "redis_topologies.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rq::test {

std::string redis_cli(std::uint16_t port, std::vector<std::string> args, bool cluster) {
  std::vector<std::string> argv{"redis-cli", "-h", "127.0.0.1", "-p", std::to_string(port)};
  if (cluster) argv.push_back("-c");
  argv.insert(argv.end(), args.begin(), args.end());
  auto out = run_command(argv).output;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// A test's Sentinels judge a primary down after one second without an answer
// and may start the next failover three seconds after a failed one: the
// defaults (30 s, 3 min) would make every test wait minutes.
void write_sentinel_config(const std::filesystem::path& file, std::uint16_t port, std::uint16_t primary,
                           const std::filesystem::path& dir) {
  std::ofstream(file) << "port " << port << "\nbind 127.0.0.1\nprotected-mode no\ndaemonize no\n"
                      << "dir " << dir.string() << "\n"
                      << "sentinel monitor " << SentinelGroup::kMaster << " 127.0.0.1 " << primary << " 2\n"
                      << "sentinel down-after-milliseconds " << SentinelGroup::kMaster << " 1000\n"
                      << "sentinel failover-timeout " << SentinelGroup::kMaster << " 3000\n"
                      << "sentinel parallel-syncs " << SentinelGroup::kMaster << " 1\n";
}

}  // namespace

SentinelGroup::SentinelGroup(std::vector<std::string> primary_args, std::vector<std::string> replica_args) {
  a_ = std::make_unique<RedisProcess>(primary_args);
  replica_args.insert(replica_args.end(), {"--replicaof", "127.0.0.1", std::to_string(a_->port())});
  b_ = std::make_unique<RedisProcess>(replica_args);
  for (int i = 0; i < 3; ++i) {
    auto port = free_port();
    auto folder = dir_.path() / ("sentinel-" + std::to_string(i));
    std::filesystem::create_directories(folder);
    write_sentinel_config(folder / "sentinel.conf", port, a_->port(), folder);
    auto process = std::make_unique<ChildProcess>();
    process->start({"redis-server", (folder / "sentinel.conf").string(), "--sentinel"}, folder / "sentinel.log");
    sentinel_ports_.push_back(port);
    sentinels_.push_back(std::move(process));
  }
  // Ready when every Sentinel knows the replica and the two other Sentinels:
  // only then can they agree on a failover.
  bool ready = eventually(std::chrono::seconds(20), [&] {
    for (auto port : sentinel_ports_) {
      auto replicas = redis_cli(port, {"SENTINEL", "replicas", kMaster});
      auto others = redis_cli(port, {"SENTINEL", "sentinels", kMaster});
      if (replicas.find(std::to_string(b_->port())) == std::string::npos) return false;
      int known = 0;
      for (auto other : sentinel_ports_) {
        if (other != port && others.find(std::to_string(other)) != std::string::npos) ++known;
      }
      if (known < 2) return false;
    }
    return true;
  });
  if (!ready) throw std::runtime_error("the Sentinels did not see the replica and each other within 20 s");
  wait_replica_synced();
}

SentinelGroup::~SentinelGroup() {
  for (auto& s : sentinels_) s->kill();
}

std::string SentinelGroup::url(int db) const {
  std::string hosts;
  for (auto port : sentinel_ports_) hosts += (hosts.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(port);
  return "redis+sentinel://" + hosts + "/" + kMaster + "/" + std::to_string(db);
}

std::uint16_t SentinelGroup::primary_port() const {
  for (auto port : sentinel_ports_) {
    auto lines = lines_of(redis_cli(port, {"SENTINEL", "get-master-addr-by-name", kMaster}));
    if (lines.size() == 2) return static_cast<std::uint16_t>(std::stoi(lines[1]));
  }
  return 0;
}

RedisProcess& SentinelGroup::primary() { return primary_port() == b_->port() ? *b_ : *a_; }
RedisProcess& SentinelGroup::replica() { return primary_port() == b_->port() ? *a_ : *b_; }

std::uint16_t SentinelGroup::fail_over() {
  auto& old_primary = primary();
  auto& promoted = replica();
  old_primary.crash();
  bool switched = eventually(std::chrono::seconds(30), [&] {
    return primary_port() == promoted.port() && promoted.command("ROLE").find("master") != std::string::npos;
  });
  if (!switched) throw std::runtime_error("the Sentinels did not promote the replica within 30 s");
  return promoted.port();
}

void SentinelGroup::rejoin() {
  auto& old_primary = replica();
  if (!old_primary.running()) old_primary.start();
  // The Sentinels see the old primary back and make it a replica of the new one.
  bool rejoined = eventually(std::chrono::seconds(30), [&] {
    return old_primary.command("ROLE").find("slave") != std::string::npos;
  });
  if (!rejoined) throw std::runtime_error("the old primary did not rejoin as a replica within 30 s");
}

void SentinelGroup::wait_replica_synced() {
  // WAIT on the primary returns once the replica acknowledged every write so far.
  auto& p = primary();
  bool synced = eventually(std::chrono::seconds(20), [&] {
    return redis_cli(p.port(), {"WAIT", "1", "1000"}) == "1";
  });
  if (!synced) throw std::runtime_error("the replica did not catch up within 20 s");
}

RedisClusterGroup::RedisClusterGroup() {
  std::vector<std::string> hosts;
  for (int i = 0; i < 3; ++i) {
    // The cluster bus would listen on the port + 10000, which for a free
    // port from the ephemeral range may be taken or past 65535: it gets a
    // free port of its own.
    nodes_.push_back(std::make_unique<RedisProcess>(std::vector<std::string>{
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
        "--cluster-port", std::to_string(free_port())}));
    hosts.push_back("127.0.0.1:" + std::to_string(nodes_.back()->port()));
  }
  std::vector<std::string> create{"redis-cli", "--cluster", "create"};
  create.insert(create.end(), hosts.begin(), hosts.end());
  create.push_back("--cluster-yes");
  auto made = run_command(create);
  if (made.exit_code != 0) throw std::runtime_error("redis-cli --cluster create failed: " + made.output);
  wait_cluster_ok();
}

std::string RedisClusterGroup::url() const {
  std::string hosts;
  for (const auto& n : nodes_) hosts += (hosts.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(n->port());
  return "redis+cluster://" + hosts;
}

void RedisClusterGroup::wait_cluster_ok() const {
  bool ok = eventually(std::chrono::seconds(20), [&] {
    for (const auto& n : nodes_) {
      if (n->command("CLUSTER INFO").find("cluster_state:ok") == std::string::npos) return false;
    }
    return true;
  });
  if (!ok) throw std::runtime_error("the cluster did not reach cluster_state:ok within 20 s");
}

int RedisClusterGroup::slot_of(const std::string& key) const {
  return std::stoi(redis_cli(port(0), {"CLUSTER", "KEYSLOT", key}));
}

std::string RedisClusterGroup::node_id(std::size_t i) const { return redis_cli(port(i), {"CLUSTER", "MYID"}); }

std::size_t RedisClusterGroup::owner_of(int slot) const {
  // CLUSTER NODES: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch>
  // <link> <slot ranges…>", ranges like 0-5460 or 42; migrations in brackets.
  for (const auto& line : lines_of(redis_cli(port(0), {"CLUSTER", "NODES"}))) {
    std::istringstream fields(line);
    std::string id, address, skip;
    fields >> id >> address;
    for (int i = 0; i < 6; ++i) fields >> skip;
    std::string range;
    while (fields >> range) {
      if (range.front() == '[') continue;
      auto dash = range.find('-');
      int first = std::stoi(range.substr(0, dash));
      int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
      if (slot < first || slot > last) continue;
      auto node_port = address.substr(address.find(':') + 1, address.find('@') - address.find(':') - 1);
      for (std::size_t n = 0; n < nodes_.size(); ++n) {
        if (std::to_string(port(n)) == node_port) return n;
      }
    }
  }
  throw std::runtime_error("no node owns slot " + std::to_string(slot));
}

void RedisClusterGroup::begin_migration(int slot, std::size_t to) {
  migration_from_ = owner_of(slot);
  migration_to_ = to;
  auto s = std::to_string(slot);
  redis_cli(port(to), {"CLUSTER", "SETSLOT", s, "IMPORTING", node_id(migration_from_)});
  redis_cli(port(migration_from_), {"CLUSTER", "SETSLOT", s, "MIGRATING", node_id(to)});
}

std::size_t RedisClusterGroup::migrate_keys(int slot, std::size_t count) {
  auto keys = lines_of(redis_cli(port(migration_from_),
                                 {"CLUSTER", "GETKEYSINSLOT", std::to_string(slot), std::to_string(count)}));
  if (keys.empty()) return 0;
  std::vector<std::string> migrate{"MIGRATE", "127.0.0.1", std::to_string(port(migration_to_)), "", "0", "5000", "KEYS"};
  migrate.insert(migrate.end(), keys.begin(), keys.end());
  auto reply = redis_cli(port(migration_from_), migrate);
  if (reply != "OK") throw std::runtime_error("MIGRATE failed: " + reply);
  return keys.size();
}

void RedisClusterGroup::finish_migration(int slot) {
  while (migrate_keys(slot, 100) > 0) {
  }
  auto s = std::to_string(slot);
  auto target = node_id(migration_to_);
  // The target first, so the slot is never without an owner that takes it.
  redis_cli(port(migration_to_), {"CLUSTER", "SETSLOT", s, "NODE", target});
  redis_cli(port(migration_from_), {"CLUSTER", "SETSLOT", s, "NODE", target});
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    if (n != migration_to_ && n != migration_from_) redis_cli(port(n), {"CLUSTER", "SETSLOT", s, "NODE", target});
  }
  bool agreed = eventually(std::chrono::seconds(10), [&] { return owner_of(slot) == migration_to_; });
  if (!agreed) throw std::runtime_error("the nodes did not agree on the slot's new owner");
}

}  // namespace rq::test
