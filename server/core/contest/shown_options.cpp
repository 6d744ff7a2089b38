#include "core/contest/shown_options.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/security/tokens.hpp"

namespace rq::core {
namespace {

constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

// 30 bits of SHA-256(seed, question, option, salt) in the alphabet: the seed
// never leaves the server, so nobody can compute an id without it.
std::string shown_id(std::uint64_t seed, const std::string& question, const std::string& option, int salt) {
  std::string hex = sha256_hex(std::to_string(seed) + "\n" + question + "\n" + option + "\n" + std::to_string(salt));
  std::uint64_t bits = std::stoull(hex.substr(0, 15), nullptr, 16);  // 60 bits
  std::string id;
  for (std::size_t i = 0; i < kShownIdLength; ++i, bits >>= 5) id += kAlphabet[bits & 31];
  return id;
}

}  // namespace

std::vector<ShownQuestion> show_options(const std::vector<DrawnQuestion>& drawn, std::uint64_t seed) {
  std::vector<ShownQuestion> out;
  out.reserve(drawn.size());
  for (const auto& q : drawn) {
    ShownQuestion s{q.id, {}, {}, {}};
    std::unordered_map<std::string, std::string> shown_of;
    for (const auto& o : q.options) {
      // Distinct within the question, and never one of its bank ids.
      std::string id;
      for (int salt = 0;; ++salt) {
        id = shown_id(seed, q.id, o.id, salt);
        bool taken = std::find(s.shown_ids.begin(), s.shown_ids.end(), id) != s.shown_ids.end() ||
                     std::any_of(q.options.begin(), q.options.end(), [&](const Option& b) { return b.id == id; });
        if (!taken) break;
      }
      s.shown_ids.push_back(id);
      s.bank_ids.push_back(o.id);
      shown_of[o.id] = id;
    }
    for (const auto& c : q.correct) s.correct.push_back(shown_of[c]);
    std::sort(s.correct.begin(), s.correct.end());
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<nlohmann::json> public_questions(const QuestionBank& bank, const std::vector<ShownQuestion>& shown) {
  std::unordered_map<std::string, const Question*> by_id;
  for (const auto& q : bank.questions) by_id[q.id] = &q;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : shown) {
    auto it = by_id.find(s.id);
    if (it == by_id.end() || s.shown_ids.size() != s.bank_ids.size()) return std::nullopt;
    const Question& q = *it->second;
    nlohmann::json options = nlohmann::json::array();
    for (std::size_t i = 0; i < s.shown_ids.size(); ++i) {
      auto o = std::find_if(q.options.begin(), q.options.end(), [&](const Option& b) { return b.id == s.bank_ids[i]; });
      if (o == q.options.end()) return std::nullopt;
      options.push_back({{"id", s.shown_ids[i]}, {"text", o->text}});
    }
    out.push_back({{"id", q.id}, {"text", q.text}, {"options", std::move(options)}, {"multiple", q.correct.size() > 1}});
  }
  return out;
}

}  // namespace rq::core
