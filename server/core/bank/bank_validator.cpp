#include "core/bank/bank_validator.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// How an option id is shown to the organiser: capitals for letters they typed.
std::string shown(const BankDraft& d, std::string_view id) {
  std::string s(id);
  if (d.letter_option_ids) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

// "A–D" when the ids run a, b, c, d; else "a, b, x".
std::string option_range(const BankDraft& d, const std::vector<Option>& options) {
  if (options.empty()) return "(none)";
  bool run = options.size() > 1 && options[0].id.size() == 1 &&
             std::isalpha(static_cast<unsigned char>(options[0].id[0]));
  for (std::size_t i = 0; run && i < options.size(); ++i) {
    const auto& id = options[i].id;
    if (id.size() != 1 || id[0] != static_cast<char>(options[0].id[0] + i)) run = false;
  }
  if (run) {
    return shown(d, options.front().id) + "\u2013" + shown(d, options.back().id);
  }
  std::string out;
  for (const auto& o : options) out += (out.empty() ? "" : ", ") + shown(d, o.id);
  return out;
}

class Checker {
 public:
  explicit Checker(BankDraft& d) : d_(d) {}

  void error(int line, std::string field, Localized message) {
    out_.push_back(bank_error(line, std::move(field), std::move(message)));
  }
  void warning(int line, std::string field, Localized message) {
    out_.push_back(bank_warning(line, std::move(field), std::move(message)));
  }

  // Normalises in place; reports text that is not UTF-8.
  void text(std::string& value, int line, const std::string& field) {
    auto n = normalize_text(value);
    if (!n) {
      error(line, field,
            {"the text is not valid UTF-8 (save the file as UTF-8)",
             "nội dung không phải là văn bản UTF-8 hợp lệ (hãy lưu tệp dưới dạng UTF-8)"});
      value.clear();
      return;
    }
    value = std::move(*n);
  }

  std::vector<BankProblem> take() { return std::move(out_); }

  BankDraft& d_;

 private:
  std::vector<BankProblem> out_;
};

void check_bank_fields(Checker& c) {
  auto& d = c.d_;
  auto& bank = d.bank;
  c.text(bank.id, d.line_of("id"), "id");
  c.text(bank.title, d.line_of("title"), "title");
  c.text(bank.language, d.line_of("language"), "language");
  if (bank.id.empty()) {
    c.error(d.line_of("id"), "id",
            {"the bank has no id: give one (--id, or ?id= when uploading)",
             "ngân hàng câu hỏi chưa có mã: hãy đặt mã (--id, hoặc ?id= khi tải lên)"});
  } else if (!is_slug(bank.id)) {
    c.error(d.line_of("id"), "id",
            {"the bank id " + in_quotes(bank.id) +
                 " must be lowercase letters, digits, '-' or '_', start with a letter or digit, at most 64 characters",
             "mã ngân hàng câu hỏi " + in_quotes(bank.id) +
                 " chỉ được gồm chữ thường, chữ số, '-' hoặc '_', phải bắt đầu bằng chữ cái hoặc chữ số, tối đa 64 ký tự"});
  }
  if (bank.title.empty()) bank.title = bank.id;  // formats without a title: the id names the bank

  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < bank.topics.size(); ++i) {
    auto& t = bank.topics[i];
    std::string at = "topics/" + std::to_string(i);
    int line = d.line_of(at);
    std::string field = d.json_fields ? "topics[" + std::to_string(i) + "]" : "topic";
    c.text(t.id, line, field + ".id");
    c.text(t.name, line, field + ".name");
    if (!is_slug(t.id)) {
      c.error(line, field + ".id",
              {"the topic id " + in_quotes(t.id) + " must be lowercase letters, digits, '-' or '_' (e.g. 'the-che')",
               "mã chủ đề " + in_quotes(t.id) + " chỉ được gồm chữ thường, chữ số, '-' hoặc '_' (ví dụ 'the-che')"});
    }
    if (t.name.empty()) t.name = t.id;
    if (auto [it, fresh] = seen.emplace(t.id, i); !fresh) {
      c.error(line, field + ".id",
              {"the topic id " + in_quotes(t.id) + " is given twice",
               "mã chủ đề " + in_quotes(t.id) + " được khai báo hai lần"});
    }
  }
  if (bank.topics.empty() && !d.questions.empty()) {
    c.error(d.line_of("topics"), "topics", {"the bank has no topics", "ngân hàng câu hỏi chưa có chủ đề nào"});
  }
  if (d.questions.empty()) c.error(0, "", {"the file holds no questions", "tệp không có câu hỏi nào"});
}

