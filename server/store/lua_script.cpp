#include "store/lua_script.hpp"

#include <map>
#include <stdexcept>

#include <openssl/evp.h>

#include "store/lua_sources.hpp"

namespace rq::store {
namespace {

std::string sha1_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    unsigned char b = digest[i];
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

const std::map<std::string, LuaScript, std::less<>>& all_scripts() {
  static const auto scripts = [] {
    std::map<std::string, LuaScript, std::less<>> m;
    for (const auto& src : embedded_lua_sources()) {
      std::string body(src.source);
      bool writes = body.rfind("#!lua flags=no-writes", 0) != 0;
      m.emplace(std::string(src.name), LuaScript{std::string(src.name), body, sha1_hex(body), writes});
    }
    return m;
  }();
  return scripts;
}

}  // namespace

const LuaScript& lua_script(std::string_view name) {
  const auto& scripts = all_scripts();
  auto it = scripts.find(name);
  if (it == scripts.end()) throw std::out_of_range("no embedded Lua script named \"" + std::string(name) + "\"");
  return it->second;
}

std::vector<const LuaScript*> all_lua_scripts() {
  std::vector<const LuaScript*> out;
  for (const auto& [name, script] : all_scripts()) out.push_back(&script);
  return out;
}

}  // namespace rq::store
