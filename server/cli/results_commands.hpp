// `reformquiz results verify CONTEST ROUND`: the audit of a published result.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace rq::cli {

void add_results_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit);

}  // namespace rq::cli
