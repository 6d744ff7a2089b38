// A contest as organisers configure it (docs/protocol.md, "Contest
// configuration"; CONTEST_RULES.md): categories, units, exclusions, rounds
// with their draw, timing, attempts, prediction, ranking chain and prizes,
// and collective prizes. Plain values; contest_config.hpp parses and checks
// them. Every "varies" of the contest rules is a field here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rq::core {

struct Category {
  std::string id;
  std::string name;
  bool operator==(const Category&) const = default;
};

// A group of units named once (e.g. "so-nganh": "Các sở, ban, ngành"), for
// collective prizes by block and for showing blocks by name.
struct Block {
  std::string id;
  std::string name;
  bool operator==(const Block&) const = default;
};

struct Unit {
  std::string id;
  std::string name;
  std::string block;                // e.g. "so-nganh", "xa-phuong"; may be empty
  std::optional<long long> headcount;  // people the unit could send; needed for participation rates
  bool operator==(const Unit&) const = default;
};

enum class RepeatWinners { once_per_round, once_per_contest, highest_only };
enum class CountedAttempt { best, first, last };
enum class PredictionTarget { perfect_entries, perfect_entrants, entries, entrants };
enum class RankKey { score, prediction, duration, submitted_at, started_at, attempts_used };
enum class CollectiveMetric { entrants, participation_rate, quality_rate, prize_points, weighted };
enum class CollectiveScope { round, contest };
// Participation over several rounds: people who entered any of them, or the
// mean of each round's rate.
enum class ParticipationOverRounds { any_round, average };

struct PrizeTier {
  std::string name;  // "Giải Nhất"
  int count = 0;
  std::optional<long long> min_score;  // the least score that may win this tier (with the owner's own minimum)
  std::optional<long long> amount;     // the prize money per winner, in đồng, for the winners list
  bool operator==(const PrizeTier&) const = default;
};

struct CategoryPrizes {
  std::string category;
  std::vector<PrizeTier> tiers;  // highest prize first
  bool operator==(const CategoryPrizes&) const = default;
};

struct DrawBlueprint {
  int count = 0;                                      // questions per entry
  std::vector<std::pair<std::string, int>> by_topic;  // topic -> questions, in the configured order;
                                                      // the rest of `count` comes from any topic
  bool operator==(const DrawBlueprint&) const = default;
};

struct Prediction {
  std::string prompt;
  PredictionTarget target = PredictionTarget::perfect_entries;
  bool operator==(const Prediction&) const = default;
};

// The heading and signature of the results notices the contest publishes
// ("Thông báo kết quả … kỳ thứ N"), in the layout of Vietnamese
// administrative documents: the issuing body under its parent body on the
// left, the national motto on the right, the place and date, the title, and
// the signature block.
struct NoticeHeading {
  std::string parent_body;      // "UBND TỈNH QUẢNG NAM"; may be empty
  std::string issuing_body;     // "BAN TỔ CHỨC CUỘC THI"
  std::string place;            // "Quảng Nam", before ", ngày … tháng … năm …"
  std::string signer_capacity;  // "TM. BAN TỔ CHỨC"; may be empty
  std::string signer_title;     // "TRƯỞNG BAN"
  std::string signer_name;
  std::vector<std::string> recipients;  // "Nơi nhận"; may be empty
  bool operator==(const NoticeHeading&) const = default;
};

// What one notice (a round's, the final's) adds to the heading.
struct NoticeIssue {
  std::string number;  // "15/TB-BTC"; empty: left blank for the clerk
  std::string date;    // YYYY-MM-DD; empty: the day the results are published
  bool operator==(const NoticeIssue&) const = default;
};

struct RoundConfig {
  std::string id;
  std::string title;
  std::int64_t opens_at = 0;   // ms since the epoch
  std::int64_t closes_at = 0;  // ms since the epoch
  std::string bank;  // the bank the round draws from, for every category `banks` does not name
  std::vector<std::pair<std::string, std::string>> banks;  // category -> its own bank, in the configured order
  DrawBlueprint draw;
  int time_limit_s = 0;
  int attempts = 1;
  CountedAttempt counted_attempt = CountedAttempt::best;
  bool require_all_answered = false;
  std::optional<Prediction> prediction;
  std::vector<RankKey> ranking;  // the tie-break chain, first key first
  std::vector<CategoryPrizes> prizes;
  std::optional<long long> min_score_to_win;  // below it, no prize of the round
  NoticeIssue notice;
  bool operator==(const RoundConfig&) const = default;

