// Which stored contests a new version of a bank would break: the rounds that
// still draw from the bank (not over by their schedule) and whose draw the
// new version cannot satisfy. The gateway's bank upload and the CLI's bank
// import both refuse such a version, naming each contest and round.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/bank/question_bank.hpp"
#include "core/text/lang.hpp"
#include "store/contest_repository.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct UnmetDraw {
  std::string contest;
  std::string round;
  std::string path;     // in the contest's configuration: "rounds[1].draw.by_topic.mot-cua"
  std::string message;     // "asks for 5 questions of topic 'mot-cua', which holds 3"
  std::string message_vi;  // "cần 5 câu hỏi thuộc chủ đề 'mot-cua', nhưng chủ đề này chỉ có 3 câu hỏi"
  const std::string& message_in(core::Lang lang) const {
    return lang == core::Lang::vi && !message_vi.empty() ? message_vi : message;
  }
};

void find_unmet_draws(ContestRepository& contests, const core::QuestionBank& bank, std::int64_t now_ms,
                      std::function<void(StoreResult<std::vector<UnmetDraw>>)> done);

}  // namespace rq::store
