#include "net/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

namespace rq::net {
namespace fs = std::filesystem;

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

namespace {

bool under(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

StaticLookup refuse(StaticLookup::Kind kind, std::string reason) {
  StaticLookup out;
  out.kind = kind;
  out.reason = std::move(reason);
  return out;
}

}  // namespace

StaticLookup resolve_static(const fs::path& root, std::string_view raw_path, std::string_view query) {
  using Kind = StaticLookup::Kind;
  if (raw_path.empty() || raw_path.front() != '/') return refuse(Kind::bad_request, "path does not start with /");
  std::string decoded;
  if (!percent_decode(raw_path, decoded)) return refuse(Kind::bad_request, "malformed percent escape");
  if (decoded.find('\0') != std::string::npos) return refuse(Kind::bad_request, "NUL in path");
  if (decoded.find('\\') != std::string::npos) return refuse(Kind::bad_request, "backslash in path");

  fs::path relative;
  std::size_t pos = 1;
  while (pos <= decoded.size()) {
    std::size_t next = decoded.find('/', pos);
    if (next == std::string::npos) next = decoded.size();
    std::string_view segment(decoded.data() + pos, next - pos);
    if (segment == "." || segment == "..") return refuse(Kind::bad_request, "dot segment in path");
    if (!segment.empty() && segment.front() == '.') return refuse(Kind::not_found, "hidden file");
    if (!segment.empty()) relative /= fs::path(std::string(segment));
    pos = next + 1;
  }

  fs::path candidate = root / relative;
  std::error_code ec;
  auto status = fs::status(candidate, ec);
  if (ec || !fs::exists(status)) return refuse(Kind::not_found, "no such file");
  if (fs::is_directory(status)) {
    if (decoded.back() != '/') {
      StaticLookup out;
      out.kind = Kind::redirect;
      out.location = std::string(raw_path) + "/";
      if (!query.empty()) out.location += "?" + std::string(query);
      return out;
    }
    candidate /= "index.html";
  }
  fs::path real = fs::canonical(candidate, ec);
  if (ec) return refuse(Kind::not_found, "no such file");
  if (!under(root, real)) return refuse(Kind::not_found, "outside the web folder");
  if (!fs::is_regular_file(real, ec)) return refuse(Kind::not_found, "not a regular file");
  StaticLookup out;
  out.kind = Kind::file;
  out.file = std::move(real);
  return out;
}

std::string_view content_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  }};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

std::string etag_for(std::uintmax_t size, std::int64_t mtime_ns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%jx-%llx\"", size, static_cast<unsigned long long>(mtime_ns));
  return buf;
}

}  // namespace rq::net
