// Load generator (a benchmark, not a test): contestants over WebSocket
// against a running gateway, all from one process on one io_context thread.
//
//   loadgen answers  --port P --contest C --round R [--connections 2000] [--seconds 20] [--rates 0,20000] …
//     1. registers every contestant (scrypt on the gateway: a few at a time),
//     2. starts an attempt for each in round R,
//     3. for --seconds (after --warmup), each keeps --inflight `answer`
//        requests outstanding, cycling through its questions and options,
//        and the reply time of each is measured (send to reply); or, per
//        rate in --rates, at a fixed total rate (answers/s) instead,
//     4. submits every attempt, and with --entries N --entries-round R2 makes
//        N more entries (start, one answer, submit) in round R2 to finalize.
//   loadgen finalize --port P --contest C --round R --user U  (password on stdin)
//     closes the round and times POST …/finalize over the organiser API.
//   loadgen chaos …, loadgen chaos-check …  the chaos soak (scripts/soak.sh,
//     loadgen_chaos.hpp); these two do pass or fail.
//
// Figures go to standard output; nothing here passes or fails.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>
#include <boost/asio/steady_timer.hpp>

#include "loadgen_capacity.hpp"
#include "loadgen_chaos.hpp"
#include "loadgen_client.hpp"
#include "loadgen_publish.hpp"
#include "loadgen_report.hpp"

