// A workbook written with libxlsxwriter, as bytes. libxlsxwriter 1.1.4
// (Debian 12) writes only to a file, so the workbook goes through a private
// temp file (temp_file.hpp), with libxlsxwriter's own scratch files beside
// it, and is read back. `fill` adds the sheets; its first refusal ends it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <xlsxwriter.h>

namespace rq::office {

// nullopt, with `error` naming `what` ("the workbook"), when the temp file
// cannot be written or read back or libxlsxwriter refuses a cell.
std::optional<std::string> workbook_bytes(const std::string& stem, const std::string& what,
                                          const std::function<lxw_error(lxw_workbook*)>& fill, std::string& error);

}  // namespace rq::office
