// One HTTP/1.1 connection: reads requests one at a time, hands WebSocket
// upgrades of /ws to a WebSocketSession, dynamic routes to the app's
// HttpHandler, and everything else to the static files of the web folder.
// On an HTTPS port a connection first shows whether it starts a TLS handshake
// (a ClientHello starts with byte 0x16); plain HTTP there is redirected to
// https or refused, as configured.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "net/sessions.hpp"
#include "net/static_files.hpp"

namespace rq::net {

namespace {

std::string error_body(std::string_view code, std::string_view message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

std::string endpoint_text(const tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  // An address key must be an address: "0.0.0.0" stands for "not known".
  return ec ? std::string("0.0.0.0") : ep.address().to_string();
}

// A Host header fit for a redirect's Location: a name or an address and a
// port, nothing that could change the shape of the URL it goes into.
bool host_fit_for_redirect(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

}  // namespace

const std::string& HttpRequest::header(const std::string& name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return kEmpty;
}

template <class Stream>
HttpSession<Stream>::HttpSession(Stream stream, std::shared_ptr<SharedState> state, beast::flat_buffer buffer)
    : id_(state->next_session_id++), stream_(std::move(stream)), buffer_(std::move(buffer)), state_(std::move(state)) {
  remote_ = endpoint_text(beast::get_lowest_layer(stream_).socket());
  state_->http_open.inc();
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  state_->http_open.dec();
  state_->http_sessions.erase(id_);
  state_->count_sessions();
  state_->session_ended();
}

template <class Stream>
void HttpSession<Stream>::run() {
  // Registered here, not in the constructor, where weak_from_this() is empty.
  state_->http_sessions[id_] = this->weak_from_this();
  state_->count_sessions();
  auto& socket = beast::get_lowest_layer(stream_);
  if constexpr (kIsTls<Stream>) {
    socket.expires_after(state_->options.handshake_timeout);
    stream_.async_handshake(ssl::stream_base::server, buffer_.data(),
                            beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
  } else {
    if (!state_->tls) {
      do_read();
      return;
    }
    socket.expires_after(state_->options.handshake_timeout);
    beast::async_detect_ssl(stream_, buffer_,
                            beast::bind_front_handler(&HttpSession::on_detect, this->shared_from_this()));
  }
}

template <class Stream>
void HttpSession<Stream>::on_detect([[maybe_unused]] beast::error_code ec, [[maybe_unused]] bool tls) {
  if constexpr (!kIsTls<Stream>) {
    if (ec || closed_) {
      close();
      return;
    }
    beast::get_lowest_layer(stream_).expires_never();
    if (tls) {
      // The TLS session takes the socket and the bytes read so far; this
      // one ends as the handler returns.
      stream_released_ = true;
      std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(stream_), *state_->tls), state_, std::move(buffer_))
          ->run();
      return;
    }
    plain_on_tls_port_ = true;
    do_read();
  }
}

template <class Stream>
void HttpSession<Stream>::on_handshake([[maybe_unused]] beast::error_code ec, [[maybe_unused]] std::size_t used) {
  if constexpr (kIsTls<Stream>) {
    if (ec) {
      // Scanners, clients too old for TLS 1.2, a certificate the client
      // does not trust: nothing to answer, and not worth more than debug.
      if (!close_requested_) state_->tls_handshake_failures.inc();
      state_->log.debug("TLS handshake failed", {{"remote", remote_}, {"error", ec.message()}});
      drop();
      return;
    }
    buffer_.consume(used);
    do_read();
  }
}

template <class Stream>
void HttpSession<Stream>::close_for_shutdown() {
  if (busy_) {
    request_keep_alive_ = false;  // closes after the response
    return;
  }
  if constexpr (kIsTls<Stream>) {
    // A read (or the handshake) is pending, and a TLS shutdown must not run
    // beside it: cancelling the read lets its handler close.
    close_requested_ = true;
    if (!stream_released_) beast::get_lowest_layer(stream_).cancel();
  } else {
    close();
  }
}

template <class Stream>
void HttpSession<Stream>::drop() {
  closed_ = true;
  if (stream_released_) return;
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(stream_);
  socket.socket().shutdown(tcp::socket::shutdown_both, ignored);
  socket.close();
}

template <class Stream>
void HttpSession<Stream>::close() {
  if (closed_ || stream_released_) return;
  if constexpr (kIsTls<Stream>) {
    // Our close_notify, then the peer's, so the client knows the response
    // was whole; bounded, since a peer that never answers must not hold the
    // session.
    closed_ = true;
    beast::get_lowest_layer(stream_).expires_after(state_->options.tls_shutdown_timeout);
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->drop(); });
  } else {
    drop();
  }
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  if (state_->shutting_down || close_requested_) {
    close();
    return;
  }
  parser_.emplace();
  parser_->body_limit(state_->options.max_http_body_bytes);
  parser_->header_limit(16 * 1024);
  beast::get_lowest_layer(stream_).expires_after(state_->options.http_timeout);
  busy_ = false;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::operation_aborted ||
      ec == boost::asio::error::connection_reset || ec == boost::asio::error::bad_descriptor) {
    close();
    return;
  }
  if constexpr (kIsTls<Stream>) {
    // The peer went without a close_notify, or broke the TLS records:
    // nothing can be answered on this connection.
    if (ec == ssl::error::stream_truncated || ec.category() == boost::asio::error::get_ssl_category()) {
      drop();
      return;
    }
  }
  busy_ = true;
  if (ec == http::error::body_limit) {
    request_keep_alive_ = false;
    fail_request(http::status::payload_too_large, "too_large", "the request body is too large");
    return;
  }
  if (ec) {
    request_keep_alive_ = false;
    fail_request(http::status::bad_request, "bad_request", "malformed HTTP request: " + ec.message());
    return;
  }
  auto& req = parser_->get();
  request_version_ = req.version();
  request_keep_alive_ = req.keep_alive();
  head_request_ = req.method() == http::verb::head;
  state_->http_requests.inc();
  if (plain_on_tls_port_) {
    refuse_plain_http(req);
    return;
  }

  std::string target(req.target());
  std::string path = target.substr(0, target.find('?'));

  // Behind a trusted proxy, the client it forwards for. A proxy may add its
  // own X-Forwarded-For line instead of extending the client's: all lines,
  // in order, make the chain.
  std::string forwarded;
  auto [xff, xff_end] = req.equal_range("X-Forwarded-For");
  for (auto it = xff; it != xff_end; ++it) forwarded += (forwarded.empty() ? "" : ",") + std::string(it->value());
  std::string client = core::client_address(remote_, forwarded, state_->options.trusted_proxies);

  if (websocket::is_upgrade(req)) {
    if (path != "/ws") {
      fail_request(http::status::not_found, "not_found", "WebSocket connections go to /ws");
      return;
    }
    beast::get_lowest_layer(stream_).expires_never();
    stream_released_ = true;
    std::make_shared<WebSocketSession<Stream>>(std::move(stream_), state_, client)->run(parser_->release());
    return;
  }

  HttpRequest request;
  request.method = std::string(req.method_string());
  request.path = path;
  if (auto q = target.find('?'); q != std::string::npos) request.query = target.substr(q + 1);
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(req.body());
  request.remote_address = client;

  // The response may come later (after a Redis round trip); the session stays
  // alive through the captured pointer and reads nothing until then.
  auto self = this->shared_from_this();
  bool routed = state_->http_handler.handle(request, [self](HttpResponse response) {
    self->respond(std::move(response));
  });
  if (routed) return;

  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    fail_request(http::status::method_not_allowed, "bad_request", "static files answer GET and HEAD only");
    return;
  }
  serve_static(req);
}

