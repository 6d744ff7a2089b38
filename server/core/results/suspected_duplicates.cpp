#include "core/results/suspected_duplicates.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>

#include "core/text/normalize.hpp"

namespace rq::core {

std::string_view to_string(SuspicionKind kind) {
  switch (kind) {
    case SuspicionKind::same_name_birth_date: return "same_name_birth_date";
    case SuspicionKind::same_id_number: return "same_id_number";
    case SuspicionKind::one_address: return "one_address";
    case SuspicionKind::too_fast: return "too_fast";
    case SuspicionKind::identical_answers: return "identical_answers";
  }
  return "unknown";
}

bool one_typo_apart(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a == b) return false;
  std::vector<std::size_t> differ;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) differ.push_back(i);
    if (differ.size() > 2) return false;
  }
  if (differ.size() == 1) return true;
  return differ[1] == differ[0] + 1 && a[differ[0]] == b[differ[1]] && a[differ[1]] == b[differ[0]];
}

namespace {

using nlohmann::json;

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// --- Identities --------------------------------------------------------

void same_name_and_birth_date(const std::vector<EntrantProfile>& people, std::vector<Suspicion>& out) {
  std::map<std::pair<std::string, std::string>, std::vector<const EntrantProfile*>> groups;
  for (const auto& p : people) {
    if (p.name.empty() || p.birth_date.empty()) continue;
    groups[{comparison_key(p.name), p.birth_date}].push_back(&p);
  }
  for (const auto& [key, group] : groups) {
    if (group.size() < 2) continue;
    Suspicion s{SuspicionKind::same_name_birth_date, {}, {}, {}};
    for (const auto* p : group) s.participants.push_back(p->id);
    s.participants = sorted_unique(std::move(s.participants));
    s.evidence = {{"name", group.front()->name}, {"birth_date", key.second}, {"accounts", group.size()}};
    out.push_back(std::move(s));
  }
}

void same_id_number(const std::vector<EntrantProfile>& people, std::vector<Suspicion>& out) {
  // The same digits under different spellings (records stored before the
  // registration check normalised them, or imported).
  std::map<std::string, std::vector<const EntrantProfile*>> by_digits;
  for (const auto& p : people) {
    auto digits = digits_of(p.id_number);
    if (!digits.empty()) by_digits[digits].push_back(&p);
  }
  for (const auto& [digits, group] : by_digits) {
    if (group.size() < 2) continue;
    Suspicion s{SuspicionKind::same_id_number, {}, {}, {}};
    std::set<std::string> spellings;
    for (const auto* p : group) {
      s.participants.push_back(p->id);
      spellings.insert(p->id_number);
    }
    s.participants = sorted_unique(std::move(s.participants));
    s.evidence = {{"id_number", digits}, {"match", "same_digits"}, {"spellings", spellings}};
    out.push_back(std::move(s));
  }
  // A typo apart under the same name: pairs within each name's accounts.
  std::map<std::string, std::vector<const EntrantProfile*>> by_name;
  for (const auto& p : people) {
    if (!p.name.empty() && !p.id_number.empty()) by_name[comparison_key(p.name)].push_back(&p);
  }
  for (const auto& [name, group] : by_name) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        auto a = digits_of(group[i]->id_number), b = digits_of(group[j]->id_number);
        if (!one_typo_apart(a, b)) continue;
        Suspicion s{SuspicionKind::same_id_number, sorted_unique({group[i]->id, group[j]->id}), {}, {}};
        s.evidence = {{"name", group[i]->name},
                      {"match", "one_typo_apart"},
                      {"spellings", std::set<std::string>{group[i]->id_number, group[j]->id_number}}};
        out.push_back(std::move(s));
      }
    }
  }
}

