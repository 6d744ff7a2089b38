#include "office/workbook_file.hpp"

#include "office/temp_file.hpp"

namespace rq::office {

std::optional<std::string> workbook_bytes(const std::string& stem, const std::string& what,
                                          const std::function<lxw_error(lxw_workbook*)>& fill, std::string& error) {
  TempFile file(stem, error);
  if (!file.ok()) return std::nullopt;
  // libxlsxwriter's own scratch files go to the same folder (not /tmp
  // regardless of TMPDIR).
  lxw_workbook_options options{};
  options.tmpdir = file.dir().data();
  lxw_workbook* book = workbook_new_opt(file.path().c_str(), &options);
  if (!book) {
    error = "cannot start an XLSX workbook";
    return std::nullopt;
  }
  const lxw_error written = fill(book);
  const lxw_error closed = workbook_close(book);  // writes the file and frees the workbook, even after an error
  if (written != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    error = "cannot write " + what + ": " + lxw_strerror(written != LXW_NO_ERROR ? written : closed);
    return std::nullopt;
  }
  auto bytes = file.read();
  if (!bytes) error = "cannot read back " + what + " from " + file.path();
  return bytes;
}

}  // namespace rq::office
