// Small text helpers shared by the line-based parsers (GIFT, Aiken).
#pragma once

#include <string>
#include <string_view>

namespace rq::core::parser_text {

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// "q-007": the n-th question of the file, counting skipped and broken ones
// too, so fixing one question never renames the others.
inline std::string generated_id(int n) {
  std::string digits = std::to_string(n);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "q-" + digits;
}

}  // namespace rq::core::parser_text
