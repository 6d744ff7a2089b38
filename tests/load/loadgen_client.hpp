// The load generator's clients, on Beast: an asynchronous WebSocket
// connection that many instances share one io_context with (thousands per
// process), and a one-shot HTTP request for the organiser's calls. Nothing
// here blocks the io_context thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

namespace rq::load {

using Clock = std::chrono::steady_clock;

// One contestant's WebSocket. Each request gets an id; the reply with that id
// completes it. Replies may be outstanding several at a time (a window), and
// writes are queued, since Beast allows one write in flight.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
 public:
  // The reply as parsed, and the time from the request to it. When the
  // connection is lost, every request still waiting (and any sent later) is
  // completed with {"type":"error","code":"connection_lost"}.
  using OnReply = std::function<void(const nlohmann::json& reply, Clock::duration elapsed)>;

  static std::shared_ptr<WsConnection> create(boost::asio::io_context& io);
  ~WsConnection();

  // TCP connect and WebSocket handshake to /ws; done("") on success, else the
  // reason. Bounded by `timeout`.
  void open(const boost::asio::ip::tcp::endpoint& to, std::chrono::seconds timeout,
            std::function<void(const std::string& error)> done);

  // Sends {"id":N, <fields>: `fields` is a JSON object's members followed by
  // its closing brace, e.g. "\"type\":\"answer\",…}", so hot paths can build
  // messages by concatenation instead of through a JSON tree.
  void request(std::string fields, OnReply on_reply);
  // The same from a JSON object (without "id").
  void request(const nlohmann::json& message, OnReply on_reply);

  // Sends a close frame; the connection then drops any further request.
  void close();
  bool lost() const { return lost_; }
  // Frames without an id (the server's pushes): counted, and given to the
  // handler when there is one.
  std::uint64_t pushes() const { return pushes_; }
  void on_push(std::function<void(const nlohmann::json& push)> handler) { on_push_ = std::move(handler); }

 private:
  explicit WsConnection(boost::asio::io_context& io);
  void read();
  void on_frame();
  void write_next();
  void fail(const std::string& why);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  struct Pending {
    OnReply on_reply;
    Clock::time_point sent;
  };
  std::unordered_map<std::int64_t, Pending> pending_;
  std::deque<std::string> outbox_;
  std::int64_t next_id_ = 1;
  bool writing_ = false;
  bool lost_ = false;
  std::uint64_t pushes_ = 0;
  std::function<void(const nlohmann::json&)> on_push_;
};

// Runs the io_context until done() holds or `limit` passes; true when done.
bool run_until(boost::asio::io_context& io, Clock::duration limit, const std::function<bool()>& done);

struct HttpReply {
  int status = 0;  // 0: no answer (error says why)
  std::string body;
  std::string error;
};

// One HTTP/1.1 request to 127.0.0.1:port on a connection of its own, run on
// a private io_context, bounded by `timeout`.
HttpReply http_call(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& bearer, const std::string& body, std::chrono::seconds timeout);

}  // namespace rq::load
