#include "cli/store_session.hpp"

#include <iostream>

namespace rq::cli {

StoreSession::StoreSession(store::RedisEndpoint endpoint)
    : endpoint_(endpoint), redis_(io_, std::move(endpoint), store::RedisClientOptions{}, metrics_, log_) {}

StoreSession::~StoreSession() {
  redis_.stop();
  io_.restart();
  io_.poll();
}

bool StoreSession::connect(std::chrono::seconds timeout) {
  redis_.start();
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!redis_.connected() && std::chrono::steady_clock::now() < until) {
    io_.restart();
    io_.run_one_for(std::chrono::milliseconds(50));
  }
  if (!redis_.connected()) {
    std::cerr << "reformquiz: cannot reach Redis at " << store::redacted(endpoint_) << " (give --redis or REDIS_URL)\n";
    return false;
  }
  return true;
}

std::unique_ptr<StoreSession> open_store(const std::string& redis_url, int& exit_code) {
  auto parsed = store::parse_redis_url(redis_url);
  if (auto* e = std::get_if<store::RedisUrlError>(&parsed)) {
    std::cerr << "reformquiz: --redis / REDIS_URL: " << e->message << "\n";
    exit_code = kExitUsage;
    return nullptr;
  }
  auto session = std::make_unique<StoreSession>(std::get<store::RedisEndpoint>(parsed));
  if (!session->connect()) {
    exit_code = kExitUnavailable;
    return nullptr;
  }
  return session;
}

int report_store_error(store::StoreError error, const std::string& detail) {
  switch (error) {
    case store::StoreError::unavailable:
      std::cerr << "reformquiz: Redis stopped answering (" << detail << "); nothing is known to have changed\n";
      return kExitUnavailable;
    case store::StoreError::not_found:
      std::cerr << "reformquiz: " << detail << "\n";
      return kExitInvalid;
    case store::StoreError::conflict:
      std::cerr << "reformquiz: " << detail << "\n";
      return kExitInvalid;
    default:
      std::cerr << "reformquiz: Redis answered an error: " << detail << "\n";
      return kExitUnavailable;
  }
}

}  // namespace rq::cli
