// The listener: binds the port, accepts connections into HTTP sessions, and
// runs the graceful shutdown (stop accepting, close every session, report
// when none is left). It also builds the TLS context when the gateway serves
// HTTPS itself.
#include <variant>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <openssl/ssl.h>

#include "net/sessions.hpp"

namespace rq::net {

namespace {

// TLS 1.2 and 1.3 only. For 1.2, ECDHE key exchange (forward secrecy) with
// AEAD ciphers only, the list today's browsers negotiate; 1.3's suites are
// all AEAD and OpenSSL's defaults are kept.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::variant<std::unique_ptr<ssl::context>, TlsFileProblem> make_tls_context(const TlsOptions& tls) {
  using File = TlsFileProblem::File;
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                   ssl::context::single_dh_use);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_cipher_list(native, kTls12Ciphers);
  SSL_CTX_set1_groups_list(native, "X25519:P-256:P-384");
  // An idle connection (most WebSockets, most of the time) gives its read
  // and write buffers back: some 30 KiB per connection.
  SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
  // An encrypted key would make OpenSSL ask for its passphrase on the
  // terminal and hang the start; no passphrase makes it a clear error.
  auto no_passphrase = [](std::size_t, ssl::context::password_purpose) { return std::string(); };
  ctx->set_password_callback(no_passphrase);

  beast::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file.string(), ec);
  if (ec) return TlsFileProblem{File::cert, ec.message()};
  // The key alone first, in a context with no certificate: a key that
  // does not parse is then told apart from one that is not the certificate's.
  {
    ssl::context probe(ssl::context::tls_server);
    probe.set_password_callback(no_passphrase);
    probe.use_private_key_file(tls.key_file.string(), ssl::context::pem, ec);
    if (ec) return TlsFileProblem{File::key, ec.message()};
  }
  ctx->use_private_key_file(tls.key_file.string(), ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(native) != 1) {
    return TlsFileProblem{File::pair, "the key does not match the certificate"};
  }
  return ctx;
}

}  // namespace

std::optional<TlsFileProblem> check_tls_files(const TlsOptions& tls) {
  auto made = make_tls_context(tls);
  if (auto* problem = std::get_if<TlsFileProblem>(&made)) return *problem;
  return std::nullopt;
}

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
      tls_handshake_failures(m.counter("reformquiz_tls_handshake_failures_total",
                                       "TLS handshakes that failed or timed out (old clients, scanners, bad certificates).")),
      plain_http_on_tls(m.counter("reformquiz_tls_plain_http_total",
                                  "Plain HTTP requests on the HTTPS port, redirected or refused.")),
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
        if (auto bytes = self->state->options.socket_send_buffer_bytes) {
          beast::error_code ignored;  // the kernel's own size stays if it refuses
          socket.set_option(boost::asio::socket_base::send_buffer_size(static_cast<int>(bytes)), ignored);
        }
        std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), self->state)->run();
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
  if (st.options.tls) {
    auto made = make_tls_context(*st.options.tls);
    if (auto* problem = std::get_if<TlsFileProblem>(&made)) {
      return "cannot use the TLS certificate \"" + st.options.tls->cert_file.string() + "\" and key \"" +
             st.options.tls->key_file.string() + "\": " + problem->reason;
    }
    st.tls = std::move(std::get<std::unique_ptr<ssl::context>>(made));
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
    if (auto s = weak.lock()) s->close_for_shutdown();
  }
  auto http = st.http_sessions;
  for (auto& [id, weak] : http) {
    if (auto s = weak.lock()) s->close_for_shutdown();
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
