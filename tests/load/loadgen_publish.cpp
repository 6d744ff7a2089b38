// `loadgen publish`: the publish rush (issue 9). A round of --entries entries
// by --people people is written straight into Redis (a bench-only script:
// minutes of registrations and entries through the protocol would measure
// something else), every person then connects, says hello with their token
// and subscribes, the organiser closes and finalizes the round over HTTP,
// and publishes it. Every page does what the contestant page does on the
// push: it asks `results`. Printed: when the push reached each page, when
// each reply came (from the publish, and from the push), and the gateway's
// CPU over the rush.
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include <boost/asio/steady_timer.hpp>

#include "core/security/tokens.hpp"
#include "loadgen_client.hpp"
#include "loadgen_redis.hpp"
#include "loadgen_publish.hpp"
#include "loadgen_report.hpp"
#include "store/keys.hpp"

namespace {

using namespace rq::load;
using nlohmann::json;
using namespace std::chrono_literals;
namespace asio = boost::asio;

// Bench only, never in the product: people, their sessions and their
// submitted entries, as the product's scripts would have left them.
constexpr const char* kSeedScript = R"LUA(
local prefix, contest, round, unit, category = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local per, now = tonumber(ARGV[6]), tonumber(ARGV[7])
for i = 8, #ARGV, 2 do
  local n = tonumber(ARGV[i])
  local pid = string.format('p%07d', n)
  local phone = string.format('09%08d', n)
  redis.call('HSET', prefix .. 'participant:' .. pid, 'name', 'Thí Sinh ' .. n, 'unit', unit, 'category', category,
             'phone', phone, 'id_number', '', 'excluded', '0', 'birth_date', '1985-06-15', 'password', '-')
  redis.call('HSET', prefix .. 'phones', phone, pid)
  redis.call('SET', 'rq:ptoken:' .. ARGV[i + 1], contest .. ' ' .. pid)
  for k = 1, per do
    local aid = string.format('a%07d%03d', n, k)
    local score = (n * 7 + k * 3) % 21
    redis.call('HSET', prefix .. 'attempt:' .. aid, 'participant', pid, 'round', round, 'number', k,
               'status', 'submitted', 'score', score, 'max_score', 20, 'correct', score, 'total', 20,
               'all_answered', 1, 'started_at', now - 3600000, 'submitted_at', now - 3000000 + n + k,
               'duration_ms', 60000 + (n * 31 + k) % 500000, 'prediction', (n * 13 + k) % 5000)
    redis.call('SADD', prefix .. 'round:' .. round .. ':entries', aid)
  end
  redis.call('HSET', prefix .. 'round:' .. round .. ':person:' .. pid, 'count', per)
end
return 1
)LUA";

std::string sha1_hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string token_of(int person) { return rq::core::sha256_hex("bench-token-" + std::to_string(person)); }


double ms_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

void print_spread(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms.empty() ? 0.0 : ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
  std::printf("  %s (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (%zu)\n", what, pct(0.5), pct(0.9), pct(0.99),
              ms.empty() ? 0.0 : ms.back(), ms.size());
}

struct Page {
  std::shared_ptr<WsConnection> ws;
  bool ready = false;
  Clock::time_point pushed, answered;
  bool got_you = false;
};

}  // namespace

