// One command per item, all sent at once (they pipeline on the connection),
// and one answer when the last reply is in: the parsed values in the items'
// order, or the first failure. What the reads of many small hashes (people,
// organiser accounts, contestants' profiles) have in common.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

// command(item) gives the argv for one item; parse(item, reply) its value,
// or nullopt when the reply has the wrong shape (then the whole read fails
// as `internal`, with `what` in the detail). An empty list answers at once,
// on the client's own thread like every other answer.
template <class T>
void fan_out(RedisClient& redis, std::vector<std::string> items,
             std::function<std::vector<std::string>(const std::string&)> command,
             std::function<std::optional<T>(const std::string&, const RedisReply&)> parse, std::string what,
             std::function<void(StoreResult<std::vector<T>>)> done) {
  if (items.empty()) {
    redis.post([done = std::move(done)] { done({StoreError::none, {}, {}}); });
    return;
  }
  struct Gather {
    std::vector<std::optional<T>> values;
    std::size_t left = 0;
    StoreError error = StoreError::none;
    std::string detail;
    std::function<void(StoreResult<std::vector<T>>)> done;
  };
  auto g = std::make_shared<Gather>();
  g->values.resize(items.size());
  g->left = items.size();
  g->done = std::move(done);
  for (std::size_t i = 0; i < items.size(); ++i) {
    redis.command(command(items[i]), [g, i, item = items[i], parse, what](RedisResult r) {
      if (!r.ok()) {
        if (g->error == StoreError::none) {
          g->error = store_error_of(r);
          g->detail = detail_of(r);
        }
      } else if (auto value = parse(item, r.reply)) {
        g->values[i] = std::move(*value);
      } else if (g->error == StoreError::none) {
        g->error = StoreError::internal;
        g->detail = "an unreadable " + what + " '" + item + "'";
      }
      if (--g->left > 0) return;
      if (g->error != StoreError::none) return g->done({g->error, g->detail, {}});
      std::vector<T> out;
      out.reserve(g->values.size());
      for (auto& v : g->values) out.push_back(std::move(*v));
      g->done({StoreError::none, {}, std::move(out)});
    });
  }
}

}  // namespace rq::store
