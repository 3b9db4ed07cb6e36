// A CSV reader after RFC 4180: fields separated by commas, records by CRLF or LF, double-quoted
// fields that may hold commas, line breaks and doubled quotes. Pure and allocation-bounded by its
// input, so it can be fuzzed on its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace vouchd::api {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

struct CsvError {
  std::size_t line = 0;
  std::string message;
};

// Every record of `text`; blank lines are skipped. Errors: a quote inside an unquoted field, text
// after a closing quote, a quoted field left open at the end.
tl::expected<std::vector<CsvRecord>, CsvError> parse_csv(std::string_view text);

// `field` quoted for CSV output when it holds a comma, quote or line break.
std::string csv_field(std::string_view field);

}  // namespace vouchd::api
