// A file of our own in the temp folder, removed however we leave: where
// libxlsxwriter writes a workbook before we read its bytes back.
#pragma once

#include <optional>
#include <string>

namespace rq::office {

class TempFile {
 public:
  // `stem` names the file ("reformquiz-ranking"); on failure ok() is false
  // and `error` says why.
  TempFile(const std::string& stem, std::string& error);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  // The folder, for libxlsxwriter's own scratch files (it would use /tmp
  // regardless of TMPDIR).
  std::string& dir() { return dir_; }
  // The file's bytes; nullopt when it cannot be read or is empty.
  std::optional<std::string> read() const;

 private:
  std::string path_;
  std::string dir_;
};

}  // namespace rq::office
