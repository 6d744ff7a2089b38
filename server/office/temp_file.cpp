#include "office/temp_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace rq::office {

TempFile::TempFile(const std::string& stem, std::string& error) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string name = (dir / (stem + "-XXXXXX")).string();
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error = "cannot create a temp file in " + dir.string();
    return;
  }
  ::close(fd);  // libxlsxwriter opens it again by name at workbook_close
  path_ = std::move(name);
  dir_ = dir.string();
}

TempFile::~TempFile() {
  if (!path_.empty()) std::remove(path_.c_str());
}

std::optional<std::string> TempFile::read() const {
  std::ifstream in(path_, std::ios::binary);
  std::string bytes;
  if (in) bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in || bytes.empty()) return std::nullopt;
  return bytes;
}

}  // namespace rq::office
