#include "core/bank/question_set.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <utf8proc.h>

#include "core/bank/current_topic.hpp"
#include "core/bank/parser_text.hpp"
#include "core/text/code_points.hpp"
#include "core/text/ids.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

constexpr char kLastLetter = 'H';  // options A to H

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    if (is_space_byte(s[i])) {
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {  // no-break space, which Word likes
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

std::string trimmed(std::string_view s) {
  const std::size_t b = skip_spaces(s, 0);
  std::size_t e = s.size();
  while (e > b && is_space_byte(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Whether s at i starts with `word` (lowercase, NFC), in any case; gives the
// offset after it. Spaces in `word` match any run of spaces.
std::optional<std::size_t> match_word(std::string_view s, std::size_t i, std::string_view word) {
  std::size_t w = 0;
  while (w < word.size()) {
    if (word[w] == ' ') {
      const std::size_t j = skip_spaces(s, i);
      if (j == i) return std::nullopt;
      i = j;
      ++w;
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    utf8proc_int32_t a = 0, b = 0;
    auto na = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                               static_cast<utf8proc_ssize_t>(s.size() - i), &a);
    auto nb = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data() + w),
                               static_cast<utf8proc_ssize_t>(word.size() - w), &b);
    if (na <= 0 || nb <= 0 || utf8proc_tolower(a) != b) return std::nullopt;
    i += static_cast<std::size_t>(na);
    w += static_cast<std::size_t>(nb);
  }
  return i;
}

std::optional<std::size_t> match_any(std::string_view s, std::size_t i, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (auto end = match_word(s, i, w)) return end;
  }
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "Câu 12:" "Câu 12." "CÂU 12 -" "Câu hỏi 12)": the number, and where the
// text after it begins.
std::optional<std::pair<int, std::size_t>> question_start(std::string_view s) {
  auto at = match_any(s, 0, {"câu hỏi", "câu"});
  if (!at) return std::nullopt;
  std::size_t i = skip_spaces(s, *at);  // "Câu12" is accepted too
  const std::size_t digits = i;
  int number = 0;
  while (i < s.size() && is_digit(s[i]) && i - digits < 6) number = number * 10 + (s[i++] - '0');
  if (i == digits) return std::nullopt;
  std::size_t j = skip_spaces(s, i);
  if (j == s.size()) return std::pair{number, j};
  if (s[j] == ':' || s[j] == '.' || s[j] == ')' || s[j] == '-' || s[j] == '/') return std::pair{number, j + 1};
  if (s.substr(j, 3) == "\xE2\x80\x93") return std::pair{number, j + 3};  // an en dash
  return std::nullopt;
}

bool is_roman(char c) { return std::string_view("IVXLCDMivxlcdm").find(c) != std::string_view::npos; }

// "Phần I. CẢI CÁCH THỂ CHẾ", "Chủ đề 2: …": the topic's name (the words
// after the number, or the whole line when there are none).
std::optional<std::string> heading(std::string_view s) {
  auto at = match_any(s, 0, {"phần", "chủ đề", "chuyên đề", "chương", "mục", "phan", "chu de"});
  if (!at || *at >= s.size() || !is_space_byte(s[*at])) return std::nullopt;
  std::size_t i = skip_spaces(s, *at);
  const std::size_t start = i;
  while (i < s.size() && (is_digit(s[i]) || is_roman(s[i]))) ++i;
  if (i == start) return std::nullopt;
  std::size_t j = skip_spaces(s, i);
  if (j < s.size() && (s[j] == '.' || s[j] == ':' || s[j] == '-' || s[j] == ')')) ++j;
  else if (s.substr(j, 3) == "\xE2\x80\x93") j += 3;
  else if (j < s.size()) return std::nullopt;  // "Phần lớn …" is text
  std::string name = trimmed(s.substr(j));
  return name.empty() ? trimmed(s) : name;
}

// "A." "a)" "A/" "A:": the letter (uppercase) and where its text begins.
std::optional<std::pair<char, std::size_t>> option_start(std::string_view s, std::size_t i = 0) {
  if (i + 1 >= s.size()) return std::nullopt;
  char c = s[i];
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c < 'A' || c > kLastLetter) return std::nullopt;
  const char sep = s[i + 1];
  if (sep != '.' && sep != ')' && sep != '/' && sep != ':') return std::nullopt;
  // "A.B" is no option; "A. text" and "A.text" are.
  if (i + 2 < s.size() && sep == '.' && s[i + 2] >= 'A' && s[i + 2] <= 'Z' && (i + 3 >= s.size() || s[i + 3] == '.')) {
    return std::nullopt;
  }
  return std::pair{c, i + 2};
}

// Where the next option of the same line starts ("A. 2019      B. 2020"):
// after a tab or a gap of two spaces or more, the letter that comes next.
std::optional<std::size_t> next_inline_option(std::string_view s, std::size_t from, char next) {
  for (std::size_t i = from; i < s.size(); ++i) {
    const bool tab = s[i] == '\t';
    const bool gap = s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ';
    if (!tab && !gap) continue;
    const std::size_t j = skip_spaces(s, i);
    if (auto o = option_start(s, j); o && o->first == next) return j;
    i = j > i ? j - 1 : i;
  }
  return std::nullopt;
}

// "Đáp án: B", "ĐA: C", "Đáp án đúng: A, C", "Đáp án: A và C", "Đáp án: B. Nghị
// quyết 76": the letters, or nullopt when the line is no answer line. A
// letter that is no option letter is returned too, for the validator.
std::optional<std::vector<std::string>> answer_line(std::string_view s, std::string& bad) {
  auto at = match_any(s, 0, {"đáp án đúng", "đáp án", "đ/a", "đa", "dap an"});
  if (!at) return std::nullopt;
  std::size_t i = skip_spaces(s, *at);
  // A letter standing alone: what follows it is no letter, digit or the
  // start of a Vietnamese letter ("Đa dạng": the "d" of "dạng" is no answer).
  auto ends_word = [&](std::size_t k) {
    return k >= s.size() || (static_cast<unsigned char>(s[k]) < 0x80 && !std::isalnum(static_cast<unsigned char>(s[k])));
  };
  auto lone_letter = [&](std::size_t k) {
    return k < s.size() && std::isalpha(static_cast<unsigned char>(s[k])) && ends_word(k + 1);
  };
  if (i < s.size() && (s[i] == ':' || s[i] == '-' || s[i] == '.')) {
    i = skip_spaces(s, i + 1);
  } else if (i == *at || !lone_letter(i)) {
    return std::nullopt;  // "Đáp ánh…", "Đa số …": text, not an answer line
  }
  std::vector<std::string> letters;
  while (i < s.size()) {
    char c = s[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool alone = ends_word(i + 1);
    if (!letter || !alone) {
      if (letters.empty()) bad = trimmed(s.substr(i));
      break;
    }
    letters.push_back(std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(c)))));
    ++i;
    // "B. Nghị quyết 76/NQ-CP": the option's text repeated after its letter.
    if (i < s.size() && (s[i] == '.' || s[i] == ')') && skip_spaces(s, i + 1) < s.size() &&
        !option_start(s, skip_spaces(s, i + 1))) {
      break;
    }
    i = skip_spaces(s, i);
    while (i < s.size() && (s[i] == ',' || s[i] == ';' || s[i] == '/' || s[i] == '.' || s[i] == ')')) i = skip_spaces(s, i + 1);
    if (auto v = match_word(s, i, "và")) i = skip_spaces(s, *v);
  }
  return letters;
}