void registered_from_one_address(const std::vector<EntrantProfile>& people, const DuplicateRules& rules,
                                 std::vector<Suspicion>& out) {
  std::map<std::string, std::vector<const EntrantProfile*>> by_address;
  for (const auto& p : people) {
    if (!p.registered_from.empty() && p.registered_at > 0) by_address[p.registered_from].push_back(&p);
  }
  for (auto& [address, group] : by_address) {
    if (group.size() < rules.address_min_accounts) continue;
    std::sort(group.begin(), group.end(), [](const auto* a, const auto* b) {
      return a->registered_at != b->registered_at ? a->registered_at < b->registered_at : a->id < b->id;
    });
    // The densest window: for each last account, the earliest one within
    // the window before it (two pointers over the times in order).
    std::size_t best_first = 0, best_count = 0;
    for (std::size_t first = 0, last = 0; last < group.size(); ++last) {
      while (group[last]->registered_at - group[first]->registered_at > rules.address_window_ms) ++first;
      if (last - first + 1 > best_count) {
        best_count = last - first + 1;
        best_first = first;
      }
    }
    if (best_count < rules.address_min_accounts) continue;
    Suspicion s{SuspicionKind::one_address, {}, {}, {}};
    for (std::size_t i = best_first; i < best_first + best_count; ++i) s.participants.push_back(group[i]->id);
    s.participants = sorted_unique(std::move(s.participants));
    s.evidence = {{"address", address},
                  {"accounts", best_count},
                  {"accounts_from_address", group.size()},
                  {"first_at", group[best_first]->registered_at},
                  {"last_at", group[best_first + best_count - 1]->registered_at},
                  {"window_ms", rules.address_window_ms}};
    out.push_back(std::move(s));
  }
}

// --- Entries -----------------------------------------------------------

void too_fast(const std::vector<AnswerSheet>& sheets, const DuplicateRules& rules, std::vector<Suspicion>& out) {
  for (const auto& sheet : sheets) {
    if (sheet.answers.empty() || sheet.submitted_at <= 0) continue;
    const std::int64_t duration = sheet.submitted_at - sheet.started_at;
    const auto questions = static_cast<std::int64_t>(sheet.answers.size());
    const std::int64_t per_question = duration / questions;
    if (per_question >= rules.min_ms_per_question) continue;
    auto answered = std::count_if(sheet.answers.begin(), sheet.answers.end(), [](const auto& a) { return !a.chosen.empty(); });
    if (answered == 0) continue;  // a blank entry never ranks above anyone
    Suspicion s{SuspicionKind::too_fast, {sheet.participant_id}, {sheet.attempt_id}, {}};
    s.evidence = {{"attempt", sheet.attempt_id},
                  {"duration_ms", duration},
                  {"questions", questions},
                  {"answered", answered},
                  {"ms_per_question", per_question},
                  {"threshold_ms", rules.min_ms_per_question},
                  {"score", sheet.score},
                  {"max_score", sheet.max_score}};
    out.push_back(std::move(s));
  }
}

// What two entries must share exactly: the bank they drew from (ids are
// only unique within a bank), each question's chosen options, in question
// id order (the attempts may have shown them in another order).
std::string answer_pattern(const AnswerSheet& sheet) {
  std::vector<const SheetAnswer*> answers;
  for (const auto& a : sheet.answers) answers.push_back(&a);
  std::sort(answers.begin(), answers.end(), [](const auto* a, const auto* b) { return a->question < b->question; });
  std::string key = sheet.bank + '\n';
  for (const auto* a : answers) {
    key += a->question;
    key += '=';
    for (const auto& o : a->chosen) key += o + ',';
    key += ';';
  }
  return key;
}

std::size_t wrong_answers(const AnswerSheet& sheet) {
  return static_cast<std::size_t>(std::count_if(sheet.answers.begin(), sheet.answers.end(),
                                                [](const auto& a) { return !a.chosen.empty() && a.chosen != a.correct; }));
}

// The time spent on each answered question, by question id: from the
// previous answer (or the start) to this one, in the order they were given.
std::map<std::string, std::int64_t> time_per_question(const AnswerSheet& sheet) {
  std::vector<const SheetAnswer*> answered;
  for (const auto& a : sheet.answers) {
    if (a.answered_at > 0) answered.push_back(&a);
  }
  std::sort(answered.begin(), answered.end(), [](const auto* a, const auto* b) { return a->answered_at < b->answered_at; });
  std::map<std::string, std::int64_t> spent;
  std::int64_t previous = sheet.started_at;
  for (const auto* a : answered) {
    spent[a->question] = a->answered_at - previous;
    previous = a->answered_at;
  }
  return spent;
}

