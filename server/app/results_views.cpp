#include "app/results_views.hpp"

#include "app/public_view.hpp"

namespace rq::app {

using core::ErrorCode;

ResultsViews::ResultsViews(ContestCatalog& catalog, store::ResultsRepository& results, core::MetricsRegistry& metrics,
                           std::size_t rounds_kept)
    : catalog_(catalog),
      results_(results),
      rounds_kept_(std::max<std::size_t>(1, rounds_kept)),
      hits_(metrics.counter("reformquiz_results_reads_total", "Published results read, by where from.",
                            {{"from", "memory"}})),
      loads_(metrics.counter("reformquiz_results_reads_total", "Published results read, by where from.",
                             {{"from", "redis"}})) {}

void ResultsViews::contest_view(const std::string& contest, Reply reply) {
  catalog_.with_contest(contest, reply, [this, reply](ContestCatalog::Contest c) {
    read_public_view(results_, c, [reply](store::StoreResult<nlohmann::json> view) {
      if (!view.ok()) return reply(store_failure(view.error));
      reply(Outcome::ok("subscribed", {{"contest", std::move(view.value)}}));
    });
  });
}

void ResultsViews::public_document(const std::string& contest, const std::string& round,
                                   std::function<void(store::StoreResult<Document>)> done) {
  Key key{contest, round};
  if (auto it = documents_.find(key); it != documents_.end()) {
    hits_.inc();
    return done({store::StoreError::none, {}, it->second});
  }
  auto& waiting = loading_[key];
  waiting.push_back(std::move(done));
  if (waiting.size() > 1) return;  // the read in flight answers this one too
  loads_.inc();
  results_.public_results(contest, round, [this, key](store::StoreResult<std::string> doc) { loaded(key, std::move(doc)); });
}

void ResultsViews::loaded(const Key& key, store::StoreResult<std::string> doc) {
  auto waiting = std::move(loading_[key]);
  loading_.erase(key);
  store::StoreResult<Document> out{doc.error, doc.detail, nullptr};
  if (doc.ok()) {
    out.value = std::make_shared<const std::string>(std::move(doc.value));
    if (documents_.size() >= rounds_kept_) documents_.erase(documents_.begin());
    documents_[key] = out.value;
  }
  for (auto& done : waiting) done(out);
}

void ResultsViews::forget(const std::string& contest, const std::string& round) {
  documents_.erase({contest, round});
}

void ResultsViews::round_results(const core::ResultsRequest& request, const std::optional<Identity>& who, Reply reply) {
  bool participant = who && who->contest == request.contest;
  public_document(request.contest, request.round, [this, request, participant, who, reply](store::StoreResult<Document> doc) {
    if (doc.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::not_published));
    if (!doc.ok()) return reply(store_failure(doc.error));
    const auto& text = *doc.value;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return reply(Outcome::fail(ErrorCode::internal));
    auto answer = [reply, document = doc.value](std::string own) {
      Outcome o = Outcome::ok("results", nullptr);
      o.shared_document = document;
      o.own_members = std::move(own);
      reply(std::move(o));
    };
    if (!participant) return answer({});
    results_.personal_line(request.contest, request.round, who->participant,
                           [answer, reply](store::StoreResult<std::string> line) {
                             if (line.error == store::StoreError::not_found) return answer({});  // did not enter
                             if (!line.ok()) return reply(store_failure(line.error));
                             answer(",\"you\":" + line.value);
                           });
  });
}

}  // namespace rq::app
