// Drives a hiredis 0.14 redisAsyncContext from an Asio io_context.
//
// hiredis asks for readiness through five hooks (add/del read, add/del write,
// cleanup); we answer them with async_wait on a posix::stream_descriptor that
// wraps hiredis' socket. The rules that keep this safe:
//  - hiredis owns the descriptor: on cleanup we release() it (cancelling our
//    waits) and never close it, so it is closed exactly once, by hiredis;
//  - after every redisAsyncHandleRead/Write the context may have been freed
//    (the cleanup hook ran), so the adapter checks it is still attached before
//    touching the context or re-arming a wait;
//  - wait handlers hold a shared_ptr to the adapter, so a handler that runs
//    after cleanup finds a detached adapter, never a dangling one.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

struct redisAsyncContext;

namespace rq::store {

class HiredisAsioAdapter : public std::enable_shared_from_this<HiredisAsioAdapter> {
 public:
  // Attaches to `ac` (sets its ev hooks). The adapter stays attached until
  // hiredis frees the context and calls cleanup.
  static std::shared_ptr<HiredisAsioAdapter> attach(boost::asio::io_context& io, redisAsyncContext* ac);

  bool attached() const { return ac_ != nullptr; }

  explicit HiredisAsioAdapter(boost::asio::io_context& io, redisAsyncContext* ac);

 private:
  static void add_read(void* self);
  static void del_read(void* self);
  static void add_write(void* self);
  static void del_write(void* self);
  static void cleanup(void* self);

  void arm_read();
  void arm_write();

  redisAsyncContext* ac_;
  boost::asio::posix::stream_descriptor socket_;
  bool want_read_ = false;
  bool want_write_ = false;
  bool read_armed_ = false;
  bool write_armed_ = false;
  // hiredis holds a raw pointer to us in ev.data; this keeps us alive until
  // its cleanup hook says it will not use that pointer again.
  std::shared_ptr<HiredisAsioAdapter> self_while_attached_;
};

}  // namespace rq::store
