// The zip container of an .xlsx or .docx, read from memory with libzip
// (libzip-dev), which checks the archive's structure and each entry's CRC.
// Entries are read with a bound on their size, so a small hostile file that
// inflates to gigabytes (a zip bomb) is refused, not unpacked.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/text/lang.hpp"

namespace rq::core {

// An entry larger than this, uncompressed, is refused (a 10 MiB upload of
// text-heavy XML inflates about tenfold).
inline constexpr std::size_t kMaxZipEntryBytes = 200 * 1024 * 1024;

class ZipArchive {
 public:
  // nullopt, with `error` saying why in words an organiser can act on (in
  // both languages), when the bytes are not a zip archive. The bytes must
  // outlive the archive.
  static std::optional<ZipArchive> open(std::string_view bytes, Localized& error);

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  bool has(const std::string& name) const;
  // The entry's bytes; nullopt with `error` when it is missing, too large,
  // or damaged.
  std::optional<std::string> read(const std::string& name, Localized& error) const;

 private:
  ZipArchive() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rq::core
