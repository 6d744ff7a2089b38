// libFuzzer target: every WebSocket frame a client can send goes through the
// envelope (parse_frame), the typed request checks of every request type
// (parse_request) and, for a registration, the profile rules against a
// contest: none may crash, leak or hang, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/contest/profile.hpp"
#include "fuzz_contest.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/requests.hpp"

#include "fuzz_keep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto frame = rq::core::parse_frame(text);
  auto* request = std::get_if<rq::core::Request>(&frame);
  if (!request) return 0;
  auto typed = rq::core::parse_request(*request);
  auto* parsed = std::get_if<rq::core::ClientRequest>(&typed);
  if (!parsed) return 0;
  if (auto* r = std::get_if<rq::core::RegisterRequest>(parsed)) {
    auto checked = rq::core::check_profile(r->profile, fuzz_contest(), "2026-12-02");
    keep(checked.ok());
    return 0;
  }
  return 0;
}
