// Text normalisation: NFC, trimming, comparison keys and slugs.
#include <gtest/gtest.h>

#include "core/text/normalize.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace text_normalize_test {

using namespace rq::core;

// "Thủ tục" typed decomposed: u + combining hook above, u + combining dot below.
const std::string kNfd = "Thu\xCC\x89 tu\xCC\xA3\x63";
const std::string kNfc = "Th\xE1\xBB\xA7 t\xE1\xBB\xA5\x63";

TEST(TextNormalize, NfdBecomesNfc) {
  ASSERT_NE(kNfd, kNfc);
  EXPECT_EQ(normalize_text(kNfd), kNfc);
  EXPECT_EQ(normalize_text(kNfc), kNfc);
}

TEST(TextNormalize, TrimsUnicodeSpaceIncludingNoBreakSpace) {
  EXPECT_EQ(normalize_text("\xC2\xA0 \t Nhân dân \r\n"), "Nhân dân");
  EXPECT_EQ(normalize_text("   "), "");
}

TEST(TextNormalize, InvalidUtf8IsRefused) {
  EXPECT_FALSE(normalize_text("caf\xE9").has_value());  // Latin-1 é
}

TEST(TextNormalize, CountsCharactersNotBytes) {
  EXPECT_EQ(count_chars("Thủ tục"), 7u);
  EXPECT_EQ(count_chars("abc"), 3u);
}

TEST(TextNormalize, ComparisonKeyIgnoresCaseSpacingAndForm) {
  EXPECT_EQ(comparison_key("  THỦ   tục "), comparison_key(kNfd));
}

TEST(TextNormalize, SlugDropsDiacriticsAndMapsDToD) {
  EXPECT_EQ(slugify("Thủ tục hành chính"), "thu-tuc-hanh-chinh");
  EXPECT_EQ(slugify("Đơn vị / Địa phương"), "don-vi-dia-phuong");
  EXPECT_EQ(slugify("the-che"), "the-che");
  EXPECT_EQ(slugify("!!!"), "");
}

}  // namespace text_normalize_test
