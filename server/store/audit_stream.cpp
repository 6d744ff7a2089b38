#include "store/audit_stream.hpp"

#include <optional>

#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

std::vector<AuditEvent> events_of(const RedisReply& reply) {
  std::vector<AuditEvent> out;
  for (const auto& entry : reply.elements) {
    if (entry.elements.size() != 2) continue;
    AuditEvent e{entry.elements[0].str, {}};
    const auto& fields = entry.elements[1].elements;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) e.fields.emplace_back(fields[i].str, fields[i + 1].str);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::string next_stream_id(const std::string& id) {
  auto dash = id.find('-');
  if (dash == std::string::npos) return id + "-1";
  return id.substr(0, dash + 1) + std::to_string(std::stoull(id.substr(dash + 1)) + 1);
}

bool stream_id_before(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& id) -> std::optional<std::pair<unsigned long long, unsigned long long>> {
    auto dash = id.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == id.size()) return std::nullopt;
    if (id.find_first_not_of("0123456789-") != std::string::npos) return std::nullopt;
    return std::make_pair(std::stoull(id.substr(0, dash)), std::stoull(id.substr(dash + 1)));
  };
  auto x = parts(a), y = parts(b);
  return x && y && *x < *y;
}

void AuditStream::append(const std::string& contest, const std::string& type,
                         const std::vector<std::pair<std::string, std::string>>& fields,
                         std::function<void(StoreResult<bool>)> done) {
  std::vector<std::string> args{type};
  for (const auto& [k, v] : fields) {
    args.push_back(k);
    args.push_back(v);
  }
  redis_.eval(lua_script("audit_append"), {keys::contest_events(contest)}, std::move(args), [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
    done({StoreError::none, {}, true});
  });
}

void AuditStream::last_id(const std::string& contest, std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"XREVRANGE", keys::contest_events(contest), "+", "-", "COUNT", "1"}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    auto events = events_of(r.reply);
    done({StoreError::none, {}, events.empty() ? std::string() : events.front().id});
  });
}

void AuditStream::read(const std::string& contest, const std::string& after, const std::string& through,
                       std::size_t count, std::function<void(StoreResult<std::vector<AuditEvent>>)> done) {
  redis_.command({"XRANGE", keys::contest_events(contest), after.empty() ? "-" : "(" + after, through, "COUNT",
                  std::to_string(count)},
                 [done](RedisResult r) {
                   if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
                   done({StoreError::none, {}, events_of(r.reply)});
                 });
}

void AuditStream::trim_archived(const std::string& contest, const std::string& through, long long archived,
                                const std::string& sha256, const std::string& by,
                                std::function<void(StoreResult<long long>)> done) {
  redis_.eval(lua_script("audit_trim"), {keys::contest_events(contest)},
              {next_stream_id(through), through, std::to_string(archived), sha256, by}, [done](RedisResult r) {
                if (!r.ok()) return done({store_error_of(r), detail_of(r), 0});
                done({StoreError::none, {}, reply_integer(r.reply)});
              });
}

}  // namespace rq::store
