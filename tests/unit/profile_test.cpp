// Registration profiles: one test per rule, each asserting the exact field,
// code and message, so the form shows every error where it belongs.
#include <gtest/gtest.h>

#include <functional>
#include <ostream>

#include "core/contest/profile.hpp"

// gtest finds PrintTo by argument-dependent lookup: it stays in the type's namespace.
namespace rq::core {
void PrintTo(const FieldProblem& p, std::ostream* os) {
  *os << "{\"" << p.field << "\", \"" << p.code << "\", \"" << p.message << "\"}";
}
}  // namespace rq::core

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace profile_test {

using namespace rq::core;
using nlohmann::json;

using Problems = std::vector<FieldProblem>;

constexpr const char* kToday = "2026-12-03";

ContestConfig contest() {
  ContestConfig c;
  c.id = "cchc-2026";
  c.categories = {{"cbccvc", "Cán bộ, công chức, viên chức"}, {"nhan-dan", "Nhân dân"}};
  c.units = {{"so-noi-vu", "Sở Nội vụ", "so-nganh", 120}, {"ubnd-xa", "UBND xã", "", std::nullopt}};
  return c;
}

json valid() {
  return {{"name", "Nguyễn Thị Ánh"}, {"phone", "0901234567"}, {"birth_date", "1990-05-17"}, {"unit", "so-noi-vu"},
          {"category", "cbccvc"},     {"password", "mat-khau-1"}};
}

ProfileResult check_with(const std::function<void(json&)>& edit) {
  json raw = valid();
  edit(raw);
  return check_profile(raw, contest(), kToday);
}

Problems problems_with(const std::function<void(json&)>& edit) { return check_with(edit).problems; }

TEST(Profile, ValidProfileIsAccepted) {
  auto r = check_with([](json& p) {
    p["id_number"] = "001 090 012 345";
    p["email"] = "Anh.Nguyen@Example.VN";
  });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.profile.name, "Nguyễn Thị Ánh");
  EXPECT_EQ(r.profile.phone, "0901234567");
  EXPECT_EQ(r.profile.birth_date, "1990-05-17");
  EXPECT_EQ(r.profile.unit, "so-noi-vu");
  EXPECT_EQ(r.profile.category, "cbccvc");
  EXPECT_EQ(r.profile.password, "mat-khau-1");
  EXPECT_EQ(r.profile.id_number, "001090012345");
  EXPECT_EQ(r.profile.email, "Anh.Nguyen@example.vn");
}

TEST(Profile, EveryProblemIsReportedAtItsField) {
  auto r = check_profile(json{{"name", "A1"}, {"phone", "12345"}, {"birth_date", "1990-13-01"}, {"unit", "x"},
                              {"category", "y"}, {"password", "short"}, {"id_number", "123"}, {"email", "a@b"}},
                         contest(), kToday);
  EXPECT_EQ(r.problems,
            (Problems{{"name", "invalid", "may hold only letters, spaces, apostrophes, hyphens and dots (found '1')"},
                      {"phone", "invalid",
                       "must be a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or 09 (e.g. 0901234567), "
                       "or +84 followed by 9 digits"},
                      {"birth_date", "invalid", "must be a date written YYYY-MM-DD, e.g. 1990-05-17"},
                      {"unit", "not_in_list", "'x' is not one of the contest's units"},
                      {"category", "not_in_list", "'y' is not one of the contest's categories"},
                      {"password", "too_short", "must be at least 8 characters"},
                      {"id_number", "invalid", "must be 12 digits (CCCD) or 9 digits (old CMND)"},
                      {"email", "invalid", "must be an email address such as ten@example.vn"}}));
}

TEST(Profile, RequiredFieldsAreRequired) {
  EXPECT_EQ(check_profile(json::object(), contest(), kToday).problems,
            (Problems{{"name", "required", "is required"},
                      {"phone", "required", "is required"},
                      {"birth_date", "required", "is required"},
                      {"unit", "required", "is required"},
                      {"category", "required", "is required"},
                      {"password", "required", "is required"}}));
  EXPECT_EQ(problems_with([](json& p) { p["name"] = "   "; }), (Problems{{"name", "required", "is required"}}));
}

