// Domain names: validated, case-preserving values in uncompressed wire form (RFC 1035 §3.1,
// RFC 4343 case rules, RFC 4034 §6.1 canonical order). Parsing follows compression pointers with a
// loop bound (RFC 1035 §4.1.4).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "vouchd/dnswire/types.h"
#include "vouchd/dnswire/wire_reader.h"

namespace vouchd::dnswire {

class Name {
 public:
  Name() noexcept { wire_[0] = 0; }  // the root

  // Presentation form: labels separated by dots, `\.`, `\\` and `\DDD` escapes. A name without a
  // final dot is relative and gets `origin` appended (nullopt if there is no origin). "@" is origin.
  [[nodiscard]] static std::optional<Name> from_text(std::string_view text,
                                                     const Name* origin = nullptr);
  // Reads a possibly compressed name at the reader's position; on failure the reader holds the
  // error and the root is returned.
  [[nodiscard]] static Name from_wire(WireReader& r) noexcept;
  // Uncompressed wire bytes (ending in the root label); nullopt unless well formed.
  [[nodiscard]] static std::optional<Name> from_uncompressed(std::span<const std::uint8_t> wire);

  std::span<const std::uint8_t> wire() const noexcept { return {wire_.data(), size_}; }
  std::size_t wire_size() const noexcept { return size_; }
  std::size_t label_count() const noexcept;
  bool is_root() const noexcept { return size_ == 1; }

  // Absolute presentation form with a final dot ("example.com."; the root is ".").
  std::string to_text() const;
  // ASCII lower-case copy (RFC 4343: only A-Z fold).
  Name lowered() const noexcept;
  // True if this name equals `apex` or lies below it (case-insensitive).
  bool is_below(const Name& apex) const noexcept;
  // The name without its first `n` labels (n <= label_count()).
  Name parent(std::size_t n = 1) const noexcept;
  // `this` with `suffix` appended in place of this name's root label; nullopt past 255 octets.
  [[nodiscard]] std::optional<Name> concat(const Name& suffix) const;
  // The labels of this name above `apex`, as a relative name ending in the root label
  // (`a.b.example.` relative to `example.` is `a.b.`). Requires is_below(apex).
  Name relative_to(const Name& apex) const noexcept;

  friend bool operator==(const Name& a, const Name& b) noexcept;  // ignores ASCII case
  // Canonical order, RFC 4034 §6.1 (label by label from the right, case-folded).
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) noexcept;

 private:
  std::array<std::uint8_t, kMaxNameWire> wire_{};
  std::uint8_t size_ = 1;
};

}  // namespace vouchd::dnswire
