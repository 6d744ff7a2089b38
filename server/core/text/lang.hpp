// The two languages the product speaks: Vietnamese first, English second.
// Messages for people (error replies, a bank's problems, a contest
// configuration's problems) come in either.
#pragma once

#include <string>
#include <string_view>

namespace rq::core {

enum class Lang { vi, en };

// "vi" or "en"; anything else is nullopt-like: returns false and leaves `out`.
bool parse_lang(std::string_view text, Lang& out);

// A message in both languages, for text made where the reader's language is
// not known yet (a parser's problem, shown later to whoever asked).
struct Localized {
  std::string en;
  std::string vi;
  const std::string& in(Lang lang) const { return lang == Lang::vi && !vi.empty() ? vi : en; }
  bool operator==(const Localized&) const = default;
};

}  // namespace rq::core
