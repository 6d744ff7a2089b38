#include "core/bank/zip_archive.hpp"

#include <zip.h>

namespace rq::core {

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  ~Impl() {
    if (zip) zip_discard(zip);
  }
};

ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

std::optional<ZipArchive> ZipArchive::open(std::string_view bytes, Localized& error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (!source) {
    const std::string why = zip_error_strerror(&ze);
    error = {"cannot read the file: " + why, "không đọc được tệp: " + why};
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!zip) {
    zip_source_free(source);
    const int code = zip_error_code_zip(&ze);
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
      error = {"the file is not an Office Open XML file (.xlsx or .docx are zip archives); was it saved as an "
               "old .xls or .doc, or renamed? Open it and save it again as .xlsx or .docx",
               "tệp không phải là tệp Office Open XML (tệp .xlsx và .docx là tệp nén zip); có phải tệp đã được lưu "
               "theo định dạng cũ .xls hoặc .doc, hoặc đã bị đổi tên? Vui lòng mở tệp và lưu lại dưới dạng .xlsx "
               "hoặc .docx"};
    } else {
      const std::string why = zip_error_strerror(&ze);
      error = {"the file is damaged: " + why, "tệp bị hỏng: " + why};
    }
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_error_fini(&ze);
  ZipArchive archive;
  archive.impl_ = std::make_unique<Impl>();
  archive.impl_->zip = zip;
  return archive;
}

bool ZipArchive::has(const std::string& name) const { return zip_name_locate(impl_->zip, name.c_str(), 0) >= 0; }

std::optional<std::string> ZipArchive::read(const std::string& name, Localized& error) const {
  const std::string limit = std::to_string(kMaxZipEntryBytes / (1024 * 1024)) + " MiB";
  const Localized too_large{"the part " + name + " unpacks to more than " + limit,
                            "phần " + name + " khi giải nén lớn hơn " + limit};
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(impl_->zip, name.c_str(), 0, &st) != 0) {
    error = {"the file has no part " + name, "tệp không có phần " + name};
    return std::nullopt;
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxZipEntryBytes) {
    error = too_large;
    return std::nullopt;
  }
  zip_file_t* file = zip_fopen(impl_->zip, name.c_str(), 0);
  if (!file) {
    const std::string why = zip_strerror(impl_->zip);
    error = {"cannot open the part " + name + ": " + why, "không mở được phần " + name + ": " + why};
    return std::nullopt;
  }
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    const zip_int64_t n = zip_fread(file, buf, sizeof buf);
    if (n < 0) {
      const std::string why = zip_file_strerror(file);
      error = {"the part " + name + " is damaged: " + why, "phần " + name + " bị hỏng: " + why};
      zip_fclose(file);
      return std::nullopt;
    }
    if (n == 0) break;
    // The size in the directory may lie; what is inflated counts.
    if (out.size() + static_cast<std::size_t>(n) > kMaxZipEntryBytes) {
      error = too_large;
      zip_fclose(file);
      return std::nullopt;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  // zip_fclose reports a CRC mismatch.
  if (int rc = zip_fclose(file); rc != 0) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, rc);
    const std::string why = zip_error_strerror(&ze);
    error = {"the part " + name + " is damaged (" + why + ")", "phần " + name + " bị hỏng (" + why + ")"};
    zip_error_fini(&ze);
    return std::nullopt;
  }
  return out;
}

}  // namespace rq::core
