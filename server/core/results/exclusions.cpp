#include "core/results/exclusions.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "core/contest/profile.hpp"

namespace rq::core {

ExclusionList exclusion_list(const ContestConfig& contest, const std::optional<std::string>& stored_edit) {
  if (stored_edit) {
    auto doc = nlohmann::json::parse(*stored_edit, nullptr, false);
    if (doc.is_object()) {
      return {doc.value("phones", std::vector<std::string>{}), doc.value("id_numbers", std::vector<std::string>{})};
    }
  }
  return {contest.excluded_phones, contest.excluded_id_numbers};
}

void apply_exclusions(const ExclusionList& list, std::map<std::string, Person>& people) {
  std::set<std::string> phones(list.phones.begin(), list.phones.end());
  std::set<std::string> ids(list.id_numbers.begin(), list.id_numbers.end());
  for (auto& [id, p] : people) {
    p.excluded = phones.contains(p.phone) || (!p.id_number.empty() && ids.contains(p.id_number));
  }
}

std::int64_t exclusions_editable_until(const ContestConfig& contest) {
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  for (const auto& r : contest.rounds) first = std::min(first, r.opens_at);
  return first;
}

std::optional<ExclusionList> parse_exclusion_list(const nlohmann::json& body, std::string& field, std::string& problem) {
  if (!body.is_object()) {
    field = "body";
    problem = "must be an object {phones: [...], id_numbers: [...]}";
    return std::nullopt;
  }
  ExclusionList out;
  auto read = [&](const char* key, auto normalize, std::vector<std::string>& into, const char* what,
                  const char* one) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return true;
    if (!it->is_array() || it->size() > kMaxExcluded) {
      field = key;
      problem = "must be a list of at most " + std::to_string(kMaxExcluded) + " " + what;
      return false;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      auto n = v.is_string() ? normalize(v.template get<std::string>()) : std::nullopt;
      if (!n) {
        field = std::string(key) + "[" + std::to_string(i) + "]";
        problem = std::string("is not ") + one;
        return false;
      }
      if (seen.insert(*n).second) into.push_back(*n);
    }
    return true;
  };
  if (!read("phones", normalize_phone, out.phones, "mobile phone numbers",
            "a Vietnamese mobile phone number (10 digits starting 03, 05, 07, 08 or 09)")) {
    return std::nullopt;
  }
  if (!read("id_numbers", normalize_id_number, out.id_numbers, "ID numbers",
            "an ID number (12 digits, or 9 for an old ID card)")) {
    return std::nullopt;
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "phones" && key != "id_numbers") {
      field = key;
      problem = "unknown field (the list has: phones, id_numbers)";
      return std::nullopt;
    }
  }
  return out;
}

nlohmann::json to_json(const ExclusionList& list) { return {{"phones", list.phones}, {"id_numbers", list.id_numbers}}; }

}  // namespace rq::core