TEST(Profile, WrongJsonTypesAreInvalidAtTheirField) {
  EXPECT_EQ(problems_with([](json& p) {
              p["phone"] = 901234567;
              p["unit"] = json::array({"so-noi-vu"});
              p["id_number"] = 1234567890;
            }),
            (Problems{{"phone", "invalid", "must be a string"},
                      {"unit", "invalid", "must be a string"},
                      {"id_number", "invalid", "must be a string"}}));
}

TEST(Profile, ProfileMustBeAnObject) {
  EXPECT_EQ(check_profile(json::array(), contest(), kToday).problems,
            (Problems{{"profile", "invalid", "must be an object {name, phone, birth_date, unit, category, password}"}}));
}

TEST(Profile, FieldsTheContestDoesNotAskForAreIgnored) {
  EXPECT_TRUE(check_with([](json& p) {
                p["gender"] = "nu";
                p["address"] = {{"commune", "Phường 1"}};
              }).ok());
}

// ---- name -----------------------------------------------------------------

TEST(Profile, NameTypedInNfdIsStoredInNfc) {
  // "Nguyễn" decomposed: e + combining circumflex (U+0302) + combining tilde (U+0303).
  auto r = check_with([](json& p) { p["name"] = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n A"; });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.profile.name, "Nguyễn Văn A");
}

TEST(Profile, NameIsTrimmedAndInnerSpacesCollapsed) {
  EXPECT_EQ(check_with([](json& p) { p["name"] = "  Trần \t Văn\xC2\xA0\xC2\xA0" "Bình  "; }).profile.name, "Trần Văn Bình");
}

TEST(Profile, NameMayHoldLettersOfAnyScriptApostrophesHyphensAndDots) {
  for (const char* name : {"H'Hen Niê", "Y-Moan Êban", "Đặng Văn K'Lơng", "Nguyễn T. Hằng", "Ông Ích Đường",
                           "Lê Ánh-Dương", "李小龍", "Kim Min-ji"}) {
    auto r = check_with([&](json& p) { p["name"] = name; });
    EXPECT_TRUE(r.ok()) << name << ": " << ::testing::PrintToString(r.problems);
    EXPECT_EQ(r.profile.name, name);
  }
}

TEST(Profile, TypographicApostropheInANameBecomesAPlainOne) {
  EXPECT_EQ(check_with([](json& p) { p["name"] = "H\xE2\x80\x99Hen Niê"; }).profile.name, "H'Hen Niê");
}

TEST(Profile, NameWithDigitsOrSymbolsIsInvalid) {
  EXPECT_EQ(problems_with([](json& p) { p["name"] = "Nguyễn Văn A2"; }),
            (Problems{{"name", "invalid", "may hold only letters, spaces, apostrophes, hyphens and dots (found '2')"}}));
  EXPECT_EQ(problems_with([](json& p) { p["name"] = "Trần@Bình"; }),
            (Problems{{"name", "invalid", "may hold only letters, spaces, apostrophes, hyphens and dots (found '@')"}}));
  EXPECT_EQ(problems_with([](json& p) { p["name"] = "-- ."; }),
            (Problems{{"name", "invalid", "must contain letters"}}));
}

TEST(Profile, NameIsFrom2To100Characters) {
  EXPECT_EQ(problems_with([](json& p) { p["name"] = "Á"; }),
            (Problems{{"name", "too_short", "must be at least 2 characters"}}));
  EXPECT_TRUE(check_with([](json& p) { p["name"] = "Ưu"; }).ok());
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "ễ";  // 100 characters, 300 bytes
  EXPECT_TRUE(check_with([&](json& p) { p["name"] = hundred; }).ok());
  EXPECT_EQ(problems_with([&](json& p) { p["name"] = hundred + "a"; }),
            (Problems{{"name", "too_long", "must be at most 100 characters (it has 101)"}}));
}

// ---- phone ----------------------------------------------------------------

TEST(Profile, PhoneWithPlus84AndDotsIsNormalised) {
  for (const char* phone : {"+84 90 123 4567", "84901234567", "090.123.4567", "(090) 123-4567", "+84.90.123.4567",
                            "0901234567"}) {
    EXPECT_EQ(normalize_phone(phone), "0901234567") << phone;
    EXPECT_EQ(check_with([&](json& p) { p["phone"] = phone; }).profile.phone, "0901234567") << phone;
  }
}

TEST(Profile, PhoneOfEveryMobileNetworkIsAccepted) {
  for (const char* phone : {"0321234567", "0561234567", "0701234567", "0861234567", "0961234567"}) {
    EXPECT_EQ(normalize_phone(phone), phone);
  }
}

TEST(Profile, LandlinesAreRefused) {
  EXPECT_EQ(normalize_phone("0243 825 1234"), std::nullopt);  // Hà Nội
  EXPECT_EQ(normalize_phone("+84 28 3829 1234"), std::nullopt);  // Hồ Chí Minh City
}

TEST(Profile, InvalidPhonesAreRefused) {
  for (const char* phone : {"090123456", "09012345678", "1901234567", "0101234567", "090123456a", "+1 415 555 0100",
                            "+840901234567", "84 90 123 456", "0901+234567", "090/123/4567"}) {
    EXPECT_EQ(normalize_phone(phone), std::nullopt) << phone;
  }
  EXPECT_EQ(problems_with([](json& p) { p["phone"] = "0243 825 1234"; }),
            (Problems{{"phone", "invalid",
                       "must be a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or 09 (e.g. 0901234567), "
                       "or +84 followed by 9 digits"}}));
}

// ---- birth date -------------------------------------------------------------

TEST(Profile, BirthDateMustBeARealDate) {
  for (const char* date : {"1990-02-30", "17/05/1990", "1990-5-17", "1990-05-17T00:00:00"}) {
    EXPECT_EQ(problems_with([&](json& p) { p["birth_date"] = date; }),
              (Problems{{"birth_date", "invalid", "must be a date written YYYY-MM-DD, e.g. 1990-05-17"}}))
        << date;
  }
}

TEST(Profile, BirthDateMayNotBeInTheFuture) {
  EXPECT_EQ(problems_with([](json& p) { p["birth_date"] = "2026-12-04"; }),
            (Problems{{"birth_date", "invalid", "is in the future"}}));
}

TEST(Profile, ContestantMustBeAtLeastSixYearsOld) {
  EXPECT_TRUE(check_with([](json& p) { p["birth_date"] = "2020-12-03"; }).ok());  // six today
  EXPECT_EQ(problems_with([](json& p) { p["birth_date"] = "2020-12-04"; }),
            (Problems{{"birth_date", "too_young", "the contestant must be at least 6 years old"}}));
}

TEST(Profile, AgeOver120IsTooOld) {
  EXPECT_TRUE(check_with([](json& p) { p["birth_date"] = "1906-12-04"; }).ok());  // 119, 120 tomorrow
  EXPECT_TRUE(check_with([](json& p) { p["birth_date"] = "1906-12-03"; }).ok());  // 120 today
  EXPECT_EQ(problems_with([](json& p) { p["birth_date"] = "1905-12-03"; }),
            (Problems{{"birth_date", "too_old", "gives an age over 120 years"}}));
}

// ---- unit, category, password ---------------------------------------------

TEST(Profile, UnitMustBeOneOfTheContestsUnits) {
  EXPECT_EQ(check_with([](json& p) { p["unit"] = "ubnd-xa"; }).profile.unit, "ubnd-xa");
  EXPECT_EQ(problems_with([](json& p) { p["unit"] = "Sở Nội vụ"; }),
            (Problems{{"unit", "not_in_list", "'Sở Nội vụ' is not one of the contest's units"}}));
}

TEST(Profile, CategoryMustBeOneOfTheContestsCategories) {
  EXPECT_EQ(problems_with([](json& p) { p["category"] = "hoc-sinh"; }),
            (Problems{{"category", "not_in_list", "'hoc-sinh' is not one of the contest's categories"}}));
}

TEST(Profile, PasswordIsFrom8To128Characters) {
  EXPECT_TRUE(check_with([](json& p) { p["password"] = "12345678"; }).ok());
  EXPECT_TRUE(check_with([](json& p) { p["password"] = "mật khẩu"; }).ok());  // 8 characters, more bytes
  EXPECT_EQ(problems_with([](json& p) { p["password"] = "1234567"; }),
            (Problems{{"password", "too_short", "must be at least 8 characters"}}));
  EXPECT_EQ(problems_with([](json& p) { p["password"] = std::string(129, 'x'); }),
            (Problems{{"password", "too_long", "must be at most 128 characters"}}));
}

// ---- optional fields --------------------------------------------------------

TEST(Profile, IdNumberIsOptionalAnd12Or9Digits) {
  EXPECT_EQ(check_with([](json& p) { p["id_number"] = ""; }).profile.id_number, "");
  EXPECT_EQ(check_with([](json& p) { p["id_number"] = nullptr; }).profile.id_number, "");
  EXPECT_EQ(check_with([](json& p) { p["id_number"] = "123 456 789"; }).profile.id_number, "123456789");
  EXPECT_EQ(check_with([](json& p) { p["id_number"] = "001090012345"; }).profile.id_number, "001090012345");
  for (const char* id : {"12345678", "1234567890", "00109001234A", "001-090-012-345"}) {
    EXPECT_EQ(problems_with([&](json& p) { p["id_number"] = id; }),
              (Problems{{"id_number", "invalid", "must be 12 digits (CCCD) or 9 digits (old CMND)"}}))
        << id;
  }
}

TEST(Profile, EmailIsOptionalAndItsDomainIsLowercased) {
  EXPECT_EQ(check_with([](json& p) { p["email"] = ""; }).profile.email, "");
  EXPECT_EQ(check_with([](json& p) { p["email"] = " Lan.Tran@Hanoi.GOV.vn "; }).profile.email, "Lan.Tran@hanoi.gov.vn");
}

TEST(Profile, EmailNeedsOneAtADottedDomainAndNoSpaces) {
  for (const char* email : {"lan", "lan@", "@hanoi.gov.vn", "lan@hanoi", "lan@@hanoi.gov.vn", "lan@a@hanoi.vn",
                            "lan tran@hanoi.gov.vn", "lan@.vn", "lan@hanoi.", "lan@hanoi..vn"}) {
    EXPECT_EQ(problems_with([&](json& p) { p["email"] = email; }),
              (Problems{{"email", "invalid", "must be an email address such as ten@example.vn"}}))
        << email;
  }
}

TEST(Profile, EmailIsAtMost254Characters) {
  std::string local(64, 'a');
  std::string domain = std::string(186, 'b') + ".vn";  // 64 + 1 + 189 = 254
  EXPECT_TRUE(check_with([&](json& p) { p["email"] = local + "@" + domain; }).ok());
  EXPECT_EQ(problems_with([&](json& p) { p["email"] = local + "@b" + domain; }),
            (Problems{{"email", "too_long", "must be at most 254 characters"}}));
}

// ---- the contest's join code -------------------------------------------------

ContestConfig with_join_code() {
  auto c = contest();
  c.join_code = "CCHC-Quang Nam 2026";
  return c;
}

TEST(Profile, AContestsJoinCodeIsRequiredToRegister) {
  EXPECT_EQ(check_profile(valid(), with_join_code(), kToday).problems,
            (Problems{{"join_code", "required", "is required"}}));
}

TEST(Profile, AWrongJoinCodeIsRefusedAtItsField) {
  auto raw = valid();
  raw["join_code"] = "CCHC-2025";
  EXPECT_EQ(check_profile(raw, with_join_code(), kToday).problems,
            (Problems{{"join_code", "invalid", "is not the contest's join code"}}));
}

TEST(Profile, TheJoinCodeIsComparedWithoutCaseAndSpaces) {
  auto raw = valid();
  raw["join_code"] = " cchc-quangnam2026 ";
  EXPECT_TRUE(check_profile(raw, with_join_code(), kToday).ok());
}

TEST(Profile, AJoinCodeSentToAContestWithoutOneIsIgnored) {
  auto raw = valid();
  raw["join_code"] = "anything";
  EXPECT_TRUE(check_profile(raw, contest(), kToday).ok());
}

// ---- the optional fields the contest asks for ------------------------------

ContestConfig asking(FieldAsked gender, FieldAsked address, FieldAsked commune, std::vector<Commune> communes = {}) {
  auto c = contest();
  c.profile_fields = {gender, address, commune};
  c.communes = std::move(communes);
  return c;
}

TEST(Profile, AskedFieldsAreCheckedAndKept) {
  json raw = valid();
  raw["gender"] = "female";
  raw["address"] = "  Số 12,   thôn Phú Thạnh ";
  raw["commune"] = "xa-tam-ky";
  auto r = check_profile(raw, asking(FieldAsked::required, FieldAsked::optional, FieldAsked::required,
                                     {{"xa-tam-ky", "Xã Tam Kỳ"}}),
                         kToday);
  ASSERT_TRUE(r.ok()) << r.problems[0].message;
  EXPECT_EQ(r.profile.gender, "female");
  EXPECT_EQ(r.profile.address, "Số 12, thôn Phú Thạnh");
  EXPECT_EQ(r.profile.commune, "xa-tam-ky");
}

TEST(Profile, RequiredOptionalFieldsAreRequiredAndOptionalOnesMayBeLeftOut) {
  EXPECT_EQ(check_profile(valid(), asking(FieldAsked::required, FieldAsked::required, FieldAsked::required), kToday).problems,
            (Problems{{"gender", "required", "is required"},
                      {"address", "required", "is required"},
                      {"commune", "required", "is required"}}));
  EXPECT_TRUE(check_profile(valid(), asking(FieldAsked::optional, FieldAsked::optional, FieldAsked::optional), kToday).ok());
}

TEST(Profile, GenderIsMaleOrFemaleAsOnTheIdCard) {
  json raw = valid();
  raw["gender"] = "nu";
  EXPECT_EQ(check_profile(raw, asking(FieldAsked::optional, FieldAsked::no, FieldAsked::no), kToday).problems,
            (Problems{{"gender", "invalid", "must be male or female, as on the citizen ID card"}}));
}

TEST(Profile, AddressIsFrom5To200Characters) {
  json raw = valid();
  raw["address"] = "Hội";
  auto c = asking(FieldAsked::no, FieldAsked::required, FieldAsked::no);
  EXPECT_EQ(check_profile(raw, c, kToday).problems, (Problems{{"address", "too_short", "must be at least 5 characters"}}));
  raw["address"] = std::string(201, 'a');
  EXPECT_EQ(check_profile(raw, c, kToday).problems, (Problems{{"address", "too_long", "must be at most 200 characters"}}));
}

TEST(Profile, CommuneIsOneOfTheContestsListWhenItHasOne) {
  json raw = valid();
  raw["commune"] = "xa-khac";
  EXPECT_EQ(check_profile(raw, asking(FieldAsked::no, FieldAsked::no, FieldAsked::required, {{"xa-tam-ky", "Xã Tam Kỳ"}}),
                          kToday)
                .problems,
            (Problems{{"commune", "not_in_list", "'xa-khac' is not one of the contest's communes"}}));
  // Without a list it is a name, checked for length only.
  raw["commune"] = "Phường An Mỹ";
  auto r = check_profile(raw, asking(FieldAsked::no, FieldAsked::no, FieldAsked::required), kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.profile.commune, "Phường An Mỹ");
  raw["commune"] = "P";
  EXPECT_EQ(check_profile(raw, asking(FieldAsked::no, FieldAsked::no, FieldAsked::required), kToday).problems,
            (Problems{{"commune", "too_short", "must be at least 2 characters"}}));
}

}  // namespace profile_test
