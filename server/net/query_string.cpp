#include "net/query_string.hpp"

#include "net/static_files.hpp"

namespace rq::net {

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      for (auto* s : {&key, &value}) {
        for (auto& c : *s) {
          if (c == '+') c = ' ';
        }
        std::string decoded;
        if (percent_decode(*s, decoded)) *s = decoded;
      }
      out.emplace(std::move(key), std::move(value));
    }
    pos = amp + 1;
  }
  return out;
}

}  // namespace rq::net
