// A strict reader of the Prometheus text format 0.0.4 for tests: every line is a HELP or TYPE
// comment or a sample `name{label="value",...} value`; histograms must have non-decreasing
// cumulative buckets ending in le="+Inf" equal to _count, and a _sum.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace vouchd::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;  // values unescaped
  double value = 0;
};

struct Exposition {
  std::vector<Sample> samples;
  std::map<std::string, std::string> types;  // family name -> counter, gauge, histogram
  std::map<std::string, std::string> help;
  std::string error;  // the first problem found, with its line; empty if the text is valid

  // The value of the one sample with this name whose labels include `labels`; nullopt if there
  // is none (a series not yet counted). Two matches are an error.
  std::optional<double> value(const std::string& name,
                              const std::map<std::string, std::string>& labels = {}) const {
    std::optional<double> found;
    for (const Sample& s : samples) {
      if (s.name != name) continue;
      bool all = true;
      for (const auto& [k, v] : labels) {
        const auto it = s.labels.find(k);
        all = all && it != s.labels.end() && it->second == v;
      }
      if (!all) continue;
      if (found) return std::nullopt;
      found = s.value;
    }
    return found;
  }
  // The value, or 0 for a series not yet present (counters start at zero).
  double counter(const std::string& name,
                 const std::map<std::string, std::string>& labels = {}) const {
    return value(name, labels).value_or(0);
  }
};

namespace exposition_detail {

inline bool is_name_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         (!first && c >= '0' && c <= '9');
}

inline std::optional<double> parse_number(const std::string& t) {
  if (t == "+Inf") return HUGE_VAL;
  if (t == "-Inf") return -HUGE_VAL;
  if (t == "NaN") return NAN;
  std::size_t used = 0;
  try {
    const double v = std::stod(t, &used);
    if (used != t.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// `name{labels} value`; returns an error text or "".
inline std::string parse_sample(std::string_view line, Sample& s) {
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i], i == 0))
    ++i;
  if (i == 0) return "no metric name";
  s.name = std::string{line.substr(0, i)};
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      const std::size_t start = i;
      while (i < line.size() && is_name_char(line[i], i == start))
        ++i;
      if (i == start || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') {
        return "bad label name";
      }
      const std::string key{line.substr(start, i - start)};
      i += 2;
      std::string value;
      for (; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\n') return "raw line feed in a label value";
        if (line[i] != '\\') {
          value += line[i];
          continue;
        }
        if (++i >= line.size()) return "dangling backslash";
        if (line[i] == 'n') {
          value += '\n';
        } else if (line[i] == '\\' || line[i] == '"') {
          value += line[i];
        } else {
          return "bad escape in a label value";
        }
      }
      if (i >= line.size()) return "unterminated label value";
      ++i;  // closing quote
      if (!s.labels.emplace(key, value).second) return "label given twice";
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return "unterminated label set";
    ++i;  // '}'
  }
  if (i >= line.size() || line[i] != ' ') return "no space before the value";
  const std::string rest{line.substr(i + 1)};
  const auto v = parse_number(rest);  // no timestamps: vouchd never writes them
  if (!v) return "bad value";
  s.value = *v;
  return "";
}

// The family a sample belongs to: histogram series carry _bucket, _sum or _count.
inline std::string family_of(const std::string& name,
                             const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string sfx{suffix};
    if (name.size() > sfx.size() && name.ends_with(sfx)) {
      const std::string base = name.substr(0, name.size() - sfx.size());
      const auto t = types.find(base);
      if (t != types.end() && t->second == "histogram") return base;
    }
  }
  return name;
}

inline std::string series_key(const Sample& s, const std::string& drop) {
  std::string key;
  for (const auto& [k, v] : s.labels) {
    if (k != drop) key += k + "=" + v + ",";
  }
  return key;
}

// Buckets per series non-decreasing, last one +Inf equal to _count, a _sum present.
inline std::string check_histograms(const Exposition& e) {
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    std::map<std::string, std::vector<std::pair<double, double>>> buckets;
    std::map<std::string, double> counts;
    std::map<std::string, double> sums;
    for (const Sample& s : e.samples) {
      if (s.name == family + "_bucket") {
        const auto le = s.labels.find("le");
        if (le == s.labels.end()) return family + ": bucket without le";
        const auto bound = parse_number(le->second);
        if (!bound) return family + ": bad le " + le->second;
        buckets[series_key(s, "le")].emplace_back(*bound, s.value);
      } else if (s.name == family + "_count") {
        counts[series_key(s, "")] = s.value;
      } else if (s.name == family + "_sum") {
        sums[series_key(s, "")] = s.value;
      }
    }
    for (const auto& [key, bs] : buckets) {
      for (std::size_t i = 1; i < bs.size(); ++i) {
        if (bs[i].first <= bs[i - 1].first) return family + "{" + key + "}: le not increasing";
        if (bs[i].second < bs[i - 1].second) return family + "{" + key + "}: bucket decreases";
      }
      if (bs.empty() || !std::isinf(bs.back().first)) return family + "{" + key + "}: no +Inf";
      if (!counts.contains(key)) return family + "{" + key + "}: no _count";
      if (!sums.contains(key)) return family + "{" + key + "}: no _sum";
      if (counts.at(key) != bs.back().second) return family + "{" + key + "}: +Inf != _count";
    }
  }
  return "";
}

}  // namespace exposition_detail

inline Exposition parse_exposition(const std::string& text) {
  namespace d = exposition_detail;
  Exposition e;
  if (!text.empty() && text.back() != '\n') e.error = "the text does not end with a line feed";
  std::istringstream in(text);
  std::string line;
  std::string current;  // the family the last TYPE line opened
  for (int n = 1; e.error.empty() && std::getline(in, line); ++n) {
    const std::string where = "line " + std::to_string(n) + " [" + line + "]: ";
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const std::string rest = line.substr(7);
      const std::size_t space = rest.find(' ');
      if (space == std::string::npos || space == 0) {
        e.error = where + "no text after the name";
        break;
      }
      const std::string name = rest.substr(0, space);
      if (line[2] == 'H') {
        e.help[name] = rest.substr(space + 1);
        continue;
      }
      const std::string type = rest.substr(space + 1);
      if (type != "counter" && type != "gauge" && type != "histogram") {
        e.error = where + "unknown type";
      } else if (!e.types.emplace(name, type).second) {
        e.error = where + "TYPE given twice";
      }
      current = name;
      continue;
    }
    if (line.empty() || line[0] == '#') {
      e.error = where + "empty line or unknown comment";
      break;
    }
    Sample s;
    const std::string problem = d::parse_sample(line, s);
    if (!problem.empty()) {
      e.error = where + problem;
      break;
    }
    const std::string family = d::family_of(s.name, e.types);
    if (family != current) e.error = where + "sample outside its family's TYPE block";
    e.samples.push_back(std::move(s));
  }
  if (e.error.empty()) e.error = d::check_histograms(e);
  return e;
}

}  // namespace vouchd::testing
