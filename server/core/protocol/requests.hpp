// The contestant requests of protocol v1 (docs/protocol.md), each checked
// field by field into a typed value before any flow runs: a request that is
// not well formed is answered here, with the field at fault, and never
// reaches the store. Pure, so the whole surface a client can reach is
// fuzzed (tests/fuzz/fuzz_ws_request.cpp).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/protocol/envelope.hpp"
#include "core/protocol/error_code.hpp"

namespace rq::core {

// The largest prediction a contestant may give (a count of entries or people).
inline constexpr long long kMaxPrediction = 1'000'000'000;

struct HelloRequest {
  std::optional<std::string> token;
  std::optional<Lang> lang;
};
struct RegisterRequest {
  std::string contest;
  nlohmann::json profile;  // an object; checked field by field by check_profile
};
struct LoginRequest {
  std::string contest, phone, password;
};
struct SubscribeRequest {
  std::string contest;
};
struct StartRequest {
  std::string round;
};
struct AnswerRequest {
  std::string attempt, question;
  std::vector<std::string> choices;  // option ids as shown in the attempt; may be empty (cleared)
};
// prediction {attempt, prediction}: the guess stored as it is typed, so an
// attempt that expires ranks with it. null clears it.
struct PredictionRequest {
  std::string attempt;
  std::optional<long long> prediction;
};
struct SubmitRequest {
  std::string attempt;
  std::optional<long long> prediction;
};
struct ResultsRequest {
  std::string contest, round;
};
struct EntriesRequest {
  std::string contest;
};

using ClientRequest = std::variant<HelloRequest, RegisterRequest, LoginRequest, SubscribeRequest, StartRequest,
                                   AnswerRequest, PredictionRequest, SubmitRequest, ResultsRequest, EntriesRequest>;

struct RequestError {
  ErrorCode code = ErrorCode::bad_request;
  std::string message;  // English detail
  std::string field;
};

// The typed request of a parsed frame, or why it is not one. Never throws.
std::variant<ClientRequest, RequestError> parse_request(const Request& request);

// The request types parse_request knows, in the protocol's order.
const std::vector<std::string>& request_types();

}  // namespace rq::core
