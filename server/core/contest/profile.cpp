// Registration profiles: every field checked on its own, every problem
// returned at its field, nothing thrown. Names are checked by Unicode
// category (utf8proc) rather than by a list of Vietnamese letters, so names
// of the country's other scripts and foreign names pass too.
#include "core/contest/profile.hpp"

#include <algorithm>
#include <cstring>

#include <utf8proc.h>

#include "core/bank/bank_validator.hpp"
#include "core/text/code_points.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

using nlohmann::json;

constexpr std::size_t kNameMin = 2, kNameMax = 100;
constexpr std::size_t kPasswordMin = 8, kPasswordMax = 128;
constexpr std::size_t kEmailMax = 254;  // RFC 5321's limit on a path
// An address long enough to find a house ("Số 1, thôn 2"), short enough for
// one line of the organiser's list.
constexpr std::size_t kAddressMin = 5, kAddressMax = 200;
constexpr int kAgeMin = 6, kAgeMax = 120;

bool is_white_space(utf8proc_int32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

// Letters of any script, and the combining marks NFC leaves on letters that
// have no precomposed form.
bool is_letter_or_mark(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
      return true;
    default:
      return false;
  }
}

class ProfileChecker {
 public:
  ProfileChecker(const json& raw, std::vector<FieldProblem>& out) : raw_(raw), out_(out) {}

  void problem(const char* field, const char* code, std::string message) {
    out_.push_back(FieldProblem{field, code, std::move(message)});
  }

