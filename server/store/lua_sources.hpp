// The Lua sources embedded at build time; generated into the build folder by
// cmake/EmbedLua.cmake from server/store/lua/*.lua.
#pragma once

#include <span>
#include <string_view>

namespace rq::store {

struct EmbeddedLua {
  std::string_view name;
  std::string_view source;
};

std::span<const EmbeddedLua> embedded_lua_sources();

}  // namespace rq::store
