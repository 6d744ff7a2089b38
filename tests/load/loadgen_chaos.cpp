#include "loadgen_chaos.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "loadgen_client.hpp"
#include "loadgen_report.hpp"
#include "store/keys.hpp"

namespace rq::load {
namespace {

using nlohmann::json;
namespace asio = boost::asio;
using namespace std::chrono_literals;

// Wall-clock milliseconds: the event log is compared with the failure times
// scripts/soak.sh writes (`date +%s%3N`) and with Redis' deadlines.
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string type_of(const json& r) { return r.value("type", ""); }
std::string code_of(const json& r) { return type_of(r) == "error" ? r.value("code", "error") : "unexpected " + type_of(r); }

// What a real page does with these: reconnect, hello, resume, send again.
// Anything else is an answer the contestant has to live with.
bool retryable(const json& r) {
  auto code = r.value("code", "");
  return type_of(r) == "error" && (code == "connection_lost" || code == "unavailable");
}

// Option ids as Redis keeps them: sorted, comma joined (entry_repository.cpp
// sorts the choices before attempt_answer.lua stores them).
std::string joined(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}
std::string normalised(const std::string& stored) {
  std::vector<std::string> ids;
  std::stringstream in(stored);
  for (std::string id; std::getline(in, id, ',');) ids.push_back(id);
  return joined(std::move(ids));
}

// ------------------------------------------------------------------ the load

struct ChaosOptions {
  std::uint16_t port = 0;  // nginx
  std::string contest, round, unit = "u1", category = "cbccvc";
  int contestants = 2000;
  int seconds = 300;          // the soak: arrivals and entries are paced to fill it
  double arrive_share = 0.4;  // contestants arrive over the first 40 % of it
  double entry_share = 0.45;  // and each takes about 45 % of it from start to submit
  int reload_percent = 20, abandon_percent = 10, change_percent = 25;
  int grace_s = 60;  // after `seconds`, how long the last contestants may take
  int phone_offset = 0;
  std::string log_path;
};

// One line per event, tab separated: wall ms, kind, contestant, attempt, two
// fields whose meaning depends on the kind (chaos-check reads them back):
//   started   attempt  deadline        sent/answered  attempt  question  choices
//   submitted attempt  status          failed         attempt  code      step
//   mismatch  attempt  question        reload/abandoned/closed  attempt
class EventLog {
 public:
  explicit EventLog(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {}
  ~EventLog() {
    if (file_) std::fclose(file_);
  }
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  bool ok() const { return file_ != nullptr; }
  void write(const char* kind, int contestant, const std::string& attempt, const std::string& a = "",
             const std::string& b = "") {
    std::fprintf(file_, "%lld\t%s\t%d\t%s\t%s\t%s\n", static_cast<long long>(wall_ms()), kind, contestant,
                 attempt.c_str(), a.c_str(), b.c_str());
  }

 private:
  std::FILE* file_;
};

struct Tally {
  Errors not_acknowledged;  // by step and code: each was sent again
  Errors anomalies;         // replies that should never come
  std::uint64_t answered = 0, submitted = 0, expired = 0, reconnects = 0, reloads = 0, resumes = 0, abandoned = 0,
                late = 0, resume_mismatches = 0, rate_limited = 0;
  int finished = 0;
  std::int64_t last_deadline = 0;
};

// What every contestant shares.
struct Soak {
  asio::io_context& io;
  const ChaosOptions& o;
  asio::ip::tcp::endpoint nginx;
  EventLog& log;
  Tally tally;
  Clock::time_point start = Clock::now();
};

enum class Role { submits, reloads, abandons };

// One answer to send: a question and the options chosen.
struct Send {
  std::string question;
  std::vector<std::string> choices;
};

// One contestant as a small state machine. Each step sends one request (or
// waits) and picks the next step from the reply; there is at most one
// request in flight, so a lost one is simply sent again after the resume:
//
//   arrive → connect → greet (register | log_in | hello) → resume (attempt.start)
//          → next ⇄ answer … → submit → done
//   next may also reload (a new WebSocket, then greet → resume) or abandon
//   (close the page: the server expires the attempt at its deadline).
//   Any request answered `unavailable` or lost with its connection:
//   retry_later → connect → greet → resume → the same request again.
class Contestant {
 public:
  Contestant(Soak& soak, int index) : s_(soak), index_(index), rng_(static_cast<unsigned>(index) * 7919u + 1), timer_(soak.io) {
    unsigned pick = (static_cast<unsigned>(index) * 2654435761u >> 8) % 100;
    if (pick < static_cast<unsigned>(soak.o.abandon_percent)) role_ = Role::abandons;
    else if (pick < static_cast<unsigned>(soak.o.abandon_percent + soak.o.reload_percent)) role_ = Role::reloads;
    changes_ = (static_cast<unsigned>(index) * 40503u >> 4) % 100 < static_cast<unsigned>(soak.o.change_percent);
  }

