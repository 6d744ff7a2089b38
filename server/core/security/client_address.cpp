#include "core/security/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace rq::core {
namespace {

std::string trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// 16 bytes, IPv4 as ::ffff:a.b.c.d. Takes what proxies and sockets write:
// "1.2.3.4", "1.2.3.4:5678", "::1", "[::1]", "[::1]:5678", and a zone
// ("fe80::1%eth0", dropped: it names an interface, not a client).
std::optional<std::array<std::uint8_t, 16>> bytes_of(std::string_view text) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string::npos) return std::nullopt;
    s = s.substr(1, close - 1);
  } else if (auto colon = s.find(':'); colon != std::string::npos && s.find(':', colon + 1) == std::string::npos) {
    s = s.substr(0, colon);  // IPv4 with a port
  }
  if (auto zone = s.find('%'); zone != std::string::npos) s = s.substr(0, zone);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool is_mapped_v4(const std::array<std::uint8_t, 16>& b) {
  return std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) && b[10] == 0xff && b[11] == 0xff;
}

std::string text_of(const std::array<std::uint8_t, 16>& b) {
  char buf[INET6_ADDRSTRLEN];
  if (is_mapped_v4(b)) {
    in_addr v4{};
    std::memcpy(&v4, b.data() + 12, 4);
    return inet_ntop(AF_INET, &v4, buf, sizeof buf);
  }
  in6_addr v6{};
  std::memcpy(&v6, b.data(), 16);
  return inet_ntop(AF_INET6, &v6, buf, sizeof buf);
}

}  // namespace

std::optional<std::string> canonical_address(std::string_view text) {
  auto b = bytes_of(text);
  if (!b) return std::nullopt;
  return text_of(*b);
}

std::variant<TrustedProxies, std::string> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const auto& raw : entries) {
    std::string entry = trimmed(raw);
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    auto bytes = bytes_of(entry.substr(0, slash));
    if (!bytes) return "\"" + entry + "\" is not an IP address or network (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)";
    Network net{*bytes, 128};
    if (slash != std::string::npos) {
      std::string bits = entry.substr(slash + 1);
      bool digits = !bits.empty() && bits.size() <= 3 && std::all_of(bits.begin(), bits.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
      int n = digits ? std::stoi(bits) : -1;
      int max = is_mapped_v4(*bytes) ? 32 : 128;
      if (n < 0 || n > max) return "\"" + entry + "\": the prefix length must be 0 to " + std::to_string(max);
      net.prefix = is_mapped_v4(*bytes) ? 96 + n : n;
    }
    out.nets_.push_back(net);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto b = bytes_of(address);
  if (!b) return false;
  for (const auto& net : nets_) {
    bool inside = true;
    for (int bit = 0; bit < net.prefix && inside; ++bit) {
      std::uint8_t mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
      inside = ((*b)[bit / 8] & mask) == (net.bytes[bit / 8] & mask);
    }
    if (inside) return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const TrustedProxies& trusted) {
  // A peer that is no address at all is nobody's: one shared key, never a
  // key built from unknown text.
  std::string socket_peer = canonical_address(peer).value_or("0.0.0.0");
  if (trusted.empty() || !trusted.contains(socket_peer)) return socket_peer;
  // "client, proxy1, proxy2": from the right, past every trusted proxy.
  std::string client = socket_peer;
  std::size_t end = forwarded_for.size();
  while (end > 0) {
    auto comma = forwarded_for.rfind(',', end - 1);
    std::size_t start = comma == std::string_view::npos ? 0 : comma + 1;
    auto hop = canonical_address(forwarded_for.substr(start, end - start));
    // A hop a proxy wrote that is no address ("unknown", a name): the
    // socket's peer, not one proxy address shared by every client behind it.
    if (!hop) return socket_peer;
    client = *hop;
    if (!trusted.contains(client)) return client;
    if (comma == std::string_view::npos) break;
    end = comma;
  }
  return client;
}

}  // namespace rq::core
