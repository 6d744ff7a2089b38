// Organiser and contestant passwords, stored only as scrypt hashes (OpenSSL's
// EVP_PBE_scrypt): memory-hard, so a stolen database is slow to attack even
// with GPUs. The encoded form carries its parameters, so they can be raised
// later without breaking stored hashes:
//   $scrypt$ln=14,r=8,p=1$<salt, base64>$<hash, base64>
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rq::core {

struct ScryptParams {
  int log2_n = 14;  // N = 16384: about 16 MiB and tens of milliseconds per hash
  int r = 8;
  int p = 1;
};

// Hashes with a fresh random salt. Throws std::runtime_error only if the
// system cannot produce random bytes or memory (a broken machine).
std::string hash_password(std::string_view password, ScryptParams params = {});

// Constant-time comparison of the recomputed hash. False for a malformed
// encoding, never an exception.
bool verify_password(std::string_view password, std::string_view encoded);

// Organisers' passwords: at least 10 characters (in NFC), valid UTF-8. The
// reason a new one is refused, or nullopt when it is fine.
inline constexpr std::size_t kMinOrganiserPasswordChars = 10;
std::optional<std::string> organiser_password_problem(std::string_view password);

// The hash of a password nobody has, made once with the default parameters.
// A login for an account that does not exist is checked against it, so it
// costs the same time as one for an account that does, and reveals nothing
// about which phones or usernames exist. Safe to call from any thread.
const std::string& decoy_password_hash();

}  // namespace rq::core
