// A real redis-server for one test, on a free port of 127.0.0.1, with its
// data in a temporary folder (AOF on, as in production). It can be stopped,
// killed and started again on the same port to test what the gateway does
// when Redis goes away and comes back.
#pragma once

#include <cstdint>
#include <string>

#include "child_process.hpp"

namespace rq::test {

class RedisProcess {
 public:
  // extra: further redis-server arguments, e.g. {"--requirepass", "x"}.
  explicit RedisProcess(std::vector<std::string> extra = {});
  ~RedisProcess();

  void start();                  // on the same port as before; waits until it answers PING
  void stop();                   // SIGTERM (Redis flushes its AOF) and wait
  void crash();                  // SIGKILL and wait: no chance to flush anything
  void kill() { process_.kill(); }
  void pause();                  // SIGSTOP: the socket stays open, nothing answers
  void resume();                 // SIGCONT
  bool running() { return process_.running(); }

  std::uint16_t port() const { return port_; }
  std::string url(int db = 0) const;
  // Runs one command through a plain socket (inline protocol) and returns the
  // raw RESP reply, for test setup and checks independent of our client.
  std::string command(const std::string& inline_command) const;

 private:
  std::uint16_t port_;
  std::vector<std::string> extra_;
  TempDir dir_;
  ChildProcess process_;
};

}  // namespace rq::test