std::optional<std::size_t> field_line(std::string_view s, std::initializer_list<std::string_view> keys) {
  auto at = match_any(s, 0, keys);
  if (!at) return std::nullopt;
  std::size_t i = skip_spaces(s, *at);
  if (i >= s.size() || s[i] != ':') return std::nullopt;
  return i + 1;
}

struct SetOption {
  char letter = 'A';
  std::string text;
  int place = 0;
  const SetLine* line = nullptr;  // for its marks
  std::size_t letter_at = 0, text_begin = 0, text_end = 0;
};

struct SetQuestion {
  int number = 0;
  int place = 0;
  std::string text;
  std::vector<SetOption> options;
  std::optional<std::vector<std::string>> answer;
  int answer_place = 0;
  std::string explanation, source;
  bool collecting_explanation = false;
};

const char* mark_name(unsigned mark, Lang lang = Lang::en) {
  const bool vi = lang == Lang::vi;
  switch (mark) {
    case kBold: return vi ? "in đậm" : "bold";
    case kUnderline: return vi ? "gạch chân" : "underlined";
    case kColour: return vi ? "tô màu chữ" : "coloured";
    default: return vi ? "tô sáng" : "highlighted";
  }
}

unsigned marks_at(const SetLine& line, std::size_t offset) {
  for (const auto& s : line.spans) {
    if (offset >= s.begin && offset < s.end) return s.marks;
  }
  return 0;
}

