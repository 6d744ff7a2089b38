// libFuzzer target: a registration profile (any JSON value) against a
// contest's lists and today's date: every field's rules must answer with
// problems, never crash, leak or hang (names in any script, dates, phones).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/contest/profile.hpp"
#include "fuzz_contest.hpp"

#include "fuzz_keep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto raw = nlohmann::json::parse(text, nullptr, false);
  if (raw.is_discarded()) return 0;
  auto checked = rq::core::check_profile(raw, fuzz_contest(), "2026-12-02");
  keep(checked.ok());
  return 0;
}
