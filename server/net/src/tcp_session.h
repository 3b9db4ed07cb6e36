// One DNS-over-TCP connection (RFC 7766 §6.2, RFC 1035 §4.2.2): two-octet length prefix,
// pipelined queries answered in order as they arrive, idle timeout reset per query.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include <boost/asio.hpp>

#include "vouchd/responder/responder.h"
#include "worker_state.h"

namespace vouchd::net {

class TcpSession : public std::enable_shared_from_this<TcpSession> {
 public:
  // `worker` is the state of the thread whose io_context runs the socket; it and
  // `open_connections` outlive every session (they belong to the server).
  TcpSession(boost::asio::ip::tcp::socket socket, WorkerState& worker,
             const responder::Options& options, std::chrono::milliseconds idle_timeout,
             std::atomic<std::size_t>& open_connections);
  ~TcpSession();
  void start();

 private:
  void read_length();
  void read_body(std::size_t length);
  void respond(std::size_t length);
  void write_next();
  void arm_idle_timer();
  void close();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer idle_;
  WorkerState& worker_;
  const responder::Options& options_;
  std::chrono::milliseconds idle_timeout_;
  std::atomic<std::size_t>& open_connections_;
  std::array<std::uint8_t, 2> length_{};
  std::vector<std::uint8_t> query_;
  std::vector<std::uint8_t> scratch_;
  std::deque<std::vector<std::uint8_t>> pending_;  // responses not yet written, in order
  bool writing_ = false;
};

}  // namespace vouchd::net
