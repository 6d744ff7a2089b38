// Internal to server/net: the listener's shared state and the two kinds of
// session, after the shape of Vinnie Falco's Beast chat server. A session owns
// its socket and buffers and keeps itself alive through shared_from_this while
// an operation is pending; every error path ends the session.
//
// Both sessions are templates on their stream, so plain and TLS connections
// share every line of the protocol logic; they are instantiated for the two
// streams below in http_session.cpp and websocket_session.cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>

#include "net/server.hpp"

namespace rq::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template <class Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

// What the listener's shutdown needs of a session, whatever its stream.
class ClosableSession {
 public:
  virtual ~ClosableSession() = default;
  // HTTP: closes once the request being answered (if any) is answered.
  // WebSocket: sends what is queued, then a "going away" close frame.
  virtual void close_for_shutdown() = 0;
  // Closes the socket now, without a close frame or a TLS close_notify.
  virtual void drop() = 0;
};

// What every session of one Server shares: options, handlers, metrics, and
// the registry of live sessions that shutdown walks.
struct SharedState {
  SharedState(ServerOptions o, HttpHandler& h, WsHandler& w, core::MetricsRegistry& m, core::Logger& l);

  ServerOptions options;
  std::filesystem::path web_root;  // canonical
  // Set by Server::listen when options.tls is; every connection then starts
  // with TLS detection.
  std::unique_ptr<ssl::context> tls;
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
  core::Counter& tls_handshake_failures;
  core::Counter& plain_http_on_tls;
  core::Gauge& ws_tracked;    // entries of ws_sessions
  core::Gauge& http_tracked;  // entries of http_sessions

  bool shutting_down = false;
  std::uint64_t next_session_id = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<ClosableSession>> http_sessions;
  std::unordered_map<std::uint64_t, std::weak_ptr<ClosableSession>> ws_sessions;
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

// One HTTP/1.1 connection. On a TLS port a connection starts as a plain
// session that detects the ClientHello: TLS hands the stream to an
// HttpSession<TlsStream>, plain HTTP stays here and is redirected or refused.
template <class Stream>
class HttpSession : public ClosableSession, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // buffer: bytes already read from the connection (by the TLS detection).
  HttpSession(Stream stream, std::shared_ptr<SharedState> state, beast::flat_buffer buffer = {});
  ~HttpSession() override;
  void run();
  void close_for_shutdown() override;
  void drop() override;

 private:
  void on_detect(beast::error_code ec, bool tls);
  void on_handshake(beast::error_code ec, std::size_t used);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void refuse_plain_http(const http::request<http::string_body>& req);
  void respond(HttpResponse response);
  void serve_static(const http::request<http::string_body>& req);
  void send(std::shared_ptr<http::response<http::string_body>> res);
  void fail_request(http::status status, std::string_view code, std::string_view message);
  void close();

  std::uint64_t id_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  unsigned request_version_ = 11;
  bool request_keep_alive_ = true;
  bool head_request_ = false;
  bool busy_ = false;
  bool plain_on_tls_port_ = false;  // plain HTTP that reached the TLS port
  bool close_requested_ = false;    // close once the pending read is cancelled
  bool closed_ = false;
  bool stream_released_ = false;    // moved to a TLS or WebSocket session
  std::string remote_;
};

template <class Stream>
class WebSocketSession : public WsPeer,
                         public ClosableSession,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream stream, std::shared_ptr<SharedState> state, std::string remote);
  ~WebSocketSession() override;
  void run(http::request<http::string_body> upgrade);

  std::uint64_t id() const override { return id_; }
  const std::string& remote_address() const override { return remote_; }
  void send(Frame frame) override;
  using WsPeer::send;
  void close() override { close_with(websocket::close_code::normal); }
  void close_for_abuse() override { close_with(websocket::close_code::policy_error); }
  void close_with(websocket::close_code code);
  void close_for_shutdown() override { close_with(websocket::close_code::going_away); }
  void drop() override { abort(); }

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
  websocket::stream<Stream> ws_;
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

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;
extern template class WebSocketSession<PlainStream>;
extern template class WebSocketSession<TlsStream>;

}  // namespace rq::net
