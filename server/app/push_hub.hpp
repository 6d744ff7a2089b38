// Pushes that must reach a contest's people on every gateway (results
// published, an attempt expired by whichever gateway's sweeper got there
// first) go through Redis pub/sub: published on rq:channel:{<contest>}, and
// every gateway, this one included, delivers them to its own sessions. When
// Redis cannot take the message, it is delivered here at least.
#pragma once

#include <functional>
#include <string>

#include "app/ws_gateway.hpp"
#include "core/observability/log.hpp"
#include "store/redis_client.hpp"
#include "store/redis_subscriber.hpp"

namespace rq::app {

class PushHub {
 public:
  PushHub(store::RedisClient& redis, store::RedisSubscriber& subscriber, WsGateway& gateway, core::Logger& log)
      : redis_(redis), subscriber_(subscriber), gateway_(gateway), log_(log) {}

  void start();
  void stop() { subscriber_.stop(); }
  // published_round: the round whose results the frame announces, or "".
  void to_subscribers(const std::string& contest, std::string frame, const std::string& published_round = {});
  void to_participant(const std::string& contest, const std::string& participant, std::string frame);
  // Called on every gateway when a round's results are published (before
  // the push reaches its sessions), so cached results are read anew.
  void on_published(std::function<void(const std::string& contest, const std::string& round)> listener) {
    published_ = std::move(listener);
  }

 private:
  void publish(const std::string& contest, const nlohmann::json& envelope);
  void deliver(const std::string& contest, const nlohmann::json& envelope);

  store::RedisClient& redis_;
  store::RedisSubscriber& subscriber_;
  WsGateway& gateway_;
  core::Logger& log_;
  std::function<void(const std::string&, const std::string&)> published_;
};

}  // namespace rq::app
