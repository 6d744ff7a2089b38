// The key schema: one contest in one hash slot, ids that cannot break keys.
#include <gtest/gtest.h>

#include "store/keys.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace keys_test {

using namespace rq::store;

TEST(Keys, ContestKeysShareTheContestHashTag) {
  EXPECT_EQ(keys::contest_config("cchc-2026"), "rq:{cchc-2026}:config");
  EXPECT_EQ(keys::contest_events("cchc-2026"), "rq:{cchc-2026}:events");
  EXPECT_EQ(keys::contest_disqualified("cchc-2026"), "rq:{cchc-2026}:disqualified");
  EXPECT_EQ(keys::contest_deadlines("cchc-2026"), "rq:{cchc-2026}:deadlines");
  EXPECT_EQ(keys::round_state("cchc-2026", "ky-1"), "rq:{cchc-2026}:round:ky-1");
  EXPECT_EQ(keys::attempt("cchc-2026", "a1"), "rq:{cchc-2026}:attempt:a1");
  EXPECT_EQ(keys::participant("cchc-2026", "p1"), "rq:{cchc-2026}:participant:p1");
  EXPECT_EQ(keys::contest_channel("cchc-2026"), "rq:channel:{cchc-2026}");
}

TEST(Keys, BankAndAdminKeys) {
  EXPECT_EQ(keys::bank_head("cchc-2021-2030"), "rq:bank:{cchc-2021-2030}");
  EXPECT_EQ(keys::bank_version("cchc-2021-2030", 3), "rq:bank:{cchc-2021-2030}:v3");
  EXPECT_EQ(keys::bank_index(), "rq:banks");
  EXPECT_EQ(keys::admin_user("btc"), "rq:admin:user:btc");
  EXPECT_EQ(keys::admin_index(), "rq:admin:users");
  EXPECT_EQ(keys::admin_failures_of_user("btc"), "rq:admin:fail:{_logins}:user:btc");
  EXPECT_EQ(keys::admin_failures_of_address("::1"), "rq:admin:fail:{_logins}:addr:::1");
  EXPECT_THROW(keys::admin_failures_of_address("1.2.3.4 x"), std::invalid_argument);
}

TEST(Keys, IdsAreLowercaseSlugs) {
  EXPECT_TRUE(keys::is_valid_id("ky-1"));
  EXPECT_TRUE(keys::is_valid_id("a_b-9"));
  EXPECT_FALSE(keys::is_valid_id(""));
  EXPECT_FALSE(keys::is_valid_id("-a"));
  EXPECT_FALSE(keys::is_valid_id("A"));
  EXPECT_FALSE(keys::is_valid_id("a}b"));
  EXPECT_FALSE(keys::is_valid_id("a:b"));
  EXPECT_FALSE(keys::is_valid_id(std::string(65, 'a')));
}

TEST(Keys, AnIdThatCouldBreakTheHashTagIsRefused) {
  EXPECT_THROW(keys::contest_config("x}{y"), std::invalid_argument);
  EXPECT_THROW(keys::round_state("ok", "bad:round"), std::invalid_argument);
}

}  // namespace keys_test
