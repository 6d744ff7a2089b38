// The query of a request target (after '?'), decoded: "a=1&b=x%20y" gives
// {a: "1", b: "x y"}; '+' is a space, as browsers send forms. No Beast.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace rq::net {

std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace rq::net
