// Tells subscribers when a round opens or closes on schedule (round.opened,
// round.closed): every gateway watches the contests' windows by its clock
// and pushes to its own subscribers. A round the organiser closed early was
// announced then, and is not announced again at its scheduled close.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/contest/contest_view.hpp"
#include "store/contest_repository.hpp"
#include "store/redis_client.hpp"

namespace rq::app {

class RoundSchedule {
 public:
  using Broadcast = std::function<void(const std::string& contest, std::string frame)>;
  RoundSchedule(boost::asio::io_context& io, store::RedisClient& redis, store::ContestRepository& contests,
                Broadcast broadcast);
  void start();
  void stop();

 private:
  void tick();
  void watch(const std::string& contest, const std::string& config_json);

  boost::asio::steady_timer timer_;
  store::RedisClient& redis_;
  store::ContestRepository& contests_;
  Broadcast broadcast_;
  // "<contest> <round>" -> the status last seen; absent until first seen, so
  // a gateway that starts announces nothing that happened before it.
  std::map<std::string, core::RoundStatus> seen_;
  std::map<std::string, std::vector<core::RoundConfig>> rounds_;
  std::chrono::steady_clock::time_point read_at_{};
  bool stopped_ = false;
};

}  // namespace rq::app
