// The winners list for the prize paperwork: per published round and for the
// final, every winner with what the payment needs (name, unit, phone, ID
// number, prize) and the prize money of their tier from the configuration
// (a tier's `amount`), totalled per round and over the contest. Built from
// the published results documents, so it lists exactly who was announced.
// Personal data: for the organiser's download only, never public.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"

namespace rq::core {

struct WinnerLine {
  int rank = 0;
  std::string category;
  std::string category_name;
  std::string prize;
  std::string participant;
  std::string name;
  std::string unit;
  std::string unit_name;
  std::string phone;      // in full
  std::string id_number;  // may be empty
  std::string address;    // when the contest asked for it; may be empty
  std::string commune;    // the commune's name (from the contest's list, or as typed); may be empty
  std::optional<long long> amount;  // nullopt: the tier names no amount
  bool operator==(const WinnerLine&) const = default;
};

// One round's (or the final's) winners, in the order prizes were given.
struct WinnersSection {
  std::string id;     // the round's id, or "final"
  std::string title;  // the round's or the final's title
  std::vector<WinnerLine> lines;
  long long total = 0;  // the sum of the known amounts
  int unpriced = 0;     // winners whose tier names no amount
  bool operator==(const WinnersSection&) const = default;
};

// The section of one published results document (a round's or the final's,
// with its "awards" and "ranking"); `prizes` is that round's or the final's
// prize table, whose tiers give the amounts.
WinnersSection winners_section(const ContestConfig& contest, const std::string& id, const std::string& title,
                               const std::vector<CategoryPrizes>& prizes, const nlohmann::json& results);

// {sections: [{id, title, winners: [...], total, unpriced}], total, unpriced};
// a winner's address and commune only when given.
nlohmann::json winners_list_json(const std::vector<WinnersSection>& sections);

}  // namespace rq::core