// The largest difference in time spent on one question, or -1 when the two
// entries answered different questions.
std::int64_t largest_time_difference(const std::map<std::string, std::int64_t>& a,
                                     const std::map<std::string, std::int64_t>& b) {
  if (a.size() != b.size()) return -1;
  std::int64_t largest = 0;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first) return -1;
    largest = std::max(largest, std::abs(ia->second - ib->second));
  }
  return largest;
}

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) { return parent[x] == x ? x : parent[x] = find(parent[x]); }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

void identical_answers(const std::vector<AnswerSheet>& sheets, const DuplicateRules& rules, std::vector<Suspicion>& out) {
  std::map<std::string, std::vector<const AnswerSheet*>> by_pattern;
  for (const auto& sheet : sheets) {
    if (sheet.answers.empty() || wrong_answers(sheet) < std::max<std::size_t>(rules.min_shared_wrong, 1)) continue;
    by_pattern[answer_pattern(sheet)].push_back(&sheet);
  }
  for (auto& [pattern, group] : by_pattern) {
    if (group.size() < 2) continue;
    std::sort(group.begin(), group.end(), [](const auto* a, const auto* b) {
      return a->started_at != b->started_at ? a->started_at < b->started_at : a->attempt_id < b->attempt_id;
    });
    const bool cut = group.size() > rules.max_pattern_entries;
    if (cut) group.resize(rules.max_pattern_entries);
    std::vector<std::map<std::string, std::int64_t>> spent;
    for (const auto* sheet : group) spent.push_back(time_per_question(*sheet));
    UnionFind sets(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        if (group[i]->participant_id == group[j]->participant_id) continue;
        auto difference = largest_time_difference(spent[i], spent[j]);
        if (difference < 0 || difference > rules.timing_tolerance_ms) continue;
        sets.join(i, j);
      }
    }
    std::map<std::size_t, std::vector<std::size_t>> components;
    for (std::size_t i = 0; i < group.size(); ++i) components[sets.find(i)].push_back(i);
    for (const auto& [root, members] : components) {
      if (members.size() < 2) continue;
      Suspicion s{SuspicionKind::identical_answers, {}, {}, {}};
      json entries = json::array();
      // Over every two entries of the finding, linked directly or not: the
      // evidence says how far apart the most different two are.
      std::int64_t max_difference = 0;
      for (std::size_t a = 0; a < members.size(); ++a) {
        for (std::size_t b = a + 1; b < members.size(); ++b) {
          max_difference = std::max(max_difference, largest_time_difference(spent[members[a]], spent[members[b]]));
        }
      }
      for (auto i : members) {
        const auto* sheet = group[i];
        s.participants.push_back(sheet->participant_id);
        s.attempts.push_back(sheet->attempt_id);
        entries.push_back({{"attempt", sheet->attempt_id},
                           {"participant", sheet->participant_id},
                           {"started_at", sheet->started_at},
                           {"duration_ms", sheet->submitted_at - sheet->started_at},
                           {"score", sheet->score},
                           {"max_score", sheet->max_score}});
      }
      s.participants = sorted_unique(std::move(s.participants));
      s.attempts = sorted_unique(std::move(s.attempts));
      s.evidence = {{"questions", group[members.front()]->answers.size()},
                    {"shared_wrong", wrong_answers(*group[members.front()])},
                    {"max_time_difference_ms", max_difference},
                    {"tolerance_ms", rules.timing_tolerance_ms},
                    {"entries", entries},
                    {"cut", cut}};
      out.push_back(std::move(s));
    }
  }
}

}  // namespace

std::vector<Suspicion> suspected_duplicates(const std::vector<EntrantProfile>& people,
                                            const std::vector<AnswerSheet>& sheets, const DuplicateRules& rules) {
  std::vector<Suspicion> out;
  same_name_and_birth_date(people, out);
  same_id_number(people, out);
  registered_from_one_address(people, rules, out);
  too_fast(sheets, rules, out);
  identical_answers(sheets, rules, out);
  std::stable_sort(out.begin(), out.end(), [](const Suspicion& a, const Suspicion& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.participants < b.participants;
  });
  return out;
}

}  // namespace rq::core