class SetReader {
 public:
  SetReader(bool marks_known, BankDraft& draft) : marks_known_(marks_known), draft_(draft) {}

  void line(const SetLine& l);
  void finish() { close(); }

 private:
  void close();
  void add_options(const SetLine& l, std::size_t from);
  std::optional<std::vector<std::string>> marked_answer(const SetQuestion& q, Localized& problem) const;
  void error(int place, std::string field, Localized message) {
    draft_.problems.push_back(bank_error(place, std::move(field), std::move(message)));
  }
  void warning(int place, Localized message) { draft_.problems.push_back(bank_warning(place, "", std::move(message))); }

  bool marks_known_;
  BankDraft& draft_;
  std::optional<SetQuestion> q_;
  bool seen_question_ = false;
  CurrentTopic topic_;
  std::set<std::string> ids_;
  std::map<int, int> number_places_;  // number -> where it first stood
};

void SetReader::line(const SetLine& l) {
  const std::string_view s = l.text;
  if (skip_spaces(s, 0) == s.size()) return;
  if (auto start = question_start(s)) {
    close();
    seen_question_ = true;
    q_ = SetQuestion{};
    q_->number = start->first;
    q_->place = l.place;
    // "Câu 1: text A. x B. y" on one line is rare; the text is the rest.
    q_->text = trimmed(s.substr(start->second));
    return;
  }
  const auto head = heading(s);
  if (head || l.heading) {
    close();
    const std::string name = head ? *head : trimmed(s);
    std::string id = slugify(name);
    topic_.set(id.empty() ? "chung" : id, name, l.place);
    return;
  }
  if (!q_) {
    if (!seen_question_) {
      if (draft_.bank.title.empty()) draft_.bank.title = trimmed(s);
    } else {
      warning(l.place, Localized{"this line belongs to no question; it is ignored",
                                 "dòng này không thuộc câu hỏi nào nên bị bỏ qua"});
    }
    return;
  }
  auto& q = *q_;
  if (!q.options.empty()) {
    std::string bad;
    if (auto letters = answer_line(s, bad)) {
      if (q.answer) {
        error(l.place, "correct",
              Localized{"the question has a second answer line", "câu hỏi có dòng đáp án thứ hai"});
      }
      q.answer = *letters;
      q.answer_place = l.place;
      q.collecting_explanation = false;
      if (letters->empty()) {
        error(l.place, "correct",
              bad.empty() ? Localized{"the answer line gives no option letter",
                                      "dòng đáp án không ghi chữ cái của phương án nào"}
                          : Localized{"the answer '" + bad + "' must be option letters such as B or A, C",
                                      "đáp án '" + bad + "' phải là chữ cái của phương án, ví dụ B hoặc A, C"});
      }
      return;
    }
    if (auto at = field_line(s, {"giải thích", "giai thich"})) {
      q.explanation = trimmed(s.substr(*at));
      q.collecting_explanation = true;
      return;
    }
    if (auto at = field_line(s, {"căn cứ", "nguồn", "can cu", "nguon"})) {
      q.source = trimmed(s.substr(*at));
      q.collecting_explanation = false;
      return;
    }
  }
  if (!q.answer) {
    if (option_start(s, skip_spaces(s, 0))) {
      add_options(l, skip_spaces(s, 0));
      return;
    }
  }
  if (q.collecting_explanation) {
    q.explanation += " " + trimmed(s);
  } else if (q.answer) {
    warning(l.place, {"this line comes after the answer of question " + std::to_string(q.number) + "; it is ignored",
                      "dòng này nằm sau dòng đáp án của câu hỏi nên bị bỏ qua"});
  } else if (!q.options.empty()) {
    q.options.back().text += " " + trimmed(s);  // an option running over two lines
  } else {
    q.text += (q.text.empty() ? "" : " ") + trimmed(s);
  }
}

