// Prometheus text format 0.0.4 (see exposition.h).
#include "vouchd/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace vouchd::metrics {
namespace {

// HELP text escapes backslash and line feed only.
void append_help(std::string& out, std::string_view help) {
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

std::string_view type_name(Exposition::Type type) {
  switch (type) {
    case Exposition::Type::Counter:
      return "counter";
    case Exposition::Type::Gauge:
      return "gauge";
    case Exposition::Type::Histogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general);
  return ec == std::errc{} ? std::string(buf, end) : "NaN";
}

void Exposition::header(std::string_view name, std::string_view help, Type type) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_help(out_, help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type_name(type);
  out_ += '\n';
}

void Exposition::series(std::string_view name, std::string_view suffix,
                        std::span<const Label> labels, const Label* extra) {
  out_ += name;
  out_ += suffix;
  if (labels.empty() && extra == nullptr) {
    out_ += ' ';
    return;
  }
  out_ += '{';
  bool first = true;
  auto put = [&](const Label& l) {
    if (!first) out_ += ',';
    first = false;
    out_ += l.first;
    out_ += "=\"";
    out_ += escape_label_value(l.second);
    out_ += '"';
  };
  for (const Label& l : labels)
    put(l);
  if (extra != nullptr) put(*extra);
  out_ += "} ";
}

void Exposition::sample(std::string_view name, std::span<const Label> labels, double value) {
  series(name, "", labels, nullptr);
  out_ += format_value(value);
  out_ += '\n';
}

void Exposition::sample(std::string_view name, std::span<const Label> labels, std::uint64_t value) {
  series(name, "", labels, nullptr);
  out_ += std::to_string(value);
  out_ += '\n';
}

void Exposition::histogram(std::string_view name, std::span<const Label> labels,
                           const HistogramView& h) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    cumulative += h.counts[i];
    const std::string le = i < h.bounds_ns.size()
                               ? format_value(static_cast<double>(h.bounds_ns[i]) / 1e9)
                               : std::string{"+Inf"};
    const Label bound{"le", le};
    series(name, "_bucket", labels, &bound);
    out_ += std::to_string(cumulative);
    out_ += '\n';
  }
  series(name, "_sum", labels, nullptr);
  out_ += format_value(static_cast<double>(h.sum_ns) / 1e9);
  out_ += '\n';
  series(name, "_count", labels, nullptr);
  out_ += std::to_string(cumulative);
  out_ += '\n';
}

}  // namespace vouchd::metrics
