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

// One open WebSocket, as the protocol layer sees it.
class WsPeer {
 public:
  virtual ~WsPeer() = default;
  virtual std::uint64_t id() const = 0;
  virtual const std::string& remote_address() const = 0;
  // Queues a text frame. Frames are shared so that one broadcast string can
  // serve every session. A peer whose queue outgrows its bound is closed.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
  void send(std::string frame) { send(std::make_shared<const std::string>(std::move(frame))); }
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