  // The field's string as sent; nullopt when absent, null, "" or of another
  // JSON type (each reported as the field needs).
  std::optional<std::string> raw_string(const char* field, bool required) {
    auto it = raw_.find(field);
    if (it == raw_.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
      if (required) problem(field, "required", "is required");
      return std::nullopt;
    }
    if (!it->is_string()) {
      problem(field, "invalid", "must be a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  // NFC and trimmed; nullopt when missing, not UTF-8, or blank.
  std::optional<std::string> text(const char* field, bool required) {
    auto s = raw_string(field, required);
    if (!s) return std::nullopt;
    auto n = normalize_text(*s);
    if (!n) {
      problem(field, "invalid", "is not valid UTF-8");
      return std::nullopt;
    }
    if (n->empty()) {
      if (required) problem(field, "required", "is required");
      return std::nullopt;
    }
    return n;
  }

 private:
  const json& raw_;
  std::vector<FieldProblem>& out_;
};

void check_name(ProfileChecker& c, Profile& p) {
  auto name = c.text("name", true);
  if (!name) return;
  // One space between words, whatever was typed (double spaces, tabs, the
  // no-break space of a copied cell); a typographic apostrophe (phones type
  // ’) becomes ' so one person's name is spelled one way.
  std::string collapsed;
  bool space = false, letters = false;
  std::string bad;
  for_each_code_point(*name, [&](utf8proc_int32_t cp, std::size_t pos, std::size_t len) {
    std::string_view bytes = std::string_view(*name).substr(pos, len);
    if (is_white_space(cp)) {
      space = true;
      return;
    }
    if (space) collapsed += ' ';
    space = false;
    if (cp == 0x2019) {
      collapsed += '\'';
      return;
    }
    if (is_letter_or_mark(cp)) {
      letters = true;
    } else if (cp != '\'' && cp != '-' && cp != '.' && bad.empty()) {
      bad = bytes;
    }
    collapsed += bytes;
  });
  if (!bad.empty()) {
    c.problem("name", "invalid",
              "may hold only letters, spaces, apostrophes, hyphens and dots (found '" + bad + "')");
    return;
  }
  if (!letters) {
    c.problem("name", "invalid", "must contain letters");
    return;
  }
  auto n = count_chars(collapsed);
  if (n < kNameMin) {
    c.problem("name", "too_short", "must be at least " + std::to_string(kNameMin) + " characters");
  } else if (n > kNameMax) {
    c.problem("name", "too_long",
              "must be at most " + std::to_string(kNameMax) + " characters (it has " + std::to_string(n) + ")");
  } else {
    p.name = std::move(collapsed);
  }
}

void check_phone(ProfileChecker& c, Profile& p) {
  auto phone = c.text("phone", true);
  if (!phone) return;
  if (auto n = normalize_phone(*phone)) {
    p.phone = *n;
  } else {
    c.problem("phone", "invalid",
              "must be a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or 09 (e.g. 0901234567), "
              "or +84 followed by 9 digits");
  }
}

int number(std::string_view s) {
  int n = 0;
  for (char ch : s) n = n * 10 + (ch - '0');
  return n;
}

void check_birth_date(ProfileChecker& c, Profile& p, std::string_view today) {
  auto date = c.text("birth_date", true);
  if (!date) return;
  if (!is_iso_date(*date)) {
    c.problem("birth_date", "invalid", "must be a date written YYYY-MM-DD, e.g. 1990-05-17");
    return;
  }
  if (is_iso_date(today)) {  // a bad `today` is the caller's bug; the date itself is still checked
    if (*date > today) {  // YYYY-MM-DD strings sort as the days they name
      c.problem("birth_date", "invalid", "is in the future");
      return;
    }
    std::string_view d = *date;
    int age = number(today.substr(0, 4)) - number(d.substr(0, 4));
    if (today.substr(5) < d.substr(5)) --age;  // this year's birthday is still to come
    if (age < kAgeMin) {
      c.problem("birth_date", "too_young", "the contestant must be at least " + std::to_string(kAgeMin) + " years old");
      return;
    }
    if (age > kAgeMax) {
      c.problem("birth_date", "too_old", "gives an age over " + std::to_string(kAgeMax) + " years");
      return;
    }
  }
  p.birth_date = *date;
}

template <class Item>
void check_choice(ProfileChecker& c, const char* field, const char* plural, const std::vector<Item>& items,
                  std::string& out) {
  auto id = c.text(field, true);
  if (!id) return;
  bool known = std::any_of(items.begin(), items.end(), [&](const Item& item) { return item.id == *id; });
  if (!known) {
    c.problem(field, "not_in_list", "'" + *id + "' is not one of the contest's " + plural);
    return;
  }
  out = *id;
}

void check_password(ProfileChecker& c, Profile& p) {
  // Taken as given, spaces included: it is hashed, never shown or compared.
  auto password = c.raw_string("password", true);
  if (!password) return;
  if (!normalize_text(*password)) {
    c.problem("password", "invalid", "is not valid UTF-8");
    return;
  }
  auto n = count_chars(*password);
  if (n < kPasswordMin) {
    c.problem("password", "too_short", "must be at least " + std::to_string(kPasswordMin) + " characters");
  } else if (n > kPasswordMax) {
    c.problem("password", "too_long", "must be at most " + std::to_string(kPasswordMax) + " characters");
  } else {
    p.password = *password;
  }
}

void check_id_number(ProfileChecker& c, Profile& p) {
  auto id = c.text("id_number", false);
  if (!id) return;
  if (auto n = normalize_id_number(*id)) {
    p.id_number = *n;
  } else {
    c.problem("id_number", "invalid", "must be 12 digits (CCCD) or 9 digits (old CMND)");
  }
}

// Deliberately simple: the address is only for the organiser to write to,
// and a stricter check refuses real addresses more often than it catches typos.
void check_email(ProfileChecker& c, Profile& p) {
  auto email = c.text("email", false);
  if (!email) return;
  if (count_chars(*email) > kEmailMax) {
    c.problem("email", "too_long", "must be at most " + std::to_string(kEmailMax) + " characters");
    return;
  }
  bool blank = false;
  for_each_code_point(*email, [&](utf8proc_int32_t cp, std::size_t, std::size_t) {
    blank = blank || cp < 0x21 || cp == 0x7F || is_white_space(cp);
  });
  auto at = email->find('@');
  bool ok = !blank && at != std::string::npos && at > 0 && email->find('@', at + 1) == std::string::npos;
  std::string domain = ok ? email->substr(at + 1) : "";
  auto dot = domain.find('.');
  ok = ok && dot != std::string::npos && dot > 0 && domain.back() != '.' && domain.find("..") == std::string::npos;
  if (!ok) {
    c.problem("email", "invalid", "must be an email address such as ten@example.vn");
    return;
  }
  // Domains are case-insensitive; the local part may not be, so it is kept.
  for (auto& ch : domain) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  p.email = email->substr(0, at + 1) + domain;
}

// The contest's join code, when it has one: compared without case and
// spaces (people copy it from a letter onto a phone keyboard). Never stored.
void check_join_code(ProfileChecker& c, const ContestConfig& contest) {
  if (contest.join_code.empty()) return;
  auto code = c.text("join_code", true);
  if (!code) return;
  auto key = [](std::string_view text) {
    std::string out;
    for (char ch : comparison_key(text)) {
      if (ch != ' ') out += ch;
    }
    return out;
  };
  if (key(*code) != key(contest.join_code)) c.problem("join_code", "invalid", "is not the contest's join code");
}

bool asked(FieldAsked a) { return a != FieldAsked::no; }

// One space between words (an address copied from a document carries runs
// of spaces and no-break spaces), so one place is spelled one way.
std::string collapse_spaces(const std::string& text) {
  std::string out;
  bool space = false;
  for_each_code_point(text, [&](utf8proc_int32_t cp, std::size_t pos, std::size_t len) {
    if (is_white_space(cp)) {
      space = true;
      return;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += std::string_view(text).substr(pos, len);
  });
  return out;
}

void check_gender(ProfileChecker& c, const ContestConfig& contest, Profile& p) {
  if (!asked(contest.profile_fields.gender)) return;
  auto gender = c.text("gender", contest.profile_fields.gender == FieldAsked::required);
  if (!gender) return;
  if (*gender != "male" && *gender != "female") {
    c.problem("gender", "invalid", "must be male or female, as on the citizen ID card");
    return;
  }
  p.gender = *gender;
}

void check_address(ProfileChecker& c, const ContestConfig& contest, Profile& p) {
  if (!asked(contest.profile_fields.address)) return;
  auto address = c.text("address", contest.profile_fields.address == FieldAsked::required);
  if (!address) return;
  *address = collapse_spaces(*address);
  auto n = count_chars(*address);
  if (n < kAddressMin) {
    c.problem("address", "too_short", "must be at least " + std::to_string(kAddressMin) + " characters");
  } else if (n > kAddressMax) {
    c.problem("address", "too_long", "must be at most " + std::to_string(kAddressMax) + " characters");
  } else {
    p.address = *address;
  }
}

// From the contest's list when it has one (its ids), else free text.
void check_commune(ProfileChecker& c, const ContestConfig& contest, Profile& p) {
  if (!asked(contest.profile_fields.commune)) return;
  auto commune = c.text("commune", contest.profile_fields.commune == FieldAsked::required);
  if (!commune) return;
  *commune = collapse_spaces(*commune);
  if (!contest.communes.empty()) {
    bool known = std::any_of(contest.communes.begin(), contest.communes.end(),
                             [&](const Commune& k) { return k.id == *commune; });
    if (!known) {
      c.problem("commune", "not_in_list", "'" + *commune + "' is not one of the contest's communes");
      return;
    }
  } else if (count_chars(*commune) < kNameMin) {
    c.problem("commune", "too_short", "must be at least " + std::to_string(kNameMin) + " characters");
    return;
  } else if (count_chars(*commune) > kNameMax) {
    c.problem("commune", "too_long", "must be at most " + std::to_string(kNameMax) + " characters");
    return;
  }
  p.commune = *commune;
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view text) {
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == ' ' || ch == '\t' || ch == '.' || ch == '-' || ch == '(' || ch == ')') continue;
    // The no-break space (C2 A0) that numbers copied from Excel carry.
    if (static_cast<unsigned char>(ch) == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    s += ch;
  }
  if (s.starts_with("+84")) {
    s = "0" + s.substr(3);
  } else if (s.size() == 11 && s.starts_with("84")) {
    s = "0" + s.substr(2);
  }
  if (s.size() != 10 || s[0] != '0') return std::nullopt;
  if (!std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return std::nullopt;
  if (std::strchr("35789", s[1]) == nullptr) return std::nullopt;  // 02x: landlines
  return s;
}

std::optional<std::string> normalize_id_number(std::string_view text) {
  std::string s;
  for (char ch : text) {
    if (ch == ' ') continue;
    if (ch < '0' || ch > '9') return std::nullopt;
    s += ch;
  }
  if (s.size() != 9 && s.size() != 12) return std::nullopt;
  return s;
}

ProfileResult check_profile(const nlohmann::json& raw, const ContestConfig& contest, std::string_view today) {
  ProfileResult result;
  if (!raw.is_object()) {
    result.problems.push_back({"profile", "invalid", "must be an object {name, phone, birth_date, unit, category, password}"});
    return result;
  }
  ProfileChecker c(raw, result.problems);
  check_name(c, result.profile);
  check_phone(c, result.profile);
  check_birth_date(c, result.profile, today);
  check_choice(c, "unit", "units", contest.units, result.profile.unit);
  check_choice(c, "category", "categories", contest.categories, result.profile.category);
  check_password(c, result.profile);
  check_id_number(c, result.profile);
  check_email(c, result.profile);
  check_gender(c, contest, result.profile);
  check_address(c, contest, result.profile);
  check_commune(c, contest, result.profile);
  check_join_code(c, contest);
  return result;
}

}  // namespace rq::core
