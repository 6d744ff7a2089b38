// Lua scripts are files under server/store/lua/, embedded into the binary at
// build time (cmake/EmbedLua.cmake), so a deployed gateway always runs the
// scripts it was built and tested with. Each is known by its file name without
// the extension, and by the SHA-1 that EVALSHA needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rq::store {

struct LuaScript {
  std::string name;
  std::string source;
  std::string sha1;  // lowercase hex, as SCRIPT LOAD returns it
};

// The embedded script with this name; throws std::out_of_range naming it when
// there is none (a programming error: scripts are fixed at build time).
const LuaScript& lua_script(std::string_view name);

// Every embedded script, for loading them all when a connection comes up.
std::vector<const LuaScript*> all_lua_scripts();

}  // namespace rq::store
