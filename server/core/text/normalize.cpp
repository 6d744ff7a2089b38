#include "core/text/normalize.hpp"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include "core/text/code_points.hpp"

namespace rq::core {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

std::optional<std::string> map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                        static_cast<utf8proc_ssize_t>(text.size()), &out, static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (n < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool is_space(utf8proc_int32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xFEFF) return true;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

// Byte offsets of the first and one past the last non-space code point.
std::pair<std::size_t, std::size_t> trim_bounds(std::string_view s) {
  std::size_t begin = s.size(), end = 0;
  for_each_code_point(s, [&](utf8proc_int32_t cp, std::size_t pos, std::size_t len) {
    if (is_space(cp)) return;
    if (begin == s.size()) begin = pos;
    end = pos + len;
  });
  if (begin == s.size()) return {0, 0};
  return {begin, end};
}

}  // namespace

std::optional<std::string> to_nfc(std::string_view text) { return map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE); }

std::optional<std::string> normalize_text(std::string_view text) {
  auto nfc = to_nfc(text);
  if (!nfc) return std::nullopt;
  auto [b, e] = trim_bounds(*nfc);
  return nfc->substr(b, e - b);
}

std::size_t count_chars(std::string_view utf8) {
  std::size_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string comparison_key(std::string_view text) {
  auto folded = map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  std::string in = folded ? *folded : std::string(text);
  std::string out;
  bool space = false;
  for_each_code_point(in, [&](utf8proc_int32_t cp, std::size_t pos, std::size_t len) {
    if (is_space(cp)) {
      space = !out.empty();
      return;
    }
    if (space) out += ' ';
    space = false;
    out.append(in, pos, len);
  });
  return out;
}

std::string slugify(std::string_view text) {
  auto stripped = map(text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  std::string in = stripped ? *stripped : std::string(text);
  std::string out;
  bool dash = false;
  for_each_code_point(in, [&](utf8proc_int32_t cp, std::size_t, std::size_t) {
    if (cp == 0x0111 || cp == 0x0110) cp = 'd';  // đ has no decomposition
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(cp);
    } else if (cp == '_' && !out.empty()) {
      if (dash) out += '-';
      dash = false;
      out += '_';
    } else {
      dash = true;
    }
  });
  if (out.size() > 64) out.resize(64);
  while (!out.empty() && (out.back() == '-' || out.back() == '_')) out.pop_back();
  return out;
}

}  // namespace rq::core
