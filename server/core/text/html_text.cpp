#include "core/text/html_text.hpp"

#include <array>
#include <cctype>
#include <utility>

#include <utf8proc.h>

namespace rq::core {
namespace {

constexpr auto npos = std::string_view::npos;

std::string lower_name(std::string_view tag) {
  std::size_t i = tag.starts_with('/') ? 1 : 0;
  std::string name;
  while (i < tag.size() && std::isalnum(static_cast<unsigned char>(tag[i]))) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i])));
    ++i;
  }
  return name;
}

bool is_block(const std::string& name) {
  static constexpr std::array<std::string_view, 24> kBlocks{
      "p",  "br", "div", "li", "ul", "ol", "tr",  "td",         "th",      "table",  "tbody", "thead",
      "h1", "h2", "h3",  "h4", "h5", "h6", "hr",  "blockquote", "section", "header", "footer", "pre"};
  for (auto b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

void append_code_point(std::string& out, long cp) {
  if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

// Decodes the entity at html[i] ('&') into out; returns its length, 0 when it
// is not one (the '&' is then text).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  const auto semi = html.find(';', i);
  if (semi == npos || semi - i > 10) return 0;
  const std::string_view body = html.substr(i + 1, semi - i - 1);
  if (body.starts_with('#')) {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    long cp = 0;
    for (char c : digits) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                                     : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + v;
      if (cp > 0x10FFFF) cp = 0x110000;
    }
    append_code_point(out, cp);
    return semi - i + 1;
  }
  static constexpr std::pair<std::string_view, long> kNamed[] = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
      {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"laquo", 0xAB},
      {"raquo", 0xBB},   {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
      {"copy", 0xA9},    {"deg", 0xB0},     {"sect", 0xA7},    {"times", 0xD7}};
  for (const auto& [name, cp] : kNamed) {
    if (body == name) {
      append_code_point(out, cp);
      return semi - i + 1;
    }
  }
  return 0;
}

bool closes_before(char c) { return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')'; }

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

}  // namespace

std::string html_to_text(std::string_view html) {
  // First pass: markup out, entities decoded; a block boundary is written as
  // '\n' (a space to be), which the second pass turns into one space or none.
  std::string text;
  text.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        const auto end = html.find("-->", i + 4);
        i = end == npos ? html.size() : end + 3;
        continue;
      }
      const auto close = html.find('>', i);
      if (close == npos) {  // a lone '<' is text ("x < y")
        text += c;
        ++i;
        continue;
      }
      const std::string name = lower_name(html.substr(i + 1, close - i - 1));
      if (name.empty()) {  // "< 5" or "<>" is not a tag
        text += c;
        ++i;
        continue;
      }
      if ((name == "script" || name == "style") && html[i + 1] != '/') {
        const auto end = html.find("</" + name, close);
        i = end == npos ? html.size() : html.find('>', end) == npos ? html.size() : html.find('>', end) + 1;
        continue;
      }
      if (is_block(name)) text += '\n';
      i = close + 1;
      continue;
    }
    if (c == '&') {
      if (auto n = decode_entity(html, i, text)) {
        i += n;
        continue;
      }
    }
    // A line break in HTML source is layout, like a boundary.
    text += c == '\r' ? '\n' : c;
    ++i;
  }

  std::string out;
  out.reserve(text.size());
  bool pending = false;  // white space or a block boundary since the last character
  bool hard = false;     // of which some was typed (not only a boundary)
  for (char ch : text) {
    if (ch == '\n') {
      pending = true;
    } else if (is_ascii_space(ch)) {
      pending = hard = true;
    } else {
      // A boundary alone before ",": "<p>…</p>," keeps no space; a typed
      // space is the author's.
      if (pending && !out.empty() && (hard || !closes_before(ch))) out += ' ';
      pending = hard = false;
      out += ch;
    }
  }
  return out;
}

}  // namespace rq::core
