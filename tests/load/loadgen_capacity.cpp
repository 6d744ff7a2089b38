// `loadgen capacity`: Redis memory per registered person, per entry and per
// audit event, measured through the real protocol, and the registration rate
// (scrypt on the gateway's workers). --people register (every password
// hashed); then each makes --entries-per-person entries: start, every
// question answered, the prediction saved as typed, submit. Redis'
// used_memory is read before and after each phase and the stream's own size
// with MEMORY USAGE, so the figures are Redis' own accounting.
#include <algorithm>
#include <cstdio>

#include <boost/asio/steady_timer.hpp>

#include "loadgen_capacity.hpp"
#include "loadgen_client.hpp"
#include "loadgen_redis.hpp"
#include "store/keys.hpp"

namespace {

using namespace rq::load;
using nlohmann::json;
using namespace std::chrono_literals;
namespace asio = boost::asio;


// One command's reply, waited for.
rq::store::RedisReply ask(asio::io_context& io, rq::store::RedisClient& redis, std::vector<std::string> argv) {
  rq::store::RedisReply out;
  bool done = false;
  redis.command(std::move(argv), [&](rq::store::RedisResult r) {
    out = r.reply;
    done = true;
  });
  run_until(io, 30s, [&] { return done; });
  return out;
}

long long used_memory(asio::io_context& io, rq::store::RedisClient& redis) {
  auto info = ask(io, redis, {"INFO", "memory"}).str;
  auto at = info.find("used_memory:");
  return at == std::string::npos ? -1 : std::stoll(info.substr(at + 12));
}

struct Person {
  std::shared_ptr<WsConnection> ws;
  bool registered = false;
  int entries_left = 0;
};

json registration(const CapacityOptions& o, int i) {
  char phone[16];
  std::snprintf(phone, sizeof phone, "08%08d", (o.phone_offset + i) % 100'000'000);
  std::string letters;
  for (int n = i, k = 0; k < 4; ++k, n /= 26) letters += static_cast<char>('a' + n % 26);
  return {{"type", "register"},
          {"contest", o.contest},
          {"profile", {{"name", "Người Đo " + letters}, {"phone", phone}, {"birth_date", "1980-02-03"}, {"unit", o.unit},
                       {"category", o.category}, {"password", "mat-khau-do-" + std::to_string(i)}}}};
}

// A request; told to try again (the connection's request budget, or the
// gateway's password queue), it is sent again after the wait it was given,
// up to 20 times, as the contestant page does.
void ask_with_retries(asio::io_context& io, Person& p, json message, std::function<void(const json&)> done,
                      int tries = 20) {
  p.ws->request(message, [&io, &p, message, tries, done](const json& r, auto) {
    if (r.value("code", "") == "rate_limited" && tries > 0) {
      auto wait = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(r.value("retry_after_ms", 100)));
      wait->async_wait([wait, &io, &p, message, tries, done](auto) { ask_with_retries(io, p, message, done, tries - 1); });
      return;
    }
    done(r);
  });
}

// One entry as a person makes it on the page: start, every question
// answered in turn (one of its options), the prediction saved, submit.
// done(true) when submitted.
void answer_from(asio::io_context& io, Person& p, std::shared_ptr<json> attempt, std::size_t question, int salt,
                 std::function<void(bool)> done) {
  const auto& questions = attempt->at("questions");
  if (question == questions.size()) {
    ask_with_retries(io, p, json{{"type", "prediction"}, {"attempt", attempt->at("id")}, {"prediction", salt % 997}},
                     [&io, &p, attempt, done](const json&) {
                       ask_with_retries(io, p, json{{"type", "submit"}, {"attempt", attempt->at("id")}},
                                        [done](const json& s) { done(s.value("type", "") == "submitted"); });
                     });
    return;
  }
  const auto& q = questions[question];
  const auto& options = q.at("options");
  ask_with_retries(io, p,
                   json{{"type", "answer"}, {"attempt", attempt->at("id")}, {"question", q.at("id")},
                        {"choices", {options[static_cast<std::size_t>(salt) % options.size()].at("id")}}},
                   [&io, &p, attempt, question, salt, done](const json& r) {
                     if (r.value("type", "") != "answered") return done(false);
                     answer_from(io, p, attempt, question + 1, salt, done);
                   });
}

void make_entry(asio::io_context& io, Person& p, const CapacityOptions& o, int salt, std::function<void(bool)> done) {
  ask_with_retries(io, p, json{{"type", "attempt.start"}, {"round", o.round}}, [&io, &p, salt, done](const json& r) {
    if (r.value("type", "") != "attempt") return done(false);
    answer_from(io, p, std::make_shared<json>(r.at("attempt")), 0, salt, done);
  });
}

}  // namespace

