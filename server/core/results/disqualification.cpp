#include "core/results/disqualification.hpp"

#include <algorithm>

#include "core/text/normalize.hpp"

namespace rq::core {

bool in_force_at(const Disqualification& d, std::int64_t moment) {
  return d.at <= moment && (!d.lifted_at || moment < *d.lifted_at);
}

std::int64_t latest_change(const std::vector<Disqualification>& list) {
  std::int64_t latest = 0;
  for (const auto& d : list) latest = std::max({latest, d.at, d.lifted_at.value_or(0)});
  return latest;
}

void apply_disqualifications(const std::vector<Disqualification>& list, std::int64_t moment,
                             std::vector<Entry>& entries, std::map<std::string, Person>& people) {
  std::map<std::string, const Disqualification*> of_entry;
  for (const auto& d : list) {
    if (!in_force_at(d, moment)) continue;
    if (d.kind == "person") {
      if (auto p = people.find(d.target); p != people.end()) p->second.disqualified = d.reason;
    } else if (d.kind == "entry") {
      of_entry[d.target] = &d;
    }
  }
  for (auto& e : entries) {
    if (auto d = of_entry.find(e.attempt_id); d != of_entry.end()) e.disqualified = d->second->reason;
  }
}

std::optional<std::string> checked_reason(std::string_view reason, std::string& problem) {
  auto text = normalize_text(reason);
  if (!text) {
    problem = "the reason is not valid UTF-8";
    return std::nullopt;
  }
  if (text->empty()) {
    problem = "a disqualification needs a reason";
    return std::nullopt;
  }
  if (count_chars(*text) > kMaxReasonChars) {
    problem = "the reason is longer than " + std::to_string(kMaxReasonChars) + " characters";
    return std::nullopt;
  }
  return text;
}

nlohmann::json disqualification_json(const Disqualification& d) {
  return {{"kind", d.kind},
          {"target", d.target},
          {"participant", d.participant},
          {"round", d.round.empty() ? nlohmann::json() : nlohmann::json(d.round)},
          {"reason", d.reason},
          {"by", d.by},
          {"at", d.at},
          {"lifted_at", d.lifted_at ? nlohmann::json(*d.lifted_at) : nlohmann::json()},
          {"lifted_by", d.lifted_by.empty() ? nlohmann::json() : nlohmann::json(d.lifted_by)}};
}

std::optional<Disqualification> disqualification_of(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto number = [&](const char* key) -> std::optional<std::int64_t> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return std::nullopt;
    // Lua's cjson writes integers beyond 2^31 as floating point numbers.
    return it->is_number_integer() ? it->get<std::int64_t>() : static_cast<std::int64_t>(it->get<double>());
  };
  Disqualification d;
  d.kind = text("kind");
  d.target = text("target");
  if ((d.kind != "person" && d.kind != "entry") || d.target.empty()) return std::nullopt;
  d.participant = text("participant");
  d.round = text("round");
  d.reason = text("reason");
  d.by = text("by");
  d.at = number("at").value_or(0);
  d.lifted_at = number("lifted_at");
  d.lifted_by = text("lifted_by");
  return d;
}

}  // namespace rq::core
