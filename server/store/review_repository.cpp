#include "store/review_repository.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <tuple>
#include <memory>

#include <nlohmann/json.hpp>

#include "store/fan_out.hpp"
#include "store/reply_values.hpp"
#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

std::int64_t integer_field(const nlohmann::json& fields, const std::string& key) {
  auto it = fields.find(key);
  if (it == fields.end() || !it->is_string()) return 0;
  const auto& text = it->get_ref<const std::string&>();
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string text_field(const nlohmann::json& fields, const std::string& key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Shown option ids to the bank's, by position in the attempt's o:/m: lists.
std::vector<std::string> to_bank_ids(const std::vector<std::string>& shown_ids, const std::vector<std::string>& shown,
                                     const std::vector<std::string>& mapped) {
  std::vector<std::string> out;
  for (const auto& id : shown_ids) {
    auto at = std::find(shown.begin(), shown.end(), id);
    if (at != shown.end() && static_cast<std::size_t>(at - shown.begin()) < mapped.size()) {
      out.push_back(mapped[at - shown.begin()]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

core::AnswerSheet sheet_of(const std::string& attempt_id, const nlohmann::json& fields) {
  core::AnswerSheet sheet;
  sheet.attempt_id = attempt_id;
  sheet.participant_id = text_field(fields, "participant");
  sheet.bank = text_field(fields, "bank");
  sheet.started_at = integer_field(fields, "started_at");
  sheet.submitted_at = integer_field(fields, "submitted_at");
  sheet.score = static_cast<int>(integer_field(fields, "score"));
  sheet.max_score = static_cast<int>(integer_field(fields, "max_score"));
  for (const auto& q : split_ids(text_field(fields, "qids"))) {
    auto shown = split_ids(text_field(fields, "o:" + q));
    auto mapped = split_ids(text_field(fields, "m:" + q));
    core::SheetAnswer answer;
    answer.question = q;
    answer.options = mapped;
    answer.correct = to_bank_ids(split_ids(text_field(fields, "c:" + q)), shown, mapped);
    answer.chosen = to_bank_ids(split_ids(text_field(fields, "a:" + q)), shown, mapped);
    answer.answered_at = answer.chosen.empty() ? 0 : integer_field(fields, "t:" + q);
    sheet.answers.push_back(std::move(answer));
  }
  return sheet;
}

}  // namespace

void ReviewRepository::disqualifications(const std::string& contest,
                                         std::function<void(StoreResult<std::vector<core::Disqualification>>)> done) {
  redis_.command({"HVALS", keys::contest_disqualified(contest)}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    std::vector<core::Disqualification> out;
    for (const auto& v : r.reply.elements) {
      auto parsed = nlohmann::json::parse(v.str, nullptr, false);
      auto d = core::disqualification_of(parsed);
      if (!d) return done({StoreError::internal, "a malformed disqualification record", {}});
      out.push_back(std::move(*d));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.at, a.kind, a.target) < std::tie(b.at, b.kind, b.target);
    });
    done({StoreError::none, {}, std::move(out)});
  });
}

void ReviewRepository::disqualify(const std::string& contest, const std::string& kind, const std::string& target,
                                  const std::string& reason, const std::string& organiser,
                                  std::function<void(StoreResult<DisqualificationChange>)> done) {
  save(contest, "disqualify", kind, target, reason, organiser, std::move(done));
}

void ReviewRepository::lift(const std::string& contest, const std::string& kind, const std::string& target,
                            const std::string& organiser, std::function<void(StoreResult<DisqualificationChange>)> done) {
  save(contest, "lift", kind, target, "", organiser, std::move(done));
}

void ReviewRepository::save(const std::string& contest, const std::string& action, const std::string& kind,
                            const std::string& target, const std::string& reason, const std::string& organiser,
                            std::function<void(StoreResult<DisqualificationChange>)> done) {
  std::string target_key = kind == "entry" ? keys::attempt(contest, target) : keys::participant(contest, target);
  redis_.eval(lua_script("disqualification_save"),
              {keys::contest_disqualified(contest), keys::contest_events(contest), target_key,
               keys::contest_disqualified_changed_at(contest)},
              {action, kind, target, reason, organiser}, [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 3) return done({store_error_of(r), detail_of(r), {}});
                const auto& e = r.reply.elements;
                DisqualificationChange change;
                if (e[0].str == "error") {
                  change.error = e[1].str;
                  return done({StoreError::none, {}, std::move(change)});
                }
                auto d = core::disqualification_of(nlohmann::json::parse(e[2].str, nullptr, false));
                if (!d) return done({StoreError::internal, "a malformed disqualification record", {}});
                change.record = std::move(*d);
                done({StoreError::none, {}, std::move(change)});
              });
}

void ReviewRepository::answer_sheets(const std::string& contest, const std::string& round,
                                     std::function<void(StoreResult<std::vector<core::AnswerSheet>>)> done) {
  redis_.command({"SMEMBERS", keys::round_entries(contest, round)}, [this, contest, done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    // An attempt's answers are a few hundred bytes per question: two
    // hundred attempts keep one reply to a few megabytes at most.
    constexpr std::size_t kBatch = 200;
    std::vector<std::string> ids;
    for (const auto& e : r.reply.elements) {
      if (!keys::is_valid_id(e.str)) return done({StoreError::internal, "a malformed attempt id in the round's entries", {}});
      ids.push_back(e.str);
    }
    std::sort(ids.begin(), ids.end());
    if (ids.empty()) return done({StoreError::none, {}, {}});
    struct Gather {
      std::vector<std::string> ids;
      std::vector<core::AnswerSheet> sheets;
      std::size_t batches_left = 0;
      StoreError error = StoreError::none;
      std::string detail;
      std::function<void(StoreResult<std::vector<core::AnswerSheet>>)> done;
    };
    auto g = std::make_shared<Gather>();
    g->ids = std::move(ids);
    g->sheets.resize(g->ids.size());
    g->batches_left = (g->ids.size() + kBatch - 1) / kBatch;
    g->done = done;
    for (std::size_t first = 0; first < g->ids.size(); first += kBatch) {
      std::size_t count = std::min(kBatch, g->ids.size() - first);
      std::vector<std::string> attempt_keys;
      for (std::size_t i = first; i < first + count; ++i) attempt_keys.push_back(keys::attempt(contest, g->ids[i]));
      redis_.eval(lua_script("round_answers_read"), std::move(attempt_keys), {}, [g, first, count](RedisResult h) {
        if (!h.ok() || h.reply.elements.size() != count) {
          g->error = h.ok() ? StoreError::internal : store_error_of(h);
          g->detail = h.ok() ? "unexpected reply reading answers" : detail_of(h);
        } else {
          for (std::size_t k = 0; k < count; ++k) {
            auto fields = nlohmann::json::parse(h.reply.elements[k].str, nullptr, false);
            if (!fields.is_object()) {
              g->error = StoreError::internal;
              g->detail = "an unreadable attempt";
              continue;
            }
            g->sheets[first + k] = sheet_of(g->ids[first + k], fields);
          }
        }
        if (--g->batches_left == 0) {
          if (g->error != StoreError::none) g->done({g->error, g->detail, {}});
          else g->done({StoreError::none, {}, std::move(g->sheets)});
        }
      });
    }
  });
}

void ReviewRepository::profiles(const std::string& contest, std::vector<std::string> ids,
                                std::function<void(StoreResult<std::vector<core::EntrantProfile>>)> done) {
  fan_out<core::EntrantProfile>(
      redis_, std::move(ids),
      [contest](const std::string& id) {
        return std::vector<std::string>{"HMGET", keys::participant(contest, id), "name", "birth_date", "phone",
                                        "id_number", "unit", "registered_from", "registered_at"};
      },
      [](const std::string& id, const RedisReply& reply) -> std::optional<core::EntrantProfile> {
        if (reply.elements.size() != 7) return std::nullopt;
        const auto& e = reply.elements;
        core::EntrantProfile p{id, e[0].str, e[1].str, e[2].str, e[3].str, e[4].str, e[5].str, 0};
        p.registered_at = std::strtoll(e[6].str.c_str(), nullptr, 10);
        return p;
      },
      "participant", std::move(done));
}

void ReviewRepository::exclusions(const std::string& contest,
                                  std::function<void(StoreResult<std::optional<ExclusionEdit>>)> done) {
  redis_.command({"HMGET", keys::contest_exclusions(contest), "list", "changed_at", "changed_by"}, [done](RedisResult r) {
    if (!r.ok() || r.reply.elements.size() != 3) return done({store_error_of(r), detail_of(r), std::nullopt});
    const auto& e = r.reply.elements;
    if (e[0].is_nil()) return done({StoreError::none, {}, std::nullopt});
    done({StoreError::none, {}, ExclusionEdit{e[0].str, reply_integer(e[1]), e[2].str}});
  });
}

void ReviewRepository::save_exclusions(const std::string& contest, const core::ExclusionList& list,
                                       const std::string& organiser, std::int64_t editable_until,
                                       std::function<void(StoreResult<bool>)> done) {
  redis_.eval(lua_script("exclusions_save"), {keys::contest_exclusions(contest), keys::contest_events(contest)},
              {core::to_json(list).dump(), organiser, std::to_string(editable_until), std::to_string(list.phones.size()),
               std::to_string(list.id_numbers.size())},
              [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), false});
                done({StoreError::none, {}, r.reply.elements[0].str == "saved"});
              });
}

}  // namespace rq::store
