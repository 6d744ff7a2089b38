// The gateway's listener: HTTP/1.1 and WebSocket on one port, or HTTPS and
// WSS on it when given a certificate. Static files come from the web folder;
// dynamic routes and WebSocket messages go to the handlers the app passes in.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/security/client_address.hpp"
#include "core/observability/metrics.hpp"
#include "net/http_types.hpp"

namespace rq::net {

// What a plain HTTP request to the HTTPS port gets: a 301 to the same
// address and target over https, or a 400 saying that the port speaks HTTPS.
enum class PlainHttpOnTls { redirect, refuse };

// For a gateway that serves HTTPS and WSS itself (one machine, no proxy).
struct TlsOptions {
  std::filesystem::path cert_file;  // PEM: the certificate, then any intermediates
  std::filesystem::path key_file;   // PEM, not encrypted (the gateway asks no passphrase)
  PlainHttpOnTls plain_http = PlainHttpOnTls::redirect;
};

// Which of the two files is unusable, and why (OpenSSL's words).
struct TlsFileProblem {
  enum class File { cert, key, pair };  // pair: both read, but the key is not the certificate's
  File file;
  std::string reason;
};

// Loads the certificate chain and the key exactly as the server will, so the
// configuration can refuse them at start; nullopt when they are usable.
std::optional<TlsFileProblem> check_tls_files(const TlsOptions& tls);

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port)
  std::filesystem::path web_root;
  std::size_t max_frame_bytes = 16 * 1024;
  // A WebSocket from which nothing at all arrives (not even the answer to our
  // pings, sent at half this interval) for this long is closed.
  std::chrono::milliseconds ws_idle_timeout{60'000};
  // Bounds the TLS handshake (detecting it included) and the WebSocket
  // handshake, each.
  std::chrono::milliseconds handshake_timeout{10'000};
  // Bytes a session may have queued for a client that is not reading before
  // the client is judged too slow and closed.
  std::size_t ws_queue_limit_bytes = 1024 * 1024;
  // The kernel's send buffer of each accepted connection (SO_SNDBUF); 0
  // leaves Linux's autotuning, which may grow it to net.ipv4.tcp_wmem's
  // maximum (4 MiB on Debian) for a client that does not read. Set, it
  // bounds the kernel memory a slow client can hold and makes the queue
  // limit above reached after a known amount.
  std::size_t socket_send_buffer_bytes = 0;
  std::size_t max_http_body_bytes = 11 * 1024 * 1024;  // a 10 MiB bank file and headroom
  std::chrono::milliseconds http_timeout{30'000};
  // Proxies whose X-Forwarded-For names the client (--trusted-proxy); none by default.
  core::TrustedProxies trusted_proxies;
  // Set: HTTPS and WSS on the port, plain HTTP there redirected or refused.
  std::optional<TlsOptions> tls;
  // How long a closing HTTPS connection waits for the peer's close_notify:
  // a peer that never answers must not hold the session.
  std::chrono::milliseconds tls_shutdown_timeout{2'000};
};

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions options, HttpHandler& http, WsHandler& ws,
         core::MetricsRegistry& metrics, core::Logger& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts accepting. Returns an error message when the
  // address cannot be bound.
  std::optional<std::string> listen();
  std::uint16_t port() const;

  // Stops accepting, closes every WebSocket with a "going away" close frame
  // and every idle HTTP connection, and calls done once no session is left.
  void shutdown(std::function<void()> done);
  // Drops every connection at once, without close frames: for when the
  // shutdown's grace is over. The shutdown's done then runs as the last
  // session ends.
  void abort_connections();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rq::net
