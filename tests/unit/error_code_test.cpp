// Error codes are the stable contract with clients.
#include <gtest/gtest.h>

#include "core/protocol/error_code.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace error_code_test {

using namespace rq::core;

TEST(ErrorCode, NamesAreTheProtocolsSnakeCase) {
  EXPECT_EQ(to_string(ErrorCode::bad_request), "bad_request");
  EXPECT_EQ(to_string(ErrorCode::attempt_limit_reached), "attempt_limit_reached");
  EXPECT_EQ(to_string(ErrorCode::unavailable), "unavailable");
  EXPECT_EQ(to_string(ErrorCode::internal), "internal");
}

TEST(ErrorCode, EveryCodeHasVietnameseAndEnglishMessages) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
    auto code = static_cast<ErrorCode>(i);
    EXPECT_FALSE(default_message(code, Lang::vi).empty()) << to_string(code);
    EXPECT_FALSE(default_message(code, Lang::en).empty()) << to_string(code);
    EXPECT_NE(default_message(code, Lang::vi), default_message(code, Lang::en)) << to_string(code);
  }
}

TEST(ErrorCode, HttpStatusFitsTheCode) {
  EXPECT_EQ(http_status(ErrorCode::bad_request), 400);
  EXPECT_EQ(http_status(ErrorCode::unauthorized), 401);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
}

TEST(ErrorCode, LanguageIsViOrEn) {
  Lang lang = Lang::vi;
  EXPECT_TRUE(parse_lang("en", lang));
  EXPECT_EQ(lang, Lang::en);
  EXPECT_FALSE(parse_lang("fr", lang));
  EXPECT_EQ(lang, Lang::en);
}

}  // namespace error_code_test
