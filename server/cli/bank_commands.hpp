// `reformquiz bank …`: validate, import, export and list question banks.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace rq::cli {

// Adds the subcommands; `redis_url` is read when a command runs.
void add_bank_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit);

}  // namespace rq::cli
