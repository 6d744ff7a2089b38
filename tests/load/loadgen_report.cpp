#include "loadgen_report.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

namespace rq::load {

void print_errors(const char* label, const Errors& errors) {
  std::printf("  %s:", label);
  if (errors.empty()) std::printf(" none");
  for (const auto& [code, n] : errors) std::printf(" %s %llu;", code.c_str(), static_cast<unsigned long long>(n));
  std::printf("\n");
}

void print_reply_times(std::vector<std::uint32_t>& micros) {
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) {
    if (micros.empty()) return 0.0;
    return micros[static_cast<std::size_t>(p * static_cast<double>(micros.size() - 1))] / 1000.0;
  };
  std::printf("  reply time (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", pct(0.50), pct(0.90),
              pct(0.99), pct(0.999), micros.empty() ? 0.0 : micros.back() / 1000.0);
}

double process_cpu(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos || close + 2 > stat.size()) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double own_cpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace rq::load
