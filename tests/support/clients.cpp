#include "clients.hpp"

#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>

namespace rq::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

tcp::endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// Runs the io_context until `done` or the timeout; true when done.
bool run_until(asio::io_context& io, const bool& done, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  io.restart();
  while (!done) {
    auto now = std::chrono::steady_clock::now();
    if (now >= until) return false;
    if (io.run_one_for(until - now) == 0 && io.stopped()) {
      // Nothing pending at all: wait a moment rather than spin.
      io.restart();
      std::this_thread::sleep_for(1ms);
    }
  }
  return true;
}

// A client context that trusts only the test's CA and checks the name.
std::unique_ptr<ssl::context> client_context(const TlsTrust& tls) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->load_verify_file(tls.ca_file.string());
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

// Connects stream's lowest layer, then, for TLS, names the host (SNI, for
// a name only) and completes the handshake with its verification.
template <class Stream>
void open_connection(asio::io_context& io, Stream& stream, std::uint16_t port, const TlsTrust* tls) {
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(10s);
  lowest.connect(loopback(port));
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    beast::error_code not_an_address;
    asio::ip::make_address(tls->host, not_an_address);
    if (not_an_address) SSL_set_tlsext_host_name(stream.native_handle(), tls->host.c_str());
    stream.set_verify_callback(ssl::host_name_verification(tls->host));
    bool done = false;
    beast::error_code ec;
    stream.async_handshake(ssl::stream_base::client, [&](beast::error_code hec) {
      ec = hec;
      done = true;
    });
    if (!run_until(io, done, 10s)) throw std::runtime_error("TLS handshake: no answer in 10 s");
    if (ec) throw std::runtime_error("TLS handshake: " + ec.message());
  }
  lowest.expires_never();
}

template <class Stream>
HttpReply exchange(asio::io_context& io, Stream& stream, std::uint16_t port, const std::string& method,
                   const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) {
  beast::get_lowest_layer(stream).expires_after(10s);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : headers) req.insert(k, v);  // a name given twice is sent twice
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
  req.keep_alive(false);

  beast::error_code ec;
  bool done = false;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
    if (wec) {
      ec = wec;
      done = true;
      return;
    }
    http::async_read(stream, buffer, parser, [&](beast::error_code rec, std::size_t) {
      ec = rec;
      done = true;
    });
  });
  if (!run_until(io, done, 10s)) throw std::runtime_error("HTTP " + method + " " + target + ": no answer in 10 s");
  if (ec) throw std::runtime_error("HTTP " + method + " " + target + ": " + ec.message());
  HttpReply reply;
  auto& res = parser.get();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = res.body();
  return reply;
}

}  // namespace

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  open_connection(io, stream, port, nullptr);
  return exchange(io, stream, port, method, target, headers, body);
}

HttpReply https_request(const TlsTrust& tls, std::uint16_t port, const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  asio::io_context io;
  auto ctx = client_context(tls);
  TlsStream stream(io, *ctx);
  open_connection(io, stream, port, &tls);
  return exchange(io, stream, port, method, target, headers, body);
}

struct WsClient::Impl {
  asio::io_context io;
  std::unique_ptr<ssl::context> tls_context;
  // One of the two, by the constructor used.
  std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
  std::unique_ptr<websocket::stream<TlsStream>> tls;
  beast::flat_buffer buffer;
  bool read_pending = false;
  bool read_done = false;
  beast::error_code read_error;
  bool closed = false;
  std::vector<nlohmann::json> pushes;
  std::vector<std::string> received;

  // Runs f on whichever stream this client has.
  template <class F>
  decltype(auto) with_ws(F&& f) {
    if (plain) return f(*plain);
    return f(*tls);
  }

  void start_read() {
    read_pending = true;
    read_done = false;
    with_ws([this](auto& ws) {
      ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
        read_error = ec;
        read_done = true;
        read_pending = false;
        if (ec) closed = true;
      });
    });
  }

  template <class Ws>
  void handshake(Ws& ws, std::uint16_t port, const std::string& target) {
    ws.read_message_max(64 * 1024 * 1024);
    ws.handshake("127.0.0.1:" + std::to_string(port), target);
  }
};

