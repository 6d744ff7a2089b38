// What every fuzz target does with its result: keeps it where the optimiser
// cannot drop the work, and returns 0 (libFuzzer reserves other values:
// -1 rejects an input from the corpus).
#pragma once

inline void keep(bool result) {
  static volatile bool sink;
  sink = result;
}
