// A contestant's registration profile (CONTEST_RULES.md, "People"): each
// field checked on its own so the form can show every error at its field.
// Phones are normalised so "+84 90.123.4567", "84901234567" and
// "0901234567" are one account.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"

namespace rq::core {

struct Profile {
  std::string name;
  std::string phone;       // normalised: 0 followed by 9 digits
  std::string birth_date;  // YYYY-MM-DD
  std::string unit;        // unit id
  std::string category;    // category id
  std::string password;    // as given; hashed by the caller, never stored
  std::string id_number;   // citizen ID (12 digits) or old ID (9 digits); may be empty
  std::string email;       // may be empty
  // Asked only when the contest's profile_fields say so; empty otherwise.
  std::string gender;      // "male" or "female", as on the citizen ID card
  std::string address;
  std::string commune;     // a commune id of the contest's list, or free text when it has none
};

struct FieldProblem {
  std::string field;    // "name", "phone", …; "profile" when the profile is not an object
  // For the page, which words it in the session's language. The codes used:
  //   required     absent, null or empty
  //   invalid      wrong JSON type, or a value of the wrong form (a name with
  //                digits, a phone that is not a mobile number, a date in the future…)
  //   too_short    name or commune under 2 characters, password under 8, address under 5
  //   too_long     name or commune over 100 characters, password over 128, email over 254, address over 200
  //   not_in_list  unit, category or commune not among the contest's ids
  //   too_young    birth_date: under 6 years old today
  //   too_old      birth_date: over 120 years old today
  std::string code;
  std::string message;  // English detail
  bool operator==(const FieldProblem&) const = default;
};

// Vietnamese mobile numbers: +84 / 84 / 0 prefixes, spaces, dots, dashes and
// parentheses allowed; the result is 0 + 9 digits whose second digit is 3, 5,
// 7, 8 or 9 (the mobile networks). Landlines (02x…) are refused: the phone is
// the account key and where contestants are reached, which needs a mobile.
// nullopt when it is not such a number.
std::optional<std::string> normalize_phone(std::string_view text);

// Citizen ID numbers: spaces removed, then 12 digits (CCCD) or 9 digits (old
// CMND); nullopt otherwise. Also used for the contest's exclusion list, so
// the two compare equal.
std::optional<std::string> normalize_id_number(std::string_view text);

// Checks and normalises (NFC, trimmed) a raw profile, given as the JSON
// object of the `register` message, against the contest's lists; `today` is
// YYYY-MM-DD by the server clock in the contest's time zone. The optional
// fields (gender, address, commune) are checked only when the contest asks
// for them, and ignored otherwise; fields it does not know are ignored
// rather than refused, so the page may send more before the server uses
// them. Never throws on bad input.
struct ProfileResult {
  Profile profile;
  std::vector<FieldProblem> problems;
  bool ok() const { return problems.empty(); }
};
ProfileResult check_profile(const nlohmann::json& raw, const ContestConfig& contest,
                            std::string_view today);

}  // namespace rq::core
