// Error codes of protocol v1 (docs/protocol.md). The snake_case names are the
// contract with clients: programs match on them, so they never change. The
// human message is chosen by the session's language, Vietnamese first.
#pragma once

#include "core/text/lang.hpp"

#include <string_view>

namespace rq::core {

enum class ErrorCode {
  bad_request,
  too_large,
  unauthorized,
  invalid_token,
  forbidden,
  not_found,
  invalid_profile,
  already_registered,
  invalid_credentials,
  registration_closed,
  round_not_open,
  attempt_limit_reached,
  attempt_closed,
  invalid_choice,
  invalid_prediction,
  not_published,
  rate_limited,
  unavailable,
  invalid_bank,  // added: a question bank file with errors (details list them)
  invalid_contest,  // added: a contest configuration with errors
  already_exists,   // added: creating what exists (a contest id)
  not_finalized,    // added: publishing a round before finalizing it
  invalid_password, // added: a new organiser password that breaks the rules
  locked,           // added: a setting that may no longer change (the exclusion list once a round opened)
  stale_draft,      // added: publishing a draft finalized before a later disqualification
  internal,
};

std::string_view to_string(ErrorCode code);

// A short default message for people, in the given language. Callers with a
// more specific explanation pass their own.
std::string_view default_message(ErrorCode code, Lang lang);

// The HTTP status that fits the code, for the HTTP API's error bodies.
int http_status(ErrorCode code);

}  // namespace rq::core
