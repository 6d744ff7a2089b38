// The real reformquiz-server binary for one test: started on 127.0.0.1 port
// 0 (the system picks a free port, which the gateway logs), against a given
// Redis and web folder, and stopped by the test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"

namespace rq::test {

// The path of the built binaries, set by tests/CMakeLists.txt.
std::string server_binary();
std::string cli_binary();
std::filesystem::path source_dir();

// Fails the test when a process's output holds an AddressSanitizer,
// LeakSanitizer or UndefinedBehaviorSanitizer report (the asan build).
void expect_no_sanitizer_report(const std::string& output, const std::string& who);

// The options of a stored choice list ("a,c" -> ["a","c"]), as the attempt
// hash keeps a question's right options; for tests that answer right.
nlohmann::json split_choices(const std::string& stored);

class GatewayProcess {
 public:
  // Returns once the gateway listens and, unless wait_for_redis is false,
  // once it has connected to Redis, so tests start from a ready gateway.
  GatewayProcess(std::string redis_url, std::filesystem::path web_root, std::vector<std::string> extra_args = {},
                 bool wait_for_redis = true);
  ~GatewayProcess();

  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return process_; }
  std::string log() const { return process_.output(); }
  // Every log line, parsed; a line that is not JSON makes the test fail.
  std::vector<nlohmann::json> log_lines() const;
  // Waits (up to 10 s) until the gateway has logged "redis subscribed": from
  // then on it receives the pushes other gateways publish.
  bool wait_subscribed() const;

 private:
  TempDir dir_;
  ChildProcess process_;
  std::uint16_t port_ = 0;
};

}  // namespace rq::test
