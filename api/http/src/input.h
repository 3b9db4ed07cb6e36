// Input checking shared by the route files: domain names (IDN U-labels converted to A-labels with
// libidn2), page limits, store errors mapped to API errors, and the clock.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routes.h"
#include "vouchd/api/times.h"

namespace vouchd::api {

std::chrono::sys_seconds now();


// A StoreError as the API reports it; `field` names what the request got wrong.
ApiError from_store(const store::StoreError& e, std::string field);

// A domain name as the store keys it: lower-case presentation without a final dot, labels of
// 1–63 letters, digits, '-' or '_', at most 253 characters. A name with non-ASCII labels is taken
// as UTF-8 U-labels and converted to A-labels (IDNA 2008, libidn2); text that is neither gets an
// ApiError naming `field` and saying why.
std::optional<std::string> check_domain(std::string_view text, const std::string& field,
                                        ApiError& error);

// The zone named in a path (U-labels or A-labels, with or without the final dot); writes 404
// naming "zone" if there is none. The caller holds the store lock.
std::optional<store::Zone> find_zone(Context& ctx, const std::string& text,
                                     httplib::Response& res);

// DNSxL return codes (RFC 5782 §2.3): an array of at most 16 distinct IPv4 addresses in
// 127.0.0.0/8, as A values in the order given; `field` is the member's path ("codes",
// "default_class.codes"), and an element at fault is named "<field>[i]".
std::optional<std::vector<std::uint32_t>> read_codes(const nlohmann::json& value,
                                                     const std::string& field, ApiError& error);

// The `limit` query parameter: `fallback` when absent, else an integer in [1, max].
std::optional<std::size_t> read_limit(const httplib::Request& req, std::size_t fallback,
                                      std::size_t max, ApiError& error);

}  // namespace vouchd::api
