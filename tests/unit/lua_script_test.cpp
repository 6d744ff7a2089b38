// Lua scripts are embedded at build time and addressed by name and SHA-1.
#include <gtest/gtest.h>

#include "store/lua_script.hpp"
#include "source_files.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace lua_script_test {

using namespace rq::store;

TEST(LuaScript, EmbeddedSourceIsTheFileInTheTree) {
  EXPECT_EQ(lua_script("clock").source, rq::test::read_source_file("server/store/lua/clock.lua"));
}

TEST(LuaScript, Sha1IsFortyLowercaseHexDigits) {
  const auto& sha = lua_script("clock").sha1;
  ASSERT_EQ(sha.size(), 40u);
  for (char c : sha) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << sha;
}

TEST(LuaScript, UnknownNameIsAProgrammingError) {
  EXPECT_THROW(lua_script("no-such-script"), std::out_of_range);
}

}  // namespace lua_script_test
