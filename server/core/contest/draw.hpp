// The draw of an entry's questions by the round's blueprint (CONTEST_RULES.md,
// "Rounds"): so many questions of each listed topic, the rest from any topic,
// in a shuffled order, each with its options shuffled. Only questions whose
// valid_from/valid_until covers the round's days are drawn ("laws change, so
// each question carries … the date from which it holds"). The draw is a pure
// function of the bank, the blueprint, the round's days and a seed; the seed
// is recorded with the attempt, so any draw can be repeated exactly for an
// audit.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/bank/question_bank.hpp"
#include "core/contest/contest.hpp"

namespace rq::core {

// splitmix64: small, fast, and the same on every platform. The standard
// library's distributions are not (their algorithms are left to each
// implementation), so they cannot make a draw that an audit can repeat.
class DrawRandom {
 public:
  explicit DrawRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, n), without modulo bias. n > 0.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

struct DrawnQuestion {
  std::string id;
  std::string topic;
  std::string text;
  std::vector<Option> options;       // in this attempt's shuffled order, ids kept
  std::vector<std::string> correct;  // option ids; never sent to a contestant
  bool multiple = false;             // more than one option is right
  bool operator==(const DrawnQuestion&) const = default;
};

struct DrawError {
  std::string message;  // "topic 'chinh-phu-so' holds 3 questions; the draw asks for 5"
};

// The round's first and last day (YYYY-MM-DD) in the contest's time zone. A
// round closing at midnight ends the day before.
struct DrawWindow {
  std::string first_day;
  std::string last_day;
  bool operator==(const DrawWindow&) const = default;
};
DrawWindow round_window(const RoundConfig& round, std::string_view timezone);

// A question holds on every day of the window: valid_from (if any) is on or
// before its first day and valid_until (if any) on or after its last day.
bool valid_throughout(std::string_view valid_from, std::string_view valid_until, const DrawWindow& window);

std::variant<std::vector<DrawnQuestion>, DrawError> draw_questions(const QuestionBank& bank,
                                                                   const DrawBlueprint& blueprint,
                                                                   const DrawWindow& window, std::uint64_t seed);

}  // namespace rq::core