WsClient::WsClient(std::uint16_t port, const std::string& target, int receive_buffer)
    : impl_(std::make_unique<Impl>()) {
  impl_->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(impl_->io);
  auto& lowest = beast::get_lowest_layer(*impl_->plain);
  lowest.socket().open(tcp::v4());
  if (receive_buffer > 0) lowest.socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  open_connection(impl_->io, lowest, port, nullptr);
  impl_->handshake(*impl_->plain, port, target);
}

WsClient::WsClient(const TlsTrust& tls, std::uint16_t port, const std::string& target)
    : impl_(std::make_unique<Impl>()) {
  impl_->tls_context = client_context(tls);
  impl_->tls = std::make_unique<websocket::stream<TlsStream>>(impl_->io, *impl_->tls_context);
  open_connection(impl_->io, impl_->tls->next_layer(), port, &tls);
  impl_->handshake(*impl_->tls, port, target);
}

WsClient::~WsClient() = default;

namespace {

template <class Ws>
bool write_message(asio::io_context& io, Ws& ws, const std::string& data, bool binary,
                   std::chrono::milliseconds timeout) {
  bool done = false;
  beast::error_code result;
  ws.binary(binary);
  ws.async_write(asio::buffer(data), [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!run_until(io, done, timeout)) return false;
  return !result;
}

}  // namespace

bool WsClient::send(const std::string& text, std::chrono::milliseconds timeout) {
  if (impl_->closed) return false;
  bool ok = impl_->with_ws([&](auto& ws) { return write_message(impl_->io, ws, text, false, timeout); });
  if (!ok) impl_->closed = true;
  return ok;
}

bool WsClient::send_binary(const std::string& data, std::chrono::milliseconds timeout) {
  if (impl_->closed) return false;
  bool ok = impl_->with_ws([&](auto& ws) { return write_message(impl_->io, ws, data, true, timeout); });
  if (!ok) impl_->closed = true;
  return ok;
}

std::optional<std::string> WsClient::receive(std::chrono::milliseconds timeout) {
  if (!impl_->read_pending && !impl_->read_done) {
    if (impl_->closed) return std::nullopt;
    impl_->start_read();
  }
  if (!run_until(impl_->io, impl_->read_done, timeout)) return std::nullopt;  // the read stays pending
  impl_->read_done = false;
  if (impl_->read_error) return std::nullopt;
  std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  impl_->received.push_back(text);
  return text;
}

const std::vector<std::string>& WsClient::received() const { return impl_->received; }

nlohmann::json WsClient::receive_json(std::chrono::milliseconds timeout) {
  auto text = receive(timeout);
  if (!text) {
    throw std::runtime_error(closed() ? "the server closed the WebSocket (code " + std::to_string(close_code()) + ")"
                                      : "no message within the timeout");
  }
  return nlohmann::json::parse(*text);
}

nlohmann::json WsClient::request(const nlohmann::json& message, std::chrono::milliseconds timeout) {
  if (!send_json(message)) throw std::runtime_error("cannot send: the WebSocket is closed");
  if (!message.contains("id")) return receive_json(timeout);
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    auto frame = receive_json(std::max(left, std::chrono::milliseconds(1)));
    if (frame.contains("id") && frame.at("id") == message.at("id")) return frame;
    impl_->pushes.push_back(std::move(frame));
  }
}

std::vector<nlohmann::json>& WsClient::pushes() { return impl_->pushes; }

bool WsClient::closed() const { return impl_->closed; }

int WsClient::close_code() const {
  return static_cast<int>(impl_->with_ws([](auto& ws) { return ws.reason().code; }));
}

void WsClient::close() {
  if (impl_->closed) return;
  bool done = false;
  impl_->with_ws(
      [&](auto& ws) { ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; }); });
  run_until(impl_->io, done, 5s);
  impl_->closed = true;
}

std::optional<double> metric(std::uint16_t port, const std::string& series) {
  auto text = http_get(port, "/metrics").body;
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace rq::test
