// Authentication-Results parsing (see auth_results.h). The value is first reduced to plain
// text: comments become a space, folding whitespace one space; then split on ';' outside quotes.
#include "vouchd/ingest/auth_results.h"

#include <algorithm>

#include "text.h"

namespace vouchd::ingest {
namespace {

// Comments (nested, with quoted pairs) replaced by a space; quoted strings kept with quotes.
std::string without_comments(std::string_view in) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\\' && i + 1 < in.size() && (quoted || depth > 0)) {
      if (depth == 0) {
        out += c;
        out += in[i + 1];
      }
      ++i;
      continue;
    }
    if (depth == 0 && c == '"') quoted = !quoted;
    if (!quoted && c == '(') {
      ++depth;
      continue;
    }
    if (!quoted && c == ')' && depth > 0) {
      if (--depth == 0) out += ' ';
      continue;
    }
    if (depth > 0) continue;
    out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  }
  return out;
}

std::vector<std::string> split_outside_quotes(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && quoted && i + 1 < text.size()) {
      current += c;
      current += text[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == separator && !quoted) {
      parts.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(std::move(current));
  return parts;
}

// Whitespace around '=' and '.' removed, so "header . d = x" becomes "header.d=x".
std::string tight(const std::string& text) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == ' ') {
      const std::size_t next = text.find_first_not_of(' ', i);
      const bool before_op = next != std::string::npos && (text[next] == '=' || text[next] == '.');
      const bool after_op = !out.empty() && (out.back() == '=' || out.back() == '.');
      if (before_op || after_op) continue;
      if (!out.empty() && out.back() == ' ') continue;
    }
    out += c;
  }
  return std::string{trim(out)};
}

std::string unquoted(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\' && i + 2 < v.size()) ++i;
      out += v[i];
    }
    return out;
  }
  return std::string{v};
}

std::optional<AuthResult> parse_resinfo(const std::string& segment) {
  const std::vector<std::string> tokens = split_outside_quotes(tight(segment), ' ');
  if (tokens.empty() || tokens[0].empty()) return std::nullopt;
  const std::size_t eq = tokens[0].find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == tokens[0].size()) return std::nullopt;
  AuthResult r;
  r.method = lower(tokens[0].substr(0, eq));
  r.method = r.method.substr(0, r.method.find('/'));  // "dkim/1": method version
  r.result = lower(tokens[0].substr(eq + 1));
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t.empty()) continue;
    const std::size_t e = t.find('=');
    if (e == std::string::npos || e == 0) continue;  // not a property: ignored, as 8601 allows
    const std::string key = lower(t.substr(0, e));
    const std::string value = unquoted(std::string_view{t}.substr(e + 1));
    if (key == "reason") {
      r.reason = value;
    } else if (key.find('.') != std::string::npos) {
      r.properties.emplace_back(key, value);
    }
  }
  return r;
}

}  // namespace

std::string_view AuthResult::property(std::string_view name) const {
  const std::string wanted = lower(name);
  for (const auto& [key, value] : properties) {
    if (key == wanted) return value;
  }
  return {};
}

std::optional<AuthResults> parse_authentication_results(std::string_view value) {
  const std::vector<std::string> segments = split_outside_quotes(without_comments(value), ';');
  const std::vector<std::string> head = split_outside_quotes(std::string{trim(segments[0])}, ' ');
  if (head.empty() || head[0].empty()) return std::nullopt;
  AuthResults out;
  out.authserv_id = lower(head[0]);
  for (std::size_t i = 1; i < segments.size(); ++i) {
    const std::string_view segment = trim(segments[i]);
    if (segment.empty()) continue;  // a trailing ';'
    if (lower(segment) == "none") continue;
    auto r = parse_resinfo(std::string{segment});
    if (!r) return std::nullopt;
    out.results.push_back(std::move(*r));
  }
  return out;
}

std::vector<std::string> dkim_pass_domains(const AuthResults& results) {
  std::vector<std::string> out;
  for (const AuthResult& r : results.results) {
    if (r.method != "dkim" || r.result != "pass") continue;
    std::string d = lower(r.property("header.d"));
    if (d.empty()) {
      // header.i=@domain (older verifiers): the domain part.
      const std::string_view i = r.property("header.i");
      const std::size_t at = i.find('@');
      if (at != std::string_view::npos) d = lower(i.substr(at + 1));
    }
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (!d.empty() && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  }
  return out;
}

}  // namespace vouchd::ingest
