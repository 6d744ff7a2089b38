#include "app/push_hub.hpp"

#include "store/keys.hpp"

namespace rq::app {

void PushHub::start() {
  subscriber_.start("rq:channel:*", [this](const std::string& channel, const std::string& message) {
    auto open = channel.find('{'), close = channel.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open) return;
    auto envelope = nlohmann::json::parse(message, nullptr, false);
    if (!envelope.is_object()) return;
    deliver(channel.substr(open + 1, close - open - 1), envelope);
  });
}

void PushHub::to_subscribers(const std::string& contest, std::string frame, const std::string& published_round) {
  nlohmann::json envelope = {{"to", "subscribers"}, {"frame", std::move(frame)}};
  if (!published_round.empty()) envelope["published"] = published_round;
  publish(contest, envelope);
}

void PushHub::to_participant(const std::string& contest, const std::string& participant, std::string frame) {
  publish(contest, {{"to", "participant"}, {"participant", participant}, {"frame", std::move(frame)}});
}

void PushHub::publish(const std::string& contest, const nlohmann::json& envelope) {
  if (!subscriber_.subscribed()) {
    deliver(contest, envelope);  // no pub/sub now: this gateway's sessions at least
    return;
  }
  redis_.command({"PUBLISH", store::keys::contest_channel(contest), envelope.dump()},
                 [this, contest, envelope](store::RedisResult r) {
                   if (!r.ok()) deliver(contest, envelope);
                 });
}

void PushHub::deliver(const std::string& contest, const nlohmann::json& envelope) {
  std::string frame = envelope.value("frame", "");
  if (frame.empty()) return;
  if (auto round = envelope.find("published"); round != envelope.end() && round->is_string() && published_) {
    published_(contest, round->get<std::string>());
  }
  if (envelope.value("to", "") == "participant") {
    gateway_.push_to_participant(contest, envelope.value("participant", ""), std::move(frame));
  } else {
    gateway_.broadcast(contest, std::move(frame));
  }
}

}  // namespace rq::app
