#include "gateway_process.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace rq::test {

std::string server_binary() { return REFORMQUIZ_SERVER_BIN; }
std::string cli_binary() { return REFORMQUIZ_CLI_BIN; }
std::filesystem::path source_dir() { return REFORMQUIZ_SOURCE_DIR; }

void expect_no_sanitizer_report(const std::string& output, const std::string& who) {
  for (const char* mark : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"}) {
    auto at = output.find(mark);
    if (at != std::string::npos) {
      ADD_FAILURE() << who << " reported a sanitizer error:\n" << output.substr(at > 2000 ? at - 2000 : 0, 12000);
      return;
    }
  }
}

GatewayProcess::GatewayProcess(std::string redis_url, std::filesystem::path web_root,
                               std::vector<std::string> extra_args, bool wait_for_redis) {
  std::vector<std::string> argv{server_binary(), "--listen", "127.0.0.1:0", "--redis", redis_url,
                                "--web", web_root.string()};
  // Test clients often stay connected until the fixture ends: a short grace
  // keeps every test's SIGTERM stop quick.
  if (std::find(extra_args.begin(), extra_args.end(), "--shutdown-grace-ms") == extra_args.end()) {
    argv.insert(argv.end(), {"--shutdown-grace-ms", "1000"});
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_.start(argv, dir_.path() / "gateway.log");
  bool redis_up = !wait_for_redis;
  bool ready = eventually(std::chrono::seconds(15), [&] {
    if (!process_.running()) return true;
    for (const auto& line : log_lines()) {
      auto msg = line.value("msg", "");
      if (msg == "listening") port_ = line.at("port").get<std::uint16_t>();
      if (msg == "redis connected") redis_up = true;
    }
    return port_ != 0 && redis_up;
  });
  if (!ready || port_ == 0 || !redis_up) throw std::runtime_error("the gateway did not start: " + log());
}

GatewayProcess::~GatewayProcess() {
  // Stopped as an operator stops it, with SIGTERM: the gateway then closes
  // its connections, stops and frees everything, and a sanitizer build
  // reports any leak or memory error at that exit.
  if (process_.running()) {
    process_.signal(SIGCONT);  // a test may have stopped it
    process_.signal(SIGTERM);
    if (!process_.wait(std::chrono::seconds(15))) {
      ADD_FAILURE() << "the gateway did not stop within 15 s of SIGTERM";
      process_.kill();
    }
  }
  expect_no_sanitizer_report(log(), "the gateway");
}

std::vector<nlohmann::json> GatewayProcess::log_lines() const {
  std::vector<nlohmann::json> lines;
  std::istringstream in(log());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    lines.push_back(parsed.is_discarded() ? nlohmann::json{{"unparsed", line}} : parsed);
  }
  return lines;
}

bool GatewayProcess::wait_subscribed() const {
  return eventually(std::chrono::seconds(10), [&] {
    for (const auto& line : log_lines()) {
      if (line.value("msg", "") == "redis subscribed") return true;
    }
    return false;
  });
}

nlohmann::json split_choices(const std::string& stored) {
  auto choices = nlohmann::json::array();
  std::size_t pos = 0;
  while (pos <= stored.size()) {
    auto comma = stored.find(',', pos);
    if (comma == std::string::npos) comma = stored.size();
    choices.push_back(stored.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return choices;
}

}  // namespace rq::test
