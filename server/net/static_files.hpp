// Maps a request path to a file under the web folder, and never to anything
// outside it: the path is percent-decoded first, then any "." or ".."
// segment, backslash, NUL or hidden (dot) name is refused, and the resolved
// file must still lie under the folder once symbolic links are followed.
// Pure file-system logic, no Beast, so it is unit-tested directly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace rq::net {

struct StaticLookup {
  enum class Kind { file, redirect, bad_request, not_found };
  Kind kind = Kind::not_found;
  std::filesystem::path file;  // kind == file
  std::string location;        // kind == redirect: the path with a trailing '/', then "?query" if any
  std::string reason;          // bad_request / not_found: why, for logs
};

// root must be canonical (std::filesystem::canonical of the web folder).
// query (the target after '?', without it) is only carried into a redirect.
StaticLookup resolve_static(const std::filesystem::path& root, std::string_view raw_path,
                            std::string_view query = {});

// Decodes %XX escapes; false when an escape is malformed.
bool percent_decode(std::string_view in, std::string& out);

// "text/html; charset=utf-8" and the like, by extension.
std::string_view content_type_for(const std::filesystem::path& file);

// A strong validator from size and modification time, quoted as HTTP wants.
std::string etag_for(std::uintmax_t size, std::int64_t mtime_ns);

}  // namespace rq::net
