// `loadgen capacity`: what a contest costs in Redis, see loadgen_capacity.cpp.
#pragma once

#include <cstdint>
#include <string>

struct CapacityOptions {
  std::uint16_t port = 0, redis_port = 0;
  std::string contest, round, unit = "u1", category = "cbccvc";
  int people = 1000, entries_per_person = 2, concurrency = 50, phone_offset = 0;
};

int run_capacity(const CapacityOptions& o);
