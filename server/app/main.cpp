// reformquiz-server: one gateway process. Wires the Redis client, the HTTP
// routes and the WebSocket protocol into the listener, all on one io_context
// on one thread (ARCHITECTURE.md, concurrency), and shuts down cleanly on
// SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/config.hpp"
#include "app/http_routes.hpp"
#include "app/account_service.hpp"
#include "app/attempt_service.hpp"
#include "app/contest_catalog.hpp"
#include "app/deadline_sweeper.hpp"
#include "app/password_hasher.hpp"
#include "app/push_hub.hpp"
#include "app/redis_settings_check.hpp"
#include "app/results_views.hpp"
#include "app/round_schedule.hpp"
#include "app/ws_gateway.hpp"
#include "net/server.hpp"
#include "store/login_limiter.hpp"
#include "store/redis_client.hpp"
#include "store/redis_subscriber.hpp"

int main(int argc, char** argv) {
  using namespace rq;
  auto parsed = app::parse_gateway_config(argc, argv);
  if (auto* exit = std::get_if<app::ConfigExit>(&parsed)) {
    (exit->code == 0 ? std::cout : std::cerr) << exit->text << "\n";
    return exit->code;
  }
  auto& config = std::get<app::GatewayConfig>(parsed);

  // hiredis writes with write(2): a peer that went away must be an error
  // return, not a SIGPIPE that kills the gateway.
  std::signal(SIGPIPE, SIG_IGN);

  core::Logger log(stderr, config.log_level);
  core::MetricsRegistry metrics;
  boost::asio::io_context io{1};

  store::RedisClient redis(io, config.redis, config.redis_options, metrics, log);
  store::AdminRepository admins(redis);
  store::BankRepository banks(redis);
  store::ContestRepository contests(redis);
  store::EntryRepository entries(redis);
  store::ResultsRepository results(redis);
  store::ReviewRepository review(redis);
  store::AuditStream audit(redis);
  store::LoginLimiter limiter(redis);
  app::CpuWorker worker(io);
  app::PasswordHasher hasher(io, config.hasher, metrics);

  app::ContestCatalog catalog(contests, banks, log, config.bank_cache_versions);
  app::AccountService accounts(catalog, entries, limiter, hasher, log, config.accounts);
  app::AttemptService attempts(catalog, entries, log);
  app::ResultsViews views(catalog, results, metrics, config.results_cache_rounds);
  app::AdminApi admin(admins, banks, contests, results, review, audit, limiter, worker, hasher, log, config.organisers);
  app::PublicApi public_api(contests, results, views, log);
  app::HttpRoutes routes(redis, metrics, admin, public_api, log);
  app::WsGateway gateway({accounts, attempts, views}, config.ws_budget, metrics, log);

  store::RedisSubscriber subscriber(io, config.redis, config.redis_options, metrics, log);
  app::PushHub pushes(redis, subscriber, gateway, log);
  attempts.on_push([&pushes](const std::string& contest, const std::string& participant, std::string frame) {
    pushes.to_participant(contest, participant, std::move(frame));
  });
  admin.on_broadcast([&pushes](const std::string& contest, std::string frame, const std::string& published_round) {
    pushes.to_subscribers(contest, std::move(frame), published_round);
  });
  admin.on_expire([&attempts](const std::string& contest, const std::string& attempt, std::function<void()> done) {
    attempts.expire(contest, attempt, std::move(done));
  });
  pushes.on_published([&views](const std::string& contest, const std::string& round) { views.forget(contest, round); });
  app::DeadlineSweeper sweeper(io, redis, contests, attempts, log);
  app::RoundSchedule schedule(io, redis, contests, [&gateway](const std::string& contest, std::string frame) {
    gateway.broadcast(contest, std::move(frame));
  });
  net::Server server(io, config.server, routes, gateway, metrics, log);

  if (auto error = server.listen()) {
    log.error("cannot start", {{"error", *error}});
    std::cerr << "reformquiz-server: " << *error << "\n";
    return 1;
  }
  app::check_redis_settings(redis, log);
  redis.start();
  sweeper.start();
  schedule.start();
  pushes.start();
  const auto& tls = config.server.tls;
  nlohmann::json listening{{"address", config.server.address},
                           {"port", server.port()},
                           {"url", std::string(tls ? "https://" : "http://") + config.server.address + ":" +
                                       std::to_string(server.port()) + "/"},
                           {"tls", tls.has_value()},
                           {"redis", store::redacted(config.redis)},
                           {"web", config.server.web_root.string()}};
  if (tls) {
    listening["tls_cert"] = tls->cert_file.string();
    listening["tls_plain_http"] = tls->plain_http == net::PlainHttpOnTls::redirect ? "redirect" : "refuse";
  }
  log.info("listening", listening);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer grace(io);
  // Everything stops once the last connection has gone; then io.run()
  // returns because no work is left, and every object is destroyed in order.
  auto finish = [&] {
    grace.cancel();
    signals.cancel();
    sweeper.stop();
    schedule.stop();
    pushes.stop();
    worker.stop();
    hasher.stop();
    redis.stop();
  };
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    log.info("shutting down", {{"signal", signal_number}});
    // Armed before shutdown(), whose callback may run at once and cancel it.
    grace.expires_after(config.shutdown_grace);
    grace.async_wait([&](const boost::system::error_code& timer_ec) {
      if (timer_ec) return;
      log.warn("shutdown grace period over; closing the remaining connections");
      server.abort_connections();
    });
    server.shutdown(finish);
  });

  // A handler that throws must not end the process: its request has been
  // answered `internal` by its guard (see WsGateway), and the rest go on.
  for (;;) {
    try {
      io.run();
      break;
    } catch (const std::exception& e) {
      log.error("a handler failed; the gateway goes on", {{"error", e.what()}});
    }
  }
  log.info("stopped");
  return 0;
}
