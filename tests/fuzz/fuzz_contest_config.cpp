// libFuzzer target: an organiser's contest configuration is untrusted input;
// the parser and every check of it (with its JSON paths) must never crash,
// leak or hang, and a configuration it accepts must check its draws too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/contest/contest_config.hpp"

#include "fuzz_keep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = rq::core::parse_contest_config(text);
  if (!parsed.ok()) {
    keep(parsed.problems.empty());
    return 0;
  }
  std::map<std::string, rq::core::BankContents> banks{{"b", {{{"t", 3}}, 10}}};
  auto problems = rq::core::check_draws(parsed.config, banks);
  keep(problems.empty());
  return 0;
}
