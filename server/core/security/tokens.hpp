// Bearer tokens: 32 random bytes from OpenSSL's RAND_bytes, as 64 lowercase
// hex characters. Only their SHA-256 is stored, so a copy of the database
// holds no usable token.
#pragma once

#include <string>
#include <string_view>

namespace rq::core {

std::string random_token();
std::string sha256_hex(std::string_view data);
// True when the text could be a token (64 lowercase hex characters).
bool looks_like_token(std::string_view text);

}  // namespace rq::core