  // Arrivals are spread evenly over the first arrive_share of the soak.
  void arrive() {
    double at = s_.o.arrive_share * s_.o.seconds * index_ / std::max(1, s_.o.contestants);
    wait(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(at)), &Contestant::connect);
  }
  bool done() const { return done_; }
  std::string where() const {
    return "contestant " + std::to_string(index_) + " attempt " + (attempt_.empty() ? "-" : attempt_) + " at answer " +
           std::to_string(next_send_) + " of " + std::to_string(sends_.size()) + (submitting_ ? ", submitting" : "");
  }
  void stop() {
    timer_.cancel();
    if (ws_) ws_->close();
  }

 private:
  // --------------------------------------------------------------- steps

  void connect() {
    ws_ = WsConnection::create(s_.io);
    ws_->open(s_.nginx, 10s, [this, ws = ws_](const std::string& error) {
      if (ws != ws_) return;
      if (!error.empty()) return retry_later("connect", {{"type", "error"}, {"code", "connect_failed"}});
      greet();
    });
  }

  // A page with a token says hello with it; a new one registers.
  void greet() {
    if (token_.empty()) return register_self();
    send({{"type", "hello"}, {"token", token_}}, [this](const json& r) {
      if (type_of(r) == "welcome") return resume();
      if (retryable(r)) return retry_later("hello", r);
      anomaly("hello " + code_of(r));
      token_.clear();
      log_in();
    });
  }

  void register_self() {
    send(registration(), [this](const json& r) {
      if (type_of(r) == "registered") return signed_in(r);
      // An earlier register went through and its reply was lost.
      if (r.value("code", "") == "already_registered") return log_in();
      if (retryable(r)) return retry_later("register", r);
      fail("register " + code_of(r));
    });
  }

  void log_in() {
    send({{"type", "login"}, {"contest", s_.o.contest}, {"phone", phone()}, {"password", password()}},
         [this](const json& r) {
           if (type_of(r) == "registered") return signed_in(r);
           if (retryable(r)) return retry_later("login", r);
           fail("login " + code_of(r));
         });
  }

  void signed_in(const json& r) {
    token_ = r.value("token", "");
    resume();
  }

  // attempt.start: the first time it starts the attempt, after a reconnect or
  // a reload it must give the same one back with every acknowledged answer.
  // A submit in flight is sent again as it is: with one attempt per round,
  // attempt.start after a submit that went through would be refused.
  void resume() {
    if (submitting_) return submit();
    send({{"type", "attempt.start"}, {"round", s_.o.round}}, [this](const json& r) {
      if (type_of(r) == "attempt") {
        take_attempt(r.at("attempt"));
        return next();
      }
      // Our attempt ended meanwhile (its deadline passed): submit says how.
      if (r.value("code", "") == "attempt_limit_reached" && !attempt_.empty()) {
        ++s_.tally.late;
        submitting_ = true;
        return submit();
      }
      if (retryable(r)) return retry_later("attempt.start", r);
      fail("attempt.start " + code_of(r));
    });
  }

  // The next send, after a think time; a send that was not acknowledged goes
  // again at once, as the page's queue sends it on reconnecting.
  void next() {
    if (pending_) return answer();
    if (next_send_ == abandon_at_) return abandon();
    if (next_send_ == reload_at_) {
      reload_at_ = SIZE_MAX;
      return reload();
    }
    if (next_send_ >= sends_.size()) {
      submitting_ = true;
      return wait(think(), &Contestant::submit);
    }
    wait(think(), &Contestant::answer);
  }

