#include "core/text/vietnamese.hpp"

#include <string>

#include <utf8proc.h>

namespace rq::core {
namespace {

constexpr auto npos = std::string_view::npos;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// A letter of the Vietnamese alphabet that carries a diacritic, precomposed
// (NFC) or as one of the combining marks Vietnamese uses (NFD).
bool is_vietnamese_mark(utf8proc_int32_t cp) {
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return true;  // ạ ả ấ … ỹ
  if (cp >= 0xC0 && cp <= 0xFD) {
    // À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý and their lower case.
    constexpr std::string_view kLower = "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9\xFA\xFD";
    return kLower.find(static_cast<char>(cp | 0x20)) != npos;
  }
  // Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư, then the combining grave, acute, circumflex,
  // tilde, breve, hook above, horn and dot below.
  constexpr std::u16string_view kOthers =
      u"\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0"
      u"\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323";
  return cp > 0 && cp < 0x10000 && kOthers.find(static_cast<char16_t>(cp)) != npos;
}

}  // namespace

bool reads_as_vietnamese(std::string_view text) {
  int words = 0, marked = 0;
  bool letter = false, mark = false;  // of the word being read
  for (std::size_t pos = 0; pos <= text.size();) {
    utf8proc_int32_t cp = ' ';  // the end of the text ends the last word
    utf8proc_ssize_t n = 1;
    if (pos < text.size()) {
      n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                           static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
      if (n <= 0) n = 1, cp = 0xFFFD;
    }
    pos += static_cast<std::size_t>(n);
    if (cp < 0x80 && is_blank(static_cast<char>(cp))) {
      words += letter ? 1 : 0;
      marked += letter && mark ? 1 : 0;
      letter = mark = false;
    } else {
      letter = letter || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0;
      mark = mark || is_vietnamese_mark(cp);
    }
  }
  return marked > 0 && marked * 3 >= words;
}

}  // namespace rq::core
