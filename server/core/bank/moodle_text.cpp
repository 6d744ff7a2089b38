#include "core/bank/moodle_text.hpp"

#include "core/text/html_text.hpp"

namespace rq::core {
namespace {

std::string trimmed(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string moodle_text(const XmlElement& holder) {
  const XmlElement* text = holder.child("text");
  const std::string& raw = text ? text->text : holder.text;
  const std::string_view format = holder.attribute("format").value_or("");
  if (format == "html" || format == "moodle_auto_format") return trimmed(html_to_text(raw));
  return trimmed(raw);
}

}  // namespace rq::core
