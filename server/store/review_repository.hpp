// What the organiser's review of a contest reads and changes before
// announcing: disqualifications (lua/disqualification_save.lua), the
// exclusion list while it may change (lua/exclusions_save.lua) and the
// answers of a round's entries as the reviews compare them
// (lua/round_answers_read.lua). Kept apart from ResultsRepository, which
// computes and publishes; this one only looks at entries and marks people.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/results/answer_sheet.hpp"
#include "core/results/disqualification.hpp"
#include "core/results/exclusions.hpp"
#include "core/results/suspected_duplicates.hpp"
#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

// A change refused for a reason the organiser can act on: error is
// "not_found", "not_submitted", "already" or "not_disqualified".
struct DisqualificationChange {
  std::string error;
  core::Disqualification record;
};

class ReviewRepository {
 public:
  explicit ReviewRepository(RedisClient& redis) : redis_(redis) {}

  // Every record, lifted ones too, ordered by time.
  void disqualifications(const std::string& contest,
                         std::function<void(StoreResult<std::vector<core::Disqualification>>)> done);
  // kind "person" (target: participant id) or "entry" (target: attempt id).
  void disqualify(const std::string& contest, const std::string& kind, const std::string& target,
                  const std::string& reason, const std::string& organiser,
                  std::function<void(StoreResult<DisqualificationChange>)> done);
  void lift(const std::string& contest, const std::string& kind, const std::string& target,
            const std::string& organiser, std::function<void(StoreResult<DisqualificationChange>)> done);

  // The organiser's edit of the exclusion list: {list JSON, changed_at,
  // changed_by}; nullopt when the configuration's list stands.
  struct ExclusionEdit {
    std::string list;
    std::int64_t changed_at = 0;
    std::string changed_by;
  };
  void exclusions(const std::string& contest, std::function<void(StoreResult<std::optional<ExclusionEdit>>)> done);
  // Stores a new list with its audit event (lua/exclusions_save.lua): true,
  // or false (nothing written) when `editable_until` has passed by Redis' clock.
  void save_exclusions(const std::string& contest, const core::ExclusionList& list, const std::string& organiser,
                       std::int64_t editable_until, std::function<void(StoreResult<bool>)> done);

  // The answer sheets of the round's entries, in bank ids (shown option ids
  // mapped back), in attempt id order.
  void answer_sheets(const std::string& contest, const std::string& round,
                     std::function<void(StoreResult<std::vector<core::AnswerSheet>>)> done);

  // The organiser-only profiles the duplicates report compares, in the
  // order of `ids`; a participant that is gone reads as an empty profile.
  void profiles(const std::string& contest, std::vector<std::string> ids,
                std::function<void(StoreResult<std::vector<core::EntrantProfile>>)> done);

 private:
  void save(const std::string& contest, const std::string& action, const std::string& kind, const std::string& target,
            const std::string& reason, const std::string& organiser,
            std::function<void(StoreResult<DisqualificationChange>)> done);
  RedisClient& redis_;
};

}  // namespace rq::store
