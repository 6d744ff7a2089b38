#include "core/bank/zip_writer.hpp"

#include <memory>

#include <zip.h>

namespace rq::core {

std::optional<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts, std::string& error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &ze);
  if (!buffer) {
    error = std::string("cannot start a zip archive: ") + zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_source_keep(buffer);  // read after zip_close, which releases it once
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(buffer, zip_source_free);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &ze);
  if (!zip) {
    error = std::string("cannot start a zip archive: ") + zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_error_fini(&ze);
  for (const auto& [name, data] : parts) {
    zip_source_t* part = zip_source_buffer(zip, data.data(), data.size(), 0);
    if (!part || zip_file_add(zip, name.c_str(), part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part) zip_source_free(part);
      error = std::string("cannot add ") + name + " to a zip archive: " + zip_strerror(zip);
      zip_discard(zip);
      return std::nullopt;
    }
  }
  if (zip_close(zip) != 0) {
    error = std::string("cannot write a zip archive: ") + zip_strerror(zip);
    zip_discard(zip);
    return std::nullopt;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) {
    error = "cannot read back a zip archive";
    return std::nullopt;
  }
  std::string out(static_cast<std::size_t>(st.size), '\0');
  const zip_int64_t n = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  if (n != static_cast<zip_int64_t>(st.size)) {
    error = "cannot read back a zip archive";
    return std::nullopt;
  }
  return out;
}

}  // namespace rq::core
