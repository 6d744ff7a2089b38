// `loadgen publish`: the publish rush, see loadgen_publish.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct PublishOptions {
  std::uint16_t port = 0, redis_port = 0;
  std::string contest, round, unit = "u1", category = "cbccvc", user, password;
  int people = 10000, entries = 100000, concurrency = 200;
  std::vector<std::string> watch;
};

int run_publish(const PublishOptions& o);
