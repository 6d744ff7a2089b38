// One WebSocket at /ws. Reads messages piece by piece so that an oversized
// one is refused (answered too_large, then closed with 1009) as soon as it
// passes the limit, without buffering the rest; writes through a queue of
// shared frames with a bound in bytes, past which the client is judged too
// slow to read and the connection is dropped. The same code serves WS and
// WSS: the session is a template on its stream.
#include <array>

#include "core/protocol/envelope.hpp"
#include "net/sessions.hpp"

namespace rq::net {

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream stream, std::shared_ptr<SharedState> state, std::string remote)
    : id_(state->next_session_id++), ws_(std::move(stream)), state_(std::move(state)), remote_(std::move(remote)) {}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() {
  if (open_) state_->ws_open.dec();
  state_->ws_sessions.erase(id_);
  state_->count_sessions();
  state_->session_ended();
}

template <class Stream>
void WebSocketSession<Stream>::run(http::request<http::string_body> upgrade) {
  state_->ws_sessions[id_] = this->weak_from_this();
  state_->count_sessions();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = state_->options.handshake_timeout;
  timeouts.idle_timeout = state_->options.ws_idle_timeout;
  // Pings at half the idle timeout: a live client answers them by itself, so
  // only a dead or stuck peer reaches the timeout.
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "reformquiz"); }));
  // Our own limit is enforced in on_read; this is only a backstop.
  ws_.read_message_max(state_->options.max_frame_bytes * 4);
  ws_.text(true);
  // Each message in one frame, written in one call: Beast's automatic
  // fragmentation split every reply over 4 KiB (an attempt, the results)
  // into two writes, and Nagle held the second until the client's delayed
  // ACK, 40 ms later.
  ws_.auto_fragment(false);
  ws_.async_accept(upgrade, beast::bind_front_handler(&WebSocketSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) {
    state_->log.debug("websocket handshake failed", {{"remote", remote_}, {"error", ec.message()}});
    return;
  }
  open_ = true;
  state_->ws_open.inc();
  if (state_->shutting_down) {
    close_with(websocket::close_code::going_away);
    return;
  }
  state_->ws_handler.on_open(this->shared_from_this());
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::do_read() {
  if (closing_) return;
  ws_.async_read_some(buffer_, 4096, beast::bind_front_handler(&WebSocketSession::on_read, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    if (ec == beast::error::timeout) {
      state_->idle_closed.inc();
      state_->log.info("websocket idle timeout", {{"session", id_}, {"remote", remote_}});
    }
    ended();
    return;
  }
  if (closing_) return;
  if (buffer_.size() > state_->options.max_frame_bytes) {
    state_->oversize_frames.inc();
    state_->log.info("websocket frame too large", {{"session", id_}, {"remote", remote_}});
    send(core::error_frame(nullptr, core::ErrorCode::too_large,
                           "a message may be at most " + std::to_string(state_->options.max_frame_bytes) + " bytes"));
    close_with(websocket::close_code::too_big);
    return;
  }
  if (!ws_.is_message_done()) {
    do_read();
    return;
  }
  state_->frames_in.inc();
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    send(core::error_frame(nullptr, core::ErrorCode::bad_request, "frames must be text (JSON)"));
    do_read();
    return;
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  state_->ws_handler.on_message(this->shared_from_this(), std::move(text));
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::send(Frame frame) {
  if (closing_ || !open_) return;
  queued_bytes_ += frame.size();
  queue_.push_back(std::move(frame));
  if (queued_bytes_ > state_->options.ws_queue_limit_bytes) {
    // The client is not reading. Waiting for it would grow memory without
    // bound, and a close frame would queue behind the backlog: drop it.
    state_->slow_consumers_closed.inc();
    state_->log.warn("websocket client too slow; closing",
                     {{"session", id_}, {"remote", remote_}, {"queued_bytes", queued_bytes_}});
    abort();
    return;
  }
  if (!writing_) do_write();
}

template <class Stream>
void WebSocketSession<Stream>::do_write() {
  writing_ = true;
  const Frame& f = queue_.front();
  std::array<boost::asio::const_buffer, 3> pieces{
      boost::asio::buffer(f.head),
      f.shared ? boost::asio::buffer(f.shared->data() + f.shared_offset, f.shared_length) : boost::asio::const_buffer(),
      boost::asio::buffer(f.tail)};
  ws_.async_write(pieces, beast::bind_front_handler(&WebSocketSession::on_write, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) {
    abort();
    return;
  }
  state_->frames_out.inc();
  queued_bytes_ -= queue_.front().size();
  queue_.pop_front();
  if (!queue_.empty()) {
    do_write();
    return;
  }
  if (closing_ && !close_started_) start_close();
}

template <class Stream>
void WebSocketSession<Stream>::close_with(websocket::close_code code) {
  if (ended_ || closing_) return;
  closing_ = true;
  close_code_ = code;
  if (!open_) return;  // the handshake is still running; it fails or closes
  if (!writing_) start_close();
}

template <class Stream>
void WebSocketSession<Stream>::start_close() {
  close_started_ = true;
  ws_.async_close(websocket::close_reason(close_code_),
                  [self = this->shared_from_this()](beast::error_code) { self->ended(); });
}

template <class Stream>
void WebSocketSession<Stream>::abort() {
  closing_ = true;
  // The queue stays until the session is destroyed: a write in flight still
  // points into its front frame.
  beast::get_lowest_layer(ws_).close();
  ended();
}

template <class Stream>
void WebSocketSession<Stream>::ended() {
  if (ended_) return;
  ended_ = true;
  closing_ = true;
  if (open_) state_->ws_handler.on_close(this->shared_from_this());
}

template class WebSocketSession<PlainStream>;
template class WebSocketSession<TlsStream>;

}  // namespace rq::net