namespace {

using namespace rq::load;
using nlohmann::json;
using namespace std::chrono_literals;
namespace asio = boost::asio;

struct Question {
  std::string id_quoted;  // JSON strings, ready to splice into a message
  std::vector<std::string> options_quoted;
};

struct Contestant {
  int index = 0;
  std::shared_ptr<WsConnection> ws;
  bool ready = false;  // registered (and, after phase 2, holding an attempt)
  std::string attempt_quoted;
  std::vector<Question> questions;
  std::uint64_t turn = 0;
  std::shared_ptr<asio::steady_timer> pace;  // paced runs: the next send
  Clock::time_point next_slot;
};

std::string code_of(const json& reply) {
  return reply.value("type", "") == "error" ? reply.value("code", "error") : "unexpected:" + reply.value("type", "?");
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }


// Runs step(contestant, done) for each of `list`, at most `limit` at a time,
// for at most `timeout`. Steps still running then finish unobserved.
void for_each_limited(asio::io_context& io, const std::vector<Contestant*>& list, std::size_t limit,
                      Clock::duration timeout, const std::function<void(Contestant&, std::function<void()>)>& step) {
  struct State {
    std::size_t next = 0, finished = 0;
    bool over = false;
    std::function<void()> launch;
  };
  auto s = std::make_shared<State>();
  s->launch = [s, &list, step] {
    if (s->over || s->next >= list.size()) return;
    Contestant& c = *list[s->next++];
    step(c, [s] {
      ++s->finished;
      s->launch();
    });
  };
  for (std::size_t i = 0; i < limit && i < list.size(); ++i) s->launch();
  run_until(io, timeout, [&] { return s->finished == list.size(); });
  s->over = true;
  s->launch = nullptr;  // breaks the cycle; pending dones hold only `s`
}

std::vector<Contestant*> ready_ones(std::vector<Contestant>& all) {
  std::vector<Contestant*> out;
  for (auto& c : all) {
    if (c.ready && !c.ws->lost()) out.push_back(&c);
  }
  return out;
}

struct AnswersOptions {
  std::uint16_t port = 0;
  std::string contest, round, unit = "u1", category = "cbccvc";
  int connections = 2000, seconds = 20, warmup = 2, inflight = 1, concurrency = 50;
  int setup_timeout_s = 1200, phone_offset = 0;
  std::vector<int> rates{0};  // answers/s per measured run; 0: as fast as the window allows
  std::string entries_round;
  int entries = 0;
  std::vector<std::string> watch;  // NAME=PID
};

json registration(const AnswersOptions& o, int i) {
  std::string letters;
  for (int n = i, k = 0; k < 4; ++k, n /= 26) letters += static_cast<char>('a' + n % 26);
  char phone[16];
  std::snprintf(phone, sizeof phone, "09%08d", (o.phone_offset + i) % 100'000'000);
  return {{"type", "register"},
          {"contest", o.contest},
          {"profile",
           {{"name", "Thí Sinh " + letters},
            {"phone", phone},
            {"birth_date", "1985-06-15"},
            {"unit", o.unit},
            {"category", o.category},
            {"password", "mat-khau-" + std::to_string(i)}}}};
}

// Keeps what answering needs from an `attempt` reply; false when it has no questions.
bool take_attempt(Contestant& c, const json& reply) {
  if (reply.value("type", "") != "attempt") return false;
  const auto& a = reply.at("attempt");
  c.attempt_quoted = json(a.at("id")).dump();
  c.questions.clear();
  c.turn = 0;
  for (const auto& q : a.at("questions")) {
    Question out{json(q.at("id")).dump(), {}};
    for (const auto& opt : q.at("options")) out.options_quoted.push_back(json(opt.at("id")).dump());
    if (!out.options_quoted.empty()) c.questions.push_back(std::move(out));
  }
  return !c.questions.empty();
}

// The next answer of the cycle: question by question, then the next option.
std::string next_answer(Contestant& c) {
  const auto& q = c.questions[c.turn % c.questions.size()];
  const auto& option = q.options_quoted[(c.turn / c.questions.size()) % q.options_quoted.size()];
  ++c.turn;
  return "\"type\":\"answer\",\"attempt\":" + c.attempt_quoted + ",\"question\":" + q.id_quoted + ",\"choices\":[" +
         option + "]}";
}

// One measured run of answers. rate 0: every connection keeps o.inflight
// answers outstanding (a closed loop: the most the gateway can take, and
// reply times that grow with its queue). rate > 0: each connection sends on a
// schedule (connections / rate apart, one at a time), so the gateway gets
// `rate` answers/s if it keeps up; reply times are then those at that load.
struct Run {
  int rate = 0;
  Clock::duration interval{};
  Clock::time_point measure_from, measure_to;
  std::vector<std::uint32_t> micros;
  Errors errors;
  std::uint64_t answered = 0, sent = 0, outstanding = 0;
};

void send_answer(const std::shared_ptr<Run>& run, Contestant& c);

void after_reply(const std::shared_ptr<Run>& run, Contestant& c) {
  auto now = Clock::now();
  if (now >= run->measure_to) return;
  if (run->rate == 0) return send_answer(run, c);
  c.next_slot += run->interval;
  if (c.next_slot <= now) return send_answer(run, c);  // behind schedule: at once
  c.pace->expires_at(c.next_slot);
  c.pace->async_wait([run, cp = &c](boost::system::error_code ec) {
    if (!ec && Clock::now() < run->measure_to) send_answer(run, *cp);
  });
}

void send_answer(const std::shared_ptr<Run>& run, Contestant& c) {
  ++run->outstanding;
  ++run->sent;
  c.ws->request(next_answer(c), [run, cp = &c](const json& r, Clock::duration elapsed) {
    --run->outstanding;
    auto now = Clock::now();
    bool ok = r.value("type", "") == "answered";
    if (now >= run->measure_from && now < run->measure_to) {
      if (ok) {
        ++run->answered;
        run->micros.push_back(
            static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
      } else {
        ++run->errors[code_of(r)];
      }
    }
    if (!ok && r.value("code", "") == "connection_lost") return;
    after_reply(run, *cp);
  });
}

void measure(asio::io_context& io, const AnswersOptions& o, const std::vector<Contestant*>& answering, int rate,
             const std::vector<std::pair<std::string, int>>& watched) {
  auto run = std::make_shared<Run>();
  run->rate = rate;
  run->micros.reserve(1'000'000);
  auto start = Clock::now();
  run->measure_from = start + std::chrono::seconds(o.warmup);
  run->measure_to = run->measure_from + std::chrono::seconds(o.seconds);
  if (rate > 0) {
    run->interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
        static_cast<double>(answering.size()) / rate));
  }
  // CPU of the watched processes (and our own) over the measured window.
  std::vector<double> cpu_from(watched.size() + 1), cpu_to(watched.size() + 1);
  auto sample = [&watched](std::vector<double>& into) {
    for (std::size_t i = 0; i < watched.size(); ++i) into[i] = process_cpu(watched[i].second);
    into.back() = own_cpu();
  };
  asio::steady_timer at_from(io), at_to(io);
  at_from.expires_at(run->measure_from);
  at_from.async_wait([&](boost::system::error_code ec) {
    if (!ec) sample(cpu_from);
  });
  at_to.expires_at(run->measure_to);
  at_to.async_wait([&](boost::system::error_code ec) {
    if (!ec) sample(cpu_to);
  });
  for (std::size_t i = 0; i < answering.size(); ++i) {
    Contestant& c = *answering[i];
    if (rate == 0) {
      for (int k = 0; k < o.inflight; ++k) send_answer(run, c);
      continue;
    }
    // Spread the first sends over one interval, so the load is even.
    if (!c.pace) c.pace = std::make_shared<asio::steady_timer>(io);
    c.next_slot = start + run->interval * static_cast<long>(i) / static_cast<long>(answering.size()) - run->interval;
    after_reply(run, c);
  }
  bool drained = run_until(io, run->measure_to - start + 15s, [&] {
    return Clock::now() >= run->measure_to + 10ms && run->outstanding == 0;
  });
  for (auto* c : answering) {
    if (c->pace) c->pace->cancel();
  }
  at_from.cancel();
  at_to.cancel();
  run_until(io, 50ms, [] { return false; });  // let the cancelled waits finish while `sample` lives

