// The rounds of a contest configuration and their ISO-8601 times, and the
// check of every round's draw against the banks as stored. Each round is
// checked on its own: rounds may overlap and need not be in time order,
// since contests run a weekly and a monthly round side by side.
#include <algorithm>
#include <map>

#include "core/bank/bank_validator.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_config_reader.hpp"
#include "core/contest/draw.hpp"

namespace rq::core {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), so no time-zone database or C library state is needed.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

bool parse_iso8601_ms(std::string_view t, std::int64_t& out_ms) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(t, 0, 4, y) || t.size() < 19 || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' ||
      !digits(t, 8, 2, d) || t[10] != 'T' || !digits(t, 11, 2, h) || t[13] != ':' || !digits(t, 14, 2, mi) ||
      t[16] != ':' || !digits(t, 17, 2, s)) {
    return false;
  }
  if (!is_iso_date(t.substr(0, 10)) || h > 23 || mi > 59 || s > 59) return false;
  std::size_t pos = 19;
  int ms = 0;
  if (pos < t.size() && t[pos] == '.') {
    // Any precision up to nanoseconds; what is below a millisecond is dropped.
    std::size_t start = ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (pos - start < 3) ms = ms * 10 + (t[pos] - '0');
      ++pos;
    }
    std::size_t n = pos - start;
    if (n == 0 || n > 9) return false;
    for (std::size_t k = n; k < 3; ++k) ms *= 10;
  }
  if (pos >= t.size()) return false;  // no offset: the time would be ambiguous
  int offset_min = 0;
  if (t[pos] == 'Z') {
    ++pos;
  } else if (t[pos] == '+' || t[pos] == '-') {
    int oh = 0, om = 0;
    if (!digits(t, pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' || !digits(t, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return false;
    }
    offset_min = (t[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return false;
  }
  if (pos != t.size()) return false;
  std::int64_t seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                         h * 3600 + mi * 60 + s - static_cast<std::int64_t>(offset_min) * 60;
  out_ms = seconds * 1000 + ms;
  return true;
}

namespace config_detail {

namespace {

constexpr const char* kTimeExample = "2026-12-01T08:00:00+07:00";

struct Time {
  std::int64_t ms = 0;
  std::string text;
};

std::optional<Time> read_time(ConfigReader& r, const Json& round, std::string_view key, const std::string& p) {
  const Json* v = r.member(round, key, p, true);
  if (!v) return std::nullopt;
  std::string path = at(p, key);
  if (!v->is_string()) {
    r.problem(path,
           {std::string("must be a string: an ISO-8601 time with an offset, e.g. ") + kTimeExample,
            std::string("phải là một chuỗi ký tự: thời điểm theo ISO-8601 kèm độ lệch múi giờ, ví dụ ") + kTimeExample});
    return std::nullopt;
  }
  Time t{0, v->get<std::string>()};
  if (parse_iso8601_ms(t.text, t.ms)) return t;
  std::int64_t ignored = 0;
  if (parse_iso8601_ms(t.text + "Z", ignored)) {
    // The commonest slip: a local time with no offset, which could mean
    // Vietnam or UTC, seven hours apart.
    r.problem(path,
           {"has no UTC offset: write " + in_quotes(t.text + "+07:00") + " for Vietnam time or " +
                in_quotes(t.text + "Z") + " for UTC",
            "thiếu độ lệch múi giờ so với UTC: ghi " + in_quotes(t.text + "+07:00") + " nếu là giờ Việt Nam hoặc " +
                in_quotes(t.text + "Z") + " nếu là giờ UTC"});
  } else {
    r.problem(path,
           {std::string("must be an ISO-8601 time with an offset, e.g. ") + kTimeExample + " (got " +
                in_quotes(t.text) + ")",
            std::string("phải là thời điểm theo ISO-8601 kèm độ lệch múi giờ, ví dụ ") + kTimeExample +
                " (đang là " + in_quotes(t.text) + ")"});
  }
  return std::nullopt;
}

void read_draw(ConfigReader& r, const Json& round, const std::string& p, DrawBlueprint& draw) {
  const Json* d = r.member(round, "draw", p, true);
  std::string dp = at(p, "draw");
  if (!d || !r.object(*d, dp, "{count, by_topic}")) return;
  r.unknown_fields(*d, dp, "a draw", {"count", "by_topic"});
  auto count = r.integer(*d, "count", dp, 1, 200, true);
  draw.count = static_cast<int>(count.value_or(0));
  const Json* by_topic = r.member(*d, "by_topic", dp, false);
  std::string bp = at(dp, "by_topic");
  if (!by_topic || !r.object(*by_topic, bp, "{topic id: number of questions}")) return;
  long long sum = 0;
  // Json is ordered_json, so items() walks the topics as the organiser wrote them.
  for (const auto& [topic, n] : by_topic->items()) {
    std::string tp = at(bp, topic);
    bool topic_ok = r.check_slug(topic, tp);
    auto questions = r.integer_value(n, tp, 1, 200);
    if (!topic_ok || !questions) continue;
    draw.by_topic.emplace_back(topic, static_cast<int>(*questions));
    sum += *questions;
  }
  if (count && sum > *count) {
    r.problem(bp,
           {"asks for " + std::to_string(sum) + " questions by topic, more than draw.count (" +
                std::to_string(*count) + ")",
            "cần tổng cộng " + std::to_string(sum) + " câu hỏi theo chủ đề, nhiều hơn draw.count (" +
                std::to_string(*count) + ")"});
  }
}

void read_prediction(ConfigReader& r, const Json& round, const std::string& p, RoundConfig& out) {
  const Json* v = r.member(round, "prediction", p, false);  // absent or null: no prediction question
  std::string pp = at(p, "prediction");
  if (!v || !r.object(*v, pp, "{prompt, target} or null")) return;
  r.unknown_fields(*v, pp, "a prediction", {"prompt", "target"});
  Prediction prediction;
  prediction.prompt = r.text(*v, "prompt", pp, true).value_or("");
  // The most common target in published rules, so it may be left out.
  prediction.target = r.choice<PredictionTarget>(*v, "target", pp,
                                                 {{"perfect_entries", PredictionTarget::perfect_entries},
                                                  {"perfect_entrants", PredictionTarget::perfect_entrants},
                                                  {"entries", PredictionTarget::entries},
                                                  {"entrants", PredictionTarget::entrants}},
                                                 false)
                          .value_or(PredictionTarget::perfect_entries);
  out.prediction = std::move(prediction);
}

void read_ranking(ConfigReader& r, const Json& round, const std::string& p, RoundConfig& out) {
  const Json* v = r.member(round, "ranking", p, false);
  std::string rp = at(p, "ranking");
  if (!v) {
    // The chain most published rules use; without a prediction, Đồng Nai's.
    out.ranking = out.prediction
                      ? std::vector<RankKey>{RankKey::score, RankKey::prediction, RankKey::duration, RankKey::submitted_at}
                      : std::vector<RankKey>{RankKey::score, RankKey::duration, RankKey::submitted_at};
    return;
  }
  if (!v->is_array() || v->empty()) {
    r.problem(rp,
           {"must be a non-empty list of ranking keys, e.g. [\"score\", \"duration\", \"submitted_at\"]",
            "phải là một danh sách tiêu chí xếp hạng, không để trống, ví dụ [\"score\", \"duration\", \"submitted_at\"]"});
    return;
  }
  static constexpr std::pair<std::string_view, RankKey> kKeys[] = {
      {"score", RankKey::score},               {"prediction", RankKey::prediction},
      {"duration", RankKey::duration},         {"submitted_at", RankKey::submitted_at},
      {"started_at", RankKey::started_at},     {"attempts_used", RankKey::attempts_used}};
  std::string names;
  for (const auto& [name, key] : kKeys) names += (names.empty() ? "" : ", ") + std::string(name);
  for (std::size_t i = 0; i < v->size(); ++i) {
    std::string kp = at(rp, i);
    const Json& k = (*v)[i];
    if (!k.is_string()) {
      r.problem(kp, {"must be a string, one of " + names, "phải là một chuỗi ký tự, là một trong: " + names});
      continue;
    }
    const auto& s = k.get_ref<const std::string&>();
    auto found = std::find_if(std::begin(kKeys), std::end(kKeys), [&](const auto& e) { return e.first == s; });
    if (found == std::end(kKeys)) {
      r.problem(kp, {"must be one of " + names + " (got " + in_quotes(s) + ")",
                     "phải là một trong: " + names + " (đang là " + in_quotes(s) + ")"});
    } else if (std::find(out.ranking.begin(), out.ranking.end(), found->second) != out.ranking.end()) {
      r.problem(kp, {in_quotes(s) + " is given twice", in_quotes(s) + " được ghi hai lần"});
    } else if (found->second == RankKey::prediction && !out.prediction) {
      r.problem(kp,
             {"'prediction' ranks by the prediction question, but this round has none (add a prediction or "
              "remove this key)",
              "'prediction' xếp hạng theo câu hỏi dự đoán, nhưng vòng thi này không có câu hỏi dự đoán (hãy thêm "
              "prediction hoặc bỏ tiêu chí này)"});
    } else {
      out.ranking.push_back(found->second);
    }
  }
}

// `bank` for everyone, and `banks` {category: bank} for the categories that
// draw from their own (CONTEST_RULES.md: "some contests use a different
// question bank per category"). `bank` may be left out when `banks` names
// every category.
void read_banks(ConfigReader& r, const Json& v, const std::string& p, const ContestConfig& config,
                RoundConfig& round) {
  const Json* banks = r.member(v, "banks", p, false);
  const std::string bp = at(p, "banks");
  if (banks && !banks->is_object()) {
    r.problem(bp, {"must be an object {category: bank}", "phải là một đối tượng {đối tượng dự thi: ngân hàng}"});
    banks = nullptr;
  }
  std::string categories;
  for (const auto& c : config.categories) categories += (categories.empty() ? "" : ", ") + c.id;
  if (banks) {
    for (const auto& item : banks->items()) {
      // Not a structured binding: clang 14 refuses one captured by the lambda below.
      const std::string& category = item.key();
      const Json& bank = item.value();
      std::string cp = at(bp, category);
      bool known = std::any_of(config.categories.begin(), config.categories.end(),
                               [&](const Category& c) { return c.id == category; });
      if (!known) {
        r.problem(cp, {in_quotes(category) + " is not one of the contest's categories (" + categories + ")",
                       in_quotes(category) + " không phải là đối tượng dự thi của cuộc thi (" + categories + ")"});
        continue;
      }
      if (!bank.is_string()) {
        r.problem(cp, {"must be a bank's id (a string)", "phải là mã của một ngân hàng câu hỏi (chuỗi ký tự)"});
        continue;
      }
      if (r.check_slug(bank.get<std::string>(), cp)) round.banks.emplace_back(category, bank.get<std::string>());
    }
  }
  bool every_category_named = !config.categories.empty();
  for (const auto& c : config.categories) {
    bool named = std::any_of(round.banks.begin(), round.banks.end(), [&](const auto& b) { return b.first == c.id; });
    every_category_named = every_category_named && named;
  }
  if (every_category_named && r.member(v, "bank", p, false)) {
    r.problem(at(p, "bank"), {"no category draws from it: every category has its own bank in \"banks\" (remove it)",
                              "không đối tượng nào dùng ngân hàng này: mỗi đối tượng đã có ngân hàng riêng trong "
                              "\"banks\" (hãy bỏ mục này)"});
    return;
  }
  if (!r.member(v, "bank", p, false) && every_category_named) return;
  if (!r.member(v, "bank", p, false) && banks) {
    r.problem(at(p, "bank"), {"is required: it is the bank of every category \"banks\" does not name",
                              "là bắt buộc: đây là ngân hàng câu hỏi của các đối tượng không có trong \"banks\""});
    return;
  }
  round.bank = r.slug(v, "bank", p, true).value_or("");
}

void read_round(ConfigReader& r, const Json& v, const std::string& p, ContestConfig& config,
                std::map<std::string, std::string>& seen_ids) {
  if (!r.object(v, p, "{id, title, opens_at, closes_at, bank, draw, time_limit_s, …}")) return;
  r.unknown_fields(v, p, "a round",
                   {"id", "title", "opens_at", "closes_at", "bank", "banks", "draw", "time_limit_s", "attempts",
                    "counted_attempt", "require_all_answered", "prediction", "ranking", "prizes", "min_score_to_win",
                    "notice"});
  RoundConfig round;
  if (auto id = r.slug(v, "id", p, true)) {
    if (auto [it, fresh] = seen_ids.emplace(*id, p); !fresh) {
      r.problem(at(p, "id"),
             {"the id " + in_quotes(*id) + " is already used by " + it->second,
              "mã " + in_quotes(*id) + " đã được dùng ở " + it->second});
    }
    round.id = *id;
  }
  round.title = r.text(v, "title", p, true).value_or("");
  auto opens = read_time(r, v, "opens_at", p);
  auto closes = read_time(r, v, "closes_at", p);
  if (opens) round.opens_at = opens->ms;
  if (closes) round.closes_at = closes->ms;
  if (opens && closes && closes->ms < opens->ms) {
    r.problem(at(p, "closes_at"),
           {"comes before opens_at (" + opens->text + ")", "sớm hơn opens_at (" + opens->text + ")"});
  } else if (opens && closes && closes->ms == opens->ms) {
    r.problem(at(p, "closes_at"),
           {"is the same time as opens_at (" + opens->text + "); it must come after it",
            "trùng với opens_at (" + opens->text + "); phải muộn hơn opens_at"});
  }
  read_banks(r, v, p, config, round);
  read_draw(r, v, p, round.draw);
  round.time_limit_s = static_cast<int>(r.integer(v, "time_limit_s", p, 30, 7200, true).value_or(0));
  round.attempts = static_cast<int>(r.integer(v, "attempts", p, 1, 10, false).value_or(1));
  round.counted_attempt = r.choice<CountedAttempt>(v, "counted_attempt", p,
                                                   {{"best", CountedAttempt::best},
                                                    {"first", CountedAttempt::first},
                                                    {"last", CountedAttempt::last}},
                                                   false)
                              .value_or(CountedAttempt::best);
  round.require_all_answered = r.boolean(v, "require_all_answered", p).value_or(false);
  read_prediction(r, v, p, round);
  read_ranking(r, v, p, round);
  read_prizes(r, v, p, config, "this round", "vòng thi này", round.prizes);
  round.min_score_to_win = r.integer(v, "min_score_to_win", p, 0, 1000000, false);
  read_notice_issue(r, v, p, round.notice);
  config.rounds.push_back(std::move(round));
}

}  // namespace

void read_prizes(ConfigReader& r, const Json& owner, const std::string& p, const ContestConfig& config,
                 std::string_view where, std::string_view where_vi, std::vector<CategoryPrizes>& out) {
  // A round may have no prizes (a practice round), and a final too.
  const Json* list = r.list(owner, "prizes", p, false, false, "");
  if (!list) return;
  std::string categories;
  for (const auto& c : config.categories) categories += (categories.empty() ? "" : ", ") + c.id;
  std::map<std::string, std::string> seen;  // category -> its prizes' path
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string pp = at(at(p, "prizes"), i);
    const Json& v = (*list)[i];
    if (!r.object(v, pp, "{category, tiers}")) continue;
    r.unknown_fields(v, pp, "a category's prizes", {"category", "tiers"});
    CategoryPrizes prizes;
    if (auto category = r.text(v, "category", pp, true)) {
      bool known = std::any_of(config.categories.begin(), config.categories.end(),
                               [&](const Category& c) { return c.id == *category; });
      if (!known) {
        r.problem(at(pp, "category"),
               {in_quotes(*category) + " is not one of the contest's categories (" + categories + ")",
                in_quotes(*category) + " không phải là đối tượng dự thi của cuộc thi (" + categories + ")"});
      } else if (auto [it, fresh] = seen.emplace(*category, pp); !fresh) {
        r.problem(at(pp, "category"),
               {in_quotes(*category) + " already has prizes in " + std::string(where) + ", at " + it->second,
                in_quotes(*category) + " đã có giải trong " + std::string(where_vi) + ", tại " + it->second});
      }
      prizes.category = *category;
    }
    if (const Json* tiers = r.list(v, "tiers", pp, true, true, "prize tier")) {
      for (std::size_t k = 0; k < tiers->size(); ++k) {
        std::string tp = at(at(pp, "tiers"), k);
        const Json& t = (*tiers)[k];
        if (!r.object(t, tp, "{name, count}")) continue;
        r.unknown_fields(t, tp, "a prize tier", {"name", "count", "min_score", "amount"});
        PrizeTier tier;
        tier.name = r.text(t, "name", tp, true).value_or("");
        tier.count = static_cast<int>(r.integer(t, "count", tp, 1, 1000, true).value_or(0));
        tier.min_score = r.integer(t, "min_score", tp, 0, 1000000, false);
        // Up to a trillion đồng: any real prize, and no overflow when a
        // round's prizes are totalled.
        tier.amount = r.integer(t, "amount", tp, 0, 1000000000000LL, false);
        prizes.tiers.push_back(std::move(tier));
      }
    }
    out.push_back(std::move(prizes));
  }
}

void read_rounds(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* list = r.list(root, "rounds", "", true, true, "round");
  if (!list) return;
  std::map<std::string, std::string> seen_ids;
  for (std::size_t i = 0; i < list->size(); ++i) read_round(r, (*list)[i], at("rounds", i), config, seen_ids);
}

}  // namespace config_detail

namespace {

// The path that names where a round takes `bank` from: its `bank`, or the
// first category of `banks` that names it.
std::string bank_path(const RoundConfig& round, const std::string& p, const std::string& bank) {
  using config_detail::at;
  if (bank == round.bank) return at(p, "bank");
  for (const auto& [category, b] : round.banks) {
    if (b == bank) return at(at(p, "banks"), category);
  }
  return at(p, "bank");
}

// One round's draw against one of its banks.
void check_draw(const RoundConfig& round, const std::string& p, const std::string& bank_id,
                const BankContents& bank, const DrawWindow& window, std::vector<ConfigProblem>& problems) {
  using config_detail::at;
  using config_detail::in_quotes;
  // Take away the questions that do not hold on every day of the round.
  auto held = bank.questions_by_topic;
  std::size_t total = bank.total, left_out = 0;
  for (const auto& q : bank.dated) {
    if (valid_throughout(q.valid_from, q.valid_until, window)) continue;
    if (auto it = held.find(q.topic); it != held.end() && it->second > 0) --it->second;
    if (total > 0) --total;
    ++left_out;
  }
  const std::string valid = left_out == 0 ? "" : " valid from " + window.first_day + " to " + window.last_day;
  const std::string valid_vi =
      left_out == 0 ? "" : " còn hiệu lực từ " + window.first_day + " đến " + window.last_day;
  for (const auto& [topic, n] : round.draw.by_topic) {
    std::string tp = at(p, "draw.by_topic." + topic);
    std::string asks = "asks for " + std::to_string(n) + " questions of topic " + in_quotes(topic);
    std::string asks_vi = "cần " + std::to_string(n) + " câu hỏi thuộc chủ đề " + in_quotes(topic);
    auto it = held.find(topic);
    if (it == held.end()) {
      problems.push_back({tp, asks + ", which bank " + in_quotes(bank_id) + " does not have",
                          asks_vi + ", nhưng ngân hàng câu hỏi " + in_quotes(bank_id) + " không có chủ đề này"});
    } else if (it->second < static_cast<std::size_t>(n)) {
      std::string in_bank = round.banks.empty() ? "" : " in bank " + in_quotes(bank_id);
      std::string in_bank_vi = round.banks.empty() ? "" : " trong ngân hàng câu hỏi " + in_quotes(bank_id);
      problems.push_back({tp, asks + ", which holds " + std::to_string(it->second) + valid + in_bank,
                          asks_vi + ", nhưng chủ đề này chỉ có " + std::to_string(it->second) + " câu hỏi" +
                              valid_vi + in_bank_vi});
    }
  }
  if (total < static_cast<std::size_t>(round.draw.count)) {
    problems.push_back({at(p, "draw.count"),
                        "asks for " + std::to_string(round.draw.count) + " questions; bank " + in_quotes(bank_id) +
                            " holds " + std::to_string(total) + valid,
                        "cần " + std::to_string(round.draw.count) + " câu hỏi, nhưng ngân hàng câu hỏi " +
                            in_quotes(bank_id) + " chỉ có " + std::to_string(total) + " câu hỏi" + valid_vi});
  }
}

}  // namespace

namespace {

// One round's draws against the banks it draws from (only `only` when not
// empty), problems at the round's own path `p`.
void check_round_draws(const RoundConfig& round, const std::string& p, const std::string& timezone,
                       const std::map<std::string, BankContents>& banks, const std::string& only,
                       std::vector<ConfigProblem>& problems) {
  using config_detail::in_quotes;
  const DrawWindow window = round_window(round, timezone);
  for (const auto& bank_id : round.banks_used()) {
    if (!only.empty() && bank_id != only) continue;
    auto bank = banks.find(bank_id);
    if (bank == banks.end()) {
      problems.push_back({bank_path(round, p, bank_id), "no bank " + in_quotes(bank_id) + " is stored",
                          "chưa có ngân hàng câu hỏi " + in_quotes(bank_id) + " được lưu"});
      continue;
    }
    check_draw(round, p, bank_id, bank->second, window, problems);
  }
}

}  // namespace

std::vector<ConfigProblem> check_draws(const ContestConfig& config, const std::map<std::string, BankContents>& banks) {
  std::vector<ConfigProblem> problems;
  for (std::size_t i = 0; i < config.rounds.size(); ++i) {
    check_round_draws(config.rounds[i], config_detail::at("rounds", i), config.timezone, banks, "", problems);
  }
  return problems;
}

std::vector<ConfigProblem> draws_unmet_by(const ContestConfig& config, const std::string& bank,
                                          const BankContents& contents, std::int64_t now_ms) {
  std::vector<ConfigProblem> out;
  for (std::size_t i = 0; i < config.rounds.size(); ++i) {
    const auto& round = config.rounds[i];
    auto used = round.banks_used();
    if (std::find(used.begin(), used.end(), bank) == used.end() || round.closes_at <= now_ms) continue;
    // Only this bank's part: the round's other banks are not what the new version changes.
    check_round_draws(round, config_detail::at("rounds", i), config.timezone, {{bank, contents}}, bank, out);
  }
  return out;
}

BankContents contents_of(const QuestionBank& bank) {
  BankContents c;
  for (const auto& q : bank.questions) {
    ++c.questions_by_topic[q.topic];
    if (!q.valid_from.empty() || !q.valid_until.empty()) c.dated.push_back({q.topic, q.valid_from, q.valid_until});
  }
  c.total = bank.questions.size();
  return c;
}

}  // namespace rq::core
