// libFuzzer target: every WebSocket frame a client can send goes through the
// envelope (parse_frame), the typed request checks of every request type
// (parse_request) and, for a registration, the profile rules against a
// contest: none may crash, leak or hang, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/contest/contest_config.hpp"
#include "core/contest/profile.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/requests.hpp"

namespace {

const rq::core::ContestConfig& contest() {
  static const rq::core::ContestConfig config = rq::core::parse_contest_config(R"({
    "id": "fuzz", "title": "Cuộc thi", "categories": [{"id": "cbccvc", "name": "CBCCVC"}],
    "units": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "headcount": 10}],
    "rounds": [{"id": "ky-1", "title": "Kỳ 1", "opens_at": "2026-12-01T08:00:00+07:00",
                "closes_at": "2026-12-07T17:00:00+07:00", "bank": "b", "draw": {"count": 5}, "time_limit_s": 600}]
  })").config;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto frame = rq::core::parse_frame(text);
  auto* request = std::get_if<rq::core::Request>(&frame);
  if (!request) return 0;
  auto typed = rq::core::parse_request(*request);
  auto* parsed = std::get_if<rq::core::ClientRequest>(&typed);
  if (!parsed) return 0;
  if (auto* r = std::get_if<rq::core::RegisterRequest>(parsed)) {
    auto checked = rq::core::check_profile(r->profile, contest(), "2026-12-02");
    return checked.ok() ? 1 : 0;
  }
  return 0;
}
