#include "store/bank_uses.hpp"

#include <memory>

#include "core/contest/contest_config.hpp"

namespace rq::store {

void find_unmet_draws(ContestRepository& contests, const core::QuestionBank& bank, std::int64_t now_ms,
                      std::function<void(StoreResult<std::vector<UnmetDraw>>)> done) {
  auto contents = std::make_shared<core::BankContents>(core::contents_of(bank));
  std::string bank_id = bank.id;
  contests.list_ids([&contests, contents, bank_id, now_ms, done](StoreResult<std::vector<std::string>> ids) {
    if (!ids.ok()) return done({ids.error, ids.detail, {}});
    struct Gather {
      std::vector<UnmetDraw> found;
      std::size_t left;
      StoreError error = StoreError::none;
      std::string detail;
    };
    auto g = std::make_shared<Gather>(Gather{{}, ids.value.size()});
    if (ids.value.empty()) return done({StoreError::none, {}, {}});
    for (const auto& id : ids.value) {
      contests.config(id, [g, contents, bank_id, now_ms, done](StoreResult<std::string> text) {
        if (text.ok()) {
          auto parsed = core::parse_contest_config(text.value);
          for (const auto& p : core::draws_unmet_by(parsed.config, bank_id, *contents, now_ms)) {
            // "rounds[3]…": the round's id is what organisers know it by.
            auto close = p.path.find(']');
            std::size_t index = std::stoul(p.path.substr(7, close - 7));
            g->found.push_back({parsed.config.id, parsed.config.rounds[index].id, p.path, p.message, p.message_vi});
          }
        } else if (text.error != StoreError::not_found) {
          g->error = text.error;
          g->detail = text.detail;
        }
        if (--g->left == 0) {
          if (g->error != StoreError::none) return done({g->error, g->detail, {}});
          done({StoreError::none, {}, std::move(g->found)});
        }
      });
    }
  });
}

}  // namespace rq::store
