// Whose address a request is counted against: the socket's peer, unless it
// is a proxy the operator trusts, whose X-Forwarded-For then names the client.
#include <gtest/gtest.h>

#include "core/security/client_address.hpp"

namespace client_address_test {

using namespace rq::core;

TrustedProxies trusted(std::vector<std::string> entries) {
  auto parsed = TrustedProxies::parse(entries);
  if (auto* e = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *e;
  return std::get_if<TrustedProxies>(&parsed) ? std::get<TrustedProxies>(parsed) : TrustedProxies{};
}

TEST(ClientAddress, WithoutATrustedProxyTheHeaderIsIgnored) {
  EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", TrustedProxies{}), "203.0.113.9");
}

TEST(ClientAddress, AnUntrustedPeerCannotChooseItsAddress) {
  EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", trusted({"127.0.0.1"})), "203.0.113.9");
}

TEST(ClientAddress, ATrustedProxyNamesTheClient) {
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7", trusted({"127.0.0.1"})), "198.51.100.7");
}

TEST(ClientAddress, TheHeaderIsReadFromTheRightPastEveryTrustedProxy) {
  // The client wrote "1.2.3.4" itself; the first proxy (10.0.0.5) saw 198.51.100.7.
  auto proxies = trusted({"10.0.0.0/8", "127.0.0.1"});
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.5", proxies), "198.51.100.7");
}

TEST(ClientAddress, AHopThatIsNoAddressCountsTheSocketsPeerNotAProxyEveryoneShares) {
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7, unknown", trusted({"127.0.0.1"})), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "garbage, 10.0.0.5", trusted({"127.0.0.1", "10.0.0.0/8"})), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted({"127.0.0.1"})), "127.0.0.1");
}

TEST(ClientAddress, HopsWithPortsAndZonesAreTheirAddresses) {
  auto proxies = trusted({"127.0.0.1"});
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7:50122", proxies), "198.51.100.7");
  EXPECT_EQ(client_address("127.0.0.1", "[2001:db8::7]:443", proxies), "2001:db8::7");
  EXPECT_EQ(client_address("fe80::1%eth0", "", proxies), "fe80::1");
  EXPECT_EQ(client_address("not an address", "", proxies), "0.0.0.0");
}

TEST(ClientAddress, AddressesAreCanonical) {
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "2001:DB8::1", trusted({"127.0.0.1"})), "2001:db8::1");
  EXPECT_EQ(canonical_address("[::1]"), "::1");
  EXPECT_FALSE(canonical_address("example.org"));
}

TEST(ClientAddress, NetworksMatchByTheirPrefix) {
  auto proxies = trusted({"192.168.0.0/16", "fd00::/8"});
  EXPECT_TRUE(proxies.contains("192.168.44.3"));
  EXPECT_FALSE(proxies.contains("192.169.0.1"));
  EXPECT_TRUE(proxies.contains("fd12::7"));
  EXPECT_FALSE(proxies.contains("fe80::1"));
}

TEST(ClientAddress, ABadEntryIsNamed) {
  auto bad = TrustedProxies::parse({"10.0.0.1", "10.0.0.0/33"});
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_EQ(std::get<std::string>(bad), "\"10.0.0.0/33\": the prefix length must be 0 to 32");
  auto name = TrustedProxies::parse({"proxy.local"});
  EXPECT_EQ(std::get<std::string>(name), "\"proxy.local\" is not an IP address or network (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)");
}

}  // namespace client_address_test
