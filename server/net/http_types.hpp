// The HTTP and WebSocket surfaces the network layer offers to the layers above
// it, in plain C++ types: app code routes requests and speaks the protocol
// without including Beast (which costs 15-20 s per file to compile).
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rq::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string path;    // the target before '?', not decoded
  std::string query;   // after '?', not decoded; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote_address;

  // The first header with this lowercase name, or "" when absent.
  const std::string& header(const std::string& lowercase_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using HttpRespond = std::function<void(HttpResponse)>;

// Dynamic routes (the API, /healthz, /metrics). handle() returns false for a
// request it does not route, which then goes to the static files; when it
// returns true it must call respond exactly once, now or later, on the
// io_context's thread.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual bool handle(const HttpRequest& request, HttpRespond respond) = 0;
};

// One outgoing WebSocket text message: bytes of its own around a slice of a
// text shared with other messages (one broadcast string serves every
// session; one cached results document serves every reply that carries it),
// so a message sent to thousands costs its shared text once.
struct Frame {
  std::string head;
  std::shared_ptr<const std::string> shared;  // may be null
  std::size_t shared_offset = 0;
  std::size_t shared_length = 0;
  std::string tail;

  // A whole shared text as one message.
  static Frame of(std::shared_ptr<const std::string> text) {
    Frame f;
    f.shared_length = text ? text->size() : 0;
    f.shared = std::move(text);
    return f;
  }
  std::size_t size() const { return head.size() + shared_length + tail.size(); }
};

// One open WebSocket, as the protocol layer sees it.
class WsPeer {
 public:
  virtual ~WsPeer() = default;
  virtual std::uint64_t id() const = 0;
  // The client's address: the socket's peer, or the address a trusted proxy
  // forwarded (X-Forwarded-For on the upgrade request).
  virtual const std::string& remote_address() const = 0;
  // Queues a text message. A peer whose queue outgrows its bound is closed.
  virtual void send(Frame frame) = 0;
  void send(std::shared_ptr<const std::string> frame) { send(Frame::of(std::move(frame))); }
  void send(std::string frame) { send(std::make_shared<const std::string>(std::move(frame))); }
  // Closes the connection at once for breaking the protocol's limits (close
  // code 1008, policy violation), after what is queued.
  virtual void close_for_abuse() = 0;
  // Sends what is queued, then closes with a normal close frame.
  virtual void close() = 0;
  // Per-connection state of the protocol layer (language, participant, …).
  std::any& context() { return context_; }

 private:
  std::any context_;
};

class WsHandler {
 public:
  virtual ~WsHandler() = default;
  virtual void on_open(const std::shared_ptr<WsPeer>& peer) = 0;
  // A complete text message of at most the frame limit.
  virtual void on_message(const std::shared_ptr<WsPeer>& peer, std::string text) = 0;
  virtual void on_close(const std::shared_ptr<WsPeer>& peer) = 0;
};

}  // namespace rq::net
