// Moodle XML (Moodle's "Moodle XML format", qformat_xml), read with expat
// into a bank draft:
//
//   <quiz>
//     <question type="category"><category><text>$course$/top/Cải cách thể chế</text></category></question>
//     <question type="multichoice">
//       <name><text>Câu 1</text></name>
//       <questiontext format="html"><text><![CDATA[<p>Nghị quyết nào…</p>]]></text></questiontext>
//       <single>true</single> <shuffleanswers>true</shuffleanswers>
//       <answer fraction="100" format="html"><text>…</text><feedback>…</feedback></answer> …
//     </question>
//   </quiz>
//
// A category question sets the topic of the questions after it; multiple
// choice imports (right: fraction 100 when `single`, any positive fraction
// when several answers together make the mark), true/false too, as options
// "Đúng"/"Sai" like GIFT's {T}; every other type is skipped with a warning
// naming its line. `idnumber`, when it is a valid id, is the question's id;
// else the id comes from `name` (question_ids.hpp), which is kept as the
// label. Text in format html or moodle_auto_format is reduced to plain text;
// plain_text and markdown are kept as written. Attached files (<file>) are
// not kept: a warning says so. `generalfeedback` becomes the explanation.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "core/bank/bank_import.hpp"
#include "core/bank/current_topic.hpp"
#include "core/bank/moodle_category.hpp"
#include "core/bank/moodle_text.hpp"
#include "core/bank/question_ids.hpp"
#include "core/bank/xml_tree.hpp"
#include "core/text/ids.hpp"
#include "core/text/vietnamese.hpp"

namespace rq::core {
namespace {

constexpr std::string_view kSkipReason = " skipped: a contest can use only multiple-choice and true/false questions";
constexpr std::string_view kSkipReasonVi =
    ": cuộc thi chỉ dùng được câu hỏi trắc nghiệm nhiều lựa chọn và câu hỏi đúng/sai";

// Moodle writes fractions as "100", "50", "-33.33333", "0".
std::optional<double> parse_fraction(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.starts_with('+')) s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

bool is_true(std::string_view s) { return s == "true" || s == "1"; }

class MoodleReader {
 public:
  explicit MoodleReader(BankDraft& draft) : draft_(draft) {}

  void quiz(const XmlElement& root);

 private:
  void category(const XmlElement& q);
  void multichoice(const XmlElement& q, DraftQuestion dq);
  void truefalse(const XmlElement& q, DraftQuestion dq);
  DraftQuestion common(const XmlElement& q);
  void files(const XmlElement& holder, int question_line);
  void add(DraftQuestion dq);
  void error(int line, std::string field, Localized message) {
    draft_.problems.push_back(bank_error(line, std::move(field), std::move(message)));
  }
  void warning(int line, std::string field, Localized message) {
    draft_.problems.push_back(bank_warning(line, std::move(field), std::move(message)));
  }

