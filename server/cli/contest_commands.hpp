// `reformquiz contest create FILE`: contests from their JSON configuration.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace rq::cli {

void add_contest_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit);

}  // namespace rq::cli
