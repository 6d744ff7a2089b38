// Public HTTP endpoints (no login): the contests with their rounds and
// status, and one contest's public view, which is what a registration form
// needs, and a published round's results (from the gateway's memory after
// the first read: see ResultsViews).
#pragma once

#include "app/results_views.hpp"
#include "core/observability/log.hpp"
#include "net/http_types.hpp"
#include "store/contest_repository.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

class PublicApi {
 public:
  PublicApi(store::ContestRepository& contests, store::ResultsRepository& results, ResultsViews& views,
            core::Logger& log)
      : contests_(contests), results_(results), views_(views), log_(log) {}
  // True when the path is one of the public API's (then respond is called once).
  bool handle(const net::HttpRequest& request, net::HttpRespond respond);

 private:
  void list(net::HttpRespond respond);
  void view(const std::string& id, net::HttpRespond respond);
  void results(const std::string& contest, const std::string& round, net::HttpRespond respond);
  void final_results(const std::string& contest, net::HttpRespond respond);

  store::ContestRepository& contests_;
  store::ResultsRepository& results_;
  ResultsViews& views_;
  core::Logger& log_;
};

}  // namespace rq::app
