#include "core/bank/question_ids.hpp"

#include <map>
#include <set>

#include "core/bank/parser_text.hpp"
#include "core/text/ids.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

// Room for a "-NNN" suffix within the 64 characters an id may have.
constexpr std::size_t kMaxStemLength = 56;

}  // namespace

std::string id_from_label(std::string_view label) {
  std::string slug = slugify(label);
  if (slug.size() > kMaxStemLength) {
    // Cut at a word boundary when there is one not too far back.
    const auto dash = slug.rfind('-', kMaxStemLength);
    slug.resize(dash != std::string::npos && dash >= kMaxStemLength / 2 ? dash : kMaxStemLength);
  }
  while (!slug.empty() && (slug.back() == '-' || slug.back() == '_')) slug.pop_back();
  return slug;
}

void assign_ids_from_labels(BankDraft& draft) {
  // Ids given as such are taken first, wherever they stand in the file.
  std::set<std::string> taken;
  for (const auto& dq : draft.questions) {
    if (!dq.question.id.empty()) taken.insert(dq.question.id);
  }
  std::map<std::string, int> label_lines;  // comparison key of a label -> where it first stood
  int number = 0;
  for (auto& dq : draft.questions) {
    ++number;
    auto& q = dq.question;
    if (!q.id.empty() || q.label.empty()) continue;
    const std::string key = comparison_key(q.label);
    if (auto [it, fresh] = label_lines.emplace(key, dq.line); !fresh) {
      draft.problems.push_back(bank_warning(dq.line_of("label"), "label",
                                            {"this question has the same name as the question on " +
                                                 place_words(draft.unit, it->second) + "; each keeps its own id",
                                             "câu hỏi này có cùng tên với câu hỏi ở " +
                                                 place_words(draft.unit, it->second, Lang::vi) +
                                                 "; mỗi câu hỏi vẫn giữ mã riêng"}));
    }
    std::string stem = id_from_label(q.label);
    if (stem.empty()) stem = parser_text::generated_id(number);
    std::string id = stem;
    for (int n = 2; taken.count(id); ++n) id = stem + "-" + std::to_string(n);
    taken.insert(id);
    q.id = id;
  }
}

}  // namespace rq::core
