// The line on which each value of a JSON text starts, by JSON Pointer
// ("/questions/3/correct/0"), so that a problem found in the parsed document
// can be reported at its line. nlohmann/json keeps no positions, hence this
// small scanner; it assumes text that has already parsed as JSON.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace rq::core {

using JsonLines = std::unordered_map<std::string, int>;

JsonLines json_value_lines(std::string_view text);

// The 1-based line of a byte offset.
int line_of_offset(std::string_view text, std::size_t offset);

}  // namespace rq::core
