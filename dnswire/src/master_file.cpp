// RFC 1035 §5.1 master files ($ORIGIN, `@`, blank owners, parentheses, comments, quoted strings)
// with RFC 2308 §4 $TTL; one pass over the text, tokens are views into it.
#include "vouchd/dnswire/master_file.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>

#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::dnswire {
namespace {

// Characters that end an unquoted word.
constexpr std::array<bool, 256> kDelimiter = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view(" \t\r\n;()\"")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// `lower_text` is all lower case.
bool equals_lower(std::string_view text, std::string_view lower_text) noexcept {
  if (text.size() != lower_text.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lower_text[i]) return false;
  }
  return true;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

// The types bulk files are made of, without a trip through type_from_text.
std::optional<RRType> common_type(std::string_view t) noexcept {
  switch (t.size()) {
    case 1:
      if (equals_lower(t, "a")) return RRType::A;
      break;
    case 2:
      if (equals_lower(t, "ns")) return RRType::Ns;
      if (equals_lower(t, "mx")) return RRType::Mx;
      break;
    case 3:
      if (equals_lower(t, "txt")) return RRType::Txt;
      if (equals_lower(t, "soa")) return RRType::Soa;
      if (equals_lower(t, "ptr")) return RRType::Ptr;
      break;
    case 4:
      if (equals_lower(t, "aaaa")) return RRType::Aaaa;
      break;
    case 5:
      if (equals_lower(t, "cname")) return RRType::Cname;
      if (equals_lower(t, "hinfo")) return RRType::Hinfo;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<RRType> type_of(std::string_view text) {
  const std::optional<RRType> common = common_type(text);
  return common ? common : type_from_text(text);
}

// A class mnemonic or CLASSnnn; the common types are ruled out first, as they are never classes.
std::optional<std::uint16_t> class_of(std::string_view text) {
  if (equals_lower(text, "in")) return static_cast<std::uint16_t>(RRClass::In);
  if (common_type(text)) return std::nullopt;
  return class_from_text(text);
}


// True unless `text` ends in an unescaped dot.
bool is_relative(std::string_view text) noexcept {
  if (text.empty() || text == "@" || text.back() != '.') return true;
  std::size_t backslashes = 0;
  for (std::size_t k = text.size() - 1; k > 0 && text[k - 1] == '\\'; --k) {
    ++backslashes;
  }
  return backslashes % 2 == 1;
}

// Without an origin, a relative name in rdata would silently become absolute: refuse it.
bool has_relative_name(RRType type, std::span<const TextToken> f) noexcept {
  if (!f.empty() && f[0].text == "\\#") return false;
  const auto relative = [&](std::size_t k) { return k < f.size() && is_relative(f[k].text); };
  switch (type) {
    case RRType::Ns:
    case RRType::Cname:
    case RRType::Ptr:
      return relative(0);
    case RRType::Mx:
      return relative(1);
    case RRType::Soa:
      return relative(0) || relative(1);
    default:
      return false;
  }
}

// Splits the text into entries: one line, or several joined by parentheses. Borrows `text`, which
// must outlive the lexer and the tokens it hands out.
class Lexer {
 public:
  explicit Lexer(std::string_view text) noexcept : text_{text} {}

  // Collects the tokens of the next non-empty entry; false at the end or on an error (see error()).
  bool next(std::vector<TextToken>& tokens);
  std::size_t entry_line() const noexcept { return entry_line_; }
  // The entry's first line starts with a blank: its owner is the previous record's.
  bool blank_owner() const noexcept { return blank_owner_; }
  std::optional<MasterError>& error() noexcept { return error_; }

 private:
  bool fail(std::size_t line, std::string message) {
    error_ = MasterError{line, std::move(message)};
    return false;
  }
  void push(std::vector<TextToken>& tokens, TextToken token) {
    if (tokens.empty()) {
      entry_line_ = line_;
      blank_owner_ = text_[line_start_] == ' ' || text_[line_start_] == '\t';
    }
    tokens.push_back(token);
  }
  bool read_word(std::vector<TextToken>& tokens);
  bool read_quoted(std::vector<TextToken>& tokens);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t paren_line_ = 0;  // inside parentheses: the line they opened on; otherwise 0
  std::size_t entry_line_ = 0;
  bool blank_owner_ = false;
  std::optional<MasterError> error_;
};

bool Lexer::next(std::vector<TextToken>& tokens) {
  tokens.clear();
  while (pos_ < text_.size()) {
    switch (text_[pos_]) {
      case ' ':
      case '\t':
      case '\r':
        ++pos_;
        break;
      case '\n':
        ++pos_;
        ++line_;
        line_start_ = pos_;
        if (paren_line_ == 0 && !tokens.empty()) return true;
        break;
      case ';':  // RFC 1035 §5.1: a comment runs to the end of the line
        pos_ = std::min(text_.find('\n', pos_), text_.size());
        break;
      case '(':
        if (paren_line_ != 0) return fail(line_, "nested parentheses");
        paren_line_ = line_;
        ++pos_;
        break;
      case ')':
        if (paren_line_ == 0) return fail(line_, "\")\" without \"(\"");
        paren_line_ = 0;
        ++pos_;
        break;
      case '"':
        if (!read_quoted(tokens)) return false;
        break;
      default:
        if (!read_word(tokens)) return false;
    }
  }
  if (paren_line_ != 0) return fail(paren_line_, "\"(\" never closed");
  return !tokens.empty();
}

bool Lexer::read_word(std::vector<TextToken>& tokens) {
  const std::size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\\') {  // the escaped character belongs to the word, whatever it is
      if (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n') {
        return fail(line_, "backslash at end of line");
      }
      pos_ += 2;
    } else if (kDelimiter[static_cast<unsigned char>(c)]) {
      break;
    } else {
      ++pos_;
    }
  }
  push(tokens, TextToken{text_.substr(start, pos_ - start), false});
  return true;
}

bool Lexer::read_quoted(std::vector<TextToken>& tokens) {
  const std::size_t start = ++pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      push(tokens, TextToken{text_.substr(start, pos_ - start), true});
      ++pos_;
      return true;
    }
    if (c == '\n') break;
    if (c == '\\') {
      if (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n') break;
      ++pos_;
    }
    ++pos_;
  }
  return fail(line_, "unterminated quoted string");
}