  void answer() {
    const Send& x = sends_[next_send_];
    std::string choices = joined(x.choices);
    pending_ = true;
    s_.log.write("sent", index_, attempt_, x.question, choices);
    send({{"type", "answer"}, {"attempt", attempt_}, {"question", x.question}, {"choices", x.choices}},
         [this, question = x.question, choices](const json& r) {
           if (type_of(r) == "answered") {
             pending_ = false;
             acked_[question] = choices;
             s_.log.write("answered", index_, attempt_, question, choices);
             ++s_.tally.answered;
             ++next_send_;
             backoff_ = 0ms;
             return next();
           }
           // The deadline passed while it was on its way (or being retried).
           if (r.value("code", "") == "attempt_closed") {
             s_.log.write("closed", index_, attempt_);
             ++s_.tally.late;
             pending_ = false;
             submitting_ = true;
             return submit();
           }
           if (retryable(r)) return retry_later("answer", r);
           fail("answer " + code_of(r));
         });
  }

  // A page reload: the WebSocket goes, a new one comes through nginx (to
  // whichever gateway), hello with the token, attempt.start resumes.
  void reload() {
    ++s_.tally.reloads;
    s_.log.write("reload", index_, attempt_);
    ws_->close();
    wait(200ms, &Contestant::connect);
  }

  // The page is closed for good; the attempt expires at its deadline.
  void abandon() {
    ++s_.tally.abandoned;
    s_.log.write("abandoned", index_, attempt_);
    ws_->close();
    finish();
  }

  void submit() {
    send({{"type", "submit"}, {"attempt", attempt_}, {"prediction", index_ % 50}}, [this](const json& r) {
      if (type_of(r) == "submitted") {
        auto status = r.at("result").value("status", "");
        s_.log.write("submitted", index_, attempt_, status);
        ++(status == "expired" ? s_.tally.expired : s_.tally.submitted);
        ws_->close();
        return finish();
      }
      if (retryable(r)) return retry_later("submit", r);
      fail("submit " + code_of(r));
    });
  }

  // Not acknowledged: drop the connection, back off as the page does (500 ms
  // doubling to 8 s, with jitter so thousands do not come back together),
  // then connect again through nginx.
  void retry_later(const std::string& step, const json& r) {
    auto code = r.value("code", "error");
    s_.log.write("failed", index_, attempt_, code, step);
    ++s_.tally.not_acknowledged[step + " " + code];
    ++s_.tally.reconnects;
    if (ws_) ws_->close();
    backoff_ = std::clamp(backoff_ * 2, 500ms, 8000ms);
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    wait(std::chrono::duration_cast<Clock::duration>(backoff_ * jitter(rng_)), &Contestant::connect);
  }

  // ------------------------------------------------------------- helpers

  // Sends on the current connection. rate_limited is waited out and sent
  // again there, as the page's client does up to 10 s; a longer wait is a
  // lockout the page shows as an error, and so is it here (an anomaly: the
  // contestant gives up). Replies for a connection left behind are ignored.
  void send(json message, std::function<void(const json&)> on_reply) {
    ws_->request(message, [this, ws = ws_, message, on_reply](const json& r, Clock::duration) {
      if (ws != ws_) return;
      if (r.value("code", "") == "rate_limited") {
        auto after = std::chrono::milliseconds(r.value("retry_after_ms", 1000));
        ++s_.tally.rate_limited;
        if (after > 10s) {
          return fail(message.value("type", "?") + " rate_limited for " + std::to_string(after.count() / 1000) +
                      " s (a lockout)");
        }
        timer_.expires_after(after);
        timer_.async_wait([this, ws, message, on_reply](boost::system::error_code ec) {
          if (!ec && ws == ws_) send(message, on_reply);
        });
        return;
      }
      on_reply(r);
    });
  }

  void wait(Clock::duration d, void (Contestant::*step)()) {
    timer_.expires_after(d);
    timer_.async_wait([this, step](boost::system::error_code ec) {
      if (!ec) (this->*step)();
    });
  }

