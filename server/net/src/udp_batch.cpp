// recvmmsg/sendmmsg batching (Linux); see udp_batch.h.
#include "udp_batch.h"

#include <cerrno>

namespace vouchd::net {

UdpBatch::UdpBatch() : rx_(kSize), tx_(kSize) {
  for (std::size_t i = 0; i < kSize; ++i) {
    rx_iov_[i] = {rx_[i].data(), kMaxQuery};
    rx_msgs_[i].msg_hdr.msg_iov = &rx_iov_[i];
    rx_msgs_[i].msg_hdr.msg_iovlen = 1;
  }
}

std::size_t UdpBatch::receive(int fd) noexcept {
  for (std::size_t i = 0; i < kSize; ++i) {
    rx_msgs_[i].msg_hdr.msg_name = &peers_[i];
    rx_msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    rx_msgs_[i].msg_hdr.msg_flags = 0;
  }
  const int n = recvmmsg(fd, rx_msgs_.data(), kSize, MSG_DONTWAIT, nullptr);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void UdpBatch::reply(std::size_t i, std::size_t size) noexcept {
  if (size == 0) return;
  tx_iov_[queued_] = {tx_[i].data(), size};
  msghdr& h = tx_msgs_[queued_].msg_hdr;
  h = msghdr{};
  h.msg_name = &peers_[i];
  h.msg_namelen = rx_msgs_[i].msg_hdr.msg_namelen;
  h.msg_iov = &tx_iov_[queued_];
  h.msg_iovlen = 1;
  ++queued_;
}

void UdpBatch::flush(int fd) noexcept {
  std::size_t sent = 0;
  while (sent < queued_) {
    const int n = sendmmsg(fd, tx_msgs_.data() + sent, static_cast<unsigned>(queued_ - sent), 0);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      ++sent;  // skip a datagram the kernel refuses (e.g. an unreachable peer); UDP may drop
    }
  }
  queued_ = 0;
}

}  // namespace vouchd::net
