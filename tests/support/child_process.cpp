#include "child_process.hpp"

#include "gateway_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rq::test {

ChildProcess::~ChildProcess() { kill(); }

void ChildProcess::start(const std::vector<std::string>& argv, const std::filesystem::path& output_file,
                         const std::vector<std::pair<std::string, std::string>>& extra_env,
                         const std::filesystem::path& stdin_file) {
  if (pid_ > 0 && running()) throw std::logic_error("process already running");
  output_file_ = output_file;
  exit_code_.reset();
  int fd = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + output_file.string());
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    int input = ::open(stdin_file.c_str(), O_RDONLY);
    if (input >= 0) ::dup2(input, STDIN_FILENO);
    for (const auto& [k, v] : extra_env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fd);
  pid_ = pid;
}

bool ChildProcess::running() {
  if (pid_ <= 0 || exit_code_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  if (r == pid_) exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return false;
}

void ChildProcess::signal(int sig) {
  if (pid_ > 0 && running()) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_code_;
  eventually(timeout, [&] { return !running(); });
  return exit_code_;
}

void ChildProcess::kill() {
  if (pid_ > 0 && running()) {
    ::kill(pid_, SIGCONT);  // a stopped process must be able to die
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
}

std::string ChildProcess::output() const {
  std::ifstream in(output_file_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult run_command(const std::vector<std::string>& argv, const std::string& input,
                      const std::vector<std::pair<std::string, std::string>>& extra_env) {
  TempDir dir;
  auto stdin_path = dir.path() / "stdin";
  std::ofstream(stdin_path, std::ios::binary) << input;
  ChildProcess p;
  p.start(argv, dir.path() / "output", extra_env, stdin_path);
  auto code = p.wait(std::chrono::seconds(60));
  RunResult result{code.value_or(-1), p.output()};
  // The CLI of the sanitizer build reports a leak or memory error at exit.
  expect_no_sanitizer_report(result.output, argv.front());
  return result;
}

TempDir::TempDir() {
  std::random_device rd;
  for (int i = 0; i < 100; ++i) {
    auto candidate = std::filesystem::temp_directory_path() / ("reformquiz-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

long resident_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a free port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace rq::test