int run_publish(const PublishOptions& o) {
  asio::io_context io{1};
  BenchRedis bench_redis(io, o.redis_port);
  if (!bench_redis.connect("publish")) return 1;
  auto& redis = bench_redis.client();

  // 1. The round's people and entries, straight into Redis.
  rq::store::LuaScript seed{"bench_seed", kSeedScript, sha1_hex(kSeedScript)};
  int per = std::max(1, o.entries / std::max(1, o.people));
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string prefix = "rq:" + rq::store::keys::contest_tag(o.contest) + ":";
  auto t = Clock::now();
  int batches_left = 0, failed = 0;
  for (int first = 0; first < o.people; first += 500) {
    std::vector<std::string> args{prefix, o.contest, o.round, o.unit, o.category, std::to_string(per), std::to_string(now)};
    for (int i = first; i < std::min(o.people, first + 500); ++i) {
      args.push_back(std::to_string(i));
      args.push_back(rq::core::sha256_hex(token_of(i)));
    }
    ++batches_left;
    redis.eval(seed, {}, std::move(args), [&](rq::store::RedisResult r) {
      --batches_left;
      if (!r.ok()) ++failed;
    });
  }
  run_until(io, 600s, [&] { return batches_left == 0; });
  std::printf("publish rush: seeded %d people with %d entries each (%d entries) in %.1f s%s\n", o.people, per,
              per * o.people, std::chrono::duration<double>(Clock::now() - t).count(), failed ? " (with failures)" : "");

  // 2. Every person's page: connect, hello with the token, subscribe.
  asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), o.port);
  std::vector<Page> pages(static_cast<std::size_t>(o.people));
  std::size_t next = 0, opened = 0, launched = 0;
  t = Clock::now();
  std::function<void()> launch = [&] {
    while (launched - opened < static_cast<std::size_t>(o.concurrency) && next < pages.size()) {
      std::size_t i = next++;
      ++launched;
      auto& page = pages[i];
      page.ws = WsConnection::create(io);
      page.ws->open(server, 30s, [&, i](const std::string& error) {
        auto& p = pages[i];
        if (!error.empty()) {
          ++opened;
          return launch();
        }
        p.ws->request(json{{"type", "hello"}, {"token", token_of(static_cast<int>(i))}}, [&, i](const json&, auto) {
          pages[i].ws->request(json{{"type", "subscribe"}, {"contest", o.contest}}, [&, i](const json& r, auto) {
            pages[i].ready = r.value("type", "") == "subscribed";
            ++opened;
            launch();
          });
        });
      });
    }
  };
  launch();
  run_until(io, 600s, [&] { return opened == pages.size(); });
  std::size_t ready = std::count_if(pages.begin(), pages.end(), [](const Page& p) { return p.ready; });
  std::printf("  %zu of %d pages connected, logged in and subscribed in %.1f s\n", ready, o.people,
              std::chrono::duration<double>(Clock::now() - t).count());

  // 3. The organiser closes and finalizes the round.
  auto login = http_call(o.port, "POST", "/api/admin/login", "", json{{"username", o.user}, {"password", o.password}}.dump(), 60s);
  auto token = json::parse(login.body, nullptr, false).value("token", "");
  std::string base = "/api/admin/contests/" + o.contest + "/rounds/" + o.round;
  http_call(o.port, "POST", base + "/close", token, "", 60s);
  t = Clock::now();
  auto finalized = http_call(o.port, "POST", base + "/finalize", token, "", 300s);
  std::printf("  finalize of %d entries: %d in %.2f s\n", per * o.people, finalized.status,
              std::chrono::duration<double>(Clock::now() - t).count());

  // 4. Publish; on the push every page asks for the results.
  std::size_t answered = 0, pushed = 0;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!pages[i].ready) continue;
    pages[i].ws->on_push([&, i](const json& push) {
      if (push.value("type", "") != "results.published") return;
      auto& p = pages[i];
      p.pushed = Clock::now();
      ++pushed;
      p.ws->request(json{{"type", "results"}, {"contest", o.contest}, {"round", o.round}}, [&, i](const json& r, auto) {
        auto& q = pages[i];
        q.answered = Clock::now();
        q.got_you = r.contains("you");
        ++answered;
      });
    });
  }
  std::vector<std::pair<std::string, int>> watched;
  for (const auto& w : o.watch) {
    auto eq = w.find('=');
    if (eq != std::string::npos) watched.emplace_back(w.substr(0, eq), std::stoi(w.substr(eq + 1)));
  }
  std::vector<double> cpu_before;
  for (const auto& [name, pid] : watched) cpu_before.push_back(process_cpu(pid));
  double own_before = own_cpu();
  auto published_at = Clock::now();
  // The publish call runs on a thread of its own (http_call blocks) while
  // this io_context serves the pages.
  HttpReply publish_reply;
  Clock::time_point publish_answered;
  std::thread publisher([&] {
    publish_reply = http_call(o.port, "POST", base + "/publish", token, "", 60s);
    publish_answered = Clock::now();
  });
  run_until(io, 120s, [&] { return answered == ready; });
  auto last = Clock::now();
  publisher.join();
  std::vector<double> cpu_after;
  for (const auto& [name, pid] : watched) cpu_after.push_back(process_cpu(pid));
  double own_after = own_cpu();

  std::vector<double> push_ms, reply_ms, since_push_ms;
  std::size_t with_you = 0;
  Clock::time_point last_reply = published_at;
  for (const auto& p : pages) {
    if (p.pushed.time_since_epoch().count()) push_ms.push_back(ms_between(published_at, p.pushed));
    if (p.answered.time_since_epoch().count()) {
      reply_ms.push_back(ms_between(published_at, p.answered));
      since_push_ms.push_back(ms_between(p.pushed, p.answered));
      last_reply = std::max(last_reply, p.answered);
      with_you += p.got_you;
    }
  }
  std::printf("  publish: %d, answered in %.1f ms\n", publish_reply.status, ms_between(published_at, publish_answered));
  std::printf("  results.published reached %zu of %zu pages; `results` answered %zu (%zu with their own line)\n", pushed,
              ready, answered, with_you);
  print_spread("push, from the publish request", push_ms);
  print_spread("results reply, from the push", since_push_ms);
  print_spread("results reply, from the publish request", reply_ms);
  double window = std::chrono::duration<double>(last - published_at).count();
  std::printf("  every page answered %.0f ms after the publish request\n", ms_between(published_at, last_reply));
  std::printf("  CPU over the rush (%.2f s; 100%% = one core):", window);
  for (std::size_t i = 0; i < watched.size(); ++i) {
    std::printf(" %s %.0f%% (%.2f s);", watched[i].first.c_str(), 100.0 * (cpu_after[i] - cpu_before[i]) / window,
                cpu_after[i] - cpu_before[i]);
  }
  std::printf(" loadgen %.0f%%\n", 100.0 * (own_after - own_before) / window);
  for (auto& p : pages) {
    if (p.ws) p.ws->close();
  }
  run_until(io, 3s, [] { return false; });
  return 0;
}
