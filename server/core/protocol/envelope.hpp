// The WebSocket envelope of protocol v1: every client frame is one JSON object
// with a "type" and an optional "id"; every request with an id gets exactly one
// reply carrying the same id. This file turns a frame into a Request (or says
// precisely why it is not one) and builds the reply frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/protocol/error_code.hpp"

namespace rq::core {

// Frames larger than this are refused before parsing (ARCHITECTURE.md, limits).
inline constexpr std::size_t kMaxClientFrameBytes = 16 * 1024;
// Deeper nesting than any request needs is refused, so a hostile frame cannot
// make the parser recurse deeply.
inline constexpr int kMaxJsonDepth = 16;

struct Request {
  std::string type;
  nlohmann::json id;    // null when the request had none (then no reply is owed)
  nlohmann::json body;  // the whole frame object, type and id included
};

struct EnvelopeError {
  nlohmann::json id;  // the request's id when it could be read, else null
  ErrorCode code;
  std::string message;  // English detail for logs and for the reply
  std::string field;    // the offending field, empty when there is none
};

using ParsedFrame = std::variant<Request, EnvelopeError>;

ParsedFrame parse_frame(std::string_view text);

// {"type":"error","id":…,"code":"…","message":"…","field":"…","retry_after_ms":…};
// "id" is left out for pushes (null id), "field" when empty, and
// "retry_after_ms" when not given (it comes with rate_limited).
std::string error_frame(const nlohmann::json& id, ErrorCode code, std::string_view message,
                        std::string_view field = {}, std::optional<std::int64_t> retry_after_ms = std::nullopt,
                        const nlohmann::json& details = nlohmann::json());

// {"type":type,"id":id, …body's members}. body must be an object (or null).
std::string reply_frame(std::string_view type, const nlohmann::json& id, nlohmann::json body);

}  // namespace rq::core