  double achieved = static_cast<double>(run->answered) / o.seconds;
  if (rate == 0) {
    std::printf("answers, closed loop (%d in flight per connection): %llu answered in %d s = %.0f answers/s from %zu connections\n",
                o.inflight, static_cast<unsigned long long>(run->answered), o.seconds, achieved, answering.size());
  } else {
    std::printf("answers, paced at %d/s (each connection every %.1f ms): %llu answered in %d s = %.0f answers/s from %zu connections\n",
                rate, std::chrono::duration<double, std::milli>(run->interval).count(),
                static_cast<unsigned long long>(run->answered), o.seconds, achieved, answering.size());
  }
  print_reply_times(run->micros);
  print_errors("errors by code", run->errors);
  if (!drained) std::printf("  %llu answers still unanswered 15 s after the end\n", static_cast<unsigned long long>(run->outstanding));
  std::printf("  CPU over the measured window (100%% = one core):");
  for (std::size_t i = 0; i <= watched.size(); ++i) {
    std::printf(" %s %.0f%%;", i < watched.size() ? watched[i].first.c_str() : "loadgen",
                100.0 * (cpu_to[i] - cpu_from[i]) / o.seconds);
  }
  std::printf("\n");
  std::fflush(stdout);
}

int run_answers(const AnswersOptions& o) {
  asio::io_context io{1};
  asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), o.port);
  std::vector<Contestant> all(static_cast<std::size_t>(o.connections));
  std::vector<Contestant*> everyone;
  for (int i = 0; i < o.connections; ++i) {
    all[static_cast<std::size_t>(i)].index = i;
    everyone.push_back(&all[static_cast<std::size_t>(i)]);
  }
  const auto setup_limit = std::chrono::seconds(o.setup_timeout_s);
  std::printf("load: %d connections to 127.0.0.1:%u, contest %s round %s, %d s measured after %d s warm-up, "
              "%d answer(s) in flight per connection\n",
              o.connections, o.port, o.contest.c_str(), o.round.c_str(), o.seconds, o.warmup, o.inflight);
  std::fflush(stdout);

  // Phase 1: connect and register, a few at a time (scrypt on the gateway).
  Errors setup_errors;
  auto t = Clock::now();
  for_each_limited(io, everyone, static_cast<std::size_t>(o.concurrency), setup_limit,
                   [&](Contestant& c, std::function<void()> done) {
                     c.ws = WsConnection::create(io);
                     c.ws->open(server, 30s, [&, cp = &c, done](const std::string& error) {
                       if (!error.empty()) {
                         ++setup_errors["connect"];
                         return done();
                       }
                       cp->ws->request(registration(o, cp->index), [&, cp, done](const json& r, Clock::duration) {
                         if (r.value("type", "") == "registered") cp->ready = true;
                         else ++setup_errors["register " + code_of(r)];
                         done();
                       });
                     });
                   });
  for (auto& c : all) {
    if (!c.ws) c.ws = WsConnection::create(io);  // never launched: the phase timed out
  }
  auto registered = ready_ones(all);
  double took = seconds_since(t);
  std::printf("  setup: registered %zu of %d in %.1f s (%.1f registrations/s, %d at a time)\n", registered.size(),
              o.connections, took, static_cast<double>(registered.size()) / took, o.concurrency);
  std::fflush(stdout);

  // Phase 2: one attempt each.
  t = Clock::now();
  for (auto* c : registered) c->ready = false;
  for_each_limited(io, registered, static_cast<std::size_t>(o.concurrency), setup_limit,
                   [&](Contestant& c, std::function<void()> done) {
                     c.ws->request(json{{"type", "attempt.start"}, {"round", o.round}},
                                   [&, cp = &c, done](const json& r, Clock::duration) {
                                     if (take_attempt(*cp, r)) cp->ready = true;
                                     else ++setup_errors["attempt.start " + code_of(r)];
                                     done();
                                   });
                   });
  auto answering = ready_ones(all);
  std::printf("  setup: started %zu attempts in %.2f s\n", answering.size(), seconds_since(t));
  print_errors("setup errors", setup_errors);
  std::fflush(stdout);

  // Phase 3: answers, timed, once per rate.
  std::vector<std::pair<std::string, int>> watched;
  for (const auto& w : o.watch) {
    auto eq = w.find('=');
    if (eq != std::string::npos) watched.emplace_back(w.substr(0, eq), std::stoi(w.substr(eq + 1)));
  }
  for (int rate : o.rates) measure(io, o, answering, rate, watched);
  auto alive = ready_ones(all);
  std::printf("  connections failed: %d (of %d; %zu still open after the load)\n",
              o.connections - static_cast<int>(alive.size()), o.connections, alive.size());
  std::fflush(stdout);

  // Phase 4: submit every attempt, so closing the round leaves none running.
  Errors after_errors;
  std::uint64_t submitted = 0;
  t = Clock::now();
  for_each_limited(io, alive, 200, setup_limit, [&](Contestant& c, std::function<void()> done) {
    c.ws->request(json{{"type", "submit"}, {"attempt", json::parse(c.attempt_quoted)}, {"prediction", c.index % 50}},
                  [&, done](const json& r, Clock::duration) {
                    if (r.value("type", "") == "submitted") ++submitted;
                    else ++after_errors["submit " + code_of(r)];
                    done();
                  });
  });
  std::printf("  submitted %llu attempts in %.2f s\n", static_cast<unsigned long long>(submitted), seconds_since(t));

  // Phase 5: entries to finalize: start, one answer, submit, repeated.
  if (o.entries > 0 && !o.entries_round.empty() && !alive.empty()) {
    std::uint64_t made = 0;
    auto per = static_cast<std::size_t>(o.entries) / alive.size(), extra = static_cast<std::size_t>(o.entries) % alive.size();
    std::map<Contestant*, std::size_t> quota;
    for (std::size_t i = 0; i < alive.size(); ++i) quota[alive[i]] = per + (i < extra ? 1 : 0);
    std::function<void(Contestant&, std::function<void()>)> entry = [&](Contestant& c, std::function<void()> done) {
      if (quota[&c] == 0) return done();
      c.ws->request(json{{"type", "attempt.start"}, {"round", o.entries_round}}, [&, cp = &c, done](const json& r, auto) {
        if (!take_attempt(*cp, r)) {
          ++after_errors["entries attempt.start " + code_of(r)];
          return done();
        }
        cp->turn = static_cast<std::uint64_t>(cp->index + static_cast<int>(quota[cp]));  // vary the chosen option
        cp->ws->request(next_answer(*cp), [&, cp, done](const json& a, auto) {
          if (a.value("type", "") != "answered") ++after_errors["entries answer " + code_of(a)];
          cp->ws->request(json{{"type", "submit"}, {"attempt", json::parse(cp->attempt_quoted)},
                               {"prediction", (cp->index * 7 + static_cast<int>(quota[cp])) % 1000}},
                          [&, cp, done](const json& s, auto) {
                            if (s.value("type", "") != "submitted") {
                              ++after_errors["entries submit " + code_of(s)];
                              return done();
                            }
                            ++made;
                            --quota[cp];
                            entry(*cp, done);
                          });
        });
      });
    };
    t = Clock::now();
    for_each_limited(io, alive, 200, setup_limit, entry);
    took = seconds_since(t);
    std::printf("entries: made %llu of %d in round %s in %.1f s (%.0f entries/s: start, one answer, submit)\n",
                static_cast<unsigned long long>(made), o.entries, o.entries_round.c_str(), took,
                static_cast<double>(made) / took);
  }
  print_errors("errors after the load", after_errors);
  std::fflush(stdout);

  for (auto& c : all) c.ws->close();
  run_until(io, 5s, [&] { return false; });
  return 0;
}

}  // namespace

