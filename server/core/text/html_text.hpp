// Question text that arrives as HTML (GIFT's [html] and [moodle] text, Moodle
// XML's format="html", Word) reduced to the plain text the product stores.
// Inline markup (<b>, <span>, <a>…) vanishes without a trace, so
// "<b>76</b>," stays "76,"; block boundaries (<p>, <br>, <li>, <div>…)
// separate words with one space, and never leave a space before the
// punctuation that follows them. Entities are decoded, named (the common
// ones) and numeric; white space runs collapse to one space.
#pragma once

#include <string>
#include <string_view>

namespace rq::core {

std::string html_to_text(std::string_view html);

}  // namespace rq::core
