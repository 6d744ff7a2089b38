// The contest configuration parser: the document as a whole, the contest's
// own fields, its categories, units, exclusions and collective prizes.
// Rounds and ISO-8601 times are in contest_config_rounds.cpp. Configurations
// are written by hand, so every problem is reported at its JSON path in one
// pass, unknown fields included (a typo must not silently lose a setting),
// and nothing here throws on bad input.
#include "core/contest/contest_config.hpp"

#include <algorithm>
#include <climits>
#include <map>

#include "core/bank/bank_validator.hpp"
#include "core/contest/contest_config_reader.hpp"
#include "core/contest/profile.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace config_detail {

std::string at(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// At most this many names in one message; a province has hundreds of units.
// The names are ids, the same in both languages.
Localized name_list(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 10;
  std::string shown;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) shown += (i ? ", " : "") + names[i];
  if (names.size() <= kShown) return {shown, shown};
  std::string more = std::to_string(names.size() - kShown);
  return {shown + " and " + more + " more", shown + " và " + more + " mã khác"};
}

void ConfigReader::problem(std::string path, Localized message) {
  problems.push_back(ConfigProblem{std::move(path), std::move(message.en), std::move(message.vi)});
}

namespace {

// The Vietnamese of what callers name in English: the objects of
// unknown_fields, the nouns of list, the shapes of object.
std::string vi_words(std::string_view en) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"a contest", "cuộc thi"},
      {"category", "đối tượng dự thi"},
      {"a category", "đối tượng dự thi"},
      {"block", "khối"},
      {"a block", "khối"},
      {"unit", "đơn vị"},
      {"a unit", "đơn vị"},
      {"the exclusion list", "danh sách không xét giải"},
      {"a collective prize", "giải tập thể"},
      {"the final", "xếp hạng chung cuộc"},
      {"round", "vòng thi"},
      {"a round", "vòng thi"},
      {"a draw", "cách bốc câu hỏi"},
      {"a prediction", "câu hỏi dự đoán"},
      {"a category's prizes", "giải của một đối tượng dự thi"},
      {"prize tier", "mức giải"},
      {"a prize tier", "mức giải"},
      {"{topic id: number of questions}", "{mã chủ đề: số câu hỏi}"},
      {"{prompt, target} or null", "{prompt, target} hoặc null"},
  };
  for (const auto& [from, to] : kWords) {
    if (from == en) return std::string(to);
  }
  return std::string(en);  // a shape such as {id, name}: the same in both
}

}  // namespace

void ConfigReader::unknown_fields(const Json& obj, const std::string& path, std::string_view what,
                                  std::initializer_list<std::string_view> known) {
  std::string names;
  for (auto k : known) names += (names.empty() ? "" : ", ") + std::string(k);
  for (const auto& [key, value] : obj.items()) {
    bool found = false;
    for (auto k : known) found = found || key == k;
    if (!found) {
      problem(at(path, key),
             {"unknown field (" + std::string(what) + " has: " + names + ")",
              "trường không được nhận biết (" + vi_words(what) + " có các trường: " + names + ")"});
    }
  }
}

const Json* ConfigReader::member(const Json& obj, std::string_view key, const std::string& path, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) problem(at(path, key), {"is required", "bắt buộc phải có"});
    return nullptr;
  }
  return &*it;
}

bool ConfigReader::object(const Json& value, const std::string& path, std::string_view shape) {
  if (value.is_object()) return true;
  problem(path, {"must be an object " + std::string(shape), "phải là một đối tượng JSON " + vi_words(shape)});
  return false;
}

std::optional<std::string> ConfigReader::text_value(const Json& value, const std::string& path, bool required) {
  if (!value.is_string()) {
    problem(path, {"must be a string", "phải là một chuỗi ký tự"});
    return std::nullopt;
  }
  auto normalized = normalize_text(value.get_ref<const std::string&>());
  if (!normalized) {
    problem(path, {"is not valid UTF-8", "không phải là văn bản UTF-8 hợp lệ"});
    return std::nullopt;
  }
  if (required && normalized->empty()) {
    problem(path, {"is required (it is empty)", "bắt buộc phải có (đang để trống)"});
    return std::nullopt;
  }
  return normalized;
}

std::optional<std::string> ConfigReader::text(const Json& obj, std::string_view key, const std::string& path,
                                              bool required) {
  const Json* v = member(obj, key, path, required);
  if (!v) return std::nullopt;
  return text_value(*v, at(path, key), required);
}

