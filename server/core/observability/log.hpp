// Structured logs: one JSON object per line on a stream (stderr for the
// gateway), so that operators can grep and ship them without parsing prose.
// A Logger is passed to whatever logs; there is no global logger.
#pragma once

#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rq::core {

enum class LogLevel { debug, info, warn, error };

class Logger {
 public:
  explicit Logger(std::FILE* out, LogLevel min_level = LogLevel::info) : out_(out), min_(min_level) {}

  // {"ts":"2026-11-21T23:59:00.123Z","level":"info","msg":msg, …fields}
  void log(LogLevel level, std::string_view msg, const nlohmann::json& fields = nlohmann::json::object());
  void info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::info, msg, fields);
  }
  void warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::warn, msg, fields);
  }
  void error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::error, msg, fields);
  }
  void debug(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::debug, msg, fields);
  }

 private:
  std::FILE* out_;
  LogLevel min_;
};

// Milliseconds since the Unix epoch as an ISO-8601 UTC string with milliseconds.
std::string format_utc_ms(long long epoch_ms);

}  // namespace rq::core
