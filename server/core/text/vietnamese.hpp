// Telling Vietnamese text from English, for formats that do not say which
// language a question is in (GIFT and Moodle true/false questions get their
// two options, "Đúng"/"Sai" or "True"/"False", in the question's language).
#pragma once

#include <string_view>

namespace rq::core {

// True when at least a third of the words carry Vietnamese diacritics
// (precomposed or combining). A mere "one word" rule would make an English
// question citing "Decree 63/2010/NĐ-CP" Vietnamese.
bool reads_as_vietnamese(std::string_view text);

}  // namespace rq::core