class Parser {
 public:
  Parser(std::string_view text, const MasterOptions& options,
         const std::function<void(MasterRecord&&)>& sink)
      : lexer_{text}, sink_{sink}, origin_{options.origin}, last_ttl_{options.default_ttl} {}

  std::optional<MasterError> run();

 private:
  std::optional<MasterError> directive();
  std::optional<MasterError> record();
  std::optional<MasterError> read_owner(const TextToken& token);
  std::optional<std::uint32_t> resolve_ttl(std::optional<std::uint32_t> ttl);
  std::uint16_t resolve_class(std::optional<std::uint16_t> rclass);
  std::optional<MasterError> error(std::string message) const {
    return MasterError{lexer_.entry_line(), std::move(message)};
  }

  Lexer lexer_;
  const std::function<void(MasterRecord&&)>& sink_;
  std::vector<TextToken> tokens_;
  std::optional<Name> origin_;
  const Name root_;
  std::optional<std::uint32_t> ttl_directive_;  // the last $TTL
  std::optional<std::uint32_t> last_ttl_;       // the default TTL, then the last explicit one
  std::uint16_t last_class_ = static_cast<std::uint16_t>(RRClass::In);
  std::optional<Name> owner_;    // the previous record's owner
  std::string_view owner_text_;  // how owner_ was spelled, so a repeated owner is not reparsed
};

std::optional<MasterError> Parser::run() {
  tokens_.reserve(16);
  while (lexer_.next(tokens_)) {
    const TextToken& first = tokens_.front();
    const bool is_directive = !lexer_.blank_owner() && !first.quoted && first.text[0] == '$';
    if (auto e = is_directive ? directive() : record()) return e;
  }
  return std::move(lexer_.error());
}

std::optional<MasterError> Parser::directive() {
  const std::string_view name = tokens_[0].text;
  if (equals_lower(name, "$include")) return error("$INCLUDE is not supported");
  if (equals_lower(name, "$generate")) return error("$GENERATE is not supported");
  const bool is_origin = equals_lower(name, "$origin");
  if (!is_origin && !equals_lower(name, "$ttl")) return error("unknown directive " + quoted(name));
  if (tokens_.size() != 2) return error(std::string(name) + " needs one argument");
  const std::string_view arg = tokens_[1].text;
  if (is_origin) {  // RFC 1035 §5.1: a relative $ORIGIN is relative to the current one
    std::optional<Name> origin = Name::from_text(arg, origin_ ? &*origin_ : nullptr);
    if (!origin) return error("bad $ORIGIN " + quoted(arg));
    origin_ = *origin;
    owner_text_ = {};
    return std::nullopt;
  }
  ttl_directive_ = ttl_from_text(arg);
  if (!ttl_directive_) return error("bad $TTL " + quoted(arg));
  return std::nullopt;
}

