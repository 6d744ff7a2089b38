// Files of the source tree that unit tests read: the shipped question banks
// and their example imports.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace rq::test {

// The whole file, as bytes; a missing file is an error, not an empty text.
inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(REFORMQUIZ_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("no such file in the source tree: " + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace rq::test
