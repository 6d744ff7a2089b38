// The load generator's figures: errors by code, reply-time percentiles, and
// the CPU that processes used over the measured window. No Beast here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rq::load {

using Errors = std::map<std::string, std::uint64_t>;

// "  label: code n; code n;" or "  label: none".
void print_errors(const char* label, const Errors& errors);

// "  reply time (ms): p50 … max …" from reply times in microseconds (sorted here).
void print_reply_times(std::vector<std::uint32_t>& micros);

// CPU seconds used so far by a process (/proc/PID/stat utime + stime); -1 if gone.
double process_cpu(int pid);
// CPU seconds used so far by this process.
double own_cpu();

}  // namespace rq::load
