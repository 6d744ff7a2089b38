// libFuzzer target: a registration profile (any JSON value) against a
// contest's lists and today's date: every field's rules must answer with
// problems, never crash, leak or hang (names in any script, dates, phones).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/contest/contest_config.hpp"
#include "core/contest/profile.hpp"

namespace {

const rq::core::ContestConfig& contest() {
  static const rq::core::ContestConfig config = rq::core::parse_contest_config(R"({
    "id": "fuzz", "title": "Cuộc thi", "categories": [{"id": "cbccvc", "name": "CBCCVC"}, {"id": "nhan-dan", "name": "Nhân dân"}],
    "units": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "headcount": 10}, {"id": "ubnd-xa", "name": "UBND xã"}],
    "rounds": [{"id": "ky-1", "title": "Kỳ 1", "opens_at": "2026-12-01T08:00:00+07:00",
                "closes_at": "2026-12-07T17:00:00+07:00", "bank": "b", "draw": {"count": 5}, "time_limit_s": 600}]
  })").config;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto raw = nlohmann::json::parse(text, nullptr, false);
  if (raw.is_discarded()) return 0;
  auto checked = rq::core::check_profile(raw, contest(), "2026-12-02");
  return checked.ok() ? 1 : 0;
}
