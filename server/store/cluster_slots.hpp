// Redis Cluster's key slots: CRC16 (XMODEM) of the key's hash tag, modulo
// 16384. The hash tag is the text between the first "{" and the next "}"
// when it is not empty; otherwise the whole key counts. Every key of a
// contest carries {<contest>} (keys.hpp), so a contest lives in one slot.
#pragma once

#include <cstdint>
#include <string_view>

namespace rq::store {

inline constexpr int kClusterSlots = 16384;

std::uint16_t crc16_xmodem(std::string_view data);
int key_slot(std::string_view key);

}  // namespace rq::store
