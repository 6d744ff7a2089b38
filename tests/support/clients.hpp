// Clients for integration tests, on Beast: a WebSocket client and a one-shot
// HTTP client, each plain or over TLS. Every operation has a timeout, so a
// broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rq::test {

using namespace std::chrono_literals;

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

// What a TLS client trusts: the CA file (a test's self-signed certificate)
// and the name or address the server's certificate must carry.
struct TlsTrust {
  std::filesystem::path ca_file;
  std::string host = "127.0.0.1";
};

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       const std::string& body = {});
// The same over TLS, verifying the server's certificate against tls (throws
// when the handshake or the verification fails).
HttpReply https_request(const TlsTrust& tls, std::uint16_t port, const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = {});
inline HttpReply http_get(std::uint16_t port, const std::string& target) {
  return http_request(port, "GET", target);
}

// One series of the gateway's /metrics, e.g.
// metric(port, "reformquiz_connections_open{kind=\"websocket\"}"); nullopt
// when it is not there.
std::optional<double> metric(std::uint16_t port, const std::string& series);

class WsClient {
 public:
  // Connects and completes the WebSocket handshake (throws on failure).
  // receive_buffer > 0 shrinks the socket's receive buffer, to play a client
  // that reads slowly.
  explicit WsClient(std::uint16_t port, const std::string& target = "/ws", int receive_buffer = 0);
  // WSS: a TLS handshake verifying the server's certificate, then the same.
  WsClient(const TlsTrust& tls, std::uint16_t port, const std::string& target = "/ws");
  ~WsClient();

  // Sends one text (or binary) message; false when the connection is gone.
  bool send(const std::string& text, std::chrono::milliseconds timeout = 5s);
  bool send_binary(const std::string& data, std::chrono::milliseconds timeout = 5s);
  bool send_json(const nlohmann::json& message) { return send(message.dump()); }

  // The next message, or nullopt when none arrives in time or the connection
  // closed (see closed()).
  std::optional<std::string> receive(std::chrono::milliseconds timeout = 5s);
  // The next message as JSON; throws when there is none.
  nlohmann::json receive_json(std::chrono::milliseconds timeout = 5s);
  // send_json then receive_json. When the message has an "id", frames with
  // another id or none (pushes) are set aside in pushes() until the reply.
  nlohmann::json request(const nlohmann::json& message, std::chrono::milliseconds timeout = 5s);
  // Pushes that request() set aside, oldest first.
  std::vector<nlohmann::json>& pushes();
  // Every message received so far, as received, oldest first (for scans
  // of everything a contestant's device got).
  const std::vector<std::string>& received() const;

  bool closed() const;
  // The close code the server sent, 0 when none (e.g. the socket was dropped).
  int close_code() const;
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rq::test