void SetReader::add_options(const SetLine& l, std::size_t from) {
  auto& q = *q_;
  const std::string_view s = l.text;
  std::size_t at = from;
  while (true) {
    auto o = option_start(s, at);
    if (!o) break;
    const char expected = q.options.empty() ? 'A' : static_cast<char>(q.options.back().letter + 1);
    if (o->first != expected) {
      const std::string got(1, o->first), want(1, expected);
      error(l.place, "options",
            {"option " + got + " comes where option " + want + " should" +
                 (o->first > expected ? ": is " + want + " missing?" : std::string(": is it written twice?")),
             "phương án " + got + " đứng ở chỗ của phương án " + want +
                 (o->first > expected ? ": có phải thiếu phương án " + want + " không?"
                                      : std::string(": có phải phương án này bị ghi hai lần không?"))});
    }
    const auto next = next_inline_option(s, o->second, static_cast<char>(o->first + 1));
    const std::size_t end = next ? *next : s.size();
    SetOption option;
    option.letter = o->first;
    option.place = l.place;
    option.line = &l;
    option.letter_at = at;
    option.text_begin = skip_spaces(s, o->second);
    option.text_end = end;
    option.text = trimmed(s.substr(o->second, end - o->second));
    q.options.push_back(std::move(option));
    if (!next) break;
    at = *next;
  }
}

// The options Word's markings pick out, if any do; `problem` says why the
// marking cannot be read when it is ambiguous.
std::optional<std::vector<std::string>> SetReader::marked_answer(const SetQuestion& q, Localized& problem) const {
  std::optional<std::vector<std::string>> picked;
  unsigned picked_by = 0;
  for (unsigned mark : {kBold, kUnderline, kColour, kHighlight}) {
    std::vector<std::string> full;
    std::vector<char> partial;
    for (const auto& o : q.options) {
      bool letter = o.line && (marks_at(*o.line, o.letter_at) & mark);
      std::size_t chars = 0, marked = 0;
      for (std::size_t i = o.text_begin; o.line && i < o.text_end; ++i) {
        if (is_space_byte(o.line->text[i])) continue;
        ++chars;
        if (marks_at(*o.line, i) & mark) ++marked;
      }
      if (letter || (chars > 0 && marked == chars)) {
        full.push_back(std::string(1, static_cast<char>(o.letter - 'A' + 'a')));
      } else if (marked > 0) {
        partial.push_back(o.letter);
      }
    }
    if (full.empty() || full.size() == q.options.size()) continue;  // sets nothing apart
    if (!partial.empty()) {
      const std::string letter(1, partial.front());
      problem = {"option " + letter + " is only partly " + mark_name(mark) +
                     ", so the marking does not say which options are right",
                 "phương án " + letter + " chỉ được " + mark_name(mark, Lang::vi) +
                     " một phần, nên cách đánh dấu không cho biết phương án nào đúng"};
      return std::nullopt;
    }
    if (picked && *picked != full) {
      problem = {std::string("the options marked ") + mark_name(picked_by) + " and those marked " + mark_name(mark) +
                     " differ, so the marking does not say which options are right",
                 std::string("các phương án được ") + mark_name(picked_by, Lang::vi) + " và các phương án được " +
                     mark_name(mark, Lang::vi) +
                     " không trùng nhau, nên cách đánh dấu không cho biết phương án nào đúng"};
      return std::nullopt;
    }
    picked = full;
    picked_by = mark;
  }
  return picked;
}

std::string letters_of(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + parser_text::ascii_upper(id);
  return out;
}

