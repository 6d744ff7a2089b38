// `loadgen finalize`: the organiser's side of the benchmark over the HTTP API.
// Logs in, closes each round, then times POST …/finalize (reading every entry
// and person from Redis, ranking, prizes, summary, saving the draft, and the
// reply with the full ranking), twice, since finalizing again recomputes.
#include <cstdio>
#include <thread>

#include "loadgen_client.hpp"

using rq::load::Clock;
using rq::load::http_call;
using nlohmann::json;

int run_finalize(std::uint16_t port, const std::string& contest, const std::vector<std::string>& rounds,
                 const std::string& user, const std::string& password, int timeout_s) {
  const auto timeout = std::chrono::seconds(timeout_s);
  auto login = http_call(port, "POST", "/api/admin/login", "", json{{"username", user}, {"password", password}}.dump(),
                         timeout);
  auto login_body = json::parse(login.body, nullptr, false);
  if (login.status != 200 || !login_body.is_object() || !login_body.contains("token")) {
    std::printf("finalize: login failed: %d %s %s\n", login.status, login.error.c_str(), login.body.c_str());
    return 1;
  }
  std::string token = login_body["token"];
  int failures = 0;
  for (const auto& round : rounds) {
    std::string base = "/api/admin/contests/" + contest + "/rounds/" + round;
    auto closed = http_call(port, "POST", base + "/close", token, "", timeout);
    std::printf("finalize %s: close -> %d %s\n", round.c_str(), closed.status, closed.body.c_str());
    for (int pass = 1; pass <= 2; ++pass) {
      // Attempts cut short by the close are submitted by the sweeper first;
      // until then finalize answers 503. Bounded: 240 tries, 250 ms apart.
      rq::load::HttpReply reply;
      double took = 0;
      int tries = 0;
      for (; tries < 240; ++tries) {
        auto t = Clock::now();
        reply = http_call(port, "POST", base + "/finalize", token, "", timeout);
        took = std::chrono::duration<double>(Clock::now() - t).count();
        if (reply.status != 503) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
      auto body = json::parse(reply.body, nullptr, false);
      if (reply.status != 200 || !body.is_object()) {
        ++failures;
        std::printf("  finalize (pass %d): failed after %.3f s: %d %s %.300s\n", pass, took, reply.status,
                    reply.error.c_str(), reply.body.c_str());
        break;
      }
      auto entries = body["summary"].value("entries", 0);
      std::printf("  finalize (pass %d): %d entries, %zu ranked, %zu winners in %.3f s (reply %.1f MB%s)\n", pass,
                  entries, body["ranking"].size(), body["winners"].size(), took,
                  static_cast<double>(reply.body.size()) / 1e6,
                  tries > 0 ? (", after " + std::to_string(tries) + " tries while attempts were being closed").c_str()
                            : "");
    }
  }
  std::fflush(stdout);
  return failures == 0 ? 0 : 1;
}
