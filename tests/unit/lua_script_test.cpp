// Lua scripts are embedded at build time and addressed by name and SHA-1.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

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

// Redis Cluster runs a script on the node of its keys' slot and follows a
// slot that is moving only by the keys the script declares: a key built
// inside a script could be read on a node that no longer holds it. So every
// redis.call's key argument is KEYS[...] or one of the few names a script
// binds to a KEYS entry (listed here, each checked by eye in its script).
TEST(LuaScript, EveryKeyAScriptTouchesComesFromItsKeys) {
  static const std::set<std::string> keyless{"TIME"};
  static const std::set<std::string> bound_to_keys{"key", "expected_key()"};
  std::regex call(R"(redis\.p?call\(\s*'([A-Z]+)'\s*(?:,\s*((?:[^,()]|\(\))+))?)");
  for (const LuaScript* script : all_lua_scripts()) {
    const std::string& src = script->source;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), call); it != std::sregex_iterator(); ++it) {
      std::string command = (*it)[1];
      std::string key = (*it)[2];
      if (keyless.count(command)) continue;
      bool from_keys = std::regex_match(key, std::regex(R"(KEYS\[[^\]]+\])")) || bound_to_keys.count(key);
      EXPECT_TRUE(from_keys) << script->name << ": " << command << " on \"" << key << "\"";
    }
  }
}

// The first line carries Redis 7's script flags: "#!lua" for a script that
// writes (refused on a replica or without enough replicas), "#!lua
// flags=no-writes" for one that only reads, which Redis then holds to it.
TEST(LuaScript, EveryScriptDeclaresWhetherItWrites) {
  for (const LuaScript* script : all_lua_scripts()) {
    auto first_line = script->source.substr(0, script->source.find('\n'));
    EXPECT_TRUE(first_line == "#!lua" || first_line == "#!lua flags=no-writes") << script->name << ": " << first_line;
    EXPECT_EQ(script->writes, first_line == "#!lua") << script->name;
  }
  EXPECT_FALSE(lua_script("participant_standing").writes);
  EXPECT_TRUE(lua_script("attempt_answer").writes);
}

}  // namespace lua_script_test
