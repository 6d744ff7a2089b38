// The WebSocket envelope of protocol v1 against the real gateway binary and a
// real Redis: hello/welcome, every bad-frame case, the idle timeout and the
// bound on what a slow client may leave queued.
#include <gtest/gtest.h>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace gateway_ws_test {

using namespace rq::test;
using nlohmann::json;

class GatewayWs : public ::testing::Test {
 protected:
  explicit GatewayWs(std::vector<std::string> args = {})
      : gateway_(redis_.url(), source_dir() / "web", std::move(args)) {}

  RedisProcess redis_;
  GatewayProcess gateway_;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(GatewayWs, HelloIsAnsweredWithWelcome) {
  WsClient ws(gateway_.port());
  auto welcome = ws.request({{"type", "hello"}, {"id", 1}});
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("id"), 1);
  EXPECT_EQ(welcome.at("protocol"), 1);
  EXPECT_TRUE(welcome.at("participant").is_null());
  EXPECT_NEAR(welcome.at("server_time").get<double>(), static_cast<double>(now_ms()), 5000.0);
}

TEST_F(GatewayWs, ReplyCarriesAStringIdBack) {
  WsClient ws(gateway_.port());
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", "req-7"}}).at("id"), "req-7");
}

TEST_F(GatewayWs, RequestWithoutIdGetsAReplyWithoutId) {
  WsClient ws(gateway_.port());
  auto welcome = ws.request({{"type", "hello"}});
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_FALSE(welcome.contains("id"));
}

TEST_F(GatewayWs, UnknownTypeIsBadRequestAndTheConnectionStaysUsable) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "teleport"}, {"id", 2}});
  EXPECT_EQ(error.at("type"), "error");
  EXPECT_EQ(error.at("id"), 2);
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(error.at("field"), "type");
  EXPECT_EQ(error.at("message"), "Yêu cầu không hợp lệ. (unknown message type \"teleport\")");
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 3}}).at("type"), "welcome");
}

TEST_F(GatewayWs, MalformedJsonIsBadRequestAndTheConnectionStaysUsable) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send("{\"type\": \"hello\", "));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_FALSE(error.contains("id"));
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 4}}).at("type"), "welcome");
}

TEST_F(GatewayWs, NonObjectMissingTypeAndBadIdAreEachBadRequest) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send("[1,2,3]"));
  EXPECT_EQ(ws.receive_json().at("code"), "bad_request");
  auto missing = ws.request({{"id", 5}});
  EXPECT_EQ(missing.at("code"), "bad_request");
  EXPECT_EQ(missing.at("field"), "type");
  EXPECT_EQ(missing.at("id"), 5);
  ASSERT_TRUE(ws.send_json({{"type", "hello"}, {"id", json::array()}}));  // no usable id to reply with
  auto bad_id = ws.receive_json();
  EXPECT_EQ(bad_id.at("field"), "id");
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 6}}).at("type"), "welcome");
}

TEST_F(GatewayWs, BinaryFrameIsBadRequest) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send_binary(std::string("\x01\x02", 2)));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(ws.request({{"type", "hello"}}).at("type"), "welcome");
}

TEST_F(GatewayWs, EnglishSessionGetsEnglishMessages) {
  WsClient ws(gateway_.port());
  ASSERT_EQ(ws.request({{"type", "hello"}, {"lang", "en"}}).at("type"), "welcome");
  auto error = ws.request({{"type", "nope"}, {"id", 1}});
  EXPECT_EQ(error.at("message"), "The request is not valid. unknown message type \"nope\"");
}

TEST_F(GatewayWs, UnsupportedLanguageIsBadRequestOnLang) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "hello"}, {"id", 1}, {"lang", "fr"}});
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(error.at("field"), "lang");
}

TEST_F(GatewayWs, UnknownTokenIsInvalidToken) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "hello"}, {"id", 1}, {"token", "not-a-real-token"}});
  EXPECT_EQ(error.at("code"), "invalid_token");
  EXPECT_EQ(error.at("field"), "token");
}

TEST_F(GatewayWs, FrameOfSixteenKibibytesIsAccepted) {
  WsClient ws(gateway_.port());
  std::string head = R"({"type":"hello","id":1,"pad":")";
  std::string frame = head + std::string(16 * 1024 - head.size() - 2, 'x') + "\"}";
  ASSERT_EQ(frame.size(), 16u * 1024);
  ASSERT_TRUE(ws.send(frame));
  EXPECT_EQ(ws.receive_json().at("type"), "welcome");
}

TEST_F(GatewayWs, FrameOverSixteenKibibytesIsAnsweredTooLargeAndClosed) {
  WsClient ws(gateway_.port());
  std::string frame = R"({"type":"hello","pad":")" + std::string(16 * 1024, 'x') + "\"}";
  ASSERT_TRUE(ws.send(frame));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("type"), "error");
  EXPECT_EQ(error.at("code"), "too_large");
  EXPECT_FALSE(ws.receive().has_value());
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1009);  // "message too big"
}

TEST_F(GatewayWs, OtherPathsDoNotUpgrade) {
  EXPECT_THROW(WsClient(gateway_.port(), "/socket"), std::exception);
}

class GatewayWsIdle : public GatewayWs {
 protected:
  GatewayWsIdle() : GatewayWs({"--ws-idle-timeout-ms", "600"}) {}
};

TEST_F(GatewayWsIdle, SilentPeerIsClosedWhileAnAnsweringPeerStays) {
  WsClient silent(gateway_.port());
  WsClient alive(gateway_.port());
  ASSERT_EQ(alive.request({{"type", "hello"}}).at("type"), "welcome");
  // `alive` keeps a read pending, which answers the server's pings; `silent`
  // runs no I/O at all for the whole wait, like a phone that lost its network.
  EXPECT_FALSE(alive.receive(std::chrono::milliseconds(2000)).has_value());
  EXPECT_FALSE(alive.closed());
  EXPECT_EQ(alive.request({{"type", "hello"}}).at("type"), "welcome");
  EXPECT_FALSE(silent.receive(std::chrono::milliseconds(2000)).has_value());
  EXPECT_TRUE(silent.closed());
}

class GatewayWsSlowClient : public GatewayWs {
 protected:
  // A request budget no flood exhausts: this test is about the write queue.
  GatewayWsSlowClient()
      : GatewayWs({"--ws-queue-limit-bytes", "65536", "--ws-rate", "10000", "--ws-burst", "100000"}) {}
};

TEST_F(GatewayWsSlowClient, ClientThatDoesNotReadIsClosedWhenItsQueueOverflows) {
  WsClient slow(gateway_.port(), "/ws", 4096);
  WsClient other(gateway_.port());
  // Requests flood in; the replies pile up because `slow` never reads. Once
  // the kernel buffers are full, the session's queue grows past 64 KiB.
  // Sending stops only when the gateway drops the connection (or after a
  // minute, which fails the test); a slow gateway (a sanitizer build) may
  // take a while to read the backlog in the client's kernel buffers.
  std::string hello = R"({"type":"hello","id":123456789})";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < until && slow.send(hello, std::chrono::seconds(20))) {
  }
  EXPECT_TRUE(slow.closed()) << "the gateway never closed the slow client";
  // The other client is unaffected.
  EXPECT_EQ(other.request({{"type", "hello"}}).at("type"), "welcome");
  auto metrics = http_get(gateway_.port(), "/metrics").body;
  EXPECT_NE(metrics.find("reformquiz_ws_slow_consumers_closed_total 1\n"), std::string::npos) << metrics;
}

}  // namespace gateway_ws_test