void check_question(Checker& c, DraftQuestion& dq, const std::set<std::string>& topics,
                    std::unordered_map<std::string, int>& ids, std::unordered_map<std::string, const DraftQuestion*>& texts) {
  auto& d = c.d_;
  auto& q = dq.question;
  const std::string& p = dq.field_prefix;
  auto f = [&](const std::string& name) { return p + name; };

  c.text(q.id, dq.line_of("id"), f("id"));
  c.text(q.topic, dq.line_of("topic"), f("topic"));
  c.text(q.text, dq.line_of("text"), f("text"));
  c.text(q.label, dq.line_of("label"), f("label"));
  if (auto n = count_chars(q.label); n > kMaxLabelChars) {
    c.error(dq.line_of("label"), f("label"),
            {"the question's name has " + std::to_string(n) + " characters; the limit is " + std::to_string(kMaxLabelChars),
             "tên câu hỏi có " + std::to_string(n) + " ký tự; tối đa là " + std::to_string(kMaxLabelChars) + " ký tự"});
  }
  c.text(q.source, dq.line_of("source"), f("source"));
  c.text(q.explanation, dq.line_of("explanation"), f("explanation"));
  c.text(q.valid_from, dq.line_of("valid_from"), f("valid_from"));
  c.text(q.valid_until, dq.line_of("valid_until"), f("valid_until"));

  if (q.id.empty()) {
    c.error(dq.line_of("id"), f("id"), {"the question has no id", "câu hỏi chưa có mã"});
  } else if (!is_item_id(q.id)) {
    c.error(dq.line_of("id"), f("id"),
            {"the question id " + in_quotes(q.id) + " may hold only letters, digits, '-', '_' and '.' (at most 64)",
             "mã câu hỏi " + in_quotes(q.id) + " chỉ được gồm chữ cái, chữ số, '-', '_' và '.' (tối đa 64 ký tự)"});
  } else if (auto [it, fresh] = ids.emplace(q.id, dq.line); !fresh) {
    c.error(dq.line_of("id"), f("id"),
            {"the question id " + in_quotes(q.id) + " repeats the id of the question on " + place_words(d.unit, it->second),
             "mã câu hỏi " + in_quotes(q.id) + " trùng với mã của câu hỏi ở " + place_words(d.unit, it->second, Lang::vi)});
  }

  if (q.topic.empty()) {
    c.error(dq.line_of("topic"), f("topic"), {"the question has no topic", "câu hỏi chưa có chủ đề"});
  } else if (!topics.count(q.topic)) {
    std::string list;
    for (const auto& t : topics) list += (list.empty() ? "" : ", ") + t;
    c.error(dq.line_of("topic"), f("topic"),
            {"the topic " + in_quotes(q.topic) + " is not one of the bank's topics (" + list + ")",
             "chủ đề " + in_quotes(q.topic) + " không thuộc các chủ đề của ngân hàng câu hỏi (" + list + ")"});
  }

  if (q.text.empty()) {
    c.error(dq.line_of("text"), f("text"), {"the question text is empty", "nội dung câu hỏi đang để trống"});
  } else if (auto n = count_chars(q.text); n > kMaxQuestionTextChars) {
    c.error(dq.line_of("text"), f("text"),
            {"the question text has " + std::to_string(n) + " characters; the limit is " +
                 std::to_string(kMaxQuestionTextChars),
             "nội dung câu hỏi có " + std::to_string(n) + " ký tự; tối đa là " + std::to_string(kMaxQuestionTextChars) +
                 " ký tự"});
  } else if (auto key = comparison_key(q.text); !key.empty()) {
    if (auto [it, fresh] = texts.emplace(key, &dq); !fresh) {
      c.warning(dq.line_of("text"), f("text"),
                {"this question repeats the question on " + place_words(d.unit, it->second->line) + " (" +
                     it->second->question.id + ")",
                 "câu hỏi này trùng với câu hỏi ở " + place_words(d.unit, it->second->line, Lang::vi) + " (" +
                     it->second->question.id + ")"});
    }
  }

  std::set<std::string> option_ids;
  std::unordered_map<std::string, std::string> option_texts;
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    auto& o = q.options[i];
    std::string at = "options/" + std::to_string(i);
    int line = dq.line_of(at) ? dq.line_of(at) : dq.line_of("options");
    std::string field = p.empty() ? (d.letter_option_ids ? "option_" + o.id : "options") : f("options[" + std::to_string(i) + "]");
    c.text(o.id, line, field);
    c.text(o.text, line, field);
    if (o.id.empty() || !is_item_id(o.id)) {
      c.error(line, field,
              {"the option id " + in_quotes(o.id) + " may hold only letters, digits, '-', '_' and '.'",
               "mã phương án " + in_quotes(o.id) + " chỉ được gồm chữ cái, chữ số, '-', '_' và '.'"});
    } else if (!option_ids.insert(o.id).second) {
      c.error(line, field,
              {"the option id " + in_quotes(o.id) + " is given twice",
               "mã phương án " + in_quotes(o.id) + " được khai báo hai lần"});
    }
    if (o.text.empty()) {
      c.error(line, field, {"option " + shown(d, o.id) + " is empty", "phương án " + shown(d, o.id) + " đang để trống"});
    } else if (auto n = count_chars(o.text); n > kMaxOptionTextChars) {
      c.error(line, field,
              {"option " + shown(d, o.id) + " has " + std::to_string(n) + " characters; the limit is " +
                   std::to_string(kMaxOptionTextChars),
               "phương án " + shown(d, o.id) + " có " + std::to_string(n) + " ký tự; tối đa là " +
                   std::to_string(kMaxOptionTextChars) + " ký tự"});
    } else if (auto [it, fresh] = option_texts.emplace(comparison_key(o.text), o.id); !fresh) {
      c.error(line, field,
              {"options " + shown(d, it->second) + " and " + shown(d, o.id) + " have the same text",
               "phương án " + shown(d, it->second) + " và phương án " + shown(d, o.id) + " có nội dung giống nhau"});
    }
  }
  if (q.options.size() < kMinOptions) {
    c.error(dq.line_of("options"), f("options"),
            {"a question needs at least " + std::to_string(kMinOptions) + " options; it has " +
                 std::to_string(q.options.size()),
             "mỗi câu hỏi phải có ít nhất " + std::to_string(kMinOptions) + " phương án; câu hỏi này có " +
                 std::to_string(q.options.size()) + " phương án"});
  }

  std::vector<std::string> correct;
  for (std::size_t i = 0; i < q.correct.size(); ++i) {
    auto& id = q.correct[i];
    c.text(id, dq.line_of("correct"), f("correct"));
    int line = dq.line_of("correct/" + std::to_string(i)) ? dq.line_of("correct/" + std::to_string(i))
                                                          : dq.line_of("correct");
    if (!option_ids.count(id)) {
      c.error(line, f("correct"),
              {"the answer " + in_quotes(shown(d, id)) + " is not one of the options " + option_range(d, q.options),
               "đáp án " + in_quotes(shown(d, id)) + " không thuộc các phương án " + option_range(d, q.options)});
    } else if (std::find(correct.begin(), correct.end(), id) == correct.end()) {
      correct.push_back(id);
    }
  }
  if (q.correct.empty()) c.error(dq.line_of("correct"), f("correct"), {"no correct answer is given", "chưa có đáp án đúng"});
  // Keep the answers in the order of the options, so equal banks compare equal.
  std::vector<std::string> ordered;
  for (const auto& o : q.options) {
    if (std::find(correct.begin(), correct.end(), o.id) != correct.end()) ordered.push_back(o.id);
  }
  q.correct = ordered;

  if (q.difficulty && (*q.difficulty < 1 || *q.difficulty > 3)) {
    c.error(dq.line_of("difficulty"), f("difficulty"),
            {"the difficulty must be 1, 2 or 3 (got " + std::to_string(*q.difficulty) + ")",
             "độ khó phải là 1, 2 hoặc 3 (giá trị đã nhập: " + std::to_string(*q.difficulty) + ")"});
  }
  if (!q.valid_from.empty() && !is_iso_date(q.valid_from)) {
    c.error(dq.line_of("valid_from"), f("valid_from"),
            {"the date " + in_quotes(q.valid_from) + " must be YYYY-MM-DD",
             "ngày " + in_quotes(q.valid_from) + " phải có dạng YYYY-MM-DD (năm-tháng-ngày)"});
  }
  if (!q.valid_until.empty() && !is_iso_date(q.valid_until)) {
    c.error(dq.line_of("valid_until"), f("valid_until"),
            {"the date " + in_quotes(q.valid_until) + " must be YYYY-MM-DD",
             "ngày " + in_quotes(q.valid_until) + " phải có dạng YYYY-MM-DD (năm-tháng-ngày)"});
  }
  if (is_iso_date(q.valid_from) && is_iso_date(q.valid_until) && q.valid_until < q.valid_from) {
    c.error(dq.line_of("valid_until"), f("valid_until"),
            {"valid_until comes before valid_from",
             "ngày valid_until (hiệu lực đến) sớm hơn ngày valid_from (hiệu lực từ)"});
  }
}

}  // namespace

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      day = std::stoi(std::string(s.substr(8, 2)));
  if (m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

BankImportResult validate_bank(BankDraft draft) {
  Checker c(draft);
  check_bank_fields(c);
  std::set<std::string> topics;
  for (const auto& t : draft.bank.topics) topics.insert(t.id);
  std::unordered_map<std::string, int> ids;
  std::unordered_map<std::string, const DraftQuestion*> texts;
  for (auto& dq : draft.questions) check_question(c, dq, topics, ids, texts);

  BankImportResult result;
  result.problems = std::move(draft.problems);
  auto found = c.take();
  result.problems.insert(result.problems.end(), found.begin(), found.end());
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const BankProblem& a, const BankProblem& b) { return a.line < b.line; });
  result.bank = std::move(draft.bank);
  result.bank.questions.clear();
  result.bank.questions.reserve(draft.questions.size());
  for (auto& dq : draft.questions) result.bank.questions.push_back(std::move(dq.question));
  return result;
}

}  // namespace rq::core
