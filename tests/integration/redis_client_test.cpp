// The store's Redis client against a real redis-server: replies, scripts,
// deadlines, and what happens when Redis stops, hangs and comes back.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "redis_process.hpp"
#include "store/lua_script.hpp"
#include "store/redis_client.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace redis_client_test {

using namespace rq;
using namespace std::chrono_literals;
using store::RedisFailure;
using store::RedisReply;
using store::RedisResult;

class RedisClientTest : public ::testing::Test {
 protected:
  explicit RedisClientTest(std::vector<std::string> redis_args = {}) : redis_(std::move(redis_args)) {}

  std::unique_ptr<store::RedisClient> make_client(const std::string& url, store::RedisClientOptions options = {}) {
    auto endpoint = std::get<store::RedisEndpoint>(store::parse_redis_url(url));
    auto client = std::make_unique<store::RedisClient>(io_, endpoint, options, metrics_, log_);
    client->on_connection_change([this](bool up) { transitions_.push_back(up); });
    client->start();
    return client;
  }

  // Runs the io_context until the predicate holds or the timeout passes.
  template <class Pred>
  bool run_until(Pred pred, std::chrono::milliseconds timeout = 5s) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > until) return false;
      io_.restart();
      io_.run_for(5ms);
    }
    return true;
  }

  // Sends a command and runs until its callback has run; the callback must
  // run exactly once, so a second call fails the test.
  RedisResult call(store::RedisClient& client, std::vector<std::string> argv, std::chrono::milliseconds deadline = 2s) {
    int calls = 0;
    RedisResult out;
    client.command(std::move(argv), deadline, [&](RedisResult r) {
      ++calls;
      out = std::move(r);
    });
    EXPECT_TRUE(run_until([&] { return calls > 0; }, deadline + 3s)) << "the callback never ran";
    io_.restart();
    io_.run_for(20ms);
    EXPECT_EQ(calls, 1);
    return out;
  }

  boost::asio::io_context io_;
  core::MetricsRegistry metrics_;
  core::Logger log_{stderr, core::LogLevel::error};
  test::RedisProcess redis_;
  std::vector<bool> transitions_;
};

TEST_F(RedisClientTest, ConnectsAndRoundTripsArgvCommands) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  EXPECT_EQ(transitions_, std::vector<bool>{true});
  // argv is binary safe: spaces, quotes, NUL and Vietnamese survive as sent.
  std::string value = std::string("Cải cách \"hành chính\"\0 end", 31);
  auto set = call(*client, {"SET", "k", value});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set.reply.kind, RedisReply::Kind::status);
  EXPECT_EQ(set.reply.str, "OK");
  auto get = call(*client, {"GET", "k"});
  EXPECT_EQ(get.reply.kind, RedisReply::Kind::string);
  EXPECT_EQ(get.reply.str, value);
}

TEST_F(RedisClientTest, RepliesOfEveryKind) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  EXPECT_EQ(call(*client, {"INCRBY", "n", "41"}).reply.integer, 41);
  EXPECT_TRUE(call(*client, {"GET", "missing"}).reply.is_nil());
  call(*client, {"RPUSH", "l", "a", "b"});
  auto list = call(*client, {"LRANGE", "l", "0", "-1"});
  ASSERT_EQ(list.reply.kind, RedisReply::Kind::array);
  ASSERT_EQ(list.reply.elements.size(), 2u);
  EXPECT_EQ(list.reply.elements[1].str, "b");
}

TEST_F(RedisClientTest, RedisErrorIsAReplyNotAFailure) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  call(*client, {"SET", "s", "x"});
  auto r = call(*client, {"LPUSH", "s", "y"});
  EXPECT_EQ(r.failure, RedisFailure::none);
  EXPECT_TRUE(r.reply.is_error());
  EXPECT_EQ(r.reply.str.rfind("WRONGTYPE", 0), 0u) << r.reply.str;
  EXPECT_FALSE(r.ok());
}

TEST_F(RedisClientTest, EmbeddedScriptShaMatchesRedisOwn) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  const auto& clock = store::lua_script("clock");
  auto loaded = call(*client, {"SCRIPT", "LOAD", clock.source});
  EXPECT_EQ(loaded.reply.str, clock.sha1);
}

TEST_F(RedisClientTest, EvalLoadsTheScriptAfterNoscript) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  for (int round = 0; round < 2; ++round) {
    // An empty cache (as after a Redis restart) must be healed, not reported.
    call(*client, {"SCRIPT", "FLUSH"});
    bool done = false;
    RedisResult result;
    client->eval(store::lua_script("clock"), {}, {}, [&](RedisResult r) {
      result = std::move(r);
      done = true;
    });
    ASSERT_TRUE(run_until([&] { return done; }));
    ASSERT_TRUE(result.ok()) << result.reply.str;
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_NEAR(static_cast<double>(result.reply.integer), static_cast<double>(now_ms), 5000.0);
  }
}

TEST_F(RedisClientTest, CommandPastItsDeadlineFailsWithTimeout) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  redis_.pause();  // the socket stays open but nothing answers
  auto started = std::chrono::steady_clock::now();
  auto r = call(*client, {"PING"}, 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  redis_.resume();
  EXPECT_EQ(r.failure, RedisFailure::timeout);
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 2s);
  // The late reply is dropped quietly and the connection keeps working.
  EXPECT_EQ(call(*client, {"PING"}).reply.str, "PONG");
}

