// Passwords are stored only as scrypt hashes and match however the same
// person types them: one test per rule.
#include <gtest/gtest.h>

#include "core/security/password.hpp"

// Everything of this file in a namespace of its own (unity build).
namespace password_test {

using namespace rq::core;

// Cheaper than the default cost, so the suite stays fast; the rules do not
// depend on the cost, which the encoding carries.
constexpr ScryptParams kQuick{10, 8, 1};

TEST(Password, TheRightPasswordMatchesAndAWrongOneDoesNot) {
  auto stored = hash_password("mật khẩu của tôi", kQuick);
  EXPECT_TRUE(verify_password("mật khẩu của tôi", stored));
  EXPECT_FALSE(verify_password("mật khẩu của toi", stored));
  EXPECT_FALSE(verify_password("", stored));
}

TEST(Password, OnlyTheHashIsStoredWithItsParameters) {
  auto stored = hash_password("mat-khau-du-dai", kQuick);
  EXPECT_TRUE(stored.starts_with("$scrypt$ln=10,r=8,p=1$")) << stored;
  EXPECT_EQ(stored.find("mat-khau"), std::string::npos);
}

TEST(Password, EachHashHasItsOwnSalt) {
  EXPECT_NE(hash_password("giong-nhau-1", kQuick), hash_password("giong-nhau-1", kQuick));
}

TEST(Password, VietnameseTypedDecomposedMatchesTypedPrecomposed) {
  const std::string precomposed = "Th\u1EE7 t\u1EE5c 2026";    // "Thủ tục 2026": ủ and ụ as one code point each
  const std::string decomposed = "Thu\u0309 tu\u0323c 2026";   // u + hook above, u + dot below
  ASSERT_NE(precomposed, decomposed);
  EXPECT_TRUE(verify_password(decomposed, hash_password(precomposed, kQuick)));
  EXPECT_TRUE(verify_password(precomposed, hash_password(decomposed, kQuick)));
  EXPECT_FALSE(verify_password("Thu tuc 2026", hash_password(precomposed, kQuick))) << "the marks count";
}

TEST(Password, SpacesAroundArePartOfThePassword) {
  auto stored = hash_password(" hai dau cach ", kQuick);
  EXPECT_FALSE(verify_password("hai dau cach", stored));
  EXPECT_TRUE(verify_password(" hai dau cach ", stored));
}

TEST(Password, AMalformedStoredHashMatchesNothing) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "$bcrypt$whatever"));
  EXPECT_FALSE(verify_password("x", "$scrypt$ln=10,r=8,p=1$not base64$"));
  EXPECT_FALSE(verify_password("x", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA"));
}

}  // namespace password_test
