// The contestant requests: each type's fields checked into a typed value,
// and the exact error (code and field) for each way a request can be wrong.
#include <gtest/gtest.h>

#include "core/protocol/requests.hpp"

namespace requests_test {

using namespace rq::core;
using nlohmann::json;

std::variant<ClientRequest, RequestError> parse(const json& body) {
  return parse_request(Request{body.at("type").get<std::string>(), body.value("id", json()), body});
}

template <class T>
T request_of(const json& body) {
  auto parsed = parse(body);
  if (auto* e = std::get_if<RequestError>(&parsed)) {
    ADD_FAILURE() << "refused: " << e->message << " (" << e->field << ")";
    return T{};
  }
  auto* r = std::get_if<T>(&std::get<ClientRequest>(parsed));
  if (!r) ADD_FAILURE() << "parsed as another request type";
  return r ? *r : T{};
}

RequestError error_of(const json& body) {
  auto parsed = parse(body);
  auto* e = std::get_if<RequestError>(&parsed);
  if (!e) ADD_FAILURE() << "accepted: " << body.dump();
  return e ? *e : RequestError{ErrorCode::internal, "", ""};
}

const std::string kToken(64, 'a');

TEST(Requests, EveryTypeOfTheProtocolIsKnown) {
  EXPECT_EQ(request_types(), (std::vector<std::string>{"hello", "register", "login", "subscribe", "attempt.start",
                                                       "answer", "prediction", "submit", "results", "entries"}));
}

TEST(Requests, AnUnknownTypeIsABadRequestAtTheTypeField) {
  auto e = error_of({{"type", "atempt.start"}});
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.message, "unknown message type \"atempt.start\"");
}

TEST(Requests, HelloTakesALanguageAndAToken) {
  auto r = request_of<HelloRequest>({{"type", "hello"}, {"lang", "en"}, {"token", kToken}});
  EXPECT_EQ(r.lang, Lang::en);
  EXPECT_EQ(r.token, kToken);
  auto bare = request_of<HelloRequest>({{"type", "hello"}, {"lang", nullptr}, {"token", nullptr}});
  EXPECT_FALSE(bare.lang);
  EXPECT_FALSE(bare.token);
}

TEST(Requests, HelloWithAnUnknownLanguageOrAMalformedTokenIsRefused) {
  auto lang = error_of({{"type", "hello"}, {"lang", "fr"}});
  EXPECT_EQ(lang.code, ErrorCode::bad_request);
  EXPECT_EQ(lang.field, "lang");
  for (json token : {json(12), json("short"), json(std::string(64, 'G'))}) {
    auto e = error_of({{"type", "hello"}, {"token", token}});
    EXPECT_EQ(e.code, ErrorCode::invalid_token) << token;
    EXPECT_EQ(e.field, "token");
  }
}

TEST(Requests, RegisterNeedsAContestAndAProfileObject) {
  auto r = request_of<RegisterRequest>({{"type", "register"}, {"contest", "c"}, {"profile", {{"name", "An"}}}});
  EXPECT_EQ(r.contest, "c");
  EXPECT_EQ(r.profile.at("name"), "An");
  EXPECT_EQ(error_of({{"type", "register"}, {"profile", json::object()}}).field, "contest");
  auto e = error_of({{"type", "register"}, {"contest", "c"}, {"profile", "An"}});
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.field, "profile");
}

TEST(Requests, LoginNamesTheFirstMissingField) {
  auto r = request_of<LoginRequest>({{"type", "login"}, {"contest", "c"}, {"phone", "0901"}, {"password", "x"}});
  EXPECT_EQ(r.phone, "0901");
  EXPECT_EQ(error_of({{"type", "login"}, {"contest", "c"}, {"password", "x"}}).field, "phone");
  EXPECT_EQ(error_of({{"type", "login"}, {"contest", "c"}, {"phone", 901}, {"password", "x"}}).field, "phone");
}