TEST_F(RedisClientTest, CommandsInFlightFailWithUnavailableWhenRedisDies) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  int calls = 0;
  RedisResult result;
  // BLPOP waits 30 s for a list that never fills: the reply can only come
  // from the connection being lost.
  client->command({"BLPOP", "never", "30"}, 60s, [&](RedisResult r) {
    ++calls;
    result = std::move(r);
  });
  run_until([] { return false; }, 100ms);
  redis_.kill();
  ASSERT_TRUE(run_until([&] { return calls > 0; }, 3s));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.failure, RedisFailure::unavailable);
  EXPECT_FALSE(client->connected());
}

TEST_F(RedisClientTest, WhileDisconnectedCommandsFailAtOnce) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  redis_.stop();
  ASSERT_TRUE(run_until([&] { return !client->connected(); }));
  auto started = std::chrono::steady_clock::now();
  auto r = call(*client, {"PING"}, 5s);
  EXPECT_EQ(r.failure, RedisFailure::unavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
}

TEST_F(RedisClientTest, ReconnectsByItselfWhenRedisComesBack) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  call(*client, {"SET", "kept", "1"});
  redis_.stop();  // SIGTERM: the AOF is flushed
  ASSERT_TRUE(run_until([&] { return !client->connected(); }));
  run_until([] { return false; }, 500ms);  // a few failed reconnects with backoff
  redis_.start();
  ASSERT_TRUE(run_until([&] { return client->connected(); }, 10s));
  EXPECT_EQ(transitions_, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(call(*client, {"GET", "kept"}).reply.str, "1");
  EXPECT_EQ(metrics_.counter("reformquiz_redis_reconnects_total", "").value(), 1);
}

TEST_F(RedisClientTest, NoServerMeansNotConnectedAndUnavailable) {
  auto client = make_client("redis://127.0.0.1:" + std::to_string(test::free_port()) + "/0");
  run_until([] { return false; }, 300ms);
  EXPECT_FALSE(client->connected());
  EXPECT_EQ(call(*client, {"PING"}).failure, RedisFailure::unavailable);
}

TEST_F(RedisClientTest, SelectsTheDatabaseOfTheUrl) {
  auto client = make_client(redis_.url(3));
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  call(*client, {"SET", "where", "db3"});
  EXPECT_EQ(call(*client, {"GET", "where"}).reply.str, "db3");
  EXPECT_NE(redis_.command("GET where").find("$-1"), std::string::npos) << "db 0 must not have the key";
}

TEST_F(RedisClientTest, StopFailsPendingCommandsAndLeavesNoWork) {
  auto client = make_client(redis_.url());
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  int calls = 0;
  RedisFailure failure = RedisFailure::none;
  client->command({"BLPOP", "never", "30"}, 60s, [&](RedisResult r) {
    ++calls;
    failure = r.failure;
  });
  run_until([] { return false; }, 50ms);
  client->stop();
  io_.restart();
  io_.run();  // returns only when the client has no timers or sockets left
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(failure, RedisFailure::unavailable);
}

class RedisClientAuthTest : public RedisClientTest {
 protected:
  RedisClientAuthTest() : RedisClientTest({"--requirepass", "s3cret-pass"}) {}
};

TEST_F(RedisClientAuthTest, AuthenticatesWithThePasswordOfTheUrl) {
  auto url = "redis://:s3cret-pass@127.0.0.1:" + std::to_string(redis_.port()) + "/0";
  auto client = make_client(url);
  ASSERT_TRUE(run_until([&] { return client->connected(); }));
  EXPECT_EQ(call(*client, {"PING"}).reply.str, "PONG");
}

TEST_F(RedisClientAuthTest, WrongPasswordNeverComesUp) {
  auto url = "redis://:wrong@127.0.0.1:" + std::to_string(redis_.port()) + "/0";
  auto client = make_client(url);
  run_until([] { return false; }, 500ms);
  EXPECT_FALSE(client->connected());
  EXPECT_TRUE(transitions_.empty());
}

TEST_F(RedisClientTest, ServerThatNeverAnswersTimesOutTheConnectAndIsRetried) {
  // A listener that accepts TCP connections (the kernel completes them from
  // the backlog) but never says a word: the handshake's PING gets no answer.
  boost::asio::ip::tcp::acceptor mute(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
  int accepted = 0;
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> held;
  std::function<void()> accept_next = [&] {
    auto socket = std::make_shared<boost::asio::ip::tcp::socket>(io_);
    mute.async_accept(*socket, [&, socket](boost::system::error_code ec) {
      if (ec) return;
      ++accepted;
      held.push_back(socket);
      accept_next();
    });
  };
  accept_next();
  store::RedisClientOptions options;
  options.connect_timeout = 200ms;
  options.backoff_initial = 20ms;
  options.backoff_max = 50ms;
  auto client = make_client("redis://127.0.0.1:" + std::to_string(mute.local_endpoint().port()) + "/0", options);
  run_until([] { return false; }, 1500ms);
  EXPECT_FALSE(client->connected());
  EXPECT_TRUE(transitions_.empty());
  EXPECT_GE(accepted, 3) << "each timed-out connection is dropped and another tried";
  EXPECT_EQ(call(*client, {"PING"}).failure, RedisFailure::unavailable);
  client->stop();
  mute.close();
}

}  // namespace redis_client_test