bool ConfigReader::check_slug(const std::string& value, const std::string& path) {
  if (is_slug(value)) return true;
  Localized message{in_quotes(value) +
                        " must be lowercase letters, digits, '-' or '_', starting with a letter or digit, "
                        "at most 64 characters",
                    in_quotes(value) +
                        " phải gồm chữ thường không dấu, chữ số, '-' hoặc '_', bắt đầu bằng chữ hoặc số, "
                        "tối đa 64 ký tự"};
  // A suggestion the organiser can paste, e.g. "Kỳ 1" -> 'ky-1'.
  if (auto suggestion = slugify(value); !suggestion.empty() && suggestion != value) {
    message.en += " (e.g. " + in_quotes(suggestion) + ")";
    message.vi += " (ví dụ " + in_quotes(suggestion) + ")";
  }
  problem(path, std::move(message));
  return false;
}

std::optional<std::string> ConfigReader::slug(const Json& obj, std::string_view key, const std::string& path,
                                              bool required) {
  auto value = text(obj, key, path, required);
  if (!value || value->empty()) return std::nullopt;
  if (!check_slug(*value, at(path, key))) return std::nullopt;
  return value;
}

std::optional<long long> ConfigReader::integer_value(const Json& value, const std::string& path, long long lo,
                                                     long long hi) {
  std::string range = hi == LLONG_MAX ? "a whole number of at least " + std::to_string(lo)
                                      : "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  std::string range_vi = hi == LLONG_MAX ? "một số nguyên từ " + std::to_string(lo) + " trở lên"
                                         : "một số nguyên từ " + std::to_string(lo) + " đến " + std::to_string(hi);
  if (!value.is_number_integer()) {
    problem(path, {"must be " + range, "phải là " + range_vi});
    return std::nullopt;
  }
  // An unsigned value past LLONG_MAX is out of every range we use.
  bool huge = value.is_number_unsigned() && value.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX);
  long long n = huge ? LLONG_MAX : value.get<long long>();
  if (huge || n < lo || n > hi) {
    problem(path, {"must be " + range + " (got " + value.dump() + ")",
                         "phải là " + range_vi + " (đang là " + value.dump() + ")"});
    return std::nullopt;
  }
  return n;
}

std::optional<long long> ConfigReader::integer(const Json& obj, std::string_view key, const std::string& path,
                                               long long lo, long long hi, bool required) {
  const Json* v = member(obj, key, path, required);
  if (!v) return std::nullopt;
  return integer_value(*v, at(path, key), lo, hi);
}

std::optional<bool> ConfigReader::boolean(const Json& obj, std::string_view key, const std::string& path) {
  const Json* v = member(obj, key, path, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problem(at(path, key), {"must be true or false", "phải là true hoặc false"});
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* ConfigReader::list(const Json& obj, std::string_view key, const std::string& path, bool required,
                               bool non_empty, std::string_view noun) {
  const Json* v = member(obj, key, path, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    problem(at(path, key), {"must be a list", "phải là một danh sách"});
    return nullptr;
  }
  if (non_empty && v->empty()) {
    problem(at(path, key),
           {"must list at least one " + std::string(noun), "phải có ít nhất một " + vi_words(noun)});
    return nullptr;
  }
  return v;
}

}  // namespace config_detail

namespace {

using namespace config_detail;

constexpr int kMaxDepth = 32;
struct TooDeep {};

// What normalize_phone accepts, for the organiser who typed something else.
constexpr const char* kPhoneForm = "(10 digits starting 03, 05, 07, 08 or 09, e.g. 0901234567)";
constexpr const char* kPhoneFormVi = "(10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, ví dụ 0901234567)";

// nlohmann's "line 3, column 5: syntax error …" as "dòng 3, cột 5: syntax
// error …": the place in Vietnamese, the library's explanation as it is.
std::string json_position_vi(const std::string& detail) {
  auto digits_from = [&](std::size_t pos) {
    while (pos < detail.size() && detail[pos] >= '0' && detail[pos] <= '9') ++pos;
    return pos;
  };
  if (detail.compare(0, 5, "line ") != 0) return detail;
  std::size_t line_end = digits_from(5);
  if (line_end == 5 || detail.compare(line_end, 9, ", column ") != 0) return detail;
  std::size_t column_end = digits_from(line_end + 9);
  if (column_end == line_end + 9) return detail;
  return "dòng " + detail.substr(5, line_end - 5) + ", cột " + detail.substr(line_end + 9, column_end - line_end - 9) +
         detail.substr(column_end);
}

void read_timezone(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* tz = r.member(root, "timezone", "", false);
  if (!tz) return;  // the default, Vietnam
  if (tz->is_string() && (*tz == "Asia/Ho_Chi_Minh" || *tz == "UTC")) {
    config.timezone = tz->get<std::string>();
  } else {
    // Times carry their own offsets; the zone only names "today" and how
    // times are shown, and those two are all the product has needed so far.
    std::string given = tz->is_string() ? in_quotes(tz->get<std::string>()) : "";
    r.problem("timezone",
           {(given.empty() ? "" : given + " is not supported: ") +
                std::string("must be Asia/Ho_Chi_Minh or UTC (no other time zone is supported yet)"),
            (given.empty() ? "" : given + " không được hỗ trợ: ") +
                std::string("phải là Asia/Ho_Chi_Minh hoặc UTC (hiện chưa hỗ trợ múi giờ khác)")});
  }
}

// A list of {id, name} (categories, blocks): ids are slugs and unique.
template <class Named>
std::vector<Named> read_named(ConfigReader& r, const Json& root, const char* key, const char* what, bool required) {
  std::vector<Named> out;
  const Json* list = r.list(root, key, "", required, required, what);
  if (!list) return out;
  std::map<std::string, std::string> seen;  // id -> where it was first given
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string p = at(key, i);
    const Json& c = (*list)[i];
    if (!r.object(c, p, "{id, name}")) continue;
    r.unknown_fields(c, p, std::string("a ") + what, {"id", "name"});
    auto id = r.slug(c, "id", p, true);
    auto name = r.text(c, "name", p, true);
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(*id, p); !fresh) {
      r.problem(at(p, "id"),
             {"the id " + in_quotes(*id) + " is already used by " + it->second,
              "mã " + in_quotes(*id) + " đã được dùng ở " + it->second});
      continue;
    }
    out.push_back(Named{*id, name.value_or("")});
  }
  return out;
}