TEST(Requests, AnswerTakesOptionIdsAndRefusesWhatCannotBeOne) {
  auto r = request_of<AnswerRequest>(
      {{"type", "answer"}, {"attempt", "a1"}, {"question", "q-1"}, {"choices", {"x7kq2m", "p3fz8w"}}});
  EXPECT_EQ(r.choices, (std::vector<std::string>{"x7kq2m", "p3fz8w"}));
  EXPECT_TRUE(request_of<AnswerRequest>({{"type", "answer"}, {"attempt", "a1"}, {"question", "q"}, {"choices", json::array()}})
                  .choices.empty());
  EXPECT_EQ(error_of({{"type", "answer"}, {"attempt", "A B"}, {"question", "q"}, {"choices", json::array()}}).field,
            "attempt");
  EXPECT_EQ(error_of({{"type", "answer"}, {"attempt", "a1"}, {"question", std::string(65, 'q')}, {"choices", json::array()}})
                .field,
            "question");
  auto not_a_list = error_of({{"type", "answer"}, {"attempt", "a1"}, {"question", "q"}, {"choices", "x"}});
  EXPECT_EQ(not_a_list.code, ErrorCode::bad_request);
  EXPECT_EQ(not_a_list.field, "choices");
  for (json bad : {json(1), json(""), json("a,b"), json(std::string(65, 'x'))}) {
    auto e = error_of({{"type", "answer"}, {"attempt", "a1"}, {"question", "q"}, {"choices", {bad}}});
    EXPECT_EQ(e.code, ErrorCode::invalid_choice) << bad;
    EXPECT_EQ(e.field, "choices");
  }
  json many = json::array();
  for (int i = 0; i < 27; ++i) many.push_back("o" + std::to_string(i));
  EXPECT_EQ(error_of({{"type", "answer"}, {"attempt", "a1"}, {"question", "q"}, {"choices", many}}).code,
            ErrorCode::bad_request);
}

TEST(Requests, APredictionIsAWholeNumberFromZeroToOneBillion) {
  for (json good : {json(0), json(12), json(1'000'000'000)}) {
    auto r = request_of<SubmitRequest>({{"type", "submit"}, {"attempt", "a1"}, {"prediction", good}});
    EXPECT_EQ(r.prediction, good.get<long long>());
  }
  EXPECT_FALSE(request_of<SubmitRequest>({{"type", "submit"}, {"attempt", "a1"}}).prediction);
  for (json bad : {json(-1), json(1'000'000'001), json(2.5), json("12"), json(18446744073709551615ULL)}) {
    auto e = error_of({{"type", "submit"}, {"attempt", "a1"}, {"prediction", bad}});
    EXPECT_EQ(e.code, ErrorCode::invalid_prediction) << bad;
    EXPECT_EQ(e.field, "prediction");
  }
}

TEST(Requests, SavingAPredictionNeedsTheValueOrNullToClearIt) {
  auto r = request_of<PredictionRequest>({{"type", "prediction"}, {"attempt", "a1"}, {"prediction", 42}});
  EXPECT_EQ(r.attempt, "a1");
  EXPECT_EQ(r.prediction, 42);
  EXPECT_FALSE(request_of<PredictionRequest>({{"type", "prediction"}, {"attempt", "a1"}, {"prediction", nullptr}}).prediction);
  EXPECT_EQ(error_of({{"type", "prediction"}, {"attempt", "a1"}}).field, "prediction");
  EXPECT_EQ(error_of({{"type", "prediction"}, {"attempt", "a1"}, {"prediction", -3}}).code, ErrorCode::invalid_prediction);
}

TEST(Requests, ResultsForAnIdNoRoundCanHaveIsNotFound) {
  auto r = request_of<ResultsRequest>({{"type", "results"}, {"contest", "c"}, {"round", "ky-1"}});
  EXPECT_EQ(r.round, "ky-1");
  auto missing = error_of({{"type", "results"}, {"contest", "c"}});
  EXPECT_EQ(missing.code, ErrorCode::bad_request);
  EXPECT_EQ(missing.field, "round");
  auto bad = error_of({{"type", "results"}, {"contest", "c"}, {"round", "Kỳ 1"}});
  EXPECT_EQ(bad.code, ErrorCode::not_found);
  EXPECT_EQ(bad.field, "round");
}

TEST(Requests, StartSubscribeAndEntriesNeedTheirOneField) {
  EXPECT_EQ(request_of<StartRequest>({{"type", "attempt.start"}, {"round", "ky-1"}}).round, "ky-1");
  EXPECT_EQ(error_of({{"type", "attempt.start"}, {"round", 1}}).field, "round");
  EXPECT_EQ(request_of<SubscribeRequest>({{"type", "subscribe"}, {"contest", "c"}}).contest, "c");
  EXPECT_EQ(error_of({{"type", "subscribe"}}).field, "contest");
  EXPECT_EQ(request_of<EntriesRequest>({{"type", "entries"}, {"contest", "c"}}).contest, "c");
  EXPECT_EQ(error_of({{"type", "entries"}, {"contest", "C!"}}).field, "contest");
}

}  // namespace requests_test
