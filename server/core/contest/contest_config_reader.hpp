// Internal to the contest configuration parser (contest_config.cpp and
// contest_config_rounds.cpp): typed reads of JSON members that report a
// problem at the member's path instead of throwing, so one pass over a
// hand-written configuration lists every mistake in it.
#pragma once

#include "core/text/lang.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest_config.hpp"

namespace rq::core::config_detail {

// ordered_json keeps members in document order (nlohmann::json sorts them),
// which draw.by_topic needs: the blueprint is drawn in the order written.
using Json = nlohmann::ordered_json;

// "rounds[0]" + "draw" -> "rounds[0].draw"; "" + "id" -> "id".
std::string at(const std::string& path, std::string_view key);
// "rounds" + 1 -> "rounds[1]".
std::string at(const std::string& path, std::size_t index);
std::string in_quotes(std::string_view s);

class ConfigReader {
 public:
  void problem(std::string path, Localized message);

  // Reports every member of `obj` not in `known`; `what` names the object
  // in the message ("a round").
  void unknown_fields(const Json& obj, const std::string& path, std::string_view what,
                      std::initializer_list<std::string_view> known);

  // The member, or nullptr when it is absent or null (reported as "is
  // required" when `required`).
  const Json* member(const Json& obj, std::string_view key, const std::string& path, bool required);

  // True for an object; otherwise reports "must be an object <shape>".
  bool object(const Json& value, const std::string& path, std::string_view shape);

  // NFC, trimmed text. nullopt when absent (reported if required), not a
  // string, not UTF-8, or empty after trimming while required.
  std::optional<std::string> text(const Json& obj, std::string_view key, const std::string& path, bool required);
  std::optional<std::string> text_value(const Json& value, const std::string& path, bool required);

  // A lowercase slug id (is_slug).
  std::optional<std::string> slug(const Json& obj, std::string_view key, const std::string& path, bool required);
  bool check_slug(const std::string& value, const std::string& path);

  // A whole number in [lo, hi].
  std::optional<long long> integer(const Json& obj, std::string_view key, const std::string& path, long long lo,
                                   long long hi, bool required);
  std::optional<long long> integer_value(const Json& value, const std::string& path, long long lo, long long hi);

  std::optional<bool> boolean(const Json& obj, std::string_view key, const std::string& path);

  // A list; nullptr when absent (reported if required), not a list, or
  // empty while `non_empty` ("must list at least one <noun>").
  const Json* list(const Json& obj, std::string_view key, const std::string& path, bool required, bool non_empty,
                   std::string_view noun);

  // One of the names in `table`.
  template <class E>
  std::optional<E> choice(const Json& obj, std::string_view key, const std::string& path,
                          std::initializer_list<std::pair<std::string_view, E>> table, bool required) {
    std::string p = at(path, key);
    const Json* v = member(obj, key, path, required);
    if (!v) return std::nullopt;
    std::string names;
    for (const auto& [name, e] : table) names += (names.empty() ? "" : ", ") + std::string(name);
    if (!v->is_string()) {
      problem(p, {"must be a string, one of " + names, "phải là một chuỗi ký tự, là một trong: " + names});
      return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    for (const auto& [name, e] : table) {
      if (s == name) return e;
    }
    problem(p, {"must be one of " + names + " (got " + in_quotes(s) + ")",
                "phải là một trong: " + names + " (đang là " + in_quotes(s) + ")"});
    return std::nullopt;
  }

  std::vector<ConfigProblem> problems;
  // The top-level "notice" is present (even if mistaken), so a round's own
  // notice number is not also reported as lacking a heading.
  bool notice_heading_given = false;
};

// "a, b, c" of at most ten names, then "and N more".
Localized name_list(const std::vector<std::string>& names);

// Collective prizes need the units and their blocks; contest_config_collective.cpp.
void read_collective_prizes(ConfigReader& r, const Json& root, ContestConfig& config);

// Rounds need the contest's categories (prizes name them); contest_config_rounds.cpp.
void read_rounds(ConfigReader& r, const Json& root, ContestConfig& config);

// The "prizes" list of a round or of the final: [{category, tiers: [{name,
// count}]}], each category known and given once; `where` names the owner in
// messages ("this round", "the final").
void read_prizes(ConfigReader& r, const Json& owner, const std::string& path, const ContestConfig& config,
                 std::string_view where, std::string_view where_vi, std::vector<CategoryPrizes>& out);

// The "final" across rounds, after the rounds (it names them);
// contest_config_final.cpp.
void read_final(ConfigReader& r, const Json& root, ContestConfig& config);

// The top-level "notice" heading, before the rounds; and the "notice" {number,
// date} of a round or the final; contest_config_notice.cpp.
void read_notice_heading(ConfigReader& r, const Json& root, ContestConfig& config);
void read_notice_issue(ConfigReader& r, const Json& owner, const std::string& path, NoticeIssue& out);

}  // namespace rq::core::config_detail
