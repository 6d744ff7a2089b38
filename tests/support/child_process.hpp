// A child process for integration tests: started with fork/exec, its stderr
// (and stdout) sent to a file the test can read, stopped by the test that
// started it. The destructor kills whatever is still running, so a failing
// test never leaves a server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rq::test {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // argv[0] is the program (looked up in PATH when it has no '/').
  // stdin_file: what the process reads on standard input (default /dev/null).
  void start(const std::vector<std::string>& argv, const std::filesystem::path& output_file,
             const std::vector<std::pair<std::string, std::string>>& extra_env = {},
             const std::filesystem::path& stdin_file = "/dev/null");
  bool running();
  pid_t pid() const { return pid_; }
  void signal(int sig);
  // Waits for the exit; the exit code, 128+signal when killed by a signal,
  // or nullopt if it is still running after the timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap.
  void kill();
  std::string output() const;
  const std::filesystem::path& output_file() const { return output_file_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path output_file_;
};

// A folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and
// released); the small race is acceptable for test servers.
std::uint16_t free_port();

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a command to completion (at most 60 s) with the given standard input.
RunResult run_command(const std::vector<std::string>& argv, const std::string& input = {},
                      const std::vector<std::pair<std::string, std::string>>& extra_env = {});

// The resident memory of a running process in KiB (VmRSS), 0 when unknown.
long resident_kib(pid_t pid);

// Polls `check` every 20 ms until it is true or the timeout passes.
template <class Check>
bool eventually(std::chrono::milliseconds timeout, Check check);

}  // namespace rq::test

#include <thread>

template <class Check>
bool rq::test::eventually(std::chrono::milliseconds timeout, Check check) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (check()) return true;
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
