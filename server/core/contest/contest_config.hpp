// Parses and checks a contest configuration (the JSON of docs/protocol.md).
// Every problem is reported with its JSON path ("rounds[0].draw.count") in
// plain words, all at once; a configuration with any problem is not used.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/question_bank.hpp"
#include "core/contest/contest.hpp"
#include "core/text/lang.hpp"

namespace rq::core {

struct ConfigProblem {
  std::string path;        // "rounds[0].opens_at"; "" for the document as a whole
  std::string message;     // "must be an ISO-8601 time with an offset, e.g. 2026-12-01T08:00:00+07:00"
  std::string message_vi;  // in Vietnamese ("" until translated: English is shown)
  const std::string& message_in(Lang lang) const { return lang == Lang::vi && !message_vi.empty() ? message_vi : message; }
  // The same problem: the same place and the same (English) message; the
  // translation goes with the message and is not compared.
  bool operator==(const ConfigProblem& other) const { return path == other.path && message == other.message; }
};

struct ContestConfigResult {
  ContestConfig config;                // meaningful only when ok()
  std::vector<ConfigProblem> problems;
  bool ok() const { return problems.empty(); }
};

ContestConfigResult parse_contest_config(std::string_view json_text);

// "2026-12-01T08:00:00+07:00" (also "Z", and fractions of a second) to ms
// since the epoch; false when it is not such a time.
bool parse_iso8601_ms(std::string_view text, std::int64_t& out_ms);

// What a round's bank holds: questions per topic, and the questions that
// hold only for a time (valid_from/valid_until), which a round outside
// their dates does not draw.
struct DatedQuestion {
  std::string topic;
  std::string valid_from;   // YYYY-MM-DD or empty
  std::string valid_until;  // YYYY-MM-DD or empty
};
struct BankContents {
  std::map<std::string, std::size_t> questions_by_topic;
  std::size_t total = 0;
  std::vector<DatedQuestion> dated;
};

// Checks every round's draw against each bank it draws from (its `bank` and
// the categories' `banks`): the bank exists, each topic of the blueprint
// exists and holds enough questions valid throughout the round, the whole
// bank holds enough. Problems name the numbers: "asks for 5 questions of
// topic 'chinh-phu-so', which holds 3".
std::vector<ConfigProblem> check_draws(const ContestConfig& config, const std::map<std::string, BankContents>& banks);

// The same check for a new version of one bank: the problems of the
// contest's rounds that draw from it and are not over by their schedule
// (they will still draw after `now_ms`), at the rounds' own paths. A new
// version with problems here is refused: rounds always draw from a bank's
// latest version, and a round must never become impossible to draw.
std::vector<ConfigProblem> draws_unmet_by(const ContestConfig& config, const std::string& bank,
                                          const BankContents& contents, std::int64_t now_ms);

// What a bank holds, counted from its questions.
BankContents contents_of(const QuestionBank& bank);

}  // namespace rq::core