std::optional<MasterError> Parser::read_owner(const TextToken& token) {
  if (owner_ && !token.quoted && token.text == owner_text_) return std::nullopt;
  if (!origin_ && is_relative(token.text)) {
    return error("relative name " + quoted(token.text) + " without $ORIGIN");
  }
  std::optional<Name> owner = Name::from_text(token.text, origin_ ? &*origin_ : nullptr);
  if (!owner || token.quoted) return error("bad owner name " + quoted(token.text));
  owner_ = *owner;
  owner_text_ = token.text;
  return std::nullopt;
}

// RFC 1035 §5.1: <owner> [<TTL>] [<class>] <type> <RDATA>, TTL and class in either order.
std::optional<MasterError> Parser::record() {
  std::size_t i = 0;
  if (!lexer_.blank_owner()) {
    if (auto e = read_owner(tokens_[0])) return e;
    i = 1;
  } else if (!owner_) {
    return error("the first record has no owner name");
  }
  std::optional<std::uint32_t> ttl;
  std::optional<std::uint16_t> rclass;
  for (; i < tokens_.size() && !tokens_[i].quoted; ++i) {
    const std::string_view t = tokens_[i].text;
    if (!ttl && is_digit(t[0])) {
      ttl = ttl_from_text(t);
      if (!ttl) return error("bad TTL " + quoted(t));
      continue;
    }
    if (rclass) break;
    rclass = class_of(t);
    if (!rclass) break;
  }
  if (i == tokens_.size()) return error("missing type");
  const std::optional<RRType> type = tokens_[i].quoted ? std::nullopt : type_of(tokens_[i].text);
  if (!type) return error("unknown type " + quoted(tokens_[i].text));
  ttl = resolve_ttl(ttl);
  if (!ttl) return error("no TTL, and no $TTL before this record");
  const std::uint16_t record_class = resolve_class(rclass);

  const std::span<const TextToken> fields = std::span(tokens_).subspan(i + 1);
  if (!origin_ && has_relative_name(*type, fields)) return error("relative name without $ORIGIN");
  RdataResult rdata = rdata_from_text(*type, fields, origin_ ? *origin_ : root_);
  if (!rdata.ok()) return error(std::move(rdata.error));
  sink_(MasterRecord{*owner_, *type, record_class, *ttl, std::move(rdata.rdata),
                     lexer_.entry_line()});
  return std::nullopt;
}

// RFC 2308 §4: once $TTL is set it supplies a missing TTL; before that, the last explicit TTL
// (RFC 1035 §5.1) or the caller's default does.
std::optional<std::uint32_t> Parser::resolve_ttl(std::optional<std::uint32_t> ttl) {
  if (ttl) {
    last_ttl_ = ttl;
    return ttl;
  }
  return ttl_directive_ ? ttl_directive_ : last_ttl_;
}

// RFC 1035 §5.1: a missing class is the last one given; IN before any.
std::uint16_t Parser::resolve_class(std::optional<std::uint16_t> rclass) {
  if (rclass) last_class_ = *rclass;
  return last_class_;
}

}  // namespace

std::optional<MasterError> parse_master_file(std::string_view text, const MasterOptions& options,
                                             const std::function<void(MasterRecord&&)>& sink) {
  Parser parser{text, options, sink};
  return parser.run();
}

std::string record_to_text(const Name& owner, std::uint32_t ttl, std::uint16_t rclass, RRType type,
                           std::span<const std::uint8_t> rdata) {
  std::string out = owner.to_text();  // escapes `$`, `@`, `;`, quotes, parentheses and blanks
  out += ' ';
  out += std::to_string(ttl);
  out += ' ';
  out += class_to_text(rclass);
  out += ' ';
  out += type_to_text(type);
  out += ' ';
  out += rdata_to_text(type, rdata);
  return out;
}

}  // namespace vouchd::dnswire
