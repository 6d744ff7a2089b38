// GIFT, Moodle's plain-text question format, read into a bank draft.
//
// A file is a run of blocks separated by blank lines. A `//` line is a
// comment wherever it stands; a `$CATEGORY:` line sets the topic of the
// questions after it. Every other block is one question:
//
//   ::title::[html]Question text { =right ~wrong ~%50%also right#feedback }
//
// question_banks/README.md documents the subset. The parser reads the shape
// only: answers become options a, b, c…, text stays raw except for what GIFT
// itself defines (escapes, HTML under [html]/[moodle], wrapped lines), and
// the shared validator normalises and checks limits, ids and repeats. A
// question with a syntax error is reported here and not handed on, so the
// validator never reports the same question twice. A type a contest cannot
// use is skipped with a warning naming its line, never silently.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/bank_import.hpp"
#include "core/bank/current_topic.hpp"
#include "core/bank/moodle_category.hpp"
#include "core/bank/parser_text.hpp"
#include "core/bank/question_ids.hpp"
#include "core/text/ids.hpp"
#include "core/text/html_text.hpp"
#include "core/text/normalize.hpp"
#include "core/text/vietnamese.hpp"

namespace rq::core {
namespace {

using parser_text::ascii_upper;
using parser_text::generated_id;

constexpr auto npos = std::string_view::npos;
constexpr std::string_view kSkipReason = " skipped: a contest can use only multiple-choice and true/false questions";
constexpr std::string_view kSkipReasonVi =
    ": cuộc thi chỉ dùng được câu hỏi trắc nghiệm nhiều lựa chọn và câu hỏi đúng/sai";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t first_non_blank(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return i;
}

// Options are a… z and shown to organisers as A–Z, as in Aiken; more would
// also let one hostile line of tildes cost gigabytes.
constexpr std::size_t kMaxOptions = 26;

Localized stray_close() {
  return {"a '}' with no '{' before it; write \\} for the character itself",
          "có dấu '}' mà không có dấu '{' đứng trước; nếu muốn ghi chính ký tự này, hãy viết \\}"};
}

// Finds `what`, or with any_of one of its characters, outside escapes: a
// backslash escapes the character after it, so scanning skips both (which
// also makes `\\{` a backslash followed by a real brace).
std::size_t find_unescaped(std::string_view s, std::string_view what, std::size_t from = 0, bool any_of = false) {
  for (std::size_t i = from; i < s.size(); i += s[i] == '\\' ? 2 : 1) {
    if (s[i] != '\\' && (any_of ? what.find(s[i]) != npos : s.substr(i, what.size()) == what)) return i;
  }
  return npos;
}

std::size_t find_any_unescaped(std::string_view s, std::string_view chars, std::size_t from = 0) {
  return find_unescaped(s, chars, from, true);
}

// GIFT's escapes stand for the character itself; `\n` is a line break. A
// physical line break is only wrapping (GIFT has `\n` for a real one), so it
// becomes a space. Any other backslash is kept as written.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[i + 1];
      if (next == 'n' || std::string_view("~=#{}:\\").find(next) != npos) {
        out += next == 'n' ? '\n' : next;
        ++i;
        continue;
      }
    }
    out += s[i] == '\n' ? ' ' : s[i];
  }
  return out;
}

// [html] and [moodle] text is HTML as Moodle renders it; [plain], [markdown]
// and unmarked text are kept as written (a plain "x < y" must survive).
enum class TextFormat { plain, html };

TextFormat take_format(std::string_view& s, TextFormat fallback) {
  const std::string_view t = s.substr(first_non_blank(s));
  for (auto [marker, format] : {std::pair{std::string_view("[html]"), TextFormat::html},
                                std::pair{std::string_view("[moodle]"), TextFormat::html},
                                std::pair{std::string_view("[plain]"), TextFormat::plain},
                                std::pair{std::string_view("[markdown]"), TextFormat::plain}}) {
    if (t.starts_with(marker)) {
      s = t.substr(marker.size());
      return format;
    }
  }
  return fallback;
}

std::string render(std::string_view raw, TextFormat format) {
  std::string text = unescape(raw);
  if (format == TextFormat::html) text = html_to_text(text);
  return std::string(trim(text));
}

// One block: its lines (trimmed, comments left out) joined with '\n', and the
// file line where each starts, so any offset in the text gives back its line.
struct Block {
  std::string text;
  std::vector<std::size_t> starts;
  std::vector<int> lines;

  void add(int line, std::string_view s) {
    if (!starts.empty()) text += '\n';
    starts.push_back(text.size());
    lines.push_back(line);
    text += s;
  }
  int line_at(std::size_t offset) const {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return lines[it == starts.begin() ? 0 : static_cast<std::size_t>(it - starts.begin()) - 1];
  }
};

