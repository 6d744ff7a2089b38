// The gateway's dynamic HTTP routes: /healthz, /metrics and the /api/
// endpoints of docs/protocol.md. Anything else falls through to the static
// pages. A routed request always gets one response: a route that throws, or
// lets go of its responder without responding, answers 500 internal.
#pragma once

#include "app/admin_api.hpp"
#include "app/public_api.hpp"
#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "core/protocol/error_code.hpp"
#include "net/http_types.hpp"
#include "store/redis_client.hpp"

namespace rq::app {

class HttpRoutes : public net::HttpHandler {
 public:
  HttpRoutes(store::RedisClient& redis, core::MetricsRegistry& metrics, AdminApi& admin, PublicApi& public_api,
             core::Logger& log);
  bool handle(const net::HttpRequest& request, net::HttpRespond respond) override;

 private:
  bool route(const net::HttpRequest& request, const net::HttpRespond& respond);
  void healthz(net::HttpRespond respond);
  void metrics(net::HttpRespond respond);

  store::RedisClient& redis_;
  core::MetricsRegistry& metrics_;
  AdminApi& admin_;
  PublicApi& public_;
  core::Logger& log_;
};

}  // namespace rq::app
