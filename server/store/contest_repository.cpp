#include "store/contest_repository.hpp"

#include <algorithm>

#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {

// Listed first, then created (lua/contest_create.lua): the index is in
// another cluster slot, so the two cannot be one script. An id listed without
// a configuration is skipped by lists, and a create that failed half way is
// completed by the next create of the same id.
void ContestRepository::create(const std::string& id, const std::string& config_json, const std::string& organiser,
                               std::function<void(StoreResult<bool>)> done) {
  redis_.command({"SADD", keys::contest_index(), id}, [this, id, config_json, organiser, done](RedisResult listed) {
    if (!listed.ok()) return done({store_error_of(listed), detail_of(listed), false});
    redis_.eval(lua_script("contest_create"), {keys::contest_config(id), keys::contest_events(id)},
                {id, config_json, organiser}, [id, done](RedisResult r) {
                  if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
                  if (r.reply.str == "exists") {
                    return done({StoreError::conflict, "a contest with the id '" + id + "' exists already", false});
                  }
                  done({StoreError::none, {}, true});
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