  Clock::duration think() {
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return std::chrono::duration_cast<Clock::duration>(think_ * jitter(rng_));
  }

  void take_attempt(const json& a) {
    std::string id = a.value("id", "");
    if (attempt_.empty()) return first_start(a);
    ++s_.tally.resumes;
    if (id != attempt_) {
      anomaly("attempt.start gave another attempt on resume");
      return;
    }
    // Every acknowledged answer must be there, except for a question whose
    // newer choice is in flight (it may or may not have been stored).
    const json& answers = a.contains("answers") ? a.at("answers") : json::object();
    for (const auto& [question, choices] : acked_) {
      if (pending_ && sends_[next_send_].question == question) continue;
      std::string stored = answers.contains(question) ? joined(answers.at(question).get<std::vector<std::string>>()) : "";
      if (stored != choices) {
        ++s_.tally.resume_mismatches;
        s_.log.write("mismatch", index_, attempt_, question, stored);
      }
    }
  }

  // The plan: every question once in order (two options for a
  // multiple-choice one), and for some contestants two answers changed at the
  // end, so that the last acknowledged choice is the one that must count.
  void first_start(const json& a) {
    attempt_ = a.value("id", "");
    auto deadline = a.value("deadline", std::int64_t{0});
    s_.tally.last_deadline = std::max(s_.tally.last_deadline, deadline);
    s_.log.write("started", index_, attempt_, std::to_string(deadline));
    std::vector<std::vector<std::string>> options;
    for (const auto& q : a.at("questions")) {
      std::vector<std::string> ids;
      for (const auto& opt : q.at("options")) ids.push_back(opt.value("id", ""));
      if (ids.empty()) continue;
      auto k = static_cast<std::size_t>(index_ + static_cast<int>(sends_.size())) % ids.size();
      Send s{q.value("id", ""), {ids[k]}};
      if (q.value("multiple", false) && ids.size() > 1) s.choices.push_back(ids[(k + 1) % ids.size()]);
      sends_.push_back(std::move(s));
      options.push_back(std::move(ids));
    }
    if (changes_ && sends_.size() >= 2) {
      for (std::size_t i : {std::size_t{0}, sends_.size() / 2}) {
        Send s = sends_[i];
        const auto& ids = options[i];
        auto at = std::find(ids.begin(), ids.end(), s.choices.back()) - ids.begin();
        s.choices = {ids[static_cast<std::size_t>(at + 1) % ids.size()]};
        sends_.push_back(std::move(s));
      }
    }
    std::uniform_int_distribution<std::size_t> anywhere(1, std::max<std::size_t>(1, sends_.size() - 1));
    if (role_ == Role::reloads) reload_at_ = anywhere(rng_);
    if (role_ == Role::abandons) abandon_at_ = std::max<std::size_t>(1, anywhere(rng_) / 2);
    // The think time that spreads this entry over entry_share of the soak.
    think_ = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(s_.o.entry_share * s_.o.seconds / static_cast<double>(sends_.size() + 1)));
  }

  json registration() const {
    std::string letters;
    for (int n = index_, k = 0; k < 4; ++k, n /= 26) letters += static_cast<char>('a' + n % 26);
    return {{"type", "register"},
            {"contest", s_.o.contest},
            {"profile",
             {{"name", "Thí Sinh " + letters},
              {"phone", phone()},
              {"birth_date", "1985-06-15"},
              {"unit", s_.o.unit},
              {"category", s_.o.category},
              {"password", password()}}}};
  }
  std::string phone() const {
    char p[16];
    std::snprintf(p, sizeof p, "09%08d", (s_.o.phone_offset + index_) % 100'000'000);
    return p;
  }
  std::string password() const { return "mat-khau-" + std::to_string(index_); }

  void anomaly(const std::string& what) {
    ++s_.tally.anomalies[what];
    s_.log.write("anomaly", index_, attempt_, what);
  }
  void fail(const std::string& what) {
    anomaly(what);
    if (ws_) ws_->close();
    finish();
  }
  void finish() {
    if (done_) return;
    done_ = true;
    ++s_.tally.finished;
  }