// "%50%" is right, "%0%" and "%-25%" wrong; nullopt when the weight between
// the percent signs is not a number.
std::optional<bool> weight_is_right(std::string_view w) {
  const bool negative = w.starts_with('-');
  if (negative || w.starts_with('+')) w.remove_prefix(1);
  bool digits = false, nonzero = false, point = false;
  for (char c : w) {
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
      nonzero = nonzero || c != '0';
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  return nonzero && !negative;
}

class GiftReader {
 public:
  explicit GiftReader(BankDraft& draft) : draft_(draft) {}

  void category(int line, std::string_view path);
  void question(const Block& block);

 private:
  void error(int line, Localized message) { draft_.problems.push_back(bank_error(line, "", std::move(message))); }
  // `kind` in English, then in Vietnamese: "essay question", "câu hỏi tự luận".
  void skip(int line, std::string_view kind, std::string_view kind_vi) {
    draft_.problems.push_back(bank_warning(line, "",
                                           {std::string(kind) + std::string(kSkipReason),
                                            "bỏ qua " + std::string(kind_vi) + std::string(kSkipReasonVi)}));
  }
  void answers(const Block& block, std::size_t at, std::string_view list, TextFormat format, DraftQuestion dq);
  void add(DraftQuestion dq);

  BankDraft& draft_;
  CurrentTopic topic_;
  int questions_ = 0;
};

// The topic is the category's last real name (moodle_category.hpp).
void GiftReader::category(int line, std::string_view path) {
  const auto topic = topic_from_category(path);
  if (!topic) {
    draft_.problems.push_back(bank_warning(
        line, "",
        Localized{"the $CATEGORY line names no category; the questions after it get the topic 'chung'",
                  "dòng $CATEGORY không ghi tên danh mục nào; các câu hỏi sau dòng này được xếp vào chủ đề 'chung'"}));
  }
  if (topic) {
    topic_.set(topic->id, topic->name, line);
  } else {
    topic_.set_general();
  }
}

void GiftReader::question(const Block& block) {
  const int start = block.lines.front();
  const std::string_view s = block.text;
  DraftQuestion dq;
  dq.line = start;
  dq.question.id = generated_id(++questions_);

  std::size_t pos = first_non_blank(s);
  if (s.substr(pos, 2) == "::") {
    const auto end = find_unescaped(s, "::", pos + 2);
    if (end == npos) {
      return error(block.line_at(pos), {"the title after '::' is not closed with '::'",
                                        "tiêu đề sau '::' chưa được đóng bằng '::'"});
    }
    const std::string title(trim(unescape(s.substr(pos + 2, end - pos - 2))));
    // A short slug is an id the author chose; anything else is a name as
    // Moodle writes it (the start of the text), kept as the label, and the
    // id comes from it once the whole file is read (question_ids.hpp).
    if (is_item_id(title)) {
      dq.question.id = title;
      dq.field_lines["id"] = block.line_at(pos);
    } else if (!title.empty()) {
      dq.question.id.clear();
      dq.question.label = title;
      dq.field_lines["label"] = dq.field_lines["id"] = block.line_at(pos);
    }
    pos = end + 2;
  }

  const auto open = find_unescaped(s, "{", pos);
  if (const auto stray = find_unescaped(s, "}", pos); stray < open) {
    return error(block.line_at(stray), stray_close());
  }
  if (open == npos) return skip(start, "text with no answers in { }", "nội dung không có phương án trả lời trong { }");
  const auto close = find_unescaped(s, "}", open + 1);
  if (close == npos) {
    return error(block.line_at(open), {"the '{' that opens the answers is never closed with '}'",
                                       "dấu '{' mở danh sách phương án không được đóng bằng '}'"});
  }
  if (const auto inner = find_unescaped(s.substr(0, close), "{", open + 1); inner != npos) {
    return error(block.line_at(inner), {"a '{' inside the answers; write \\{ for the character itself",
                                        "có dấu '{' bên trong danh sách phương án; nếu muốn ghi chính ký tự này, "
                                        "hãy viết \\{"});
  }
  const std::string_view after = s.substr(close + 1);
  if (const auto again = find_unescaped(after, "{"); again != npos) {
    return error(block.line_at(close + 1 + again), {"a question can have only one list of answers in { }",
                                                    "mỗi câu hỏi chỉ được có một danh sách phương án trong { }"});
  }
  if (const auto stray = find_unescaped(after, "}"); stray != npos) {
    return error(block.line_at(close + 1 + stray), stray_close());
  }

  // Text after the answers makes a missing-word question: the answers stand
  // in for the blank, shown as "___".
  std::string_view head = s.substr(pos, open - pos);
  const TextFormat format = take_format(head, TextFormat::plain);
  std::string raw(head);
  if (!trim(after).empty()) raw.append("___").append(after);
  dq.question.text = render(raw, format);
  const std::size_t text_at = pos + first_non_blank(s.substr(pos, open - pos));
  dq.field_lines["text"] = block.line_at(std::min(text_at, open));

  std::string_view list = s.substr(open + 1, close - open - 1);
  list = list.substr(0, find_unescaped(list, "####"));  // general feedback is dropped
  answers(block, open + 1, list, format, std::move(dq));
}

// The answer list decides the question's type.
void GiftReader::answers(const Block& block, std::size_t at, std::string_view list, TextFormat format,
                         DraftQuestion dq) {
  const int start = dq.line;
  const std::string_view body = trim(list);
  if (body.empty()) return skip(start, "essay question", "câu hỏi tự luận");
  if (body.front() == '#') return skip(start, "numeric question", "câu hỏi dạng số");

  const std::string tf = ascii_upper(trim(body.substr(0, find_unescaped(body, "#"))));
  if (tf == "T" || tf == "TRUE" || tf == "F" || tf == "FALSE") {
    Question& q = dq.question;
    const bool vietnamese = reads_as_vietnamese(q.text);
    q.options = {{"a", vietnamese ? "Đúng" : "True"}, {"b", vietnamese ? "Sai" : "False"}};
    q.correct = {tf.front() == 'T' ? "a" : "b"};
    dq.field_lines["correct"] = block.line_at(at + first_non_blank(list));
    return add(std::move(dq));
  }

  const auto first = find_any_unescaped(list, "=~");
  if (first == npos || !trim(list.substr(0, first)).empty()) {
    return error(block.line_at(at + first_non_blank(list)),
                 {"each answer must start with '=' (right) or '~' (wrong)",
                  "mỗi phương án phải bắt đầu bằng '=' (đúng) hoặc '~' (sai)"});
  }
  // Only '=' answers: the student types the answer (short answer) or pairs
  // items (matching); a contest offers options to choose from.
  if (find_any_unescaped(list, "~") == npos) {
    return find_unescaped(list, "->") != npos ? skip(start, "matching question", "câu hỏi ghép đôi")
                                              : skip(start, "short-answer question", "câu hỏi trả lời ngắn");
  }

  Question& q = dq.question;
  bool broken = false;
  std::size_t count = 0;
  for (std::size_t m = first; m != npos; ++count) {
    const auto next = find_any_unescaped(list, "=~", m + 1);
    std::string_view part = list.substr(m + 1, (next == npos ? list.size() : next) - m - 1);
    const int line = block.line_at(at + m);
    bool right = list[m] == '=';
    m = next;
    if (count >= kMaxOptions) continue;  // counted for the error below, not kept
    if (const auto lead = first_non_blank(part); lead < part.size() && part[lead] == '%') {
      const auto end = part.find('%', lead + 1);
      const auto weight = end == npos ? std::nullopt : weight_is_right(part.substr(lead + 1, end - lead - 1));
      if (weight) {
        right = *weight;
      } else {
        error(line, {"an answer's weight must be a percentage such as %50%",
                     "trọng số của phương án phải là tỷ lệ phần trăm, ví dụ %50%"});
        broken = true;
      }
      part = part.substr(end == npos ? part.size() : end + 1);
    }
    part = part.substr(0, find_unescaped(part, "#"));  // the answer's feedback is dropped
    const TextFormat answer_format = take_format(part, format);
    const std::string id(1, static_cast<char>('a' + count));
    q.options.push_back({id, render(part, answer_format)});
    dq.field_lines["options/" + std::to_string(count)] = line;
    if (right) {
      if (q.correct.empty()) dq.field_lines["correct"] = line;
      dq.field_lines["correct/" + std::to_string(q.correct.size())] = line;
      q.correct.push_back(id);
    }
  }
  if (count < kMinOptions || count > kMaxOptions) {
    const std::string n = std::to_string(count);
    error(start, count < kMinOptions
                     ? Localized{"a question needs at least 2 options; it has " + n,
                                 "câu hỏi phải có ít nhất 2 phương án; câu hỏi này có " + n}
                     : Localized{"a question can have at most 26 options, A to Z; it has " + n,
                                 "câu hỏi chỉ được có tối đa 26 phương án, từ A đến Z; câu hỏi này có " + n});
    broken = true;
  }
  if (!broken) add(std::move(dq));
}

void GiftReader::add(DraftQuestion dq) {
  topic_.assign(dq, draft_);
  draft_.questions.push_back(std::move(dq));
}

}  // namespace

BankDraft parse_gift_bank(std::string_view text) {
  BankDraft draft;
  draft.letter_option_ids = true;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  GiftReader reader(draft);
  Block block;
  auto flush = [&] {
    if (!block.lines.empty()) reader.question(block);
    block = Block{};
  };
  int line = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    const auto nl = text.find('\n', pos);
    const std::string_view t = trim(text.substr(pos, nl == npos ? npos : nl - pos));
    ++line;
    if (t.empty()) {
      flush();
    } else if (t.starts_with("$CATEGORY:")) {
      flush();
      reader.category(line, t.substr(10));
    } else if (!t.starts_with("//")) {
      block.add(line, t);
    }
    if (nl == npos) break;
    pos = nl + 1;
  }
  flush();
  assign_ids_from_labels(draft);
  std::stable_sort(draft.problems.begin(), draft.problems.end(),
                   [](const BankProblem& a, const BankProblem& b) { return a.line < b.line; });
  return draft;
}

}  // namespace rq::core
