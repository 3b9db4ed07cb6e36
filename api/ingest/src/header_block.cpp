// Header blocks and addresses (see header_block.h).
#include "header_block.h"

#include "text.h"

namespace vouchd::ingest {

std::vector<HeaderField> parse_header_block(std::string_view text, std::size_t& skipped) {
  std::vector<HeaderField> fields;
  skipped = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (fields.empty()) {
        ++skipped;
      } else {
        fields.back().value += ' ';
        fields.back().value += trim(line);
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    const std::string_view name =
        colon == std::string_view::npos ? "" : trim(line.substr(0, colon));
    if (name.empty() || name.find(' ') != std::string_view::npos) {
      ++skipped;
      continue;
    }
    fields.push_back({std::string{name}, std::string{trim(line.substr(colon + 1))}});
  }
  for (HeaderField& f : fields)
    f.value = std::string{trim(f.value)};
  return fields;
}

std::string address_domain(std::string_view address) {
  const std::size_t open = address.rfind('<');
  if (open != std::string_view::npos) {
    const std::size_t close = address.find('>', open);
    address = address.substr(
        open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
  }
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string domain = lower(trim(address.substr(at + 1)));
  while (!domain.empty() && (domain.back() == '.' || domain.back() == '>'))
    domain.pop_back();
  if (domain.find_first_of(" <>\"(),;:") != std::string::npos) return "";
  return domain;
}

}  // namespace vouchd::ingest
