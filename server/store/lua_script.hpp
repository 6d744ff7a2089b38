// Lua scripts are files under server/store/lua/, embedded into the binary at
// build time (cmake/EmbedLua.cmake), so a deployed gateway always runs the
// scripts it was built and tested with. Each is known by its file name without
// the extension, and by the SHA-1 that EVALSHA needs. Every script starts
// with a "#!lua" line (Redis 7's flags), and names every key it touches in
// KEYS, never building a key itself: in Redis Cluster a script may only
// touch the keys it declares, all in one slot.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rq::store {

struct LuaScript {
  std::string name;
  std::string source;
  std::string sha1;  // lowercase hex, as SCRIPT LOAD returns it
  // False for a script whose first line is "#!lua flags=no-writes" (Redis
  // then refuses any write it tries). Only scripts that write wait for
  // replicas (RedisClientOptions::wait_replicas).
  bool writes = true;
};

// The embedded script with this name; throws std::out_of_range naming it when
// there is none (a programming error: scripts are fixed at build time).
const LuaScript& lua_script(std::string_view name);

// Every embedded script, for loading them all when a connection comes up.
std::vector<const LuaScript*> all_lua_scripts();

}  // namespace rq::store
