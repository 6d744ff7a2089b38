// The promise that nothing about a right answer reaches a contestant before
// publication (CONTEST_RULES.md, "Fairness"), as a check over every field of
// every frame a test's contestant received: no field that marks an option
// right, no explanation, no bank option id, no seed, and a question shows
// its id, text, options and `multiple` only.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rq::test {

// Keys that would carry answer data or what derives it.
inline bool is_answer_key(const std::string& key) {
  static const std::set<std::string> kKeys{"answer_key", "right", "c", "m", "explanation", "is_correct", "correct_options",
                                           "bank_id", "bank_ids", "seed", "key"};
  return kKeys.count(key) > 0;
}

// Fails the test if the frame carries which options are right: a result's
// "correct" is a count of right answers; anything else under that name
// (option ids) would be answer data.
inline void expect_no_answers(const nlohmann::json& frame) {
  if (frame.is_object()) {
    if (frame.contains("correct")) {
      EXPECT_TRUE(frame.at("correct").is_number_integer()) << frame.dump();
    }
    for (const auto& [k, v] : frame.items()) {
      EXPECT_FALSE(is_answer_key(k)) << "\"" << k << "\" in " << frame.dump();
      expect_no_answers(v);
    }
  } else if (frame.is_array()) {
    for (const auto& v : frame) expect_no_answers(v);
  }
}

// The scan with the bank's own content: option ids and explanations.
class AnswerLeakScan {
 public:
  explicit AnswerLeakScan(const nlohmann::json& bank) {
    for (const auto& q : bank.at("questions")) {
      auto& ids = bank_option_ids_[q.at("id").get<std::string>()];
      for (const auto& o : q.at("options")) ids.insert(o.at("id").get<std::string>());
      auto explanation = q.value("explanation", "");
      if (!explanation.empty()) explanations_.insert(explanation);
    }
  }
  static AnswerLeakScan of_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    return AnswerLeakScan(nlohmann::json::parse(in));
  }

  // Every frame a contestant received, as received.
  void check_all(const std::vector<std::string>& frames) const {
    for (const auto& text : frames) {
      auto frame = nlohmann::json::parse(text, nullptr, false);
      EXPECT_FALSE(frame.is_discarded()) << text;
      check(frame, text);
      ++frames_checked_;
    }
  }
  std::size_t frames_checked() const { return frames_checked_; }

 private:
  void check(const nlohmann::json& v, const std::string& frame) const {
    if (v.is_string()) {
      // A short explanation ("Đúng") only as a whole value; a longer one anywhere.
      const auto& text = v.get_ref<const std::string&>();
      for (const auto& e : explanations_) {
        if (e.size() < 12) EXPECT_NE(text, e) << "an explanation in " << frame;
        else EXPECT_EQ(text.find(e), std::string::npos) << "an explanation in " << frame;
      }
      return;
    }
    if (v.is_array()) {
      for (const auto& item : v) check(item, frame);
      return;
    }
    if (!v.is_object()) return;
    if (v.contains("correct")) {
      EXPECT_TRUE(v.at("correct").is_number_integer()) << frame;
    }
    if (v.contains("options") && v.contains("text") && v.contains("id")) check_question(v, frame);
    // An attempt's answers so far: choices are the attempt's own option ids.
    if (v.contains("answers") && v.at("answers").is_object()) {
      for (const auto& [question, choices] : v.at("answers").items()) {
        auto bank_ids = bank_option_ids_.find(question);
        if (bank_ids == bank_option_ids_.end() || !choices.is_array()) continue;
        for (const auto& c : choices) {
          EXPECT_EQ(bank_ids->second.count(c.get<std::string>()), 0u) << "a bank option id among the answers: " << frame;
        }
      }
    }
    for (const auto& [k, item] : v.items()) {
      EXPECT_FALSE(is_answer_key(k)) << "\"" << k << "\" in " << frame;
      check(item, frame);
    }
  }

  void check_question(const nlohmann::json& q, const std::string& frame) const {
    for (const auto& [k, item] : q.items()) {
      EXPECT_TRUE(k == "id" || k == "text" || k == "options" || k == "multiple") << "question field \"" << k << "\" in " << frame;
    }
    auto bank_ids = bank_option_ids_.find(q.at("id").get<std::string>());
    for (const auto& o : q.at("options")) {
      EXPECT_EQ(o.size(), 2u) << "an option with more than its id and text: " << o.dump();
      auto id = o.value("id", "");
      if (bank_ids != bank_option_ids_.end()) {
        EXPECT_EQ(bank_ids->second.count(id), 0u) << "the bank's option id \"" << id << "\" in " << frame;
      }
    }
  }

  std::map<std::string, std::set<std::string>> bank_option_ids_;
  std::set<std::string> explanations_;
  mutable std::size_t frames_checked_ = 0;
};

}  // namespace rq::test
