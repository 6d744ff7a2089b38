// The organiser roles' rules (core/security/organiser_role.hpp), one test each.
#include <gtest/gtest.h>

#include "core/security/organiser_role.hpp"

namespace organiser_role_test {

using rq::core::access_problem;
using rq::core::may;
using rq::core::normalised;
using rq::core::OrganiserAccess;
using rq::core::OrganiserRole;
using rq::core::Permission;

const OrganiserAccess kAdmin{"btc", OrganiserRole::admin, {}};
const OrganiserAccess kOrganiser{"so-noi-vu", OrganiserRole::organiser, {"cchc-2026"}};
const OrganiserAccess kViewer{"xem", OrganiserRole::viewer, {"cchc-2026"}};

const Permission kAll[] = {Permission::signed_in,      Permission::manage_accounts, Permission::manage_banks,
                           Permission::create_contest, Permission::read_contest,    Permission::change_contest,
                           Permission::personal_data};

TEST(OrganiserRole, AnAdminMayDoEverythingOnEveryContest) {
  for (auto p : kAll) EXPECT_TRUE(may(kAdmin, p, "bat-ky")) << static_cast<int>(p);
}

TEST(OrganiserRole, AnOrganiserWorksOnTheirNamedContestsOnly) {
  for (auto p : {Permission::read_contest, Permission::change_contest, Permission::personal_data}) {
    EXPECT_TRUE(may(kOrganiser, p, "cchc-2026"));
    EXPECT_FALSE(may(kOrganiser, p, "khac"));
  }
}

TEST(OrganiserRole, AnOrganiserWorksOnTheSharedBanks) { EXPECT_TRUE(may(kOrganiser, Permission::manage_banks)); }

TEST(OrganiserRole, OnlyAnAdminCreatesContestsAndManagesAccounts) {
  for (const auto& a : {kOrganiser, kViewer}) {
    EXPECT_FALSE(may(a, Permission::create_contest));
    EXPECT_FALSE(may(a, Permission::manage_accounts));
  }
}

TEST(OrganiserRole, AViewerReadsTheirNamedContestsAndNothingElse) {
  EXPECT_TRUE(may(kViewer, Permission::read_contest, "cchc-2026"));
  EXPECT_FALSE(may(kViewer, Permission::read_contest, "khac"));
  EXPECT_FALSE(may(kViewer, Permission::change_contest, "cchc-2026"));
  EXPECT_FALSE(may(kViewer, Permission::manage_banks));  // the banks hold the answers
}

TEST(OrganiserRole, AViewerSeesNoPersonalData) { EXPECT_FALSE(may(kViewer, Permission::personal_data, "cchc-2026")); }

TEST(OrganiserRole, EveryoneSignedInMayManageTheirOwnSession) {
  for (const auto& a : {kAdmin, kOrganiser, kViewer}) EXPECT_TRUE(may(a, Permission::signed_in));
}

TEST(OrganiserRole, AnOrganiserOrViewerNeedsAtLeastOneContest) {
  EXPECT_EQ(access_problem({"a", OrganiserRole::organiser, {}}), "an organiser needs at least one contest");
  EXPECT_EQ(access_problem({"a", OrganiserRole::viewer, {}}), "a viewer needs at least one contest");
  EXPECT_EQ(access_problem({"a", OrganiserRole::admin, {}}), std::nullopt);
  EXPECT_EQ(access_problem(kViewer), std::nullopt);
}

TEST(OrganiserRole, AnAdminHasNoContestListAndAListHasEachContestOnce) {
  EXPECT_TRUE(normalised({"a", OrganiserRole::admin, {"x"}}).contests.empty());
  EXPECT_EQ(normalised({"a", OrganiserRole::viewer, {"b", "a", "b"}}).contests, (std::vector<std::string>{"a", "b"}));
}

TEST(OrganiserRole, RoleNamesReadBackAsTheRoleAndNothingElseIsARole) {
  for (auto r : {OrganiserRole::admin, OrganiserRole::organiser, OrganiserRole::viewer}) {
    EXPECT_EQ(rq::core::organiser_role_of(rq::core::to_string(r)), r);
  }
  EXPECT_EQ(rq::core::organiser_role_of("Admin"), std::nullopt);
  EXPECT_EQ(rq::core::organiser_role_of(""), std::nullopt);
}

}  // namespace organiser_role_test
