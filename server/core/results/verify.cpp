#include "core/results/verify.hpp"

#include <algorithm>
#include <set>

namespace rq::core {
namespace {

std::string shown(const nlohmann::json& v) {
  std::string s = v.is_null() ? "nothing" : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

void diff(const nlohmann::json& a, const nlohmann::json& b, const std::string& path, std::vector<std::string>& out,
          std::size_t limit) {
  if (out.size() >= limit) return;
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.items()) keys.insert(k);
    for (const auto& [k, v] : b.items()) keys.insert(k);
    for (const auto& k : keys) {
      diff(a.contains(k) ? a.at(k) : nlohmann::json(), b.contains(k) ? b.at(k) : nlohmann::json(),
           path.empty() ? k : path + "." + k, out, limit);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) {
      out.push_back(path + ": published " + std::to_string(a.size()) + " items, recomputed " + std::to_string(b.size()));
    }
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      diff(a[i], b[i], path + "[" + std::to_string(i) + "]", out, limit);
    }
    return;
  }
  if (a != b) out.push_back(path + ": published " + shown(a) + ", recomputed " + shown(b));
}

}  // namespace

std::vector<std::string> json_differences(const nlohmann::json& published, const nlohmann::json& recomputed,
                                          const std::vector<std::string>& ignored, std::size_t limit) {
  nlohmann::json a = published, b = recomputed;
  for (const auto& k : ignored) {
    if (a.is_object()) a.erase(k);
    if (b.is_object()) b.erase(k);
  }
  std::vector<std::string> out;
  diff(a, b, "", out, limit);
  return out;
}

}  // namespace rq::core
