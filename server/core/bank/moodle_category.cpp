#include "core/bank/moodle_category.hpp"

#include <vector>

#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<CategoryTopic> topic_from_category(std::string_view path) {
  std::vector<std::string> segments(1);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && i + 1 < path.size() && path[i + 1] == '/') {
      segments.back() += '/';
      ++i;
    } else if (path[i] == '/') {
      segments.emplace_back();
    } else {
      segments.back() += path[i];
    }
  }
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    const std::string_view name = trim(*it);
    const bool placeholder = name.size() >= 2 && name.front() == '$' && name.back() == '$';
    if (name.empty() || placeholder || name == "top") continue;
    std::string id = slugify(name);
    if (id.empty()) continue;
    return CategoryTopic{std::move(id), std::string(name)};
  }
  return std::nullopt;
}

}  // namespace rq::core
