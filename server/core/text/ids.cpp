#include "core/text/ids.hpp"

#include <algorithm>
#include <cctype>

namespace rq::core {

bool is_slug(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (!alnum(id.front())) return false;
  return std::all_of(id.begin(), id.end(), [&](char ch) { return alnum(ch) || ch == '-' || ch == '_'; });
}

bool is_item_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; };
  if (!alnum(id.front())) return false;
  return std::all_of(id.begin(), id.end(), [&](char ch) { return alnum(ch) || ch == '-' || ch == '_' || ch == '.'; });
}

}  // namespace rq::core
