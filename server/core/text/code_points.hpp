// Walking UTF-8 one code point at a time, for the text rules (normalising,
// slugs, names, e-mail addresses) that look at each character.
#pragma once

#include <cstddef>
#include <string_view>

#include <utf8proc.h>

namespace rq::core {

// Calls f(code point, byte offset, byte length) for each code point; a byte
// that does not start valid UTF-8 counts as one code point of its own (with
// the code point -1), so a caller can refuse it or pass it through.
template <class F>
void for_each_code_point(std::string_view s, F f) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                              static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    std::size_t len = n <= 0 ? 1 : static_cast<std::size_t>(n);
    f(n <= 0 ? -1 : cp, pos, len);
    pos += len;
  }
}

}  // namespace rq::core
