// Batched UDP I/O with recvmmsg/sendmmsg on one socket (design.md §7, style.md §3.7): the only
// place these system calls appear.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace vouchd::net {

class UdpBatch {
 public:
  static constexpr std::size_t kSize = 32;          // datagrams per system call
  static constexpr std::size_t kMaxQuery = 4096;    // larger queries are dropped (MSG_TRUNC)
  static constexpr std::size_t kMaxResponse = 4096;

  UdpBatch();

  // Receives up to kSize datagrams without blocking; returns how many (0 when none are waiting).
  std::size_t receive(int fd) noexcept;
  std::span<const std::uint8_t> query(std::size_t i) const noexcept {
    return {rx_[i].data(), rx_msgs_[i].msg_len};
  }
  bool query_truncated(std::size_t i) const noexcept {
    return (rx_msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
  }
  std::span<std::uint8_t> response_buffer(std::size_t i) noexcept { return tx_[i]; }
  // Queues response i (of `size` bytes) to the sender of query i; size 0 sends nothing.
  void reply(std::size_t i, std::size_t size) noexcept;
  // Sends the queued responses with one sendmmsg (more if the kernel takes fewer).
  void flush(int fd) noexcept;

 private:
  std::vector<std::array<std::uint8_t, kMaxQuery>> rx_;
  std::vector<std::array<std::uint8_t, kMaxResponse>> tx_;
  std::array<sockaddr_storage, kSize> peers_{};
  std::array<iovec, kSize> rx_iov_{};
  std::array<mmsghdr, kSize> rx_msgs_{};
  std::array<iovec, kSize> tx_iov_{};
  std::array<mmsghdr, kSize> tx_msgs_{};
  std::size_t queued_ = 0;
};

}  // namespace vouchd::net
