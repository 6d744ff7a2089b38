#include "core/bank/json_lines.hpp"

#include <vector>

namespace rq::core {

int line_of_offset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

JsonLines json_value_lines(std::string_view text) {
  struct Frame {
    bool object;
    std::size_t index = 0;
    std::string key;
  };
  JsonLines lines;
  std::vector<Frame> stack;
  std::size_t pos = 0;
  int line = 1;

  auto skip_ws = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) {
      if (text[pos] == '\n') ++line;
      ++pos;
    }
  };
  auto path = [&] {
    std::string p;
    for (const auto& f : stack) p += "/" + (f.object ? f.key : std::to_string(f.index));
    return p;
  };
  // Reads a string starting at its opening quote; returns its raw content.
  auto read_string = [&] {
    std::string out;
    ++pos;
    while (pos < text.size() && text[pos] != '"') {
      if (text[pos] == '\\' && pos + 1 < text.size()) {
        out += text[pos + 1];
        pos += 2;
        continue;
      }
      if (text[pos] == '\n') ++line;
      out += text[pos++];
    }
    ++pos;
    return out;
  };

  enum class Next { value, key, after };
  Next next = Next::value;
  while (pos <= text.size()) {
    skip_ws();
    if (pos >= text.size()) break;
    if (next == Next::value) {
      lines.emplace(path(), line);
      char c = text[pos];
      if (c == '{' || c == '[') {
        stack.push_back(Frame{c == '{', 0, {}});
        ++pos;
        skip_ws();
        if (pos < text.size() && (text[pos] == '}' || text[pos] == ']')) {
          ++pos;
          stack.pop_back();
          next = Next::after;
        } else {
          next = c == '{' ? Next::key : Next::value;
        }
      } else if (c == '"') {
        read_string();
        next = Next::after;
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != ']' && text[pos] != '}' && text[pos] != ' ' &&
               text[pos] != '\n' && text[pos] != '\r' && text[pos] != '\t') {
          ++pos;
        }
        next = Next::after;
      }
    } else if (next == Next::key) {
      if (text[pos] != '"') break;  // not JSON after all; stop quietly
      stack.back().key = read_string();
      skip_ws();
      if (pos < text.size() && text[pos] == ':') ++pos;
      next = Next::value;
    } else {
      if (stack.empty()) break;
      char c = text[pos++];
      if (c == ',') {
        if (stack.back().object) {
          next = Next::key;
        } else {
          ++stack.back().index;
          next = Next::value;
        }
      } else if (c == '}' || c == ']') {
        stack.pop_back();
        next = Next::after;
      } else {
        break;
      }
    }
  }
  return lines;
}

}  // namespace rq::core