void read_categories(ConfigReader& r, const Json& root, ContestConfig& config) {
  config.categories = read_named<Category>(r, root, "categories", "category", true);
}

// Blocks are optional; once listed, a unit's block must be one of them, so
// a typo cannot split a block in two.
void read_blocks(ConfigReader& r, const Json& root, ContestConfig& config) {
  config.blocks = read_named<Block>(r, root, "blocks", "block", false);
  if (config.blocks.empty()) return;
  std::vector<std::string> ids;
  for (const auto& b : config.blocks) ids.push_back(b.id);
  for (std::size_t i = 0; i < config.units.size(); ++i) {
    const auto& block = config.units[i].block;
    if (block.empty() || std::find(ids.begin(), ids.end(), block) != ids.end()) continue;
    auto blocks = name_list(ids);
    r.problem(at(at("units", i), "block"),
           {in_quotes(block) + " is not one of the blocks: " + blocks.en,
            in_quotes(block) + " không thuộc các khối: " + blocks.vi});
  }
}

// The optional profile fields a registration asks for ("no" by default),
// and the communes to choose from when the organiser lists them.
void read_profile_fields(ConfigReader& r, const Json& root, ContestConfig& config) {
  if (const Json* v = r.member(root, "profile_fields", "", false)) {
    if (r.object(*v, "profile_fields", "{gender, address, commune}")) {
      r.unknown_fields(*v, "profile_fields", "profile_fields", {"gender", "address", "commune"});
      auto asked = [&](const char* key) {
        return r.choice<FieldAsked>(*v, key, "profile_fields",
                                    {{"no", FieldAsked::no}, {"optional", FieldAsked::optional},
                                     {"required", FieldAsked::required}},
                                    false)
            .value_or(FieldAsked::no);
      };
      config.profile_fields.gender = asked("gender");
      config.profile_fields.address = asked("address");
      config.profile_fields.commune = asked("commune");
    }
  }
  config.communes = read_named<Commune>(r, root, "communes", "commune", false);
  if (!config.communes.empty() && config.profile_fields.commune == FieldAsked::no) {
    r.problem("communes", {"lists communes, but profile_fields.commune does not ask for one (set it to "
                           "\"optional\" or \"required\")",
                           "có danh sách xã, phường, nhưng profile_fields.commune không yêu cầu khai báo (hãy đặt "
                           "\"optional\" hoặc \"required\")"});
  }
}

void read_units(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* list = r.list(root, "units", "", true, true, "unit");
  if (!list) return;
  std::map<std::string, std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string p = at("units", i);
    const Json& u = (*list)[i];
    if (!r.object(u, p, "{id, name, block?, headcount?}")) continue;
    r.unknown_fields(u, p, "a unit", {"id", "name", "block", "headcount"});
    Unit unit;
    auto id = r.slug(u, "id", p, true);
    unit.name = r.text(u, "name", p, true).value_or("");
    unit.block = r.slug(u, "block", p, false).value_or("");
    if (auto n = r.integer(u, "headcount", p, 1, LLONG_MAX, false)) unit.headcount = *n;
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(*id, p); !fresh) {
      r.problem(at(p, "id"),
             {"the id " + in_quotes(*id) + " is already used by " + it->second,
              "mã " + in_quotes(*id) + " đã được dùng ở " + it->second});
      continue;
    }
    unit.id = *id;
    config.units.push_back(std::move(unit));
  }
}

