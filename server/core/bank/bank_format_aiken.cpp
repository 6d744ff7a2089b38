// Aiken, Moodle's simplest question format, read into a bank draft:
//
//   Question text (one line, or several before the first option)
//   A. first option          ("A." or "A)", with or without a space after)
//   B. second option
//   ANSWER: B
//
// A question ends at its ANSWER line or at a blank line, whichever comes
// first. Aiken has one right answer, no ids and no topics: questions are
// numbered q-001, q-002… in file order and all go to the topic "chung".
// The parser reads the shape only; the shared validator normalises text and
// checks limits and repeats. A question with a syntax error is reported here
// and not handed on, so the validator never reports it a second time.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/bank_import.hpp"
#include "core/bank/parser_text.hpp"

namespace rq::core {
namespace {

using parser_text::ascii_upper;
using parser_text::generated_id;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// "ANSWER: B", with "ANSWER:" in any case; gives what follows the colon.
std::optional<std::string_view> answer_line(std::string_view line) {
  constexpr std::string_view kKey = "ANSWER:";
  if (line.size() < kKey.size() || ascii_upper(line.substr(0, kKey.size())) != kKey) return std::nullopt;
  return trim(line.substr(kKey.size()));
}

struct AikenOption {
  char letter;  // as written, 'A'…'Z'
  std::string text;
  int line;
};

// "A. text", "A.text", "A) text" or "A)text": a capital letter, then '.' or ')'.
std::optional<AikenOption> option_line(std::string_view line, int number) {
  if (line.size() < 2 || line[0] < 'A' || line[0] > 'Z' || (line[1] != '.' && line[1] != ')')) return std::nullopt;
  return AikenOption{line[0], std::string(trim(line.substr(2))), number};
}

class AikenReader {
 public:
  explicit AikenReader(BankDraft& draft) : draft_(draft) {}

  void line(int number, std::string_view text);
  void end() { finish(std::nullopt, 0); }

 private:
  struct Pending {
    int id_number = 0;
    int line = 0;
    std::string text;
    std::vector<AikenOption> options;
    bool broken = false;
    bool too_many = false;  // more than 26 options
  };

  void error(int line, Localized message) { draft_.problems.push_back(bank_error(line, "", std::move(message))); }
  void option(AikenOption opt);
  void finish(std::optional<std::string_view> answer, int answer_at);

  BankDraft& draft_;
  std::optional<Pending> question_;
  int questions_ = 0;
};

void AikenReader::line(int number, std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty()) return end();
  if (auto answer = answer_line(text)) {
    if (!question_) {
      return error(number, {"an ANSWER line with no question before it", "dòng ANSWER không có câu hỏi nào đứng trước"});
    }
    return finish(answer, number);
  }
  // The first line of a question is always its text, even if it happens to
  // start like an option ("A. Smith wrote…").
  if (!question_) {
    question_ = Pending{++questions_, number, std::string(text), {}, false, false};
    return;
  }
  if (auto opt = option_line(text, number)) return option(std::move(*opt));
  if (question_->options.empty()) {
    question_->text.append("\n").append(text);  // Aiken has no other way to write a line break
    return;
  }
  const char last = question_->options.back().letter;
  error(number, last == 'Z'
                    ? Localized{"this line is neither an option nor the ANSWER line",
                                "dòng này không phải là phương án cũng không phải là dòng ANSWER"}
                    : Localized{std::string("this line is neither option ") + static_cast<char>(last + 1) +
                                    " nor the ANSWER line",
                                std::string("dòng này không phải là phương án ") + static_cast<char>(last + 1) +
                                    " cũng không phải là dòng ANSWER"});
  question_->broken = true;
}

void AikenReader::option(AikenOption opt) {
  Pending& q = *question_;
  // Letters run A to Z. Lines past Z are reported once and not kept, so a
  // hostile file of option lines costs no more than its text.
  if (!q.options.empty() && q.options.back().letter == 'Z') {
    if (!q.too_many) {
      error(opt.line, {"a question can have at most 26 options, A to Z",
                       "mỗi câu hỏi chỉ được có tối đa 26 phương án, từ A đến Z"});
    }
    q.too_many = q.broken = true;
    return;
  }
  if (const char expected = q.options.empty() ? 'A' : static_cast<char>(q.options.back().letter + 1);
      opt.letter != expected) {
    const std::string want(1, expected), found(1, opt.letter);
    error(opt.line, {"option " + want + " expected, found " + found,
                     "phương án tiếp theo phải là " + want + ", nhưng đang là " + found});
    q.broken = true;
  }
  q.options.push_back(std::move(opt));
}

void AikenReader::finish(std::optional<std::string_view> answer, int answer_at) {
  if (!question_) return;
  Pending q = std::move(*question_);
  question_.reset();

  if (!answer) {
    error(q.line, {"the question has no ANSWER line", "câu hỏi không có dòng ANSWER"});
    q.broken = true;
  }
  if (q.options.size() < kMinOptions) {
    error(q.line, {"a question needs at least 2 options; it has " + std::to_string(q.options.size()),
                   "mỗi câu hỏi phải có ít nhất 2 phương án; câu hỏi này có " + std::to_string(q.options.size()) +
                       " phương án"});
    q.broken = true;
  }
  std::size_t right = q.options.size();
  if (answer && !q.options.empty()) {
    const std::string letter = ascii_upper(*answer);
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      if (letter.size() == 1 && q.options[i].letter == letter[0]) right = i;
    }
    if (letter.empty()) {
      error(answer_at, {"the ANSWER line names no option", "dòng ANSWER không ghi phương án nào"});
      q.broken = true;
    } else if (right == q.options.size()) {
      std::string range(1, q.options.front().letter);
      if (q.options.size() > 1) range.append("–").push_back(q.options.back().letter);
      error(answer_at, {"the answer '" + letter + "' is not one of the options " + range,
                        "đáp án '" + letter + "' không thuộc các phương án " + range});
      q.broken = true;
    }
  }
  if (q.broken) return;

  DraftQuestion dq;
  dq.line = q.line;
  dq.question.id = generated_id(q.id_number);
  dq.question.topic = "chung";
  dq.question.text = std::move(q.text);
  dq.field_lines["text"] = q.line;
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    // Ids follow the position; the letters were checked to run A, B, C….
    dq.question.options.push_back({std::string(1, static_cast<char>('a' + i)), std::move(q.options[i].text)});
    dq.field_lines["options/" + std::to_string(i)] = q.options[i].line;
  }
  dq.question.correct = {dq.question.options[right].id};
  dq.field_lines["correct"] = answer_at;
  dq.field_lines["correct/0"] = answer_at;
  if (draft_.bank.topics.empty()) draft_.bank.topics.push_back({"chung", "Chung"});
  draft_.questions.push_back(std::move(dq));
}

}  // namespace

BankDraft parse_aiken_bank(std::string_view text) {
  BankDraft draft;
  draft.letter_option_ids = true;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  AikenReader reader(draft);
  int line = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    const auto nl = text.find('\n', pos);
    reader.line(++line, text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  reader.end();
  std::stable_sort(draft.problems.begin(), draft.problems.end(),
                   [](const BankProblem& a, const BankProblem& b) { return a.line < b.line; });
  return draft;
}

}  // namespace rq::core
