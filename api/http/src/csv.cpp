// RFC 4180 CSV reading and quoting (see csv.h).
#include "csv.h"

namespace vouchd::api {

tl::expected<std::vector<CsvRecord>, CsvError> parse_csv(std::string_view text) {
  std::vector<CsvRecord> records;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // A blank line (LF or CRLF alone) holds no record.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRecord record{line, {}};
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (i < n && text[i] == '"') {
        const std::size_t opened = line;
        ++i;
        for (;;) {
          if (i >= n) return tl::unexpected(CsvError{opened, "quoted field not closed"});
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        const bool at_end = i >= n || text[i] == ',' || text[i] == '\n' ||
                            (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n');
        if (!at_end) return tl::unexpected(CsvError{line, "text after a closing quote"});
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' &&
               !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
          if (text[i] == '"')
            return tl::unexpected(CsvError{line, "quote inside an unquoted field"});
          field += text[i++];
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      end_of_record = true;
      if (i < n) {
        i += text[i] == '\r' ? 2 : 1;
        ++line;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string{field};
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace vouchd::api