template <class Stream>
void HttpSession<Stream>::refuse_plain_http(const http::request<http::string_body>& req) {
  state_->plain_http_on_tls.inc();
  request_keep_alive_ = false;
  auto res = std::make_shared<http::response<http::string_body>>(http::status::bad_request, request_version_);
  res->set(http::field::server, "reformquiz");
  res->set(http::field::content_type, "text/plain; charset=utf-8");
  res->set(http::field::cache_control, "no-store");
  res->keep_alive(false);
  std::string host(req[http::field::host]);
  std::string target(req.target());
  // The same host and port (this port serves both), path and query.
  if (state_->options.tls->plain_http == PlainHttpOnTls::redirect && host_fit_for_redirect(host) &&
      target.starts_with('/')) {
    std::string location = "https://" + host + target;
    res->result(http::status::moved_permanently);
    res->set(http::field::location, location);
    res->body() = "This port speaks HTTPS: " + location + "\n";
  } else {
    res->body() = "This port speaks HTTPS only: use an https:// address.\n";
  }
  res->prepare_payload();
  if (head_request_) res->body().clear();
  send(std::move(res));
}

template <class Stream>
void HttpSession<Stream>::respond(HttpResponse response) {
  auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status),
                                                                  request_version_);
  res->set(http::field::server, "reformquiz");
  res->set(http::field::content_type, response.content_type);
  res->set(http::field::cache_control, "no-store");
  for (auto& [name, value] : response.headers) res->set(name, value);
  res->keep_alive(request_keep_alive_);
  res->body() = std::move(response.body);
  res->prepare_payload();
  if (head_request_) res->body().clear();
  send(std::move(res));
}

