// Text as Moodle XML holds it: <questiontext format="html"><text>…</text>,
// or the element's own text (<idnumber>, <single>). Text in format html or
// moodle_auto_format (HTML, Moodle's default) is reduced to plain text
// (html_text.hpp); plain_text and markdown are kept as written. Trimmed.
#pragma once

#include <string>

#include "core/bank/xml_tree.hpp"

namespace rq::core {

std::string moodle_text(const XmlElement& holder);

}  // namespace rq::core
