#include "app/deadline_sweeper.hpp"

#include <memory>

#include "core/clock.hpp"
#include "store/keys.hpp"
#include "store/reply_values.hpp"

namespace rq::app {

namespace {
// How many overdue attempts one sweep of a contest closes; the next tick
// takes the rest, so a burst at a round's close does not stall the gateway.
constexpr int kBatch = 200;
// Runs its function when the last holder lets go of it.
class SweepDone {
 public:
  explicit SweepDone(std::function<void()> fn) : fn_(std::move(fn)) {}
  SweepDone(const SweepDone&) = delete;
  SweepDone& operator=(const SweepDone&) = delete;
  ~SweepDone() { fn_(); }

 private:
  std::function<void()> fn_;
};

}  // namespace

DeadlineSweeper::DeadlineSweeper(boost::asio::io_context& io, store::RedisClient& redis,
                                 store::ContestRepository& contests, AttemptService& attempts, core::Logger& log,
                                 std::chrono::milliseconds interval)
    : timer_(io), redis_(redis), contests_(contests), attempts_(attempts), log_(log), interval_(interval) {}

void DeadlineSweeper::start() {
  stopped_ = false;
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void DeadlineSweeper::stop() {
  stopped_ = true;
  timer_.cancel();
}

void DeadlineSweeper::tick() {
  if (stopped_) return;
  auto next = [this] {
    running_ = false;
    if (!stopped_) start();
  };
  if (!redis_.connected()) return next();
  running_ = true;
  auto sweep_all = [this, next] {
    auto remaining = std::make_shared<std::size_t>(contest_ids_.size());
    if (*remaining == 0) return next();
    for (const auto& id : contest_ids_) {
      sweep(id, [remaining, next] {
        if (--*remaining == 0) next();
      });
    }
  };
  // The contest list is read on every tick (one SMEMBERS of a small set):
  // a contest created after the gateway started is swept from its first
  // attempt, not seconds later.
  contests_.list_ids([this, sweep_all, next](store::StoreResult<std::vector<std::string>> ids) {
    if (!ids.ok()) return next();
    contest_ids_ = std::move(ids.value);
    sweep_all();
  });
}

void DeadlineSweeper::sweep(const std::string& contest, std::function<void()> done) {
  redis_.command({"ZRANGEBYSCORE", store::keys::contest_deadlines(contest), "-inf", std::to_string(core::now_ms()),
                  "LIMIT", "0", std::to_string(kBatch)},
                 [this, contest, done](store::RedisResult r) {
                   std::vector<std::string> overdue;
                   if (r.ok()) overdue = store::sorted_ids(r.reply, store::keys::is_valid_id);
                   if (overdue.empty()) return done();
                   // The sweep goes on once every expiry's flow has let go of
                   // its callback, whether it called it or failed on the way:
                   // one bad attempt must not stop this gateway's sweeper for good.
                   auto all = std::make_shared<SweepDone>(done);
                   for (const auto& id : overdue) attempts_.expire(contest, id, [all] {});
                 });
}

}  // namespace rq::app
