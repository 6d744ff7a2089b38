// The promise that right answers never reach a contestant before
// publication, as a check over every frame a test received.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rq::test {

// Fails the test if the frame carries which options are right: a result's
// "correct" is a count of right answers; anything else under that name
// (option ids) would be answer data.
inline void expect_no_answers(const nlohmann::json& frame) {
  if (frame.is_object()) {
    if (frame.contains("correct")) {
      EXPECT_TRUE(frame.at("correct").is_number_integer()) << frame.dump();
    }
    for (const char* leak : {"answer_key", "right", "c"}) EXPECT_FALSE(frame.contains(leak)) << frame.dump();
    for (const auto& [k, v] : frame.items()) expect_no_answers(v);
  } else if (frame.is_array()) {
    for (const auto& v : frame) expect_no_answers(v);
  }
}

}  // namespace rq::test
