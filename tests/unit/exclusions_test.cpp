// The exclusion list (CONTEST_RULES.md, "Excluded people"): one test per
// rule of core/results/exclusions.hpp.
#include <gtest/gtest.h>

#include "core/results/exclusions.hpp"

namespace exclusions_test {

using namespace rq::core;
using nlohmann::json;

ContestConfig contest() {
  ContestConfig c;
  c.excluded_phones = {"0901000001"};
  c.excluded_id_numbers = {"001090012345"};
  RoundConfig a, b;
  a.opens_at = 5000;
  b.opens_at = 3000;
  c.rounds = {a, b};
  return c;
}

TEST(Exclusions, TheConfigurationsListStandsUntilTheOrganiserEditsIt) {
  EXPECT_EQ(exclusion_list(contest(), std::nullopt), (ExclusionList{{"0901000001"}, {"001090012345"}}));
  EXPECT_EQ(exclusion_list(contest(), std::string(R"({"phones":["0902000002"],"id_numbers":[]})")),
            (ExclusionList{{"0902000002"}, {}}));
}

TEST(Exclusions, APersonIsExcludedByPhoneOrIdNumberAsTheListStandsNow) {
  std::map<std::string, Person> people;
  people["a"].phone = "0901000001";
  people["b"].phone = "0903000003";
  people["b"].id_number = "001090012345";
  people["c"].phone = "0904000004";
  people["c"].excluded = true;  // stamped at registration from a list since edited
  apply_exclusions(exclusion_list(contest(), std::nullopt), people);
  EXPECT_TRUE(people["a"].excluded);
  EXPECT_TRUE(people["b"].excluded);
  EXPECT_FALSE(people["c"].excluded);
}

TEST(Exclusions, TheListIsEditableUntilTheFirstRoundOpens) { EXPECT_EQ(exclusions_editable_until(contest()), 3000); }

TEST(Exclusions, ANewListIsNormalisedWithDuplicatesDropped) {
  std::string field, problem;
  auto list = parse_exclusion_list(json{{"phones", {"090.100.0001", "+84901000001", "0987 654 321"}},
                                        {"id_numbers", {"001 090 012 345"}}},
                                   field, problem);
  ASSERT_TRUE(list) << field << ": " << problem;
  EXPECT_EQ(*list, (ExclusionList{{"0901000001", "0987654321"}, {"001090012345"}}));
}

TEST(Exclusions, ABadItemIsNamedByItsPlace) {
  std::string field, problem;
  EXPECT_FALSE(parse_exclusion_list(json{{"phones", {"0901000001", "12345"}}}, field, problem));
  EXPECT_EQ(field, "phones[1]");
  EXPECT_EQ(problem, "is not a Vietnamese mobile phone number (10 digits starting 03, 05, 07, 08 or 09)");
  EXPECT_FALSE(parse_exclusion_list(json{{"id_numbers", {"12ab"}}}, field, problem));
  EXPECT_EQ(field, "id_numbers[0]");
  EXPECT_FALSE(parse_exclusion_list(json{{"phone", json::array()}}, field, problem));
  EXPECT_EQ(field, "phone");
  EXPECT_EQ(problem, "unknown field (the list has: phones, id_numbers)");
  EXPECT_FALSE(parse_exclusion_list(json::array(), field, problem));
  EXPECT_EQ(field, "body");
}

TEST(Exclusions, AListIsAtMostTenThousandEach) {
  std::string field, problem;
  EXPECT_FALSE(parse_exclusion_list(json{{"phones", json(std::vector<std::string>(kMaxExcluded + 1, "0901000001"))}},
                                    field, problem));
  EXPECT_EQ(field, "phones");
}

}  // namespace exclusions_test
