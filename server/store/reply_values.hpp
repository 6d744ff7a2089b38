// Small readers shared by the repositories: numbers out of Redis replies
// (integers, or strings from hashes) and the comma-joined id lists the Lua
// scripts store (option ids, question ids).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "store/redis_reply.hpp"

namespace rq::store {

// The reply as a number: an integer reply, or a string holding one; 0 otherwise.
inline long long reply_integer(const RedisReply& r) {
  if (r.kind == RedisReply::Kind::integer) return r.integer;
  if (r.kind == RedisReply::Kind::string && !r.str.empty()) {
    try {
      return std::stoll(r.str);
    } catch (const std::exception&) {
    }
  }
  return 0;
}

// "a,c" -> {"a", "c"}; empty parts are dropped.
inline std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    if (comma > pos) out.push_back(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

// {"c", "a"} -> "a,c" when sorted (the form right answers and choices are
// compared in), else in the given order.
inline std::string join_ids(std::vector<std::string> ids, bool sorted) {
  if (sorted) std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& s : ids) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The members of a set of ids (SMEMBERS), sorted, keeping only those that
// are valid ids: an index is never allowed to shape a key.
template <class IsValid>
std::vector<std::string> sorted_ids(const RedisReply& members, IsValid is_valid) {
  std::vector<std::string> ids;
  for (const auto& e : members.elements) {
    if (is_valid(e.str)) ids.push_back(e.str);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace rq::store
