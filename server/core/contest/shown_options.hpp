// What a contestant's device may know of a drawn question (CONTEST_RULES.md,
// "Fairness"): its text and its options, in the attempt's shuffled order,
// under ids of the attempt's own. A bank's option ids often follow the
// author's habits (GIFT authors write the right option first, so it becomes
// "a"), so they never leave the server: each option is shown under an id
// made from the attempt's secret seed, the question and the option, which
// tells nothing of the bank's id or of any position, differs from one
// attempt to the next, and is mapped back on the server from the attempt's
// own fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bank/question_bank.hpp"
#include "core/contest/draw.hpp"

namespace rq::core {

struct ShownQuestion {
  std::string id;                      // the bank's question id
  std::vector<std::string> shown_ids;  // the options' ids in this attempt, in the order shown
  std::vector<std::string> bank_ids;   // the same options' ids in the bank, in the same order
  std::vector<std::string> correct;    // the right options' shown ids, sorted; never sent to a contestant
  bool operator==(const ShownQuestion&) const = default;
};

// Ids are 6 characters of a 32-letter alphabet (lowercase letters and
// digits without the look-alikes l, o, 0 and 1).
inline constexpr std::size_t kShownIdLength = 6;

// The drawn questions as this attempt shows them. The same seed gives the
// same ids, so an audit can derive them again from the attempt's seed.
std::vector<ShownQuestion> show_options(const std::vector<DrawnQuestion>& drawn, std::uint64_t seed);

// The public JSON of an attempt's questions: [{id, text, options:[{id, text}],
// multiple}] with shown ids, in order, texts from the bank version the
// attempt was drawn from. Of the right answers it tells only whether there
// are several (`multiple`, so the page shows checkboxes). nullopt when a
// question or option is not in the bank (a version that does not match).
std::optional<nlohmann::json> public_questions(const QuestionBank& bank, const std::vector<ShownQuestion>& shown);

}  // namespace rq::core