  Soak& s_;
  int index_;
  Role role_ = Role::submits;
  bool changes_ = false;
  std::minstd_rand rng_;
  asio::steady_timer timer_;
  std::shared_ptr<WsConnection> ws_;
  std::string token_, attempt_;
  std::vector<Send> sends_;
  std::size_t next_send_ = 0;  // the next send; it stays until acknowledged
  bool pending_ = false;       // sends_[next_send_] went out and was not acknowledged
  bool submitting_ = false;
  std::size_t reload_at_ = SIZE_MAX, abandon_at_ = SIZE_MAX;
  std::map<std::string, std::string> acked_;  // question -> last acknowledged choices
  Clock::duration think_ = 1s;
  std::chrono::milliseconds backoff_{0};
  bool done_ = false;
};

int run_chaos(const ChaosOptions& o) {
  EventLog log(o.log_path);
  if (!log.ok()) {
    std::printf("chaos: cannot write %s\n", o.log_path.c_str());
    return 2;
  }
  asio::io_context io{1};
  Soak soak{io, o, {asio::ip::make_address("127.0.0.1"), o.port}, log, {}};
  std::vector<std::unique_ptr<Contestant>> all;
  for (int i = 0; i < o.contestants; ++i) all.push_back(std::make_unique<Contestant>(soak, i));
  for (auto& c : all) c->arrive();
  std::printf("chaos: %d contestants through 127.0.0.1:%u over %d s, contest %s round %s\n", o.contestants, o.port,
              o.seconds, o.contest.c_str(), o.round.c_str());

  auto everyone_done = [&] { return soak.tally.finished == o.contestants; };
  run_until(io, std::chrono::seconds(o.seconds + o.grace_s), everyone_done);
  int unfinished = 0;
  for (auto& c : all) {
    if (c->done()) continue;
    if (++unfinished <= 10) std::printf("  not finished: %s\n", c->where().c_str());
    c->stop();
  }
  double took = std::chrono::duration<double>(Clock::now() - soak.start).count();

  // Abandoned attempts are the server's to expire at their deadline: wait
  // for the last deadline (and the sweeper's tick) before chaos-check looks.
  auto wait_ms = soak.tally.last_deadline + 2000 - wall_ms();
  if (wait_ms > 0) {
    std::printf("  waiting %.1f s for the last deadline\n", static_cast<double>(wait_ms) / 1000.0);
    run_until(io, std::chrono::milliseconds(wait_ms), [] { return false; });
  }
  for (auto& c : all) c->stop();
  run_until(io, 1s, [] { return false; });

  const Tally& t = soak.tally;
  std::printf("  contestants finished in %.0f s: %d of %d (%llu submitted, %llu expired at submit, %llu abandoned)\n",
              took, o.contestants - unfinished, o.contestants, static_cast<unsigned long long>(t.submitted),
              static_cast<unsigned long long>(t.expired), static_cast<unsigned long long>(t.abandoned));
  std::printf("  answers acknowledged %llu; reloads %llu; resumes %llu; reconnects %llu; past the deadline %llu; "
              "rate_limited %llu\n",
              static_cast<unsigned long long>(t.answered), static_cast<unsigned long long>(t.reloads),
              static_cast<unsigned long long>(t.resumes), static_cast<unsigned long long>(t.reconnects),
              static_cast<unsigned long long>(t.late), static_cast<unsigned long long>(t.rate_limited));
  print_errors("not acknowledged, sent again", t.not_acknowledged);
  print_errors("anomalies", t.anomalies);
  std::fflush(stdout);
  return 0;
}

// ------------------------------------------------------------------ the check

struct CheckOptions {
  std::string log_path, failures_path, contest, round;
  std::uint16_t redis_port = 0;
};

struct Event {
  std::int64_t ms = 0;
  std::string kind;
  int contestant = 0;
  std::string attempt, a, b;
};

std::vector<Event> read_events(const std::string& path) {
  std::vector<Event> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    while (f.size() < 6) f.emplace_back();
    out.push_back({std::stoll(f[0]), f[1], std::stoi(f[2]), f[3], f[4], f[5]});
  }
  return out;
}

struct Failure {
  std::int64_t ms;
  std::string kind;
};

