// Text as the product stores it: valid UTF-8 in Unicode NFC, trimmed.
// Vietnamese typed on different keyboards arrives precomposed (NFC) or
// decomposed (NFD); normalising makes "Thủ tục" one string whichever way it
// was typed. Uses utf8proc, a well-kept library, not tables of our own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rq::core {

// NFC and trimmed of surrounding white space (Unicode white space, including
// the no-break space Excel likes). nullopt when the input is not valid UTF-8.
std::optional<std::string> normalize_text(std::string_view text);

// NFC only, nothing trimmed (passwords: every character counts, but "ủ"
// typed decomposed must still match "ủ" typed precomposed). nullopt when
// the input is not valid UTF-8.
std::optional<std::string> to_nfc(std::string_view text);

// The number of Unicode code points (the unit of the size limits).
std::size_t count_chars(std::string_view utf8);

// For comparing texts for repeats: NFC, case folded, runs of white space
// collapsed to one space.
std::string comparison_key(std::string_view text);

// A lowercase ASCII slug for ids: "Thủ tục hành chính" → "thu-tuc-hanh-chinh"
// (diacritics removed, đ → d, anything else to '-').
std::string slugify(std::string_view text);

}  // namespace rq::core
