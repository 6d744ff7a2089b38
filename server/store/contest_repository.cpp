#include "store/contest_repository.hpp"

#include <algorithm>

#include "store/keys.hpp"
#include "store/reply_values.hpp"

namespace rq::store {

void ContestRepository::create(const std::string& id, const std::string& config_json, const std::string& organiser,
                               std::function<void(StoreResult<bool>)> done) {
  // SET NX: two organisers creating the same contest at once cannot both win.
  redis_.command({"SET", keys::contest_config(id), config_json, "NX"}, [this, id, organiser, done](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), false});
      return;
    }
    if (r.reply.is_nil()) {
      done({StoreError::conflict, "a contest with the id '" + id + "' exists already", false});
      return;
    }
    // The contest's audit stream starts with its creation.
    redis_.command({"XADD", keys::contest_events(id), "*", "type", "contest.created", "by", organiser},
                   [](RedisResult) {});
    redis_.command({"SADD", keys::contest_index(), id}, [done](RedisResult added) {
      if (!added.ok()) done({store_error_of(added), detail_of(added), false});
      else done({StoreError::none, {}, true});
    });
  });
}

void ContestRepository::config(const std::string& id, std::function<void(StoreResult<std::string>)> done) {
  if (!keys::is_valid_id(id)) {
    redis_.post([id, done] { done({StoreError::not_found, "no contest '" + id + "'", {}}); });
    return;
  }
  redis_.command({"GET", keys::contest_config(id)}, [id, done](RedisResult r) {
    if (!r.ok()) done({store_error_of(r), detail_of(r), {}});
    else if (r.reply.is_nil()) done({StoreError::not_found, "no contest '" + id + "'", {}});
    else done({StoreError::none, {}, r.reply.str});
  });
}

void ContestRepository::list_ids(std::function<void(StoreResult<std::vector<std::string>>)> done) {
  redis_.command({"SMEMBERS", keys::contest_index()}, [done](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    done({StoreError::none, {}, sorted_ids(r.reply, keys::is_valid_id)});
  });
}

}  // namespace rq::store