int run_capacity(const CapacityOptions& o) {
  asio::io_context io{1};
  BenchRedis bench_redis(io, o.redis_port);
  if (!bench_redis.connect("capacity")) return 1;
  auto& redis = bench_redis.client();
  auto events_key = rq::store::keys::contest_events(o.contest);
  auto stream_bytes = [&] { return ask(io, redis, {"MEMORY", "USAGE", events_key, "SAMPLES", "0"}).integer; };
  auto stream_length = [&] { return ask(io, redis, {"XLEN", events_key}).integer; };

  // Phase 1: registrations, every password hashed by the gateway.
  asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), o.port);
  std::vector<Person> people(static_cast<std::size_t>(o.people));
  long long m0 = used_memory(io, redis), s0 = stream_bytes(), e0 = stream_length();
  std::size_t next = 0, finished = 0;
  auto t = Clock::now();
  std::function<void()> launch = [&] {
    while (next < people.size() && next - finished < static_cast<std::size_t>(o.concurrency)) {
      std::size_t i = next++;
      people[i].ws = WsConnection::create(io);
      people[i].ws->open(server, 30s, [&, i](const std::string& error) {
        if (!error.empty()) {
          ++finished;
          return launch();
        }
        ask_with_retries(io, people[i], registration(o, static_cast<int>(i)), [&, i](const json& r) {
          people[i].registered = r.value("type", "") == "registered";
          ++finished;
          launch();
        });
      });
    }
  };
  launch();
  run_until(io, 1800s, [&] { return finished == people.size(); });
  double took = std::chrono::duration<double>(Clock::now() - t).count();
  long long registered = std::count_if(people.begin(), people.end(), [](const Person& p) { return p.registered; });
  long long m1 = used_memory(io, redis), s1 = stream_bytes(), e1 = stream_length();
  std::printf("registrations: %lld of %d in %.1f s = %.1f registrations/s (%d at a time)\n", registered, o.people, took,
              static_cast<double>(registered) / took, o.concurrency);
  if (registered > 0) {
    std::printf("  Redis per registered person: %.0f bytes (%.0f of them its audit event)\n",
                static_cast<double>(m1 - m0) / static_cast<double>(registered),
                static_cast<double>(s1 - s0) / static_cast<double>(registered));
  }
  if (o.entries_per_person <= 0 || registered == 0) return 0;

  // Phase 2: entries.
  long long made = 0, failed = 0;
  std::size_t busy = 0;
  for (auto& p : people) p.entries_left = p.registered ? o.entries_per_person : 0;
  std::function<void(Person&, int)> go = [&](Person& p, int salt) {
    if (p.entries_left == 0) return;
    ++busy;
    make_entry(io, p, o, salt, [&, pp = &p, salt](bool ok) {
      --busy;
      ok ? ++made : ++failed;
      --pp->entries_left;
      go(*pp, salt + 1);
    });
  };
  t = Clock::now();
  for (std::size_t i = 0; i < people.size(); ++i) go(people[i], static_cast<int>(i));
  run_until(io, 1800s, [&] { return busy == 0; });
  took = std::chrono::duration<double>(Clock::now() - t).count();
  long long m2 = used_memory(io, redis), s2 = stream_bytes(), e2 = stream_length();
  double events = static_cast<double>(e2 - e1);
  std::printf("entries: %lld made (%lld failed) in %.1f s\n", made, failed, took);
  if (made > 0 && events > 0) {
    double per_event = static_cast<double>(s2 - s1) / events;
    double per_entry_all = static_cast<double>(m2 - m1) / static_cast<double>(made);
    double per_entry_events = static_cast<double>(s2 - s1) / static_cast<double>(made);
    std::printf("  audit events per entry: %.1f; Redis per audit event: %.0f bytes\n", events / static_cast<double>(made),
                per_event);
    std::printf("  Redis per entry: %.0f bytes, of which its audit events %.0f and the attempt itself %.0f\n",
                per_entry_all, per_entry_events, per_entry_all - per_entry_events);
    double person = static_cast<double>(m1 - m0) / static_cast<double>(registered);
    // The plan: 100,000 people, 4 rounds, 1.5 entries each a round.
    double n_people = 100'000, n_entries = 100'000 * 4 * 1.5;
    double total = n_people * person + n_entries * per_entry_all;
    std::printf("  plan, 100,000 people and 4 rounds of 1.5 entries each (600,000 entries): %.2f GB in Redis "
                "(%.2f GB people, %.2f GB attempts, %.2f GB audit stream; %.2f GB with the stream archived)\n",
                total / 1e9, n_people * person / 1e9, n_entries * (per_entry_all - per_entry_events) / 1e9,
                n_entries * per_entry_events / 1e9, (total - n_entries * per_entry_events) / 1e9);
  }
  for (auto& p : people) {
    if (p.ws) p.ws->close();
  }
  run_until(io, 3s, [] { return false; });
  (void)s0;
  (void)e0;
  return 0;
}