  BankDraft& draft_;
  CurrentTopic topic_;
  int questions_ = 0;
};

void MoodleReader::quiz(const XmlElement& root) {
  if (root.name != "quiz") {
    error(root.line, "",
          {"a Moodle XML file starts with <quiz>; this one starts with <" + root.name + ">",
           "tệp Moodle XML phải bắt đầu bằng <quiz>; tệp này lại bắt đầu bằng <" + root.name + ">"});
    return;
  }
  for (const auto& q : root.children) {
    if (q.name != "question") continue;  // comments and stray elements
    const std::string type(q.attribute("type").value_or(""));
    if (type == "category") {
      category(q);
      continue;
    }
    ++questions_;
    if (type == "multichoice") {
      multichoice(q, common(q));
    } else if (type == "truefalse") {
      truefalse(q, common(q));
    } else if (type.empty()) {
      error(q.line, "type", {"the <question> has no type attribute", "thẻ <question> không có thuộc tính type"});
    } else {
      warning(q.line, "",
              {"a question of type '" + type + "'" + std::string(kSkipReason),
               "bỏ qua câu hỏi loại '" + type + "'" + std::string(kSkipReasonVi)});
    }
  }
}

void MoodleReader::category(const XmlElement& q) {
  auto topic = topic_from_category(q.text_of("category"));
  // A category's idnumber (Moodle 3.6 and later; our own exports) is its id.
  if (const XmlElement* idnumber = q.child("idnumber"); topic && idnumber && is_slug(moodle_text(*idnumber))) {
    topic->id = moodle_text(*idnumber);
  }
  if (!topic) {
    warning(q.line, "category",
            {"the category names no category; the questions after it get the topic 'chung'",
             "danh mục không ghi tên danh mục nào; các câu hỏi sau đó được xếp vào chủ đề 'chung'"});
  }
  if (topic) {
    topic_.set(topic->id, topic->name, q.line);
  } else {
    topic_.set_general();
  }
}

// What every question type has: its name, id, text and general feedback.
DraftQuestion MoodleReader::common(const XmlElement& q) {
  DraftQuestion dq;
  dq.line = q.line;
  auto& out = dq.question;
  if (const XmlElement* name = q.child("name")) {
    out.label = moodle_text(*name);
    dq.field_lines["label"] = name->line;
  }
  if (const XmlElement* idnumber = q.child("idnumber")) {
    std::string id = moodle_text(*idnumber);
    if (is_item_id(id)) {
      out.id = id;
      dq.field_lines["id"] = idnumber->line;
    }
  }
  if (!out.id.empty() && out.label == out.id) out.label.clear();  // no name of its own
  // A name that is itself a valid id is the id, as in GIFT.
  if (out.id.empty() && is_item_id(out.label)) {
    out.id = out.label;
    out.label.clear();
    dq.field_lines["id"] = dq.field_lines["label"];
  }
  if (const XmlElement* text = q.child("questiontext")) {
    out.text = moodle_text(*text);
    dq.field_lines["text"] = text->line;
    files(*text, q.line);
  } else {
    dq.field_lines["text"] = q.line;
  }
  if (const XmlElement* feedback = q.child("generalfeedback")) out.explanation = moodle_text(*feedback);
  return dq;
}

void MoodleReader::files(const XmlElement& holder, int question_line) {
  for (const XmlElement* f : holder.all("file")) {
    const std::string file(f->attribute("name").value_or(""));
    warning(f->line, "",
            {"the file '" + file + "' attached to the question on " + place_words(draft_.unit, question_line) +
                 " is not imported: a contest shows text only",
             "tệp '" + file + "' đính kèm câu hỏi ở " + place_words(draft_.unit, question_line, Lang::vi) +
                 " không được nhập: cuộc thi chỉ hiển thị nội dung dạng chữ"});
  }
}

void MoodleReader::multichoice(const XmlElement& q, DraftQuestion dq) {
  auto& out = dq.question;
  const XmlElement* single_el = q.child("single");
  const bool single = !single_el || is_true(moodle_text(*single_el));
  if (const XmlElement* shuffle = q.child("shuffleanswers"); shuffle && !is_true(moodle_text(*shuffle))) {
    warning(shuffle->line, "shuffleanswers",
            Localized{"Moodle keeps this question's options in their order, but a contest shows them in a new order in "
                      "every attempt: check that no option refers to another (\"all of the above\")",
                      "Moodle giữ nguyên thứ tự các phương án của câu hỏi này, nhưng cuộc thi sẽ đảo thứ tự phương án "
                      "ở mỗi lượt thi: vui lòng kiểm tra để không có phương án nào nhắc đến phương án khác "
                      "(\"tất cả các phương án trên\")"});
  }
  struct Answer {
    std::string text;
    double fraction = 0;
    int line = 0;
  };
  std::vector<Answer> answers;
  bool broken = false;
  double best = 0;
  for (const XmlElement* a : q.all("answer")) {
    auto fraction = parse_fraction(a->attribute("fraction").value_or("0"));
    if (!fraction) {
      const std::string value(a->attribute("fraction").value_or(""));
      error(a->line, "fraction",
            {"the answer's fraction '" + value + "' is not a number",
             "giá trị fraction '" + value + "' của phương án không phải là số"});
      broken = true;
      continue;
    }
    answers.push_back({moodle_text(*a), *fraction, a->line});
    files(*a, q.line);
    best = std::max(best, *fraction);
  }
  if (answers.size() > 26) {
    const std::string n = std::to_string(answers.size());
    error(q.line, "options",
          {"a question can have at most 26 options, A to Z; it has " + n,
           "câu hỏi chỉ được có tối đa 26 phương án, từ A đến Z; câu hỏi này có " + n});
    return;
  }
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto& a = answers[i];
    const std::string id(1, static_cast<char>('a' + i));
    out.options.push_back({id, a.text});
    dq.field_lines["options/" + std::to_string(i)] = a.line;
    // One answer: the one worth the full mark. Several: each that adds to it.
    const bool right = single ? a.fraction >= 99.99 : a.fraction > 0;
    if (right) {
      if (out.correct.empty()) dq.field_lines["correct"] = a.line;
      dq.field_lines["correct/" + std::to_string(out.correct.size())] = a.line;
      out.correct.push_back(id);
    }
  }
  dq.field_lines.emplace("options", q.line);
  dq.field_lines.emplace("correct", q.line);
  if (single && out.correct.empty() && best > 0) {
    error(q.line, "correct",
          Localized{"no answer is worth the full mark (fraction 100); a contest needs one right answer, and partial "
                    "credit cannot be given",
                    "không có phương án nào được điểm tối đa (fraction 100); cuộc thi cần một đáp án đúng và không "
                    "chấm điểm từng phần"});
    broken = true;
  }
  if (!broken) add(std::move(dq));
}

void MoodleReader::truefalse(const XmlElement& q, DraftQuestion dq) {
  auto& out = dq.question;
  // Moodle writes the two answers with the texts "true" and "false".
  std::optional<bool> right;
  int right_line = q.line;
  for (const XmlElement* a : q.all("answer")) {
    auto fraction = parse_fraction(a->attribute("fraction").value_or("0"));
    std::string text = moodle_text(*a);
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (fraction && *fraction > 0 && (text == "true" || text == "false")) {
      right = text == "true";
      right_line = a->line;
    }
  }
  if (!right) {
    error(q.line, "correct",
          Localized{"the true/false question has no answer \"true\" or \"false\" with fraction 100",
                    "câu hỏi đúng/sai không có phương án \"true\" hoặc \"false\" với fraction 100"});
    return;
  }
  const bool vietnamese = reads_as_vietnamese(out.text);
  out.options = {{"a", vietnamese ? "Đúng" : "True"}, {"b", vietnamese ? "Sai" : "False"}};
  out.correct = {*right ? "a" : "b"};
  dq.field_lines["correct"] = right_line;
  add(std::move(dq));
}

void MoodleReader::add(DraftQuestion dq) {
  topic_.assign(dq, draft_);
  draft_.questions.push_back(std::move(dq));
}

}  // namespace

BankDraft parse_moodle_xml_bank(std::string_view text) {
  BankDraft draft;
  draft.letter_option_ids = true;
  XmlError error;
  auto root = parse_xml_tree(text, error);
  if (!root) {
    draft.problems.push_back(bank_error(error.line, "", error.message));
    return draft;
  }
  MoodleReader(draft).quiz(*root);
  assign_ids_from_labels(draft);
  std::stable_sort(draft.problems.begin(), draft.problems.end(),
                   [](const BankProblem& a, const BankProblem& b) { return a.line < b.line; });
  return draft;
}

}  // namespace rq::core
