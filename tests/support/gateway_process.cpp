#include "gateway_process.hpp"

#include <sstream>
#include <stdexcept>

namespace rq::test {

std::string server_binary() { return REFORMQUIZ_SERVER_BIN; }
std::string cli_binary() { return REFORMQUIZ_CLI_BIN; }
std::filesystem::path source_dir() { return REFORMQUIZ_SOURCE_DIR; }

GatewayProcess::GatewayProcess(std::string redis_url, std::filesystem::path web_root,
                               std::vector<std::string> extra_args, bool wait_for_redis) {
  std::vector<std::string> argv{server_binary(), "--listen", "127.0.0.1:0", "--redis", redis_url,
                                "--web", web_root.string()};
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

GatewayProcess::~GatewayProcess() { process_.kill(); }

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

}  // namespace rq::test