void SetReader::close() {
  if (!q_) return;
  SetQuestion q = std::move(*q_);
  q_.reset();
  DraftQuestion dq;
  dq.line = q.place;
  auto& out = dq.question;
  out.label = "Câu " + std::to_string(q.number);
  std::string stem = parser_text::generated_id(q.number);
  stem.replace(0, 1, "cau");  // "cau-012": the number the author gave
  std::string id = stem;
  for (int n = 2; ids_.count(id); ++n) id = stem + "-" + std::to_string(n);
  ids_.insert(id);
  out.id = id;
  if (auto [it, fresh] = number_places_.emplace(q.number, q.place); !fresh) {
    warning(q.place, {"question " + std::to_string(q.number) + " is numbered like the question on " +
                          place_words(draft_.unit, it->second) + "; its id is '" + id + "'",
                      "câu hỏi này có số câu trùng với câu hỏi ở " + place_words(draft_.unit, it->second, Lang::vi) +
                          "; mã của câu hỏi này là '" + id + "'"});
  }
  out.text = q.text;
  out.explanation = q.explanation;
  out.source = q.source;
  dq.field_lines["text"] = q.place;
  dq.field_lines["options"] = q.place;
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    const auto& o = q.options[i];
    out.options.push_back({std::string(1, static_cast<char>(o.letter - 'A' + 'a')), o.text});
    dq.field_lines["options/" + std::to_string(i)] = o.place;
  }
  // A question whose right options cannot be told is reported here and not
  // handed on, so the validator does not report it a second time.
  bool broken = false;
  Localized problem;
  const auto marked = marks_known_ && !q.options.empty() ? marked_answer(q, problem) : std::nullopt;
  if (!problem.en.empty()) {
    error(q.place, "correct", problem);
    broken = true;
  } else if (q.answer && q.answer->empty()) {
    broken = true;  // the answer line's problem is reported where it stands
  } else if (q.answer) {
    out.correct = *q.answer;
    dq.field_lines["correct"] = q.answer_place;
    for (std::size_t i = 0; i < out.correct.size(); ++i) dq.field_lines["correct/" + std::to_string(i)] = q.answer_place;
    auto said = *q.answer;
    std::sort(said.begin(), said.end());
    said.erase(std::unique(said.begin(), said.end()), said.end());
    if (marked && *marked != said) {
      error(q.answer_place, "correct",
            {"the answer line says " + letters_of(*q.answer) + " but the marked options are " + letters_of(*marked),
             "dòng đáp án ghi " + letters_of(*q.answer) + " nhưng các phương án được đánh dấu là " +
                 letters_of(*marked)});
      broken = true;
    }
  } else if (marked) {
    out.correct = *marked;
  } else if (!q.options.empty()) {
    error(q.place, "correct",
          marks_known_ ? Localized{"no right option is given: add a line 'Đáp án: B' or mark the right option (bold, "
                                   "underlined, coloured or highlighted)",
                                   "chưa có đáp án đúng: hãy thêm dòng 'Đáp án: B' hoặc đánh dấu phương án đúng (in "
                                   "đậm, gạch chân, tô màu chữ hoặc tô sáng)"}
                       : Localized{"no right option is given: add a line 'Đáp án: B' after the options",
                                   "chưa có đáp án đúng: hãy thêm dòng 'Đáp án: B' sau các phương án"});
    broken = true;
  }
  draft_.question_numbers[q.place] = q.number;
  if (broken) return;
  topic_.assign(dq, draft_);
  draft_.questions.push_back(std::move(dq));
}

}  // namespace

void read_question_set(const std::vector<SetLine>& lines, bool marks_known, BankDraft& draft) {
  draft.letter_option_ids = true;
  SetReader reader(marks_known, draft);
  for (const auto& l : lines) reader.line(l);
  reader.finish();
  if (draft.questions.empty() && !has_errors(draft.problems)) {
    draft.problems.push_back(
        bank_error(0, "",
                   Localized{"no question found: each question starts with 'Câu 1:' or 'Câu 1.'",
                             "không tìm thấy câu hỏi nào: mỗi câu hỏi phải bắt đầu bằng 'Câu 1:' hoặc 'Câu 1.'"}));
  }
  std::stable_sort(draft.problems.begin(), draft.problems.end(),
                   [](const BankProblem& a, const BankProblem& b) { return a.line < b.line; });
}

}  // namespace rq::core