int run_finalize(std::uint16_t port, const std::string& contest, const std::vector<std::string>& rounds,
                 const std::string& user, const std::string& password, int timeout_s);



int main(int argc, char** argv) {
  CLI::App app{"reformquiz load generator: prints figures, passes or fails nothing"};
  app.require_subcommand(1);
  AnswersOptions o;
  auto* answers = app.add_subcommand("answers", "Register, start attempts, then answer for --seconds and time the replies");
  answers->add_option("--port", o.port, "The gateway's port on 127.0.0.1")->required();
  answers->add_option("--contest", o.contest, "Contest id")->required();
  answers->add_option("--round", o.round, "The open round to answer in")->required();
  answers->add_option("--unit", o.unit, "Unit id for every registration")->capture_default_str();
  answers->add_option("--category", o.category, "Category id for every registration")->capture_default_str();
  answers->add_option("--connections", o.connections, "WebSocket connections (one contestant each)")->capture_default_str()->check(CLI::Range(1, 15000));
  answers->add_option("--seconds", o.seconds, "Measured time")->capture_default_str()->check(CLI::Range(1, 3600));
  answers->add_option("--warmup", o.warmup, "Unmeasured time before it")->capture_default_str()->check(CLI::Range(0, 600));
  answers->add_option("--inflight", o.inflight, "Outstanding answers per connection")->capture_default_str()->check(CLI::Range(1, 64));
  answers->add_option("--concurrency", o.concurrency, "Registrations (and starts) at a time")->capture_default_str()->check(CLI::Range(1, 5000));
  answers->add_option("--setup-timeout", o.setup_timeout_s, "Bound of each setup phase, seconds")->capture_default_str();
  answers->add_option("--phone-offset", o.phone_offset, "Added to the index in generated phone numbers")->capture_default_str();
  answers->add_option("--entries-round", o.entries_round, "After the load: a round to fill with entries for finalize");
  answers->add_option("--entries", o.entries, "How many entries to make there")->capture_default_str()->check(CLI::Range(0, 10'000'000));
  answers->add_option("--rates", o.rates, "Measured runs, one per rate in answers/s; 0: closed loop with --inflight")
      ->delimiter(',')
      ->capture_default_str();
  answers->add_option("--watch", o.watch, "NAME=PID: report this process's CPU over the measured window (repeatable)");

  std::uint16_t fport = 0;
  std::string fcontest, user;
  std::vector<std::string> frounds;
  int ftimeout = 120;
  auto* finalize = app.add_subcommand("finalize", "Log in as an organiser (password on stdin), close each round, time its finalize");
  finalize->add_option("--port", fport, "The gateway's port on 127.0.0.1")->required();
  finalize->add_option("--contest", fcontest, "Contest id")->required();
  finalize->add_option("--round", frounds, "Round id (repeatable)")->required();
  finalize->add_option("--user", user, "Organiser username")->required();
  finalize->add_option("--timeout", ftimeout, "Bound of one HTTP call, seconds")->capture_default_str();
  PublishOptions po;
  auto* publish = app.add_subcommand(
      "publish", "The publish rush: seed a round in Redis, connect every person, publish, time every page's results");
  publish->add_option("--port", po.port, "The gateway's port on 127.0.0.1")->required();
  publish->add_option("--redis-port", po.redis_port, "The Redis the gateway uses, on 127.0.0.1")->required();
  publish->add_option("--contest", po.contest, "Contest id")->required();
  publish->add_option("--round", po.round, "A round of the contest with enough attempts per person")->required();
  publish->add_option("--user", po.user, "Organiser username (password on stdin)")->required();
  publish->add_option("--people", po.people, "People connected")->capture_default_str()->check(CLI::Range(1, 15000));
  publish->add_option("--entries", po.entries, "Entries in the round")->capture_default_str();
  publish->add_option("--watch", po.watch, "NAME=PID: report this process's CPU over the rush (repeatable)");
  CapacityOptions co;
  auto* capacity = app.add_subcommand(
      "capacity", "Register people and make entries through the protocol; print Redis bytes per person, entry, event");
  capacity->add_option("--port", co.port, "The gateway's port on 127.0.0.1")->required();
  capacity->add_option("--redis-port", co.redis_port, "The Redis the gateway uses, on 127.0.0.1")->required();
  capacity->add_option("--contest", co.contest, "Contest id")->required();
  capacity->add_option("--round", co.round, "An open round with enough attempts per person")->required();
  capacity->add_option("--people", co.people, "People to register")->capture_default_str()->check(CLI::Range(1, 15000));
  capacity->add_option("--entries-per-person", co.entries_per_person, "Entries each (0: registrations only)")
      ->capture_default_str();
  capacity->add_option("--concurrency", co.concurrency, "Registrations at a time")->capture_default_str();
  capacity->add_option("--phone-offset", co.phone_offset, "Added to the index in generated phone numbers")
      ->capture_default_str();
  auto chaos = add_chaos_commands(app);  // `chaos` and `chaos-check`: scripts/soak.sh
  CLI11_PARSE(app, argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are made, even if interrupted

  if (int code = chaos(); code >= 0) return code;

  if (*answers) return run_answers(o);
  if (*capacity) return run_capacity(co);
  std::string password;
  std::getline(std::cin, password);
  if (*publish) {
    po.password = password;
    return run_publish(po);
  }
  return run_finalize(fport, fcontest, frounds, user, password, ftimeout);
}
