// soakgen: the chaos soak's load generator alone (`chaos`, `chaos-check`;
// loadgen_chaos.hpp), built by every build so that the CTest soak needs
// nothing built on demand. loadgen has the same subcommands beside the
// benchmarks.
#include "loadgen_chaos.hpp"

int main(int argc, char** argv) {
  CLI::App app{"reformquiz chaos soak load generator (scripts/soak.sh)"};
  app.require_subcommand(1);
  auto run = rq::load::add_chaos_commands(app);
  CLI11_PARSE(app, argc, argv);
  return run();
}
