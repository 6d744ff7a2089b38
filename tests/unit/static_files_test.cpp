// Static files never escape the web folder, whatever the path says.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "net/static_files.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace static_files_test {

using namespace rq::net;
namespace fs = std::filesystem;
using Kind = StaticLookup::Kind;

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("rq-static-" + std::to_string(std::random_device{}()));
    fs::create_directories(base_ / "web" / "admin");
    write(base_ / "web" / "index.html", "home");
    write(base_ / "web" / "app.js", "js");
    write(base_ / "web" / "admin" / "index.html", "admin");
    write(base_ / "web" / ".env", "hidden");
    write(base_ / "secret.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link-out");
    root_ = fs::canonical(base_ / "web");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  fs::path base_, root_;
};

TEST_F(StaticFiles, RootServesIndexHtml) {
  auto r = resolve_static(root_, "/");
  ASSERT_EQ(r.kind, Kind::file);
  EXPECT_EQ(r.file, root_ / "index.html");
}

TEST_F(StaticFiles, FolderWithoutSlashRedirects) {
  auto r = resolve_static(root_, "/admin");
  ASSERT_EQ(r.kind, Kind::redirect);
  EXPECT_EQ(r.location, "/admin/");
  EXPECT_EQ(resolve_static(root_, "/admin/").file, root_ / "admin" / "index.html");
}

TEST_F(StaticFiles, FolderRedirectKeepsTheQuery) {
  auto r = resolve_static(root_, "/admin", "tab=banks&q=c%E1%BA%A3i");
  ASSERT_EQ(r.kind, Kind::redirect);
  EXPECT_EQ(r.location, "/admin/?tab=banks&q=c%E1%BA%A3i");
  EXPECT_EQ(resolve_static(root_, "/admin", "").location, "/admin/");
}

TEST_F(StaticFiles, PercentEncodedNamesAreDecoded) {
  EXPECT_EQ(resolve_static(root_, "/app%2Ejs").file, root_ / "app.js");
}

TEST_F(StaticFiles, DotDotIsRefusedInEveryDisguise) {
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/admin/../../secret.txt",
                           "/admin/..%2f..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/./index.html"}) {
    EXPECT_EQ(resolve_static(root_, path).kind, Kind::bad_request) << path;
  }
}

TEST_F(StaticFiles, BackslashNulAndBadEscapesAreRefused) {
  EXPECT_EQ(resolve_static(root_, "/..\\secret.txt").kind, Kind::bad_request);
  EXPECT_EQ(resolve_static(root_, "/index.html%00.js").kind, Kind::bad_request);
  EXPECT_EQ(resolve_static(root_, "/%zz").kind, Kind::bad_request);
  EXPECT_EQ(resolve_static(root_, "/%2").kind, Kind::bad_request);
  EXPECT_EQ(resolve_static(root_, "index.html").kind, Kind::bad_request);
}

TEST_F(StaticFiles, AbsolutePathsStayInsideTheFolder) {
  // "//etc/passwd" is the path "/etc/passwd" under the web folder, which is not there.
  EXPECT_EQ(resolve_static(root_, "//etc/passwd").kind, Kind::not_found);
  EXPECT_EQ(resolve_static(root_, "/%2Fetc%2Fpasswd").kind, Kind::not_found);
}

TEST_F(StaticFiles, SymlinkOutOfTheFolderIsNotFollowed) {
  auto r = resolve_static(root_, "/link-out");
  EXPECT_EQ(r.kind, Kind::not_found);
  EXPECT_EQ(r.reason, "outside the web folder");
}

TEST_F(StaticFiles, HiddenFilesAreNotServed) {
  EXPECT_EQ(resolve_static(root_, "/.env").kind, Kind::not_found);
}

TEST_F(StaticFiles, MissingFileIsNotFound) { EXPECT_EQ(resolve_static(root_, "/nope.html").kind, Kind::not_found); }

TEST(StaticContentType, ByExtension) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
}

TEST(StaticEtag, ChangesWithSizeAndTime) {
  EXPECT_EQ(etag_for(12, 255), "\"c-ff\"");
  EXPECT_NE(etag_for(12, 255), etag_for(13, 255));
  EXPECT_NE(etag_for(12, 255), etag_for(12, 256));
}

}  // namespace static_files_test
