#include "app/public_api.hpp"

#include <memory>

#include "app/http_replies.hpp"
#include "app/public_view.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_view.hpp"
#include "store/keys.hpp"

namespace rq::app {

bool PublicApi::handle(const net::HttpRequest& request, net::HttpRespond respond) {
  constexpr std::string_view prefix = "/api/contests";
  const std::string& path = request.path;
  if (path.rfind(prefix, 0) != 0) return false;
  if (request.method != "GET" && request.method != "HEAD") {
    respond(error_reply(core::ErrorCode::bad_request, "use GET"));
    return true;
  }
  if (path == prefix) {
    list(std::move(respond));
    return true;
  }
  std::string rest = path.substr(prefix.size());
  if (rest.size() > 1 && rest[0] == '/' && rest.find('/', 1) == std::string::npos) {
    view(rest.substr(1), std::move(respond));
    return true;
  }
  // /api/contests/{c}/rounds/{r}/results, /api/contests/{c}/final/results
  auto c_end = rest.find('/', 1);
  std::string contest = rest.substr(1, c_end == std::string::npos ? std::string::npos : c_end - 1);
  if (c_end != std::string::npos && rest.substr(c_end) == "/final/results") {
    final_results(contest, std::move(respond));
    return true;
  }
  constexpr std::string_view rounds = "/rounds/";
  if (c_end != std::string::npos && rest.compare(c_end, rounds.size(), rounds) == 0) {
    std::string tail = rest.substr(c_end + rounds.size());
    auto slash = tail.find('/');
    if (slash != std::string::npos && tail.substr(slash) == "/results") {
      results(contest, tail.substr(0, slash), std::move(respond));
      return true;
    }
  }
  respond(error_reply(core::ErrorCode::not_found, "no such endpoint: " + path));
  return true;
}

void PublicApi::results(const std::string& contest, const std::string& round, net::HttpRespond respond) {
  if (!store::keys::is_valid_id(contest) || !store::keys::is_valid_id(round)) {
    return respond(error_reply(core::ErrorCode::not_found, "no such round"));
  }
  views_.public_document(contest, round, [respond](store::StoreResult<ResultsViews::Document> doc) {
    if (doc.error == store::StoreError::not_found) {
      return respond(error_reply(core::ErrorCode::not_published, "the results of this round are not published yet"));
    }
    if (!doc.ok()) return respond(store_error_reply(doc.error, doc.detail));
    net::HttpResponse res;
    res.body = *doc.value;
    respond(std::move(res));
  });
}

void PublicApi::final_results(const std::string& contest, net::HttpRespond respond) {
  if (!store::keys::is_valid_id(contest)) return respond(error_reply(core::ErrorCode::not_found, "no such contest"));
  // Kept in memory like a round's results: every open page asks at publication.
  views_.public_document(contest, std::string(store::keys::kFinal), [respond](store::StoreResult<ResultsViews::Document> doc) {
    if (doc.error == store::StoreError::not_found) {
      return respond(error_reply(core::ErrorCode::not_published, "the final ranking is not published yet"));
    }
    if (!doc.ok()) return respond(store_error_reply(doc.error, doc.detail));
    net::HttpResponse res;
    res.body = *doc.value;
    respond(std::move(res));
  });
}

void PublicApi::view(const std::string& id, net::HttpRespond respond) {
  contests_.config(id, [this, respond](store::StoreResult<std::string> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    auto parsed = core::parse_contest_config(r.value);
    if (!parsed.ok()) {
      // Stored configurations passed these checks; failing now is a bug.
      log_.error("stored contest configuration no longer parses", {{"problem", parsed.problems.front().message}});
      respond(error_reply(core::ErrorCode::internal, "internal error"));
      return;
    }
    auto config = std::make_shared<const core::ContestConfig>(std::move(parsed.config));
    read_public_view(results_, config, [respond](store::StoreResult<nlohmann::json> view) {
      if (!view.ok()) return respond(store_error_reply(view.error, view.detail));
      respond(json_reply(200, view.value));
    });
  });
}

void PublicApi::list(net::HttpRespond respond) {
  contests_.list_ids([this, respond](store::StoreResult<std::vector<std::string>> ids) {
    if (!ids.ok()) {
      respond(store_error_reply(ids.error, ids.detail));
      return;
    }
    struct Gather {
      std::vector<nlohmann::json> views;
      std::size_t remaining;
      bool failed = false;
    };
    auto gather = std::make_shared<Gather>(Gather{std::vector<nlohmann::json>(ids.value.size()), ids.value.size()});
    auto finish = [gather, respond] {
      if (gather->failed) {
        respond(store_error_reply(store::StoreError::unavailable, ""));
        return;
      }
      nlohmann::json contests = nlohmann::json::array();
      for (auto& v : gather->views) {
        if (!v.is_null()) contests.push_back(std::move(v));
      }
      respond(json_reply(200, {{"contests", contests}, {"server_time", core::now_ms()}}));
    };
    if (ids.value.empty()) {
      finish();
      return;
    }
    for (std::size_t i = 0; i < ids.value.size(); ++i) {
      contests_.config(ids.value[i], [this, gather, i, finish](store::StoreResult<std::string> r) {
        auto parsed = r.ok() ? core::parse_contest_config(r.value) : core::ContestConfigResult{};
        if (!r.ok() || !parsed.ok()) {
          if (!r.ok() && r.error != store::StoreError::not_found) gather->failed = true;
          if (--gather->remaining == 0) finish();
          return;
        }
        auto config = std::make_shared<const core::ContestConfig>(std::move(parsed.config));
        read_public_view(results_, config, [gather, i, finish](store::StoreResult<nlohmann::json> view) {
          if (view.ok()) {
            // The list stays small; a contest's own view has them.
            view.value.erase("units");
            view.value.erase("communes");
            gather->views[i] = std::move(view.value);
          } else {
            gather->failed = true;
          }
          if (--gather->remaining == 0) finish();
        });
      });
    }
  });
}

}  // namespace rq::app
