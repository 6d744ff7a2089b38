#include "store/hiredis_asio.hpp"

#include <hiredis/async.h>

namespace rq::store {

HiredisAsioAdapter::HiredisAsioAdapter(boost::asio::io_context& io, redisAsyncContext* ac)
    : ac_(ac), socket_(io, ac->c.fd) {}

std::shared_ptr<HiredisAsioAdapter> HiredisAsioAdapter::attach(boost::asio::io_context& io,
                                                               redisAsyncContext* ac) {
  auto adapter = std::make_shared<HiredisAsioAdapter>(io, ac);
  adapter->self_while_attached_ = adapter;
  ac->ev.data = adapter.get();
  ac->ev.addRead = &HiredisAsioAdapter::add_read;
  ac->ev.delRead = &HiredisAsioAdapter::del_read;
  ac->ev.addWrite = &HiredisAsioAdapter::add_write;
  ac->ev.delWrite = &HiredisAsioAdapter::del_write;
  ac->ev.cleanup = &HiredisAsioAdapter::cleanup;
  return adapter;
}

void HiredisAsioAdapter::add_read(void* p) {
  auto* self = static_cast<HiredisAsioAdapter*>(p);
  self->want_read_ = true;
  self->arm_read();
}

void HiredisAsioAdapter::del_read(void* p) { static_cast<HiredisAsioAdapter*>(p)->want_read_ = false; }

void HiredisAsioAdapter::add_write(void* p) {
  auto* self = static_cast<HiredisAsioAdapter*>(p);
  self->want_write_ = true;
  self->arm_write();
}

void HiredisAsioAdapter::del_write(void* p) { static_cast<HiredisAsioAdapter*>(p)->want_write_ = false; }

void HiredisAsioAdapter::cleanup(void* p) {
  auto* self = static_cast<HiredisAsioAdapter*>(p);
  self->ac_ = nullptr;
  self->want_read_ = self->want_write_ = false;
  // release() cancels the pending waits and hands the descriptor back without
  // closing it: hiredis closes it in redisFree.
  self->socket_.release();
  // Dropping this may destroy the adapter only if no wait handler holds it;
  // handlers that still run see ac_ == nullptr and return.
  auto keep = std::move(self->self_while_attached_);
  (void)keep;
}

void HiredisAsioAdapter::arm_read() {
  if (read_armed_ || !ac_) return;
  read_armed_ = true;
  socket_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       self->read_armed_ = false;
                       if (ec || !self->ac_ || !self->want_read_) return;
                       redisAsyncHandleRead(self->ac_);
                       // The read may have freed the context (cleanup ran):
                       // re-arm only if it is still ours and still wants reads.
                       if (self->ac_ && self->want_read_) self->arm_read();
                     });
}

void HiredisAsioAdapter::arm_write() {
  if (write_armed_ || !ac_) return;
  write_armed_ = true;
  socket_.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       self->write_armed_ = false;
                       if (ec || !self->ac_ || !self->want_write_) return;
                       redisAsyncHandleWrite(self->ac_);
                       if (self->ac_ && self->want_write_) self->arm_write();
                     });
}

}  // namespace rq::store
