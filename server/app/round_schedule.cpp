#include "app/round_schedule.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "store/keys.hpp"

namespace rq::app {

namespace {
constexpr auto kInterval = std::chrono::milliseconds(500);
constexpr auto kReread = std::chrono::seconds(10);
}  // namespace

RoundSchedule::RoundSchedule(boost::asio::io_context& io, store::RedisClient& redis,
                             store::ContestRepository& contests, Broadcast broadcast)
    : timer_(io), redis_(redis), contests_(contests), broadcast_(std::move(broadcast)) {}

void RoundSchedule::start() {
  stopped_ = false;
  timer_.expires_after(kInterval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void RoundSchedule::stop() {
  stopped_ = true;
  timer_.cancel();
}

void RoundSchedule::watch(const std::string& contest, const std::string& config_json) {
  auto parsed = core::parse_contest_config(config_json);
  if (parsed.ok()) rounds_[contest] = parsed.config.rounds;
}

void RoundSchedule::tick() {
  if (stopped_) return;
  if (redis_.connected() && std::chrono::steady_clock::now() - read_at_ > kReread) {
    read_at_ = std::chrono::steady_clock::now();
    contests_.list_ids([this](store::StoreResult<std::vector<std::string>> ids) {
      if (!ids.ok()) return;
      for (const auto& id : ids.value) {
        if (rounds_.count(id)) continue;  // configurations never change once created
        contests_.config(id, [this, id](store::StoreResult<std::string> c) {
          if (c.ok()) watch(id, c.value);
        });
      }
    });
  }
  auto now = core::now_ms();
  for (const auto& [contest, rounds] : rounds_) {
    for (const auto& round : rounds) {
      auto key = contest + " " + round.id;
      auto status = core::round_status(round, now);
      auto it = seen_.find(key);
      if (it == seen_.end()) {
        seen_[key] = status;
        continue;
      }
      if (it->second == status) continue;
      it->second = status;
      if (status == core::RoundStatus::open) {
        broadcast_(contest, nlohmann::json{{"type", "round.opened"}, {"contest", contest}, {"round", round.id}}.dump());
      } else if (status == core::RoundStatus::closed) {
        // Announced already if the organiser closed it early.
        redis_.command({"HGET", store::keys::round_state(contest, round.id), "closed_at"},
                       [this, contest, id = round.id](store::RedisResult r) {
                         if (r.ok() && !r.reply.is_nil()) return;
                         broadcast_(contest, nlohmann::json{{"type", "round.closed"}, {"contest", contest}, {"round", id}}.dump());
                       });
      }
    }
  }
  start();
}

}  // namespace rq::app
