// HTTP on the gateway: static pages with their types and caching headers,
// no way out of the web folder, /healthz following Redis down and back up
// without a restart, and /metrics in the Prometheus text format.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace gateway_http_test {

using namespace rq::test;
namespace fs = std::filesystem;

// A web folder of its own, with a secret beside it (outside) and a symbolic
// link that points at the secret.
class WebFolder {
 public:
  WebFolder() {
    fs::create_directories(web() / "admin");
    write(web() / "index.html", "<!doctype html><title>Trang chủ</title>");
    write(web() / "app.js", "export const x = 1;");
    write(web() / "style.css", "body{}");
    write(web() / "admin" / "index.html", "admin page");
    write(web() / ".secret-config", "hidden");
    write(dir_.path() / "secret.txt", "TOP-SECRET-OUTSIDE");
    fs::create_symlink(dir_.path() / "secret.txt", web() / "link-out");
  }
  fs::path web() const { return dir_.path() / "web"; }

 private:
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  TempDir dir_;
};

class GatewayHttp : public ::testing::Test {
 protected:
  GatewayHttp() : gateway_(redis_.url(), folder_.web()) {}
  WebFolder folder_;
  RedisProcess redis_;
  GatewayProcess gateway_;
};

TEST_F(GatewayHttp, IndexIsServedAsUtf8HtmlWithRevalidation) {
  auto r = http_get(gateway_.port(), "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>Trang chủ</title>");
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(r.headers["cache-control"], "no-cache");
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  EXPECT_FALSE(r.headers["etag"].empty());
}

TEST_F(GatewayHttp, ScriptsAndStylesHaveTheirTypes) {
  EXPECT_EQ(http_get(gateway_.port(), "/app.js").headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(http_get(gateway_.port(), "/style.css").headers["content-type"], "text/css; charset=utf-8");
}

TEST_F(GatewayHttp, MatchingEtagGetsNotModified) {
  auto first = http_get(gateway_.port(), "/app.js");
  auto again = http_request(gateway_.port(), "GET", "/app.js", {{"If-None-Match", first.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(GatewayHttp, HeadHasTheHeadersWithoutTheBody) {
  auto r = http_request(gateway_.port(), "HEAD", "/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], "19");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(GatewayHttp, FolderWithoutSlashRedirectsToIt) {
  auto r = http_get(gateway_.port(), "/admin");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers["location"], "/admin/");
  EXPECT_EQ(http_get(gateway_.port(), "/admin/").body, "admin page");
}

TEST_F(GatewayHttp, FolderRedirectKeepsTheQueryString) {
  auto r = http_get(gateway_.port(), "/admin?tab=banks&q=c%E1%BA%A3i");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers["location"], "/admin/?tab=banks&q=c%E1%BA%A3i");
}

TEST_F(GatewayHttp, NoPathReachesAFileOutsideTheWebFolder) {
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/admin/../../secret.txt",
        "/admin/..%2f..%2fsecret.txt", "/..%5csecret.txt", "//secret.txt", "/%2F..%2Fsecret.txt",
        "/link-out", "/.secret-config", "/index.html%00", "/%", "/../../../../etc/passwd"}) {
    auto r = http_get(gateway_.port(), target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " gave " << r.status;
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("hidden"), std::string::npos) << target;
  }
}

TEST_F(GatewayHttp, AbsoluteFormTargetIsNotAFilePath) {
  auto r = http_get(gateway_.port(), "/etc/passwd");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"no such page"}})");
}

TEST_F(GatewayHttp, StaticFilesAnswerGetAndHeadOnly) {
  EXPECT_EQ(http_request(gateway_.port(), "POST", "/index.html", {}, "x").status, 405);
}

TEST_F(GatewayHttp, UnknownApiEndpointIsJsonNotFound) {
  auto r = http_get(gateway_.port(), "/api/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(nlohmann::json::parse(r.body).at("error").at("code"), "not_found");
}

TEST_F(GatewayHttp, HealthzIsOkWhenRedisAnswers) {
  auto r = http_get(gateway_.port(), "/healthz");
  EXPECT_EQ(r.status, 200);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body.at("status"), "ok");
  EXPECT_EQ(body.at("redis").at("status"), "ok");
}

TEST_F(GatewayHttp, HealthzFollowsRedisDownAndBackUpWithoutARestart) {
  ASSERT_EQ(http_get(gateway_.port(), "/healthz").status, 200);
  redis_.stop();
  ASSERT_TRUE(eventually(std::chrono::seconds(5), [&] { return http_get(gateway_.port(), "/healthz").status == 503; }));
  auto down = http_get(gateway_.port(), "/healthz");
  EXPECT_EQ(nlohmann::json::parse(down.body).at("status"), "unavailable");
  EXPECT_EQ(nlohmann::json::parse(down.body).at("error").at("code"), "unavailable");
  redis_.start();  // the same port
  EXPECT_TRUE(eventually(std::chrono::seconds(10), [&] { return http_get(gateway_.port(), "/healthz").status == 200; }));
  EXPECT_TRUE(gateway_.process().running());
  auto metrics = http_get(gateway_.port(), "/metrics").body;
  EXPECT_NE(metrics.find("reformquiz_redis_reconnects_total 1\n"), std::string::npos);
}

TEST_F(GatewayHttp, HealthzIsUnavailableWhileRedisHangs) {
  redis_.pause();
  auto r = http_get(gateway_.port(), "/healthz");
  redis_.resume();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(http_get(gateway_.port(), "/healthz").status, 200);
}

TEST_F(GatewayHttp, MetricsParseAsPrometheusText) {
  {
    WsClient ws(gateway_.port());
    ws.request({{"type", "hello"}});
  }
  http_get(gateway_.port(), "/healthz");
  auto r = http_get(gateway_.port(), "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  // Every line is a HELP or TYPE comment, or `name{labels} value`.
  std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+)");
  std::regex type(R"(# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))");
  std::regex sample(
      R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN))");
  std::istringstream lines(r.body);
  std::string line;
  std::map<std::string, std::string> samples;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP", 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, help)) << line;
    } else if (line.rfind("# TYPE", 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, type)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, sample)) << line;
      auto space = line.rfind(' ');
      samples[line.substr(0, space)] = line.substr(space + 1);
    }
  }
  EXPECT_EQ(samples["reformquiz_connections_open{kind=\"websocket\"}"], "0");
  EXPECT_EQ(samples["reformquiz_connections_open{kind=\"http\"}"], "1");
  EXPECT_EQ(samples["reformquiz_ws_frames_total{direction=\"in\"}"], "1");
  EXPECT_EQ(samples["reformquiz_ws_frames_total{direction=\"out\"}"], "1");
  EXPECT_EQ(samples["reformquiz_redis_connected"], "1");
  EXPECT_EQ(samples["reformquiz_redis_reconnects_total"], "0");
  EXPECT_NE(samples["reformquiz_redis_command_seconds_count"], "0");
  EXPECT_TRUE(samples.count("reformquiz_redis_command_seconds_bucket{le=\"+Inf\"}"));
}

}  // namespace gateway_http_test
