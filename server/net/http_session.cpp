// One HTTP/1.1 connection: reads requests one at a time, hands WebSocket
// upgrades of /ws to a WebSocketSession, dynamic routes to the app's
// HttpHandler, and everything else to the static files of the web folder.
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

}  // namespace

const std::string& HttpRequest::header(const std::string& name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return kEmpty;
}

HttpSession::HttpSession(tcp::socket socket, std::shared_ptr<SharedState> state)
    : id_(state->next_session_id++), stream_(std::move(socket)), state_(std::move(state)) {
  remote_ = endpoint_text(stream_.socket());
  state_->http_open.inc();
}

HttpSession::~HttpSession() {
  state_->http_open.dec();
  state_->http_sessions.erase(id_);
  state_->count_sessions();
  state_->session_ended();
}

void HttpSession::run() {
  // Registered here, not in the constructor, where weak_from_this() is empty.
  state_->http_sessions[id_] = weak_from_this();
  state_->count_sessions();
  do_read();
}

void HttpSession::close_when_idle() {
  if (!busy_) close();
  else request_keep_alive_ = false;
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void HttpSession::do_read() {
  if (state_->shutting_down) {
    close();
    return;
  }
  parser_.emplace();
  parser_->body_limit(state_->options.max_http_body_bytes);
  parser_->header_limit(16 * 1024);
  stream_.expires_after(state_->options.http_timeout);
  busy_ = false;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::operation_aborted ||
      ec == boost::asio::error::connection_reset || ec == boost::asio::error::bad_descriptor) {
    close();
    return;
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
    stream_.expires_never();
    std::make_shared<WebSocketSession>(stream_.release_socket(), state_, client)->run(parser_->release());
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
  auto self = shared_from_this();
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

void HttpSession::respond(HttpResponse response) {
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

void HttpSession::serve_static(const http::request<http::string_body>& req) {
  std::string target(req.target());
  std::string path = target.substr(0, target.find('?'));
  auto found = resolve_static(state_->web_root, path);
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

void HttpSession::fail_request(http::status status, std::string_view code, std::string_view message) {
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

void HttpSession::send(std::shared_ptr<http::response<http::string_body>> res) {
  bool keep_alive = res->keep_alive() && !state_->shutting_down;
  stream_.expires_after(state_->options.http_timeout);
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                      if (ec || !keep_alive) {
                        self->close();
                        return;
                      }
                      self->do_read();
                    });
}

}  // namespace rq::net
