// Bearer tokens (design.md §12): 256 random bits from OpenSSL, stored only as SHA-256.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "routes.h"
#include "vouchd/api/http_api.h"

namespace vouchd::api {
namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::array<std::uint8_t, 32> sha256(std::string_view bytes) {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != 32) {
    throw std::runtime_error("SHA-256 failed");
  }
  return out;
}

NewToken make_token() {
  std::array<std::uint8_t, 32> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("no random bytes for a token");
  }
  NewToken t;
  for (const std::uint8_t b : raw) {
    t.text.push_back(kHex[b >> 4]);
    t.text.push_back(kHex[b & 0xF]);
  }
  t.hash = sha256(std::string_view{reinterpret_cast<const char*>(raw.data()), raw.size()});
  return t;
}

std::optional<std::array<std::uint8_t, 32>> token_hash(std::string_view text) {
  if (text.size() != 64) return std::nullopt;
  std::array<std::uint8_t, 32> raw{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hex_value(text[2 * i]);
    const int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    raw[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return sha256(std::string_view{reinterpret_cast<const char*>(raw.data()), raw.size()});
}

}  // namespace vouchd::api
