#include "core/text/lang.hpp"

namespace rq::core {

bool parse_lang(std::string_view text, Lang& out) {
  if (text == "vi") {
    out = Lang::vi;
    return true;
  }
  if (text == "en") {
    out = Lang::en;
    return true;
  }
  return false;
}

}  // namespace rq::core
