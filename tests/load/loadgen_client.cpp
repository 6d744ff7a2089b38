#include "loadgen_client.hpp"

#include <cstdlib>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace rq::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WsConnection::Impl {
  explicit Impl(asio::io_context& io) : ws(io) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::string host;
};

WsConnection::WsConnection(asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}
WsConnection::~WsConnection() = default;

std::shared_ptr<WsConnection> WsConnection::create(asio::io_context& io) {
  return std::shared_ptr<WsConnection>(new WsConnection(io));
}

void WsConnection::open(const tcp::endpoint& to, std::chrono::seconds timeout,
                        std::function<void(const std::string&)> done) {
  auto& stream = beast::get_lowest_layer(impl_->ws);
  impl_->host = "127.0.0.1:" + std::to_string(to.port());
  stream.expires_after(timeout);
  stream.async_connect(to, [self = shared_from_this(), timeout, done](beast::error_code ec) {
    if (ec) {
      self->lost_ = true;
      return done("connect: " + ec.message());
    }
    auto& lowest = beast::get_lowest_layer(self->impl_->ws);
    lowest.expires_never();
    lowest.socket().set_option(tcp::no_delay(true));
    websocket::stream_base::timeout t{};
    t.handshake_timeout = timeout;
    t.idle_timeout = websocket::stream_base::none();
    t.keep_alive_pings = false;
    self->impl_->ws.set_option(t);
    self->impl_->ws.read_message_max(64 * 1024 * 1024);
    self->impl_->ws.text(true);
    self->impl_->ws.async_handshake(self->impl_->host, "/ws", [self, done](beast::error_code hec) {
      if (hec) {
        self->lost_ = true;
        return done("handshake: " + hec.message());
      }
      self->read();
      done("");
    });
  });
}

void WsConnection::request(std::string fields, OnReply on_reply) {
  if (lost_) {
    // Completed later, never inside the caller: a caller that sends again
    // from its handler cannot recurse.
    asio::post(impl_->ws.get_executor(), [on_reply = std::move(on_reply)] {
      on_reply({{"type", "error"}, {"code", "connection_lost"}}, Clock::duration::zero());
    });
    return;
  }
  std::int64_t id = next_id_++;
  std::string frame = "{\"id\":" + std::to_string(id) + (fields == "}" ? "" : ",") + fields;
  pending_.emplace(id, Pending{std::move(on_reply), Clock::now()});
  outbox_.push_back(std::move(frame));
  if (!writing_) write_next();
}

void WsConnection::request(const nlohmann::json& message, OnReply on_reply) {
  request(message.dump().substr(1), std::move(on_reply));
}

void WsConnection::write_next() {
  if (outbox_.empty() || lost_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  impl_->ws.async_write(asio::buffer(outbox_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->fail("write: " + ec.message());
    self->outbox_.pop_front();
    self->write_next();
  });
}

void WsConnection::read() {
  impl_->ws.async_read(impl_->buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->fail("read: " + ec.message());
    self->on_frame();
    self->read();
  });
}

void WsConnection::on_frame() {
  auto data = impl_->buffer.cdata();
  const char* begin = static_cast<const char*>(data.data());
  // Results (a reply or the results.published push) are tens of kilobytes a
  // frame: with thousands of connections on one thread, parsing every one
  // made this process, not the gateway, the limit of the publish rush. Their
  // type and id are read where the gateway writes them (within the first
  // bytes: keys are sorted, and "id" and "type" come before the document's
  // members), and "you" is looked for; the rest is not parsed.
  std::string_view text(begin, data.size());
  nlohmann::json frame;
  if (text.substr(0, 96).find("\"type\":\"results") != std::string_view::npos) {
    auto type_at = text.find("\"type\":\"") + 8;
    frame["type"] = std::string(text.substr(type_at, text.find('"', type_at) - type_at));
    auto id_at = text.substr(0, 96).find("\"id\":");
    if (id_at != std::string_view::npos) frame["id"] = std::strtoll(begin + id_at + 5, nullptr, 10);
    if (text.find(",\"you\":{") != std::string_view::npos) frame["you"] = true;
  } else {
    frame = nlohmann::json::parse(begin, begin + data.size(), nullptr, false);
  }
  impl_->buffer.consume(impl_->buffer.size());
  auto id = frame.is_object() ? frame.find("id") : frame.end();
  if (frame.is_discarded() || id == frame.end() || !id->is_number_integer()) {
    ++pushes_;
    if (on_push_ && !frame.is_discarded()) on_push_(frame);
    return;
  }
  auto it = pending_.find(id->get<std::int64_t>());
  if (it == pending_.end()) return;
  auto pending = std::move(it->second);
  pending_.erase(it);
  pending.on_reply(frame, Clock::now() - pending.sent);
}

void WsConnection::fail(const std::string& why) {
  if (lost_) return;
  lost_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
  auto waiting = std::move(pending_);
  pending_.clear();
  nlohmann::json lost = {{"type", "error"}, {"code", "connection_lost"}, {"message", why}};
  for (auto& [id, p] : waiting) p.on_reply(lost, Clock::now() - p.sent);
}

void WsConnection::close() {
  if (lost_) return;
  lost_ = true;
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.expires_after(std::chrono::seconds(5));
  impl_->ws.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->impl_->ws).socket().close(ignored);
  });
}

HttpReply http_call(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& bearer, const std::string& body, std::chrono::seconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  req.keep_alive(false);

  HttpReply reply;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(512ull * 1024 * 1024);
  parser.header_limit(64 * 1024);
  stream.expires_after(timeout);
  stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
    if (ec) {
      reply.error = "connect: " + ec.message();
      return;
    }
    stream.expires_after(timeout);  // each operation is bounded on its own
    http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
      if (wec) {
        reply.error = "write: " + wec.message();
        return;
      }
      stream.expires_after(timeout);
      http::async_read(stream, buffer, parser, [&](beast::error_code rec, std::size_t) {
        if (rec) {
          reply.error = "read: " + rec.message();
          return;
        }
        reply.status = static_cast<int>(parser.get().result_int());
        reply.body = std::move(parser.get().body());
      });
    });
  });
  io.run();  // the stream's expiry bounds each step
  return reply;
}

bool run_until(asio::io_context& io, Clock::duration limit, const std::function<bool()>& done) {
  auto until = Clock::now() + limit;
  asio::steady_timer tick(io);
  std::function<void()> check = [&] {
    if (done() || Clock::now() >= until) return io.stop();
    tick.expires_after(std::chrono::milliseconds(2));
    tick.async_wait([&](beast::error_code ec) {
      if (!ec) check();
    });
  };
  io.restart();
  check();
  io.run();
  return done();
}

}  // namespace rq::load
