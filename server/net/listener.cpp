// The listener: binds the port, accepts connections into HTTP sessions, and
// runs the graceful shutdown (stop accepting, close every session, report
// when none is left).
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "net/sessions.hpp"

namespace rq::net {

SharedState::SharedState(ServerOptions o, HttpHandler& h, WsHandler& w, core::MetricsRegistry& m, core::Logger& l)
    : options(std::move(o)),
      http_handler(h),
      ws_handler(w),
      log(l),
      http_open(m.gauge("reformquiz_connections_open", "Open client connections by kind.", {{"kind", "http"}})),
      ws_open(m.gauge("reformquiz_connections_open", "Open client connections by kind.", {{"kind", "websocket"}})),
      frames_in(m.counter("reformquiz_ws_frames_total", "WebSocket messages by direction.", {{"direction", "in"}})),
      frames_out(m.counter("reformquiz_ws_frames_total", "WebSocket messages by direction.", {{"direction", "out"}})),
      http_requests(m.counter("reformquiz_http_requests_total", "HTTP requests answered.")),
      oversize_frames(m.counter("reformquiz_ws_oversize_frames_total",
                                "WebSocket messages refused for exceeding the frame limit.")),
      slow_consumers_closed(m.counter("reformquiz_ws_slow_consumers_closed_total",
                                      "WebSockets closed because the client did not read its messages.")),
      idle_closed(m.counter("reformquiz_ws_idle_closed_total", "WebSockets closed by the idle timeout.")),
      ws_tracked(m.gauge("reformquiz_ws_sessions_tracked", "Entries in the gateway's tables of WebSocket sessions.",
                         {{"table", "listener"}})),
      http_tracked(m.gauge("reformquiz_http_sessions_tracked", "Entries in the listener's table of HTTP sessions.")) {}

void SharedState::session_ended() {
  if (shutting_down && http_sessions.empty() && ws_sessions.empty() && on_drained) {
    auto done = std::move(on_drained);
    on_drained = nullptr;
    done();
  }
}

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(boost::asio::io_context& io, std::shared_ptr<SharedState> s, core::MetricsRegistry& m)
      : io(io),
        acceptor(io),
        retry(io),
        state(std::move(s)),
        accept_failures(m.counter("reformquiz_accept_failures_total",
                                  "Connections the listener could not accept (out of descriptors, …).")) {}

  void accept() {
    acceptor.async_accept(io, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == boost::asio::error::operation_aborted || !self->acceptor.is_open()) return;
      if (!ec) {
        self->backoff = std::chrono::milliseconds(0);
        std::make_shared<HttpSession>(std::move(socket), self->state)->run();
        return self->accept();
      }
      self->accept_failures.inc();
      if (ec == boost::asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
          ec == boost::asio::error::no_memory || ec == boost::asio::error::no_buffer_space) {
        // Out of descriptors or memory: accepting again at once would fail
        // again at once and spin the I/O thread. Wait, longer each time (up
        // to a second), until sessions ending give some back.
        self->backoff = std::min(std::chrono::milliseconds(1000),
                                 std::max(std::chrono::milliseconds(10), self->backoff * 2));
        self->state->log.warn("accept failed; waiting before accepting again",
                              {{"error", ec.message()}, {"wait_ms", self->backoff.count()}});
        self->retry.expires_after(self->backoff);
        self->retry.async_wait([self](beast::error_code timer_ec) {
          if (!timer_ec && self->acceptor.is_open()) self->accept();
        });
        return;
      }
      // A connection reset before it was accepted, and the like: that one
      // connection's problem only.
      self->state->log.info("accept failed", {{"error", ec.message()}});
      self->accept();
    });
  }

  boost::asio::io_context& io;
  tcp::acceptor acceptor;
  boost::asio::steady_timer retry;
  std::chrono::milliseconds backoff{0};
  std::shared_ptr<SharedState> state;
  core::Counter& accept_failures;
};

Server::Server(boost::asio::io_context& io, ServerOptions options, HttpHandler& http, WsHandler& ws,
               core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::make_shared<SharedState>(std::move(options), http, ws, metrics, log),
                                   metrics)) {}

Server::~Server() {
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->retry.cancel();
}

std::optional<std::string> Server::listen() {
  auto& st = *impl_->state;
  std::error_code fs_ec;
  st.web_root = std::filesystem::canonical(st.options.web_root, fs_ec);
  if (fs_ec || !std::filesystem::is_directory(st.web_root)) {
    return "the web folder \"" + st.options.web_root.string() + "\" is not a readable directory";
  }
  beast::error_code ec;
  auto address = boost::asio::ip::make_address(st.options.address, ec);
  if (ec) return "\"" + st.options.address + "\" is not an IP address";
  tcp::endpoint endpoint(address, st.options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return "cannot listen on " + st.options.address + ":" + std::to_string(st.options.port) + ": " + ec.message();
  }
  impl_->accept();
  return std::nullopt;
}

std::uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::shutdown(std::function<void()> done) {
  auto& st = *impl_->state;
  st.shutting_down = true;
  st.on_drained = std::move(done);
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->retry.cancel();
  // Copy first: closing a session may end it and erase it from the map.
  auto ws = st.ws_sessions;
  for (auto& [id, weak] : ws) {
    if (auto s = weak.lock()) s->close_with(websocket::close_code::going_away);
  }
  auto http = st.http_sessions;
  for (auto& [id, weak] : http) {
    if (auto s = weak.lock()) s->close_when_idle();
  }
  st.session_ended();
}

void Server::abort_connections() {
  auto& st = *impl_->state;
  auto ws = st.ws_sessions;
  for (auto& [id, weak] : ws) {
    if (auto s = weak.lock()) s->drop();
  }
  auto http = st.http_sessions;
  for (auto& [id, weak] : http) {
    if (auto s = weak.lock()) s->drop();
  }
}

}  // namespace rq::net
