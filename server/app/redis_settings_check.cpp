#include "app/redis_settings_check.hpp"

#include <string>

namespace rq::app {

void check_redis_settings(store::RedisClient& redis, core::Logger& log) {
  redis.on_connection_change([&redis, &log](bool up) {
    if (!up) return;
    redis.command({"CONFIG", "GET", "hash-max-listpack-value"}, [&log](store::RedisResult r) {
      // CONFIG may be renamed away on a managed Redis: then there is nothing to say.
      if (!r.ok() || r.reply.elements.size() != 2) return;
      long long value = 0;
      try {
        value = std::stoll(r.reply.elements[1].str);
      } catch (const std::exception&) {
        return;
      }
      if (value < kRecommendedListpackValue) {
        log.warn("redis hash-max-listpack-value is below 512: attempts take about 2.4 times the memory",
                 {{"hash-max-listpack-value", value}, {"recommended", kRecommendedListpackValue}});
      }
    });
  });
}

}  // namespace rq::app
