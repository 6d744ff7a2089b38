#include "core/bank/docx_numbering.hpp"

#include <charconv>

namespace rq::core {
namespace {

int to_int(std::string_view s, int fallback) {
  int v = fallback;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : fallback;
}

std::string letters(int n, bool upper) {
  // Word's letter lists go A…Z, then AA…ZZ, AAA…
  if (n < 1) return "";
  const char c = static_cast<char>((upper ? 'A' : 'a') + (n - 1) % 26);
  return std::string(static_cast<std::size_t>((n - 1) / 26 + 1), c);
}

std::string roman(int n, bool upper) {
  static const std::pair<int, const char*> kDigits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                                                        {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                                                        {5, "v"},    {4, "iv"},   {1, "i"}};
  std::string out;
  for (const auto& [value, digits] : kDigits) {
    while (n >= value && out.size() < 32) out += digits, n -= value;
  }
  if (upper) {
    for (auto& c : out) c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string format_list_number(int n, std::string_view format) {
  if (format == "upperLetter") return letters(n, true);
  if (format == "lowerLetter") return letters(n, false);
  if (format == "upperRoman") return roman(n, true);
  if (format == "lowerRoman") return roman(n, false);
  if (format == "decimalZero") return (n < 10 ? "0" : "") + std::to_string(n);
  if (format == "bullet" || format == "none") return "";
  return std::to_string(n);  // decimal, and the formats a question set does not use
}

class NumberingHandler : public XmlHandler {
 public:
  explicit NumberingHandler(ListNumbers& out) : out_(out) {}

  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    if (name == "abstractNum") {
      abstract_ = &out_.abstracts_[std::string(attribute_value(a, "abstractNumId"))];
      num_ = nullptr;
    } else if (name == "num") {
      num_ = &out_.nums_[std::string(attribute_value(a, "numId"))];
      abstract_ = nullptr;
    } else if (name == "lvl" && abstract_) {
      level_ = &abstract_->levels[to_int(attribute_value(a, "ilvl"), 0)];
    } else if (name == "lvlOverride" && num_) {
      override_level_ = to_int(attribute_value(a, "ilvl"), 0);
    } else if (name == "start" && level_) {
      level_->start = to_int(attribute_value(a, "val"), 1);
    } else if (name == "numFmt" && level_) {
      level_->format = attribute_value(a, "val");
    } else if (name == "lvlText" && level_) {
      level_->text = attribute_value(a, "val");
    } else if (name == "abstractNumId" && num_) {
      num_->abstract_id = attribute_value(a, "val");
    } else if (name == "startOverride" && num_ && override_level_ >= 0) {
      num_->start_overrides[override_level_] = to_int(attribute_value(a, "val"), 1);
    }
  }
  void end(std::string_view, std::string_view name) override {
    if (name == "lvl") level_ = nullptr;
    if (name == "lvlOverride") override_level_ = -1;
    if (name == "abstractNum") abstract_ = nullptr;
    if (name == "num") num_ = nullptr;
  }
  void text(std::string_view) override {}

 private:
  ListNumbers& out_;
  ListNumbers::Abstract* abstract_ = nullptr;
  ListNumbers::Num* num_ = nullptr;
  ListLevel* level_ = nullptr;
  int override_level_ = -1;
};

bool ListNumbers::read(std::string_view numbering_xml) {
  NumberingHandler handler(*this);
  XmlReader reader;
  XmlError error;
  return reader.parse(numbering_xml, handler, error);
}

std::string ListNumbers::next(const std::string& num_id, int level) {
  if (num_id.empty() || num_id == "0" || level < 0 || level > 8) return "";
  auto num = nums_.find(num_id);
  if (num == nums_.end()) return "";
  auto abstract = abstracts_.find(num->second.abstract_id);
  if (abstract == abstracts_.end()) return "";
  auto& counters = counters_[num->second.abstract_id];
  // A list instance that restarts its numbering does so where it is first used.
  if (!num->second.used) {
    num->second.used = true;
    for (const auto& [l, start] : num->second.start_overrides) counters[l] = start - 1;
  }
  const auto& levels = abstract->second.levels;
  auto start_of = [&](int l) {
    auto it = levels.find(l);
    return it == levels.end() ? 1 : it->second.start;
  };
  if (!counters.count(level)) counters[level] = start_of(level) - 1;
  ++counters[level];
  // A deeper level starts again under each new number of this one.
  for (auto it = counters.upper_bound(level); it != counters.end();) it = counters.erase(it);
  auto here = levels.find(level);
  if (here == levels.end() || here->second.format == "bullet" || here->second.format == "none") return "";
  std::string out;
  const std::string& pattern = here->second.text;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
      const int l = pattern[i + 1] - '1';
      auto lv = levels.find(l);
      const int n = counters.count(l) ? counters[l] : start_of(l);
      out += format_list_number(n, lv == levels.end() ? "decimal" : lv->second.format);
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace rq::core
