// A contest's audit stream (rq:{c}:events): every state change and
// organiser action, in order. It grows for as long as the contest runs, so
// it can leave Redis for an archive file (reformquiz audit archive): read in
// order, written, checked, and only then trimmed (lua/audit_trim.lua).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct AuditEvent {
  std::string id;  // the stream id, "<ms>-<seq>"
  std::vector<std::pair<std::string, std::string>> fields;
};

class AuditStream {
 public:
  explicit AuditStream(RedisClient& redis) : redis_(redis) {}

  // Records an organiser action that changes nothing else (a download of
  // personal data): type, then field/value pairs; "at" is added by Redis' clock.
  void append(const std::string& contest, const std::string& type,
              const std::vector<std::pair<std::string, std::string>>& fields, std::function<void(StoreResult<bool>)> done);
  // The newest event's id; "" when the stream is empty.
  void last_id(const std::string& contest, std::function<void(StoreResult<std::string>)> done);
  // Up to `count` events after `after` ("" for the start) and at most `through`, oldest first.
  void read(const std::string& contest, const std::string& after, const std::string& through, std::size_t count,
            std::function<void(StoreResult<std::vector<AuditEvent>>)> done);
  // Removes every event up to and including `through`, and records the
  // archive in the stream; the number removed.
  void trim_archived(const std::string& contest, const std::string& through, long long archived,
                     const std::string& sha256, const std::string& by, std::function<void(StoreResult<long long>)> done);

 private:
  RedisClient& redis_;
};

// "1733000000000-7" -> "1733000000000-8": the first id after this one.
std::string next_stream_id(const std::string& id);
// Stream ids in the stream's order (numeric, not as text); false for a
// malformed id.
bool stream_id_before(const std::string& a, const std::string& b);

}  // namespace rq::store
