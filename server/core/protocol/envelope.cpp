#include "core/protocol/envelope.hpp"

namespace rq::core {
namespace {

struct TooDeep {};

bool valid_id(const nlohmann::json& id) { return id.is_string() || id.is_number(); }

}  // namespace

ParsedFrame parse_frame(std::string_view text) {
  if (text.size() > kMaxClientFrameBytes) {
    return EnvelopeError{nullptr, ErrorCode::too_large,
                         "frame of " + std::to_string(text.size()) + " bytes; the limit is " +
                             std::to_string(kMaxClientFrameBytes),
                         ""};
  }
  nlohmann::json frame;
  try {
    // The callback sees every value with its depth; throwing aborts the parse
    // before a deeply nested document is built.
    frame = nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxJsonDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    return EnvelopeError{nullptr, ErrorCode::bad_request,
                         "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", ""};
  } catch (const nlohmann::json::parse_error& e) {
    return EnvelopeError{nullptr, ErrorCode::bad_request,
                         "malformed JSON at byte " + std::to_string(e.byte), ""};
  } catch (const nlohmann::json::exception&) {
    // A number no double can hold (1e999): nlohmann reports it as out_of_range.
    return EnvelopeError{nullptr, ErrorCode::bad_request, "malformed JSON: a number out of range", ""};
  }
  if (!frame.is_object()) {
    return EnvelopeError{nullptr, ErrorCode::bad_request, "a frame must be a JSON object", ""};
  }
  nlohmann::json id = nullptr;
  if (auto it = frame.find("id"); it != frame.end() && !it->is_null()) {
    if (!valid_id(*it)) {
      return EnvelopeError{nullptr, ErrorCode::bad_request, "\"id\" must be a number or a string", "id"};
    }
    id = *it;
  }
  auto type = frame.find("type");
  if (type == frame.end()) {
    return EnvelopeError{id, ErrorCode::bad_request, "\"type\" is missing", "type"};
  }
  if (!type->is_string() || type->get_ref<const std::string&>().empty()) {
    return EnvelopeError{id, ErrorCode::bad_request, "\"type\" must be a non-empty string", "type"};
  }
  std::string type_name = type->get<std::string>();
  return Request{std::move(type_name), std::move(id), std::move(frame)};
}

std::string error_frame(const nlohmann::json& id, ErrorCode code, std::string_view message,
                        std::string_view field, std::optional<std::int64_t> retry_after_ms,
                        const nlohmann::json& details) {
  nlohmann::json out = {{"type", "error"}};
  if (!id.is_null()) out["id"] = id;
  out["code"] = to_string(code);
  out["message"] = message;
  if (!field.empty()) out["field"] = field;
  if (retry_after_ms) out["retry_after_ms"] = *retry_after_ms;
  if (!details.is_null()) out["details"] = details;
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string reply_frame(std::string_view type, const nlohmann::json& id, nlohmann::json body) {
  nlohmann::json out = {{"type", type}};
  if (!id.is_null()) out["id"] = id;
  if (body.is_object()) {
    for (auto& [key, value] : body.items()) out[key] = std::move(value);
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rq::core
