#include "core/results/winners_list.hpp"

#include <map>

namespace rq::core {

namespace {

std::optional<long long> tier_amount(const std::vector<CategoryPrizes>& prizes, const std::string& category,
                                     int tier) {
  for (const auto& p : prizes) {
    if (p.category != category) continue;
    if (tier >= 0 && static_cast<std::size_t>(tier) < p.tiers.size()) return p.tiers[static_cast<std::size_t>(tier)].amount;
  }
  return std::nullopt;
}

template <class List, class Id>
std::string name_of(const List& list, const Id& id) {
  for (const auto& item : list) {
    if (item.id == id) return item.name;
  }
  return "";
}

}  // namespace

WinnersSection winners_section(const ContestConfig& contest, const std::string& id, const std::string& title,
                               const std::vector<CategoryPrizes>& prizes, const nlohmann::json& results) {
  WinnersSection section{id, title, {}, 0, 0};
  // The person's details from their ranking row, which the document keeps
  // as they stood when it was computed.
  std::map<std::string, const nlohmann::json*> row_of;
  const auto& ranking = results.contains("ranking") ? results["ranking"] : nlohmann::json::array();
  for (const auto& row : ranking) row_of.emplace(row.value("participant", ""), &row);
  const auto& awards = results.contains("awards") ? results["awards"] : nlohmann::json::array();
  for (const auto& a : awards) {
    WinnerLine line;
    line.rank = a.value("rank", 0);
    line.category = a.value("category", "");
    line.category_name = name_of(contest.categories, line.category);
    line.prize = a.value("prize", "");
    line.participant = a.value("participant", "");
    if (auto row = row_of.find(line.participant); row != row_of.end()) {
      const auto& r = *row->second;
      line.name = r.value("name", "");
      line.unit = r.value("unit", "");
      line.phone = r.value("phone", "");
      line.id_number = r.value("id_number", "");
      line.address = r.value("address", "");
      line.commune = r.value("commune", "");
      if (auto name = name_of(contest.communes, line.commune); !name.empty()) line.commune = name;
    }
    line.unit_name = name_of(contest.units, line.unit);
    line.amount = tier_amount(prizes, line.category, a.value("tier", -1));
    if (line.amount) {
      section.total += *line.amount;
    } else {
      ++section.unpriced;
    }
    section.lines.push_back(std::move(line));
  }
  return section;
}

nlohmann::json winners_list_json(const std::vector<WinnersSection>& sections) {
  nlohmann::json out_sections = nlohmann::json::array();
  long long total = 0;
  int unpriced = 0;
  for (const auto& s : sections) {
    nlohmann::json winners = nlohmann::json::array();
    for (const auto& l : s.lines) {
      nlohmann::json w = {{"rank", l.rank},
                          {"category", l.category},
                          {"category_name", l.category_name},
                          {"prize", l.prize},
                          {"participant", l.participant},
                          {"name", l.name},
                          {"unit", l.unit},
                          {"unit_name", l.unit_name},
                          {"phone", l.phone},
                          {"id_number", l.id_number},
                          {"amount", l.amount ? nlohmann::json(*l.amount) : nlohmann::json()}};
      // Where a prize is sent, when the contest asked.
      if (!l.address.empty()) w["address"] = l.address;
      if (!l.commune.empty()) w["commune"] = l.commune;
      winners.push_back(std::move(w));
    }
    out_sections.push_back(
        {{"id", s.id}, {"title", s.title}, {"winners", winners}, {"total", s.total}, {"unpriced", s.unpriced}});
    total += s.total;
    unpriced += s.unpriced;
  }
  return {{"sections", out_sections}, {"total", total}, {"unpriced", unpriced}};
}

}  // namespace rq::core
