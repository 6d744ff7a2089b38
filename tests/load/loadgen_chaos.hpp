// The chaos soak's load generator (scripts/soak.sh): contestants who enter a
// round through nginx while gateways, Redis and nginx are killed, frozen and
// restarted around them, and the check afterwards that nothing a contestant
// was told is stored went missing.
//
//   chaos        the contestants; every acknowledged answer and submit goes
//                to an event log (one line each, tab separated)
//   chaos-check  reads that log and the failures scripts/soak.sh logged,
//                compares the last acknowledged choices and the submitted
//                statuses with the attempt hashes in Redis, counts attempts
//                still running, and prints the recovery times per failure
//
// Both register on a CLI11 app so that loadgen (the benchmarks, built on
// demand) and soakgen (built by every build, for the CTest soak) share them.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace rq::load {

// Adds the subcommands `chaos` and `chaos-check` to `app`. The returned
// function runs whichever was chosen (after parsing) and returns its exit
// code, or -1 when neither was.
std::function<int()> add_chaos_commands(CLI::App& app);

}  // namespace rq::load
