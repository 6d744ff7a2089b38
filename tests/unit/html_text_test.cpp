// HTML reduced to the text a question stores (GIFT [html], Moodle XML, Word).
#include <gtest/gtest.h>

#include "core/text/html_text.hpp"

namespace html_text_test {

using rq::core::html_to_text;

TEST(HtmlText, InlineTagsLeaveNoSpaceBeforePunctuation) {
  EXPECT_EQ(html_to_text("giai đoạn&nbsp;<strong>2021–2030</strong>?"), "giai đoạn 2021–2030?");
  EXPECT_EQ(html_to_text("Nghị quyết <b>76</b>, ngày <em>15/7/2021</em>."), "Nghị quyết 76, ngày 15/7/2021.");
}

TEST(HtmlText, BlockBoundariesSeparateWordsWithOneSpace) {
  EXPECT_EQ(html_to_text("<p>Câu một.</p>\n<p>Câu hai?</p>"), "Câu một. Câu hai?");
  EXPECT_EQ(html_to_text("dòng<br>dòng<br/>dòng"), "dòng dòng dòng");
  EXPECT_EQ(html_to_text("<p>Hỏi</p>?"), "Hỏi?");
}

TEST(HtmlText, TypedSpacesAreTheAuthors) {
  EXPECT_EQ(html_to_text("A , B"), "A , B");
}

TEST(HtmlText, EntitiesNamedAndNumericAreDecoded) {
  EXPECT_EQ(html_to_text("&lt; 10% &amp; &#273;&#x1EA1;i &ndash; &quot;x&quot;"), "< 10% & đại – \"x\"");
  EXPECT_EQ(html_to_text("&unknown; &#xZZ;"), "&unknown; &#xZZ;");
}

TEST(HtmlText, ALoneLessThanIsText) { EXPECT_EQ(html_to_text("x < y và 2<3"), "x < y và 2<3"); }

TEST(HtmlText, CommentsScriptsAndStylesVanish) {
  EXPECT_EQ(html_to_text("a<!-- b -->c<script>alert(1)</script><style>p{}</style>d"), "acd");
}

}  // namespace html_text_test
