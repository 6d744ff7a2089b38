// Internal to server/net: the listener's shared state and the two kinds of
// session, after the shape of Vinnie Falco's Beast chat server. A session owns
// its socket and buffers and keeps itself alive through shared_from_this while
// an operation is pending; every error path ends the session.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "net/server.hpp"

namespace rq::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

class HttpSession;
class WebSocketSession;

// What every session of one Server shares: options, handlers, metrics, and
// the registry of live sessions that shutdown walks.
struct SharedState {
  SharedState(ServerOptions o, HttpHandler& h, WsHandler& w, core::MetricsRegistry& m, core::Logger& l);

  ServerOptions options;
  std::filesystem::path web_root;  // canonical
  HttpHandler& http_handler;
  WsHandler& ws_handler;
  core::Logger& log;

  core::Gauge& http_open;
  core::Gauge& ws_open;
  core::Counter& frames_in;
  core::Counter& frames_out;
  core::Counter& http_requests;
  core::Counter& oversize_frames;
  core::Counter& slow_consumers_closed;
  core::Counter& idle_closed;
  core::Gauge& ws_tracked;    // entries of ws_sessions
  core::Gauge& http_tracked;  // entries of http_sessions

  bool shutting_down = false;
  std::uint64_t next_session_id = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<HttpSession>> http_sessions;
  std::unordered_map<std::uint64_t, std::weak_ptr<WebSocketSession>> ws_sessions;
  std::function<void()> on_drained;

  // Called by a session as it ends; fires on_drained once shutdown has begun
  // and the last session is gone.
  void session_ended();
  // After a change of either registry.
  void count_sessions() {
    ws_tracked.set(static_cast<double>(ws_sessions.size()));
    http_tracked.set(static_cast<double>(http_sessions.size()));
  }
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<SharedState> state);
  ~HttpSession();
  void run();
  // Closes the connection unless a request is being answered; that one ends
  // after its response.
  void close_when_idle();
  // Closes the connection now, whatever it is doing.
  void drop() { close(); }

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void respond(HttpResponse response);
  void serve_static(const http::request<http::string_body>& req);
  void send(std::shared_ptr<http::response<http::string_body>> res);
  void fail_request(http::status status, std::string_view code, std::string_view message);
  void close();

  std::uint64_t id_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  unsigned request_version_ = 11;
  bool request_keep_alive_ = true;
  bool head_request_ = false;
  bool busy_ = false;
  std::string remote_;
};

class WebSocketSession : public WsPeer, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket socket, std::shared_ptr<SharedState> state, std::string remote);
  ~WebSocketSession() override;
  void run(http::request<http::string_body> upgrade);

  std::uint64_t id() const override { return id_; }
  const std::string& remote_address() const override { return remote_; }
  void send(Frame frame) override;
  using WsPeer::send;
  void close() override { close_with(websocket::close_code::normal); }
  void close_for_abuse() override { close_with(websocket::close_code::policy_error); }
  void close_with(websocket::close_code code);
  // Closes the socket now, without a close frame.
  void drop() { abort(); }

 private:
  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);
  void start_close();
  void abort();
  void ended();

  std::uint64_t id_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::string remote_;
  std::deque<Frame> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool open_ = false;           // accepted and not yet ended
  bool closing_ = false;        // a close is pending or done: no more reads or sends
  bool close_started_ = false;  // async_close issued
  websocket::close_code close_code_ = websocket::close_code::normal;
  bool ended_ = false;
};

}  // namespace rq::net