  // The bank a person of `category` draws from.
  const std::string& bank_for(const std::string& category) const {
    for (const auto& [c, b] : banks) {
      if (c == category) return b;
    }
    return bank;
  }
  // Every bank the round draws from, each once, `bank` first (when set).
  std::vector<std::string> banks_used() const {
    std::vector<std::string> out;
    if (!bank.empty()) out.push_back(bank);
    for (const auto& [c, b] : banks) {
      bool seen = false;
      for (const auto& o : out) seen = seen || o == b;
      if (!seen) out.push_back(b);
    }
    return out;
  }
};

struct CollectivePrize {
  std::string name;
  int count = 0;
  CollectiveMetric metric = CollectiveMetric::entrants;
  std::optional<std::string> block;  // only units of this block compete; nullopt: all units
  // round: in every round's results, over its entries; contest: once, with
  // the final ranking, over the final's rounds.
  CollectiveScope scope = CollectiveScope::round;
  ParticipationOverRounds participation = ParticipationOverRounds::any_round;
  std::vector<std::pair<std::string, int>> points;              // prize name -> points (prize_points)
  std::vector<std::pair<CollectiveMetric, int>> weights;        // weighted: the sum of weight × metric
  std::vector<CollectiveMetric> tie_break{CollectiveMetric::entrants};  // then the unit id
  bool operator==(const CollectivePrize&) const = default;
};

// The final (overall, "chung cuộc") ranking across rounds: which rounds
// count, how a person's counted entries combine, its own tie-break chain and
// prizes, and how round prizes bear on its prizes.
enum class FinalCombine { sum, best, average };
enum class FinalKey { score, duration, attempts_used, rounds_entered, submitted_at, prediction };
enum class RoundWinners { allowed, excluded, higher_only };

struct FinalRankKey {
  FinalKey key = FinalKey::score;
  std::string round;  // the round whose prediction ranks (FinalKey::prediction only)
  bool operator==(const FinalRankKey&) const = default;
};

struct FinalConfig {
  std::string title;
  std::vector<std::string> rounds;  // the counted rounds, in the contest's order
  FinalCombine combine = FinalCombine::sum;
  int best = 0;                     // combine == best: how many rounds count
  int min_rounds = 1;               // fewer counted rounds entered: not ranked
  std::vector<FinalRankKey> ranking;
  std::vector<CategoryPrizes> prizes;
  std::optional<long long> min_score_to_win;  // below it (the combined score), no final prize
  RoundWinners round_winners = RoundWinners::allowed;
  NoticeIssue notice;
  bool operator==(const FinalConfig&) const = default;
};

// Whether the registration form asks for an optional profile field
// (CONTEST_RULES.md, "People": gender, address/commune).
enum class FieldAsked { no, optional, required };

struct ProfileFields {
  FieldAsked gender = FieldAsked::no;
  FieldAsked address = FieldAsked::no;
  FieldAsked commune = FieldAsked::no;
  bool operator==(const ProfileFields&) const = default;
};

// A commune-level unit (xã, phường, đặc khu: the lowest tier of local
// government since 1 July 2025) of the contest's list, when the
// organiser gives one; registrations then choose from it.
struct Commune {
  std::string id;
  std::string name;
  bool operator==(const Commune&) const = default;
};

struct ContestConfig {
  std::string id;
  std::string title;
  std::string timezone = "Asia/Ho_Chi_Minh";
  std::vector<Category> categories;
  std::vector<Unit> units;
  std::vector<Block> blocks;  // optional; when given, every unit's block is one of them
  std::vector<std::string> excluded_phones;      // normalised (0xxxxxxxxx)
  std::vector<std::string> excluded_id_numbers;
  RepeatWinners repeat_winners = RepeatWinners::once_per_round;
  // A shared code (from the organiser's letter to the units) every
  // registration must give; empty: none. Compared without case and spaces.
  std::string join_code;
  ProfileFields profile_fields;
  std::vector<Commune> communes;  // empty: the commune, when asked, is free text
  std::vector<RoundConfig> rounds;
  std::vector<CollectivePrize> collective_prizes;
  std::optional<FinalConfig> final_ranking;  // the configuration's "final"
  std::optional<NoticeHeading> notice;       // absent: the results page prints no notice heading
  bool operator==(const ContestConfig&) const = default;
};

}  // namespace rq::core