std::vector<Failure> read_failures(const std::string& path) {
  std::vector<Failure> out;
  std::ifstream in(path);
  for (Failure f; in >> f.ms >> f.kind;) out.push_back(f);
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// A synchronous hiredis line to the primary: the check runs once, after the
// load, and pipelines its reads.
class RedisReader {
 public:
  explicit RedisReader(std::uint16_t port) {
    timeval timeout{5, 0};
    c_ = redisConnectWithTimeout("127.0.0.1", port, timeout);
    if (c_ && !c_->err) redisSetTimeout(c_, timeout);
  }
  ~RedisReader() {
    if (c_) redisFree(c_);
  }
  RedisReader(const RedisReader&) = delete;
  RedisReader& operator=(const RedisReader&) = delete;
  bool ok() const { return c_ && !c_->err; }
  std::string error() const { return c_ ? c_->errstr : "no memory"; }

  void append(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    redisAppendCommandArgv(c_, static_cast<int>(args.size()), argv.data(), lens.data());
  }
  // The next reply as strings (nil: absent), or nothing on an error.
  std::optional<std::vector<std::optional<std::string>>> next() {
    void* raw = nullptr;
    if (redisGetReply(c_, &raw) != REDIS_OK || !raw) return std::nullopt;
    std::unique_ptr<redisReply, void (*)(void*)> r(static_cast<redisReply*>(raw), freeReplyObject);
    std::vector<std::optional<std::string>> out;
    auto one = [](const redisReply* e) -> std::optional<std::string> {
      if (e->type == REDIS_REPLY_STRING || e->type == REDIS_REPLY_STATUS) return std::string(e->str, e->len);
      if (e->type == REDIS_REPLY_INTEGER) return std::to_string(e->integer);
      return std::nullopt;
    };
    if (r->type == REDIS_REPLY_ERROR) return std::nullopt;
    if (r->type == REDIS_REPLY_ARRAY) {
      for (std::size_t i = 0; i < r->elements; ++i) out.push_back(one(r->element[i]));
    } else {
      out.push_back(one(r.get()));
    }
    return out;
  }

 private:
  redisContext* c_ = nullptr;
};

void row(const char* label, const std::string& value) { std::printf("  %-58s %s\n", label, value.c_str()); }

int run_check(const CheckOptions& o) {
  auto events = read_events(o.log_path);
  auto failures = read_failures(o.failures_path);

  // What the contestants were told, per attempt.
  struct Told {
    std::map<std::string, std::string> acked;                // question -> last acknowledged choices
    std::map<std::string, std::set<std::string>> unacked;   // choices sent after it, never acknowledged
    std::map<std::string, std::int64_t> acked_at;
    std::string submitted;  // the status the submit's reply gave
  };
  std::map<std::string, Told> told;
  std::uint64_t acknowledged = 0, resume_mismatches = 0, anomalies = 0;
  // Each contestant's timeline for the recovery times.
  struct Timeline {
    std::int64_t started = -1, ended = LLONG_MAX;
    std::vector<std::int64_t> acks, fails;
  };
  std::map<int, Timeline> lines;
  for (const auto& e : events) {
    auto& line = lines[e.contestant];
    if (e.kind == "started") {
      told[e.attempt];
      line.started = e.ms;
    } else if (e.kind == "sent") {
      told[e.attempt].unacked[e.a].insert(e.b);
    } else if (e.kind == "answered") {
      auto& t = told[e.attempt];
      t.acked[e.a] = e.b;
      t.acked_at[e.a] = e.ms;
      t.unacked[e.a].clear();
      ++acknowledged;
      line.acks.push_back(e.ms);
    } else if (e.kind == "submitted") {
      told[e.attempt].submitted = e.a;
      line.acks.push_back(e.ms);
      line.ended = e.ms;
    } else if (e.kind == "abandoned") {
      line.ended = e.ms;
    } else if (e.kind == "failed") {
      line.fails.push_back(e.ms);
    } else if (e.kind == "mismatch") {
      ++resume_mismatches;
    } else if (e.kind == "anomaly") {
      ++anomalies;
    }
  }

  RedisReader redis(o.redis_port);
  if (!redis.ok()) {
    std::printf("chaos-check: cannot reach Redis on 127.0.0.1:%u: %s\n", o.redis_port, redis.error().c_str());
    return 2;
  }
  // One HMGET per attempt: its status and every acknowledged question's field.
  std::vector<std::pair<const std::string*, std::vector<std::string>>> asked;
  for (const auto& [attempt, t] : told) {
    std::vector<std::string> args{"HMGET", store::keys::attempt(o.contest, attempt), "status"};
    std::vector<std::string> questions;
    for (const auto& [q, _] : t.acked) {
      args.push_back("a:" + q);
      questions.push_back(q);
    }
    redis.append(args);
    asked.emplace_back(&attempt, std::move(questions));
  }
  redis.append({"SCARD", store::keys::round_running(o.contest, o.round)});

  std::uint64_t missing = 0, later_unacked = 0, status_wrong = 0, running = 0, submitted = 0;
  auto shown = [](const std::optional<std::string>& v) { return v ? "[" + *v + "]" : std::string("nothing"); };
  for (const auto& [attempt, questions] : asked) {
    auto reply = redis.next();
    if (!reply) {
      std::printf("chaos-check: reading attempt %s failed: %s\n", attempt->c_str(), redis.error().c_str());
      return 2;
    }
    const auto& t = told[*attempt];
    const auto& status = (*reply)[0];
    if (status && *status == "running") ++running;
    if (!t.submitted.empty()) {
      ++submitted;
      if (status != t.submitted) {
        if (++status_wrong <= 20)
          std::printf("  SUBMIT LOST: attempt %s was acknowledged %s, Redis says %s\n", attempt->c_str(),
                      t.submitted.c_str(), shown(status).c_str());
      }
    }
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const auto& q = questions[i];
      const auto& stored = (*reply)[i + 1];
      std::string value = stored ? normalised(*stored) : "";
      if (stored && value == t.acked.at(q)) continue;
      auto later = t.unacked.find(q);
      if (stored && later != t.unacked.end() && later->second.count(value)) {
        ++later_unacked;  // a newer choice whose reply never came: it may be stored
        continue;
      }
      if (++missing <= 20)
        std::printf("  MISSING: attempt %s question %s: acknowledged [%s] at %lld, Redis holds %s\n",
                    attempt->c_str(), q.c_str(), t.acked.at(q).c_str(), static_cast<long long>(t.acked_at.at(q)),
                    shown(stored).c_str());
    }
  }
  auto running_set = redis.next();
  std::uint64_t running_listed = running_set && !running_set->empty() && (*running_set)[0] ? std::stoull(*(*running_set)[0]) : 0;

  std::printf("\nchaos soak: what was acknowledged against what Redis holds\n");
  row("attempts started", std::to_string(told.size()));
  row("answers acknowledged (the last per attempt and question checked)", std::to_string(acknowledged));
  row("acknowledged but missing or different in Redis (must be 0)", std::to_string(missing));
  row("  later choice, sent but never acknowledged, stored instead", std::to_string(later_unacked));
  row("submits acknowledged", std::to_string(submitted));
  row("acknowledged submits whose status Redis lacks (must be 0)", std::to_string(status_wrong));
  row("resumes that lacked an acknowledged answer (must be 0)", std::to_string(resume_mismatches));
  row("attempts still running after every deadline (must be 0)",
      std::to_string(running) + " (round's running set: " + std::to_string(running_listed) + ")");
  row("anomalies (replies that should not come; see the log)", std::to_string(anomalies));

  // From each failure to every contestant's next acknowledged answer (or
  // submit). "Hit": the contestant had a request fail between the two;
  // "active": every contestant with an attempt under way at the failure
  // (their next answer may simply have been a think time away).
  std::printf("\nfrom each failure to the contestants' next acknowledged answer (seconds)\n");
  std::printf("  %-16s %6s %6s %22s %20s\n", "failure", "events", "hit", "hit: p50 / p99 / max", "active: p50 / p99");
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_kind;
  std::map<std::string, int> count;
  for (std::size_t i = 0; i < failures.size(); ++i) {
    auto f = failures[i].ms;
    auto until = i + 1 < failures.size() ? failures[i + 1].ms : LLONG_MAX;
    auto& [hit, active] = by_kind[failures[i].kind];
    ++count[failures[i].kind];
    for (const auto& [who, line] : lines) {
      if (line.started < 0 || line.started > f || line.ended < f) continue;
      auto ack = std::lower_bound(line.acks.begin(), line.acks.end(), f);
      if (ack == line.acks.end()) continue;
      double gap = static_cast<double>(*ack - f) / 1000.0;
      active.push_back(gap);
      auto fail = std::lower_bound(line.fails.begin(), line.fails.end(), f);
      if (fail != line.fails.end() && *fail < *ack && *fail < until) hit.push_back(gap);
    }
  }
  for (const auto& [kind, gaps] : by_kind) {
    const auto& [hit, active] = gaps;
    char a[64], b[64];
    std::snprintf(a, sizeof a, "%.2f / %.2f / %.2f", percentile(hit, 0.5), percentile(hit, 0.99),
                  hit.empty() ? 0.0 : *std::max_element(hit.begin(), hit.end()));
    std::snprintf(b, sizeof b, "%.2f / %.2f", percentile(active, 0.5), percentile(active, 0.99));
    std::printf("  %-16s %6d %6zu %22s %20s\n", kind.c_str(), count[kind], hit.size(), a, b);
  }
  std::fflush(stdout);
  return missing == 0 && status_wrong == 0 && resume_mismatches == 0 && running == 0 && running_listed == 0 ? 0 : 1;
}

}  // namespace

