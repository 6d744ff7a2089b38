// What a contestant flow answers: a success frame's type and body, or an
// error with its code, detail and field, and, when the request made the
// connection somebody, who it now is. The WebSocket gateway turns an Outcome
// into the reply frame; flows never see a socket.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/protocol/error_code.hpp"
#include "core/protocol/requests.hpp"
#include "store/store_result.hpp"

namespace rq::app {

// Who a connection is, once it registered, logged in or said hello with a token.
struct Identity {
  std::string contest;
  std::string participant;
  bool operator==(const Identity&) const = default;
};

struct Outcome {
  std::string type;  // "registered", "attempt", … ; empty for an error
  nlohmann::json body;
  core::ErrorCode error = core::ErrorCode::internal;
  std::string detail;
  std::string field;
  std::optional<std::int64_t> retry_after_ms;  // with rate_limited: when trying again may succeed
  std::optional<Identity> identity;            // set when the session becomes this participant
  // A body serialised once and shared by many replies (a published round's
  // public results): a JSON object's text, whose members are sent as they
  // are after type and id, then members of this reply's own
  // (",\"you\":{…}" or nothing). Replaces `body` when set.
  std::shared_ptr<const std::string> shared_document;
  std::string own_members;

  static Outcome ok(std::string type, nlohmann::json body) {
    Outcome o;
    o.type = std::move(type);
    o.body = std::move(body);
    return o;
  }
  static Outcome fail(core::ErrorCode code, std::string detail = {}, std::string field = {}) {
    Outcome o;
    o.error = code;
    o.detail = std::move(detail);
    o.field = std::move(field);
    return o;
  }
  static Outcome fail(const core::RequestError& e) { return fail(e.code, e.message, e.field); }
  static Outcome busy(std::int64_t retry_after_ms, std::string detail) {
    auto o = fail(core::ErrorCode::rate_limited, std::move(detail));
    o.retry_after_ms = retry_after_ms;
    return o;
  }
};

using Reply = std::function<void(Outcome)>;

// The protocol's answer to a store failure: unavailable (try again),
// not_found, or internal.
Outcome store_failure(store::StoreError error);

// The protocol code for a Lua script's refusal ("attempt_closed", …).
core::ErrorCode script_error_code(const std::string& error);

}  // namespace rq::app
