#include "redis_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <stdexcept>

namespace rq::test {

RedisProcess::RedisProcess(std::vector<std::string> extra) : port_(free_port()), extra_(std::move(extra)) {
  start();
}

RedisProcess::~RedisProcess() { process_.kill(); }

void RedisProcess::start() {
  std::vector<std::string> argv{"redis-server",  "--port",       std::to_string(port_), "--bind", "127.0.0.1",
                                "--dir",         dir_.path().string(), "--appendonly", "yes",
                                "--appendfsync", "everysec",     "--save",     "",     "--daemonize", "no",
                                "--protected-mode", "no", "--hash-max-listpack-value", "1024"};
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  process_.start(argv, dir_.path() / "redis.log");
  bool up = eventually(std::chrono::seconds(10), [&] {
    if (!process_.running()) return true;
    return command("PING").find("PONG") != std::string::npos || command("PING").find("NOAUTH") != std::string::npos;
  });
  if (!up || !process_.running()) {
    throw std::runtime_error("redis-server did not start on port " + std::to_string(port_) + ": " + process_.output());
  }
}

void RedisProcess::stop() {
  process_.signal(SIGTERM);
  if (!process_.wait(std::chrono::seconds(10))) process_.kill();
}

void RedisProcess::crash() { process_.kill(); }

void RedisProcess::pause() { process_.signal(SIGSTOP); }
void RedisProcess::resume() { process_.signal(SIGCONT); }

std::string RedisProcess::url(int db) const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
}

std::string RedisProcess::command(const std::string& inline_command) const {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port_);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::string line = inline_command + "\r\n";
    if (::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size())) {
      char buf[4096];
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) reply.assign(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return reply;
}

}  // namespace rq::test
