// For the .xlsx and .docx fuzzers: random bytes rarely get past a zip
// archive's checksums, so an input that is not itself a zip archive is
// taken as the XML part the reader streams (a sheet, a document) and
// packed into an otherwise sound file; a zip archive is read as it is.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bank/zip_writer.hpp"

inline std::string office_file(std::string_view input, std::vector<std::pair<std::string, std::string>> fixed,
                               const std::string& part) {
  if (input.starts_with("PK")) return std::string(input);
  fixed.emplace_back(part, std::string(input));
  std::string error;
  auto bytes = rq::core::zip_parts(fixed, error);
  return bytes ? *bytes : std::string();
}