template <class Stream>
void HttpSession<Stream>::serve_static(const http::request<http::string_body>& req) {
  std::string target(req.target());
  auto q = target.find('?');
  std::string path = target.substr(0, q);
  // The query goes along with a redirect (/admin?x to /admin/?x): a link
  // to a folder keeps what it asked for.
  std::string query = q == std::string::npos ? std::string() : target.substr(q + 1);
  auto found = resolve_static(state_->web_root, path, query);
  using Kind = StaticLookup::Kind;
  if (found.kind == Kind::bad_request) {
    fail_request(http::status::bad_request, "bad_request", "this path is not allowed");
    return;
  }
  if (found.kind == Kind::not_found) {
    fail_request(http::status::not_found, "not_found", "no such page");
    return;
  }
  auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, request_version_);
  res->set(http::field::server, "reformquiz");
  res->keep_alive(request_keep_alive_);
  if (found.kind == Kind::redirect) {
    res->result(http::status::moved_permanently);
    res->set(http::field::location, found.location);
    res->prepare_payload();
    send(std::move(res));
    return;
  }

  std::error_code ec;
  auto size = std::filesystem::file_size(found.file, ec);
  auto mtime = std::filesystem::last_write_time(found.file, ec);
  std::string etag = etag_for(size, mtime.time_since_epoch().count());
  // The pages have no build step and so no content hashes in their names:
  // browsers must revalidate every time, and the ETag makes that cheap.
  res->set(http::field::cache_control, "no-cache");
  res->set(http::field::etag, etag);
  res->set(http::field::content_type, content_type_for(found.file));
  res->set("X-Content-Type-Options", "nosniff");
  if (req[http::field::if_none_match] == etag) {
    res->result(http::status::not_modified);
    send(std::move(res));
    return;
  }
  std::ifstream in(found.file, std::ios::binary);
  if (!in) {
    fail_request(http::status::not_found, "not_found", "no such page");
    return;
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  res->body() = std::move(contents).str();
  res->prepare_payload();
  if (head_request_) res->body().clear();
  send(std::move(res));
}

template <class Stream>
void HttpSession<Stream>::fail_request(http::status status, std::string_view code, std::string_view message) {
  auto res = std::make_shared<http::response<http::string_body>>(status, request_version_);
  res->set(http::field::server, "reformquiz");
  res->set(http::field::content_type, "application/json; charset=utf-8");
  res->set(http::field::cache_control, "no-store");
  res->keep_alive(request_keep_alive_);
  res->body() = error_body(code, message);
  res->prepare_payload();
  if (head_request_) res->body().clear();
  send(std::move(res));
}

template <class Stream>
void HttpSession<Stream>::send(std::shared_ptr<http::response<http::string_body>> res) {
  bool keep_alive = res->keep_alive() && !state_->shutting_down;
  beast::get_lowest_layer(stream_).expires_after(state_->options.http_timeout);
  http::async_write(stream_, *res,
                    [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->drop();
                        return;
                      }
                      if (!keep_alive) {
                        self->close();
                        return;
                      }
                      self->do_read();
                    });
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace rq::net
