// Contest configurations in Redis: the organiser's JSON, stored as given once
// it has passed every check, under rq:{<contest>}:config, and the set of
// contest ids for listings.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

class ContestRepository {
 public:
  explicit ContestRepository(RedisClient& redis) : redis_(redis) {}

  // conflict when a contest with this id exists already.
  void create(const std::string& id, const std::string& config_json, const std::string& organiser,
              std::function<void(StoreResult<bool>)> done);
  // The stored JSON; not_found when there is none.
  void config(const std::string& id, std::function<void(StoreResult<std::string>)> done);
  void list_ids(std::function<void(StoreResult<std::vector<std::string>>)> done);

 private:
  RedisClient& redis_;
};

}  // namespace rq::store
