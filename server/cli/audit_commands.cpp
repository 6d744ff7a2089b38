// The audit stream of a contest grows by an event for every change for as
// long as the contest runs. `audit archive` keeps it complete as evidence
// while letting it leave Redis, in four steps:
//   1. read every event up to the newest one now, oldest first, in batches;
//   2. write them to FILE as JSON lines ({"id": …, "type": …, …fields in the
//      stream's order}), flushed to disk (fsync);
//   3. read FILE back and check it: every line parses, ids increase, the
//      first and last ids and the count are those read, the SHA-256 matches;
//   4. only then trim what was archived from the stream, and record in the
//      stream (an audit.archived event: count, last id, SHA-256) where it went.
// `results verify` reads the stored attempts, not the stream, so it works
// the same afterwards.
#include "cli/audit_commands.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/store_session.hpp"
#include "store/audit_stream.hpp"
#include "store/contest_repository.hpp"
#include "store/keys.hpp"

namespace rq::cli {
namespace {

constexpr std::size_t kBatch = 1000;

// SHA-256 over bytes fed in pieces.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) { EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr); }
  void add(std::string_view bytes) { EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &n);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

std::string line_of(const store::AuditEvent& e) {
  nlohmann::ordered_json j;
  j["id"] = e.id;
  for (const auto& [k, v] : e.fields) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

struct Written {
  long long events = 0;
  std::string first, last, sha256;
};

// Step 3: what the file holds, read back.
std::optional<std::string> check_file(const std::string& path, const Written& w) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read it back";
  Sha256 sha;
  long long n = 0;
  std::string line, first, previous;
  while (std::getline(in, line)) {
    sha.add(line);
    sha.add("\n");
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("id") || !j["id"].is_string()) {
      return "line " + std::to_string(n + 1) + " is not an event";
    }
    std::string id = j["id"];
    if (n == 0) first = id;
    if (n > 0 && !store::stream_id_before(previous, id)) {
      return "line " + std::to_string(n + 1) + " is out of order";
    }
    previous = id;
    ++n;
  }
  if (n != w.events) return "it holds " + std::to_string(n) + " events, not " + std::to_string(w.events);
  if (first != w.first || previous != w.last) return "its first or last event is not the one read";
  if (sha.hex() != w.sha256) return "its SHA-256 is not that of what was written";
  return std::nullopt;
}

int archive(const std::string& redis_url, const std::string& contest, const std::string& path, const std::string& by) {
  if (!store::keys::is_valid_id(contest)) {
    std::cerr << "reformquiz: no contest '" << contest << "'\n";
    return kExitInvalid;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    std::cerr << "reformquiz: " << path << " exists; archive to a new file (nothing was changed)\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto session = open_store(redis_url, code);
  if (!session) return code;
  store::ContestRepository contests(session->redis());
  auto config = session->call<std::string>([&](auto done) { contests.config(contest, std::move(done)); });
  if (!config.ok()) return report_store_error(config.error, config.detail);
  store::AuditStream stream(session->redis());
  auto last = session->call<std::string>([&](auto done) { stream.last_id(contest, std::move(done)); });
  if (!last.ok()) return report_store_error(last.error, last.detail);
  if (last.value.empty()) {
    std::cout << "nothing to archive: the audit stream of " << contest << " is empty\n";
    return kExitOk;
  }

  // Steps 1 and 2.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    std::cerr << "reformquiz: cannot create " << path << ": " << std::strerror(errno) << "\n";
    return kExitUsage;
  }
  Written w;
  Sha256 sha;
  std::string cursor;
  bool write_failed = false;
  for (;;) {
    auto batch = session->call<std::vector<store::AuditEvent>>(
        [&](auto done) { stream.read(contest, cursor, last.value, kBatch, std::move(done)); });
    if (!batch.ok()) {
      ::close(fd);
      ::unlink(path.c_str());
      return report_store_error(batch.error, batch.detail);
    }
    std::string chunk;
    for (const auto& e : batch.value) chunk += line_of(e);
    for (std::size_t off = 0; off < chunk.size() && !write_failed;) {
      auto n = ::write(fd, chunk.data() + off, chunk.size() - off);
      if (n <= 0) write_failed = true;
      else off += static_cast<std::size_t>(n);
    }
    sha.add(chunk);
    if (!batch.value.empty()) {
      if (w.events == 0) w.first = batch.value.front().id;
      w.events += static_cast<long long>(batch.value.size());
      cursor = batch.value.back().id;
    }
    if (write_failed || batch.value.size() < kBatch || cursor == last.value) break;
  }
  w.last = cursor;
  w.sha256 = sha.hex();
  // The file and its name in the folder, both on disk before Redis lets go.
  std::string folder = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool synced = !write_failed && ::fsync(fd) == 0 && ::close(fd) == 0 && dir >= 0 && ::fsync(dir) == 0;
  if (dir >= 0) ::close(dir);
  if (!synced) {
    std::cerr << "reformquiz: writing " << path << " failed (" << std::strerror(errno)
              << "); nothing was trimmed from Redis\n";
    return kExitUnavailable;
  }
  if (w.events == 0) {  // another archive took them meanwhile
    ::unlink(path.c_str());
    std::cout << "nothing to archive: the audit stream of " << contest << " was archived meanwhile\n";
    return kExitOk;
  }
  // Step 3.
  if (auto problem = check_file(path, w)) {
    std::cerr << "reformquiz: the archive " << path << " does not check: " << *problem
              << "; nothing was trimmed from Redis\n";
    return kExitInvalid;
  }
  // Step 4.
  auto trimmed = session->call<long long>(
      [&](auto done) { stream.trim_archived(contest, w.last, w.events, w.sha256, by, std::move(done)); });
  if (!trimmed.ok()) {
    std::cerr << "reformquiz: the archive is complete, but trimming Redis failed; run the archive again later\n";
    return report_store_error(trimmed.error, trimmed.detail);
  }
  std::cout << "archived " << w.events << " events of " << contest << " (" << w.first << " to " << w.last << ") to "
            << path << ", sha256 " << w.sha256 << "; " << trimmed.value << " trimmed from Redis\n";
  if (trimmed.value != w.events) {
    std::cout << "note: " << (w.events - trimmed.value) << " of them were already gone (another archive ran at the same time)\n";
  }
  return kExitOk;
}

}  // namespace

void add_audit_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* audit = app.add_subcommand("audit", "A contest's audit stream: archive it out of Redis");
  audit->require_subcommand(1);
  struct Args {
    std::string contest, file, by;
  };
  auto args = std::make_shared<Args>();
  const char* user = std::getenv("USER");
  args->by = user && *user ? user : "reformquiz";
  auto* archive_cmd = audit->add_subcommand(
      "archive", "Write the contest's audit events to FILE as JSON lines, check the file, then trim them from Redis");
  archive_cmd->add_option("CONTEST", args->contest, "The contest's id")->required();
  archive_cmd->add_option("FILE", args->file, "A new file (an existing one is never overwritten)")->required();
  archive_cmd->add_option("--by", args->by, "Who archives, recorded in the stream")->capture_default_str();
  archive_cmd->callback([args, &redis_url, set_exit] { set_exit(archive(redis_url, args->contest, args->file, args->by)); });
}

}  // namespace rq::cli
