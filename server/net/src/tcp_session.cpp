// DNS over TCP, RFC 7766: see tcp_session.h.
#include "tcp_session.h"

namespace vouchd::net {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kMaxPending = 64;  // stop reading while this many answers wait to be sent
}  // namespace

TcpSession::TcpSession(asio::ip::tcp::socket socket, WorkerState& worker,
                       const responder::Options& options, std::chrono::milliseconds idle_timeout,
                       std::atomic<std::size_t>& open_connections)
    : socket_{std::move(socket)},
      idle_{socket_.get_executor()},
      worker_{worker},
      options_{options},
      idle_timeout_{idle_timeout},
      open_connections_{open_connections},
      scratch_(responder::kMaxResponse) {}

TcpSession::~TcpSession() {
  open_connections_.fetch_sub(1, std::memory_order_relaxed);
}

void TcpSession::start() {
  boost::system::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  read_length();
}

void TcpSession::arm_idle_timer() {
  idle_.expires_after(idle_timeout_);
  idle_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->close();  // idle too long; a reset timer reports operation_aborted
  });
}

void TcpSession::read_length() {
  if (pending_.size() >= kMaxPending) return;  // write_next() resumes reading
  arm_idle_timer();
  asio::async_read(socket_, asio::buffer(length_),
                   [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                     if (ec) return self->close();
                     const std::size_t len =
                         static_cast<std::size_t>(self->length_[0] << 8 | self->length_[1]);
                     if (len == 0) return self->close();
                     self->read_body(len);
                   });
}

void TcpSession::read_body(std::size_t length) {
  query_.resize(length);
  // A query split across segments is read whole; a partial read never closes (RFC 7766 §8).
  asio::async_read(
      socket_, asio::buffer(query_),
      [self = shared_from_this(), length](const boost::system::error_code& ec, std::size_t) {
        if (ec) return self->close();
        self->respond(length);
        self->read_length();
      });
}

// Timed per query from the whole query read to its answer queued for the socket (TCP is not the
// bulk path: two clock reads per query cost nothing next to its system calls).
void TcpSession::respond(std::size_t length) {
  const auto received = WorkerState::Clock::now();
  const responder::Outcome out = responder::answer(
      {query_.data(), length}, responder::Transport::Tcp, worker_.zones(), options_, scratch_);
  worker_.count(metrics::DnsTransport::Tcp, out);
  if (out.size == 0) return;
  std::vector<std::uint8_t> framed(out.size + 2);
  framed[0] = static_cast<std::uint8_t>(out.size >> 8);
  framed[1] = static_cast<std::uint8_t>(out.size);
  std::copy_n(scratch_.begin(), out.size, framed.begin() + 2);
  pending_.push_back(std::move(framed));
  worker_.answered(metrics::DnsTransport::Tcp, received, 1);  // before the write can finish
  if (!writing_) write_next();
}

void TcpSession::write_next() {
  if (pending_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(pending_.front()),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      if (ec) return self->close();
                      const bool was_full = self->pending_.size() >= kMaxPending;
                      self->pending_.pop_front();
                      self->write_next();
                      if (was_full) self->read_length();
                    });
}

void TcpSession::close() {
  boost::system::error_code ignored;
  idle_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace vouchd::net
