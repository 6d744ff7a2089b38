// Who a request comes from, for the limits per address. Behind a proxy
// (nginx) every connection comes from the proxy, and the client's address is
// in X-Forwarded-For, a header any client can also write. So the header is
// believed only on connections from proxies the operator names
// (--trusted-proxy), and it is read from the right: the client is the
// nearest address that is not itself a trusted proxy. Pure: addresses are
// text, parsed with inet_pton.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rq::core {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each entry an address or a network ("10.0.0.0/8", "fd00::/8", "::1");
  // otherwise the message naming the first bad entry.
  static std::variant<TrustedProxies, std::string> parse(const std::vector<std::string>& entries);
  bool contains(std::string_view address) const;
  bool empty() const { return nets_.empty(); }

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Network> nets_;
};

// An address in its canonical text (IPv4 dotted, IPv6 as inet_ntop writes
// it, IPv4-mapped IPv6 as IPv4), or nullopt when it is not an address.
std::optional<std::string> canonical_address(std::string_view text);

// The client's address: `peer` (the socket's) unless `peer` is a trusted
// proxy and `forwarded_for` (every X-Forwarded-For line, joined with commas
// in order) names who it forwards for. Never anything but an address's text.
std::string client_address(std::string_view peer, std::string_view forwarded_for, const TrustedProxies& trusted);

}  // namespace rq::core
