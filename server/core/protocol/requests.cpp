#include "core/protocol/requests.hpp"

#include <functional>
#include <map>

#include "core/security/tokens.hpp"
#include "core/text/ids.hpp"

namespace rq::core {
namespace {

using nlohmann::json;
using Parsed = std::variant<ClientRequest, RequestError>;

// Question and option ids in a request: what a bank or an attempt can hold,
// and never a comma (the store joins lists of them with commas).
constexpr std::size_t kMaxItemIdBytes = 64;
constexpr std::size_t kMaxChoices = 26;

RequestError fail(ErrorCode code, std::string message, std::string field) {
  return {code, std::move(message), std::move(field)};
}

RequestError required(const char* field) {
  return fail(ErrorCode::bad_request, "\"" + std::string(field) + "\" is required", field);
}

const json* member(const json& body, const char* name) {
  auto it = body.find(name);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> text(const json& body, const char* name) {
  const json* v = member(body, name);
  if (!v || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

// An attempt id as the server issues them (a slug).
std::optional<std::string> attempt_id(const json& body) {
  auto id = text(body, "attempt");
  if (!id || !is_slug(*id)) return std::nullopt;
  return id;
}

// A prediction: absent or null is none; otherwise a whole number in range.
std::variant<std::optional<long long>, RequestError> prediction_of(const json& body) {
  const json* v = member(body, "prediction");
  if (!v) return std::optional<long long>{};
  if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<unsigned long long>() > static_cast<unsigned long long>(kMaxPrediction)) ||
      v->get<long long>() < 0 || v->get<long long>() > kMaxPrediction) {
    return fail(ErrorCode::invalid_prediction, "a whole number from 0 to 1000000000", "prediction");
  }
  return std::optional<long long>{v->get<long long>()};
}

Parsed hello(const json& b) {
  HelloRequest r;
  if (const json* lang = member(b, "lang")) {
    Lang parsed;
    if (!lang->is_string() || !parse_lang(lang->get_ref<const std::string&>(), parsed)) {
      return fail(ErrorCode::bad_request, "\"lang\" must be \"vi\" or \"en\"", "lang");
    }
    r.lang = parsed;
  }
  if (const json* token = member(b, "token")) {
    if (!token->is_string() || !looks_like_token(token->get_ref<const std::string&>())) {
      return fail(ErrorCode::invalid_token, {}, "token");
    }
    r.token = token->get<std::string>();
  }
  return ClientRequest{std::move(r)};
}

Parsed register_request(const json& b) {
  auto contest = text(b, "contest");
  if (!contest) return required("contest");
  const json* profile = member(b, "profile");
  if (!profile || !profile->is_object()) {
    return fail(ErrorCode::bad_request, "\"profile\" must be an object", "profile");
  }
  return ClientRequest{RegisterRequest{std::move(*contest), *profile}};
}

Parsed login(const json& b) {
  LoginRequest r;
  for (auto [name, out] : {std::pair{"contest", &r.contest}, {"phone", &r.phone}, {"password", &r.password}}) {
    auto v = text(b, name);
    if (!v) return fail(ErrorCode::bad_request, "send {contest, phone, password}", name);
    *out = std::move(*v);
  }
  return ClientRequest{std::move(r)};
}

Parsed subscribe(const json& b) {
  auto contest = text(b, "contest");
  if (!contest) return required("contest");
  return ClientRequest{SubscribeRequest{std::move(*contest)}};
}

Parsed start(const json& b) {
  auto round = text(b, "round");
  if (!round) return required("round");
  return ClientRequest{StartRequest{std::move(*round)}};
}

Parsed answer(const json& b) {
  AnswerRequest r;
  auto attempt = attempt_id(b);
  if (!attempt) return required("attempt");
  r.attempt = std::move(*attempt);
  auto question = text(b, "question");
  if (!question || question->empty() || question->size() > kMaxItemIdBytes) return required("question");
  r.question = std::move(*question);
  const json* choices = member(b, "choices");
  if (!choices || !choices->is_array() || choices->size() > kMaxChoices) {
    return fail(ErrorCode::bad_request, "\"choices\" must be a list of option ids", "choices");
  }
  for (const auto& c : *choices) {
    if (!c.is_string()) return fail(ErrorCode::invalid_choice, "option ids are strings", "choices");
    const auto& id = c.get_ref<const std::string&>();
    if (id.empty() || id.size() > kMaxItemIdBytes || id.find(',') != std::string::npos) {
      return fail(ErrorCode::invalid_choice, {}, "choices");
    }
    r.choices.push_back(id);
  }
  return ClientRequest{std::move(r)};
}

Parsed prediction(const json& b) {
  auto attempt = attempt_id(b);
  if (!attempt) return required("attempt");
  if (!b.contains("prediction")) return required("prediction");
  auto value = prediction_of(b);
  if (auto* e = std::get_if<RequestError>(&value)) return *e;
  return ClientRequest{PredictionRequest{std::move(*attempt), std::get<std::optional<long long>>(value)}};
}

Parsed submit(const json& b) {
  auto attempt = attempt_id(b);
  if (!attempt) return required("attempt");
  auto value = prediction_of(b);
  if (auto* e = std::get_if<RequestError>(&value)) return *e;
  return ClientRequest{SubmitRequest{std::move(*attempt), std::get<std::optional<long long>>(value)}};
}

Parsed results(const json& b) {
  auto contest = text(b, "contest");
  auto round = text(b, "round");
  if (!contest || !round) return fail(ErrorCode::bad_request, "send {contest, round}", contest ? "round" : "contest");
  // No contest or round can have such an id.
  if (!is_slug(*contest) || !is_slug(*round)) return fail(ErrorCode::not_found, {}, is_slug(*contest) ? "round" : "contest");
  return ClientRequest{ResultsRequest{std::move(*contest), std::move(*round)}};
}

Parsed entries(const json& b) {
  auto contest = text(b, "contest");
  if (!contest || !is_slug(*contest)) return required("contest");
  return ClientRequest{EntriesRequest{std::move(*contest)}};
}

using Parser = Parsed (*)(const json&);
const std::vector<std::pair<std::string, Parser>>& parsers() {
  static const std::vector<std::pair<std::string, Parser>> kParsers{
      {"hello", hello},         {"register", register_request}, {"login", login},
      {"subscribe", subscribe}, {"attempt.start", start},       {"answer", answer},
      {"prediction", prediction}, {"submit", submit},           {"results", results},
      {"entries", entries}};
  return kParsers;
}

}  // namespace

std::variant<ClientRequest, RequestError> parse_request(const Request& request) {
  for (const auto& [type, parse] : parsers()) {
    if (type == request.type) return parse(request.body);
  }
  return fail(ErrorCode::bad_request, "unknown message type \"" + request.type + "\"", "type");
}

const std::vector<std::string>& request_types() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> out;
    for (const auto& [type, parse] : parsers()) out.push_back(type);
    return out;
  }();
  return kTypes;
}

}  // namespace rq::core