std::function<int()> add_chaos_commands(CLI::App& app) {
  auto o = std::make_shared<ChaosOptions>();
  auto* chaos = app.add_subcommand(
      "chaos", "Contestants enter a round through nginx while scripts/soak.sh breaks things; every acknowledgement logged");
  chaos->add_option("--port", o->port, "nginx's port on 127.0.0.1")->required();
  chaos->add_option("--contest", o->contest, "Contest id")->required();
  chaos->add_option("--round", o->round, "The open round (one attempt each)")->required();
  chaos->add_option("--unit", o->unit, "Unit id for every registration")->capture_default_str();
  chaos->add_option("--category", o->category, "Category id for every registration")->capture_default_str();
  chaos->add_option("--contestants", o->contestants, "Contestants, one WebSocket each")
      ->capture_default_str()
      ->check(CLI::Range(1, 15000));
  chaos->add_option("--seconds", o->seconds, "The soak's length; arrivals and think times are paced to it")
      ->capture_default_str()
      ->check(CLI::Range(10, 86400));
  chaos->add_option("--arrive-share", o->arrive_share, "Share of the soak over which contestants arrive")
      ->capture_default_str();
  chaos->add_option("--entry-share", o->entry_share, "Share of the soak one entry takes")->capture_default_str();
  chaos->add_option("--reload-percent", o->reload_percent, "Contestants who reload the page mid-entry")
      ->capture_default_str();
  chaos->add_option("--abandon-percent", o->abandon_percent, "Contestants who leave their entry to expire")
      ->capture_default_str();
  chaos->add_option("--change-percent", o->change_percent, "Contestants who change two answers at the end")
      ->capture_default_str();
  chaos->add_option("--grace", o->grace_s, "Seconds after --seconds for the last contestants")->capture_default_str();
  chaos->add_option("--phone-offset", o->phone_offset, "Added to the index in generated phone numbers")
      ->capture_default_str();
  chaos->add_option("--log", o->log_path, "The event log to write")->required();

  auto c = std::make_shared<CheckOptions>();
  auto* check = app.add_subcommand(
      "chaos-check", "Compare a chaos event log with Redis; print the table; exit 1 if anything acknowledged is missing");
  check->add_option("--log", c->log_path, "The event log `chaos` wrote")->required();
  check->add_option("--failures", c->failures_path, "Lines \"<wall ms> <kind>\", one per failure caused")->required();
  check->add_option("--redis-port", c->redis_port, "The Redis primary's port on 127.0.0.1")->required();
  check->add_option("--contest", c->contest, "Contest id")->required();
  check->add_option("--round", c->round, "Round id")->required();

  return [chaos, check, o, c]() -> int {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (*chaos) return run_chaos(*o);
    if (*check) return run_check(*c);
    return -1;
  };
}

}  // namespace rq::load
