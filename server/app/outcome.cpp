#include "app/outcome.hpp"

#include <map>

namespace rq::app {

using core::ErrorCode;

Outcome store_failure(store::StoreError error) {
  return Outcome::fail(error == store::StoreError::not_found     ? ErrorCode::not_found
                       : error == store::StoreError::unavailable ? ErrorCode::unavailable
                                                                 : ErrorCode::internal);
}

ErrorCode script_error_code(const std::string& error) {
  static const std::map<std::string, ErrorCode> kCodes{
      {"round_not_open", ErrorCode::round_not_open}, {"attempt_limit_reached", ErrorCode::attempt_limit_reached},
      {"attempt_closed", ErrorCode::attempt_closed}, {"invalid_choice", ErrorCode::invalid_choice},
      {"forbidden", ErrorCode::forbidden},           {"not_found", ErrorCode::not_found}};
  auto it = kCodes.find(error);
  return it != kCodes.end() ? it->second : ErrorCode::internal;
}

}  // namespace rq::app
