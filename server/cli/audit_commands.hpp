// `reformquiz audit archive CONTEST FILE`: moves a contest's audit stream out
// of Redis into a file of JSON lines, checked before anything is trimmed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace rq::cli {

void add_audit_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit);

}  // namespace rq::cli