void read_excluded(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* ex = r.member(root, "excluded", "", false);
  if (!ex || !r.object(*ex, "excluded", "{phones: [...], id_numbers: [...]}")) return;
  r.unknown_fields(*ex, "excluded", "the exclusion list", {"phones", "id_numbers"});
  if (const Json* phones = r.list(*ex, "phones", "excluded", false, false, "")) {
    for (std::size_t i = 0; i < phones->size(); ++i) {
      std::string p = at("excluded.phones", i);
      const Json& v = (*phones)[i];
      if (!v.is_string()) {
        r.problem(p, {"must be a string (a phone number such as \"0901234567\")",
                      "phải là một chuỗi ký tự (số điện thoại, ví dụ \"0901234567\")"});
      } else if (auto phone = normalize_phone(v.get_ref<const std::string&>())) {
        config.excluded_phones.push_back(*phone);
      } else {
        r.problem(p, {in_quotes(v.get<std::string>()) + " is not a Vietnamese mobile number " + kPhoneForm,
                      in_quotes(v.get<std::string>()) + " không phải là số điện thoại di động Việt Nam " +
                          kPhoneFormVi});
      }
    }
  }
  if (const Json* ids = r.list(*ex, "id_numbers", "excluded", false, false, "")) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      std::string p = at("excluded.id_numbers", i);
      const Json& v = (*ids)[i];
      if (!v.is_string()) {
        // A number would have lost the leading zero every CCCD starts with.
        r.problem(p, {"must be a string (\"001090012345\"), not a number",
                      "phải là một chuỗi ký tự (\"001090012345\"), không phải là số"});
      } else if (auto id = normalize_id_number(v.get_ref<const std::string&>())) {
        config.excluded_id_numbers.push_back(*id);
      } else {
        r.problem(p, {in_quotes(v.get<std::string>()) + " must be 12 digits (CCCD) or 9 digits (old CMND)",
                      in_quotes(v.get<std::string>()) + " phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ)"});
      }
    }
  }
}

void read_contest(ConfigReader& r, const Json& root, ContestConfig& config) {
  r.unknown_fields(root, "", "a contest",
                   {"id", "title", "timezone", "categories", "units", "blocks", "excluded", "repeat_winners",
                    "rounds", "collective_prizes", "final", "join_code", "notice", "profile_fields", "communes"});
  config.id = r.slug(root, "id", "", true).value_or("");
  config.title = r.text(root, "title", "", true).value_or("");
  read_timezone(r, root, config);
  read_categories(r, root, config);
  read_units(r, root, config);
  read_blocks(r, root, config);
  read_excluded(r, root, config);
  if (auto rw = r.choice<RepeatWinners>(root, "repeat_winners", "",
                                        {{"once_per_round", RepeatWinners::once_per_round},
                                         {"once_per_contest", RepeatWinners::once_per_contest},
                                         {"highest_only", RepeatWinners::highest_only}},
                                        false)) {
    config.repeat_winners = *rw;
  }
  if (auto code = r.text(root, "join_code", "", false)) {
    auto length = code->size();
    if (length < 4 || length > 64) {
      r.problem("join_code", {"must be 4 to 64 characters", "phải có từ 4 đến 64 ký tự"});
    } else {
      config.join_code = *code;
    }
  }
  read_profile_fields(r, root, config);
  read_notice_heading(r, root, config);
  read_rounds(r, root, config);
  read_collective_prizes(r, root, config);
  read_final(r, root, config);
}

}  // namespace

ContestConfigResult parse_contest_config(std::string_view json_text) {
  ContestConfigResult result;
  ConfigReader r;
  Json root;
  try {
    root = Json::parse(json_text, [](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    result.problems.push_back({"", "the JSON is nested deeper than a contest configuration can be",
                               "JSON có quá nhiều cấp lồng nhau so với mức cho phép của một cấu hình cuộc thi"});
    return result;
  } catch (const Json::parse_error& e) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 3,
    // column 5: syntax error …"; keep the position and the explanation.
    std::string what = e.what();
    auto from = what.find("line ");
    std::string detail = from != std::string::npos ? what.substr(from) : what;
    result.problems.push_back({"", "the configuration is not valid JSON: at " + detail,
                               "cấu hình không phải là JSON hợp lệ: tại " + json_position_vi(detail)});
    return result;
  } catch (const Json::exception& e) {
    result.problems.push_back({"", std::string("the configuration is not valid JSON: ") + e.what(),
                               std::string("cấu hình không phải là JSON hợp lệ: ") + e.what()});
    return result;
  }
  if (!root.is_object()) {
    r.problem("", {"a contest configuration must be a JSON object {id, title, categories, units, rounds, …}",
                   "cấu hình cuộc thi phải là một đối tượng JSON {id, title, categories, units, rounds, …}"});
  } else {
    read_contest(r, root, result.config);
  }
  result.problems = std::move(r.problems);
  return result;
}

}  // namespace rq::core
