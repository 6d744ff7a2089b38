// The protocol envelope: what makes a frame a request, and the exact error
// for each way it can fail to be one.
#include <gtest/gtest.h>

#include "core/protocol/envelope.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace envelope_test {

using namespace rq::core;
using nlohmann::json;

// By value: the frame it reads is usually a temporary.
EnvelopeError error_of(const ParsedFrame& parsed) {
  auto* e = std::get_if<EnvelopeError>(&parsed);
  return e ? *e : EnvelopeError{nullptr, ErrorCode::internal, "parsed as a request", ""};
}

TEST(Envelope, RequestCarriesTypeIdAndBody) {
  auto parsed = parse_frame(R"({"type":"hello","id":7,"lang":"en"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  const auto& r = std::get<Request>(parsed);
  EXPECT_EQ(r.type, "hello");
  EXPECT_EQ(r.id, json(7));
  EXPECT_EQ(r.body.at("lang"), "en");
}

TEST(Envelope, IdMayBeAString) {
  auto parsed = parse_frame(R"({"type":"hello","id":"a-1"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  EXPECT_EQ(std::get<Request>(parsed).id, json("a-1"));
}

TEST(Envelope, RequestWithoutIdHasNullId) {
  auto parsed = parse_frame(R"({"type":"hello"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  EXPECT_TRUE(std::get<Request>(parsed).id.is_null());
}

TEST(Envelope, MalformedJsonIsBadRequestWithTheByte) {
  auto e = error_of(parse_frame(R"({"type":"hello",)"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.message, "malformed JSON at byte 17");
  EXPECT_TRUE(e.id.is_null());
}

TEST(Envelope, NonObjectIsBadRequest) {
  auto e = error_of(parse_frame("[1,2]"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.message, "a frame must be a JSON object");
}

TEST(Envelope, MissingTypeNamesTheFieldAndKeepsTheId) {
  auto e = error_of(parse_frame(R"({"id":3})"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.id, json(3));
}

TEST(Envelope, TypeMustBeANonEmptyString) {
  EXPECT_EQ(error_of(parse_frame(R"({"type":5})")).field, "type");
  EXPECT_EQ(error_of(parse_frame(R"({"type":""})")).field, "type");
}

TEST(Envelope, IdMustBeNumberOrString) {
  auto e = error_of(parse_frame(R"({"type":"hello","id":{"x":1}})"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.field, "id");
}

TEST(Envelope, FrameOverSixteenKibibytesIsTooLarge) {
  std::string big = R"({"type":"hello","pad":")" + std::string(kMaxClientFrameBytes, 'x') + "\"}";
  EXPECT_EQ(error_of(parse_frame(big)).code, ErrorCode::too_large);
}

TEST(Envelope, FrameOfExactlySixteenKibibytesIsAccepted) {
  std::string head = R"({"type":"hello","pad":")";
  std::string frame = head + std::string(kMaxClientFrameBytes - head.size() - 2, 'x') + "\"}";
  ASSERT_EQ(frame.size(), kMaxClientFrameBytes);
  EXPECT_TRUE(std::holds_alternative<Request>(parse_frame(frame)));
}

TEST(Envelope, DeepNestingIsRefused) {
  std::string deep = R"({"type":"hello","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
  auto e = error_of(parse_frame(deep));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.message, "JSON nested deeper than 16 levels");
}

TEST(Envelope, ErrorFrameHasCodeMessageFieldAndId) {
  auto frame = json::parse(error_frame(json(9), ErrorCode::bad_request, "no", "type"));
  EXPECT_EQ(frame, json({{"type", "error"}, {"id", 9}, {"code", "bad_request"}, {"message", "no"}, {"field", "type"}}));
}

TEST(Envelope, ErrorFrameWithoutIdOrFieldLeavesThemOut) {
  auto frame = json::parse(error_frame(nullptr, ErrorCode::too_large, "big"));
  EXPECT_EQ(frame, json({{"type", "error"}, {"code", "too_large"}, {"message", "big"}}));
}

TEST(Envelope, ReplyFrameMergesTheBody) {
  auto frame = json::parse(reply_frame("welcome", json("x"), {{"protocol", 1}}));
  EXPECT_EQ(frame, json({{"type", "welcome"}, {"id", "x"}, {"protocol", 1}}));
}

TEST(Envelope, InvalidUtf8InADetailIsReplacedNotThrown) {
  std::string bad = "caf\xC3";
  auto frame = json::parse(error_frame(nullptr, ErrorCode::bad_request, bad));
  EXPECT_EQ(frame.at("message"), "caf\xEF\xBF\xBD");
}

TEST(Envelope, ANumberNoDoubleCanHoldIsABadRequestNotAnException) {
  // Found by fuzz_ws_request: nlohmann reports 1e999 as out_of_range, which
  // escaped the parse and left the connection unanswered.
  auto e = error_of(parse_frame(R"({"type": "submit", "id": 8, "attempt": "a1b2c3", "prediction": 1005e615})"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.message, "malformed JSON: a number out of range");
}

}  // namespace envelope_test
