#include "core/security/password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "core/security/tokens.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

// A password as the same person types it on any device: keyboards send
// Vietnamese letters precomposed (NFC) or decomposed (NFD), so both are
// hashed in NFC. Bytes that are not UTF-8 are kept as they are.
std::string as_typed_anywhere(std::string_view typed) {
  auto nfc = to_nfc(typed);
  return nfc ? *nfc : std::string(typed);
}

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::string base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

bool unbase64(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  out.assign(3 * text.size() / 4, 0);
  int len = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (len < 0) return false;
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(len) - padding);
  return true;
}

bool scrypt(std::string_view password, const unsigned char* salt, std::size_t salt_len, const ScryptParams& p,
            unsigned char* out, std::size_t out_len) {
  if (p.log2_n < 1 || p.log2_n > 20 || p.r < 1 || p.r > 32 || p.p < 1 || p.p > 16) return false;
  std::uint64_t n = 1ULL << p.log2_n;
  std::uint64_t maxmem = 128ULL * n * static_cast<std::uint64_t>(p.r) * static_cast<std::uint64_t>(p.p) + (1 << 20);
  return EVP_PBE_scrypt(password.data(), password.size(), salt, salt_len, n, static_cast<std::uint64_t>(p.r),
                        static_cast<std::uint64_t>(p.p), maxmem, out, out_len) == 1;
}

}  // namespace

std::string hash_password(std::string_view typed, ScryptParams params) {
  std::string password = as_typed_anywhere(typed);
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) throw std::runtime_error("no random bytes for a password salt");
  unsigned char hash[kHashBytes];
  if (!scrypt(password, salt, sizeof salt, params, hash, sizeof hash)) throw std::runtime_error("scrypt failed");
  char head[64];
  std::snprintf(head, sizeof head, "$scrypt$ln=%d,r=%d,p=%d$", params.log2_n, params.r, params.p);
  return std::string(head) + base64(salt, sizeof salt) + "$" + base64(hash, sizeof hash);
}

bool verify_password(std::string_view typed, std::string_view encoded) {
  std::string password = as_typed_anywhere(typed);
  ScryptParams p;
  constexpr std::string_view prefix = "$scrypt$";
  if (encoded.substr(0, prefix.size()) != prefix) return false;
  std::string rest(encoded.substr(prefix.size()));
  int consumed = 0;
  if (std::sscanf(rest.c_str(), "ln=%d,r=%d,p=%d$%n", &p.log2_n, &p.r, &p.p, &consumed) != 3 || consumed == 0) {
    return false;
  }
  std::string_view tail = std::string_view(rest).substr(static_cast<std::size_t>(consumed));
  auto dollar = tail.find('$');
  if (dollar == std::string_view::npos) return false;
  std::vector<unsigned char> salt, expected;
  if (!unbase64(tail.substr(0, dollar), salt) || !unbase64(tail.substr(dollar + 1), expected)) return false;
  if (expected.empty() || expected.size() > 64) return false;
  std::vector<unsigned char> actual(expected.size());
  if (!scrypt(password, salt.data(), salt.size(), p, actual.data(), actual.size())) return false;
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

std::optional<std::string> organiser_password_problem(std::string_view password) {
  auto nfc = to_nfc(password);
  if (!nfc) return "the password is not valid UTF-8";
  if (count_chars(*nfc) < kMinOrganiserPasswordChars) {
    return "the password must have at least " + std::to_string(kMinOrganiserPasswordChars) + " characters";
  }
  return std::nullopt;
}

const std::string& decoy_password_hash() {
  static const std::string hash = hash_password(random_token());
  return hash;
}

}  // namespace rq::core
