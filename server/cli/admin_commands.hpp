// `reformquiz admin add|role|list`: organiser accounts and their roles.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace rq::cli {

void add_admin_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit);

}  // namespace rq::cli
