#include "app/http_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "app/http_replies.hpp"
#include "core/protocol/error_code.hpp"

namespace rq::app {

namespace {

// Holds a routed request's responder: responds once, and 500 internal if it
// is let go of without a response.
class ResponseGuard {
 public:
  ResponseGuard(net::HttpRespond respond, core::Logger& log, std::string path)
      : respond_(std::move(respond)), log_(log), path_(std::move(path)) {}
  ResponseGuard(const ResponseGuard&) = delete;
  ResponseGuard& operator=(const ResponseGuard&) = delete;
  ~ResponseGuard() {
    if (!respond_) return;
    log_.error("request ended without a response", {{"path", path_}});
    respond(error_reply(core::ErrorCode::internal, "internal error"));
  }
  void respond(net::HttpResponse response) {
    if (!respond_) return;
    auto r = std::move(respond_);
    respond_ = nullptr;
    r(std::move(response));
  }
  // For a request no route took: the static files answer it.
  void release() { respond_ = nullptr; }

 private:
  net::HttpRespond respond_;
  core::Logger& log_;
  std::string path_;
};

}  // namespace

HttpRoutes::HttpRoutes(store::RedisClient& redis, core::MetricsRegistry& metrics, AdminApi& admin,
                       PublicApi& public_api, core::Logger& log)
    : redis_(redis), metrics_(metrics), admin_(admin), public_(public_api), log_(log) {}

bool HttpRoutes::handle(const net::HttpRequest& request, net::HttpRespond respond) {
  auto guard = std::make_shared<ResponseGuard>(std::move(respond), log_, request.path);
  net::HttpRespond once = [guard](net::HttpResponse r) { guard->respond(std::move(r)); };
  bool routed = true;
  try {
    routed = route(request, once);
  } catch (const std::exception& e) {
    log_.error("request failed", {{"path", request.path}, {"error", e.what()}});
    guard->respond(error_reply(core::ErrorCode::internal, "internal error"));
  }
  if (!routed) guard->release();
  return routed;
}

bool HttpRoutes::route(const net::HttpRequest& request, const net::HttpRespond& respond) {
  bool read = request.method == "GET" || request.method == "HEAD";
  if (request.path == "/healthz" || request.path == "/metrics") {
    if (!read) {
      auto res = error_reply(core::ErrorCode::bad_request, "use GET");
      res.status = 405;
      res.headers.emplace_back("Allow", "GET, HEAD");
      respond(std::move(res));
    } else if (request.path == "/healthz") {
      healthz(std::move(respond));
    } else {
      metrics(std::move(respond));
    }
    return true;
  }
  if (admin_.handle(request, respond)) return true;
  if (public_.handle(request, respond)) return true;
  if (request.path == "/api" || request.path.rfind("/api/", 0) == 0) {
    respond(error_reply(core::ErrorCode::not_found, "no such endpoint: " + request.method + " " + request.path));
    return true;
  }
  return false;
}

void HttpRoutes::healthz(net::HttpRespond respond) {
  // The clock script proves Redis answers and runs our scripts; its time lets
  // operators see the gateway's clock skew against Redis.
  redis_.eval(store::lua_script("clock"), {}, {}, [respond = std::move(respond)](store::RedisResult r) {
    net::HttpResponse res;
    if (r.ok() && r.reply.kind == store::RedisReply::Kind::integer) {
      std::int64_t now = core::now_ms();
      res.body = nlohmann::json{{"status", "ok"},
                                {"server_time", now},
                                {"redis", {{"status", "ok"}, {"time", r.reply.integer}}}}
                     .dump();
    } else {
      std::string why = r.failure != store::RedisFailure::none ? store::to_string(r.failure) : r.reply.str;
      res = error_reply(core::ErrorCode::unavailable, "Redis does not answer: " + why);
      res.status = 503;
      auto body = nlohmann::json::parse(res.body);
      body["status"] = "unavailable";
      res.body = body.dump();
    }
    respond(std::move(res));
  });
}

void HttpRoutes::metrics(net::HttpRespond respond) {
  net::HttpResponse res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = metrics_.render();
  respond(std::move(res));
}

}  // namespace rq::app
