// ARF parsing (see arf.h). GMime splits the MIME structure; the report fields and the reported
// headers are read as header blocks, so a part GMime sees as a message and one it sees as plain
// content give the same fields.
#include "vouchd/ingest/arf.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>

#include "header_block.h"
#include "text.h"
#include "vouchd/dnswire/ip_prefix.h"

namespace vouchd::ingest {
namespace {

// GMime keeps process-wide tables set up once by g_mime_init(); every parse goes through here.
void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;

std::vector<HeaderField> fields_of(GMimeObject* object) {
  std::vector<HeaderField> out;
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  const int n = list == nullptr ? 0 : g_mime_header_list_get_count(list);
  for (int i = 0; i < n; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    const char* name = g_mime_header_get_name(h);
    const char* raw = g_mime_header_get_raw_value(h);
    if (name == nullptr) continue;
    std::string value;
    for (const char c : std::string_view{raw == nullptr ? "" : raw}) {
      if (c != '\r' && c != '\n') value += c == '\t' ? ' ' : c;
    }
    out.push_back({name, std::string{trim(value)}});
  }
  return out;
}

// The decoded content of a leaf part.
std::string content_of(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return {};
  GPtr<GMimeStream> mem{g_mime_stream_mem_new()};
  g_mime_data_wrapper_write_to_stream(wrapper, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return {reinterpret_cast<const char*>(bytes->data), bytes->len};
}

// The header fields a part carries as its body: a message part's message headers, or a leaf
// part's content read as a header block.
std::vector<HeaderField> body_fields(GMimeObject* part, std::size_t& skipped) {
  skipped = 0;
  if (GMIME_IS_MESSAGE_PART(part)) {
    GMimeMessage* m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    return m == nullptr ? std::vector<HeaderField>{} : fields_of(GMIME_OBJECT(m));
  }
  if (GMIME_IS_PART(part)) return parse_header_block(content_of(GMIME_PART(part)), skipped);
  return {};
}

bool is_type(GMimeObject* o, const char* type, const char* subtype) {
  GMimeContentType* ct = g_mime_object_get_content_type(o);
  return ct != nullptr && g_mime_content_type_is_type(ct, type, subtype);
}

std::optional<std::int64_t> parse_date(const std::string& text) {
  GDateTime* dt = g_mime_utils_header_decode_date(text.c_str());
  if (dt == nullptr) return std::nullopt;
  const std::int64_t t = g_date_time_to_unix(dt);
  g_date_time_unref(dt);
  return t;
}

std::string without_angles(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
  return std::string{v};
}

std::optional<std::string> canonical_ip(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.starts_with("IPv6:") || text.starts_with("ipv6:")) text.remove_prefix(5);
  if (text.find('/') != std::string_view::npos) return std::nullopt;  // an address, not a prefix
  const auto address = dnswire::IpPrefix::parse(text);
  if (!address) return std::nullopt;
  return address->to_text();
}

void add_unique(std::vector<std::string>& to, std::string value) {
  if (!value.empty() && std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

// The tag=value list of a DKIM-Signature: the value of `tag` ("d"), trimmed, or "".
std::string dkim_tag(std::string_view signature, std::string_view tag) {
  std::size_t at = 0;
  while (at <= signature.size()) {
    std::size_t end = signature.find(';', at);
    if (end == std::string_view::npos) end = signature.size();
    const std::string_view item = signature.substr(at, end - at);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && trim(item.substr(0, eq)) == tag) {
      std::string value;
      for (const char c : item.substr(eq + 1)) {
        if (c != ' ' && c != '\t') value += c;
      }
      return value;
    }
    at = end + 1;
  }
  return {};
}

struct Part2 {
  std::vector<HeaderField> fields;
  std::size_t skipped = 0;
};

// Reads the report fields into `r`; an error names the field.
std::optional<ArfError> read_report_fields(const Part2& part, ArfReport& r) {
  int versions = 0;
  int types = 0;
  bool arrival = false;
  bool received = false;
  for (const HeaderField& f : part.fields) {
    const std::string name = lower(f.name);
    if (name == "feedback-type") {
      ++types;
      r.feedback_type = lower(f.value);
    } else if (name == "user-agent") {
      r.user_agent = f.value;
    } else if (name == "version") {
      ++versions;
      r.version = f.value;
    } else if (name == "source-ip") {
      r.source_ip = canonical_ip(f.value);
      if (!r.source_ip) r.quirks.push_back("bad-source-ip");
    } else if (name == "source-port") {
      std::uint16_t port = 0;
      const auto v = trim(f.value);
      const auto res = std::from_chars(v.data(), v.data() + v.size(), port);
      if (res.ec == std::errc{} && res.ptr == v.data() + v.size()) {
        r.source_port = port;
      } else {
        r.quirks.push_back("bad-source-port");
      }
    } else if (name == "incidents") {
      std::uint32_t n = 0;
      const auto v = trim(f.value);
      const auto res = std::from_chars(v.data(), v.data() + v.size(), n);
      if (res.ec != std::errc{} || res.ptr != v.data() + v.size()) {
        return ArfError{"Incidents is not an unsigned 32-bit number"};
      }
      r.incidents = n;
    } else if (name == "arrival-date" || name == "received-date") {
      (name == "arrival-date" ? arrival : received) = true;
      r.arrival = parse_date(f.value);
      if (!r.arrival) r.quirks.push_back("bad-arrival-date");
    } else if (name == "reporting-mta") {
      const std::size_t semi = f.value.find(';');
      r.reporting_mta =
          lower(trim(semi == std::string::npos ? std::string_view{f.value}
                                               : std::string_view{f.value}.substr(semi + 1)));
    } else if (name == "original-mail-from") {
      r.original_mail_from = without_angles(f.value);
    } else if (name == "original-rcpt-to") {
      r.original_rcpt_to.push_back(without_angles(f.value));
    } else if (name == "reported-domain") {
      add_unique(r.reported_domains, lower(trim(f.value)));
    } else if (name == "authentication-results") {
      if (auto ar = parse_authentication_results(f.value)) {
        r.authentication_results.push_back(std::move(*ar));
      } else {
        r.quirks.push_back("bad-authentication-results");
      }
    } else if (name == "auth-failure") {
      r.auth_failure = lower(trim(f.value));
    } else if (name == "delivery-result") {
      r.delivery_result = lower(trim(f.value));
    } else if (name == "dkim-domain") {
      r.dkim_domain = lower(trim(f.value));
    }
    // Anything else (Removal-Recipient, Reported-URI, ...) is accepted and ignored (§3).
  }
  if (types == 0) return ArfError{"the feedback report has no Feedback-Type"};
  if (types > 1) return ArfError{"Feedback-Type given more than once"};
  if (versions > 1) return ArfError{"Version given more than once"};
  if (arrival && received) return ArfError{"both Arrival-Date and Received-Date"};
  if (versions == 0) {
    r.quirks.push_back("missing-version");
    r.version = "1";
  } else if (r.version != "1") {
    r.quirks.push_back("version-" + r.version);
    r.version = "1";
  }
  if (r.user_agent.empty()) r.quirks.push_back("missing-user-agent");
  if (part.skipped != 0) r.quirks.push_back("unparsable-report-lines");
  return std::nullopt;
}

void read_original(const std::vector<HeaderField>& fields, ArfReport& r) {
  for (const HeaderField& f : fields) {
    const std::string name = lower(f.name);
    if (name == "dkim-signature") {
      std::string d = lower(dkim_tag(f.value, "d"));
      if (!d.empty() && d.back() == '.') d.pop_back();
      add_unique(r.dkim_signing_domains, d);
    } else if (name == "from" && r.from_domain.empty()) {
      r.from_domain = address_domain(f.value);
    } else if (name == "message-id" && r.original_message_id.empty()) {
      r.original_message_id = without_angles(f.value);
    } else if (name == "vbr-info" && !r.vbr_info) {
      r.vbr_info = parse_vbr_info(f.value);
    }
  }
}

// What the reporter's own Authentication-Results vouch for: DKIM domains that passed (and were
// signing the message, when its signatures are known) and an SPF-passing MAIL FROM domain.
void authenticate(ArfReport& r) {
  for (const AuthResults& ar : r.authentication_results) {
    for (const std::string& d : dkim_pass_domains(ar)) {
      const bool signed_it = r.dkim_signing_domains.empty() ||
                             std::find(r.dkim_signing_domains.begin(), r.dkim_signing_domains.end(),
                                       d) != r.dkim_signing_domains.end();
      if (signed_it) add_unique(r.authenticated_domains, d);
    }
    for (const AuthResult& res : ar.results) {
      if (res.method != "spf" || res.result != "pass" || !r.spf_pass_domain.empty()) continue;
      const std::string_view from = res.property("smtp.mailfrom");
      const std::size_t at = from.rfind('@');
      r.spf_pass_domain = lower(at == std::string_view::npos ? from : from.substr(at + 1));
    }
  }
  r.mail_from_domain = address_domain(r.original_mail_from);
}

}  // namespace

std::optional<VbrInfo> parse_vbr_info(std::string_view value) {
  VbrInfo info;
  std::size_t at = 0;
  bool md = false;
  bool mv = false;
  while (at <= value.size()) {
    std::size_t end = value.find(';', at);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view item = trim(value.substr(at, end - at));
    at = end + 1;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string tag = lower(trim(item.substr(0, eq)));
    const std::string_view v = trim(item.substr(eq + 1));
    auto list = [&](std::vector<std::string>& out) {
      std::size_t p = 0;
      while (p <= v.size()) {
        std::size_t colon = v.find(':', p);
        if (colon == std::string_view::npos) colon = v.size();
        add_unique(out, lower(trim(v.substr(p, colon - p))));
        p = colon + 1;
      }
    };
    if (tag == "md") {
      info.md = lower(v);
      md = !info.md.empty();
    } else if (tag == "mc") {
      list(info.mc);
    } else if (tag == "mv") {
      list(info.mv);
      mv = !info.mv.empty();
    }
  }
  if (!md || !mv) return std::nullopt;
  return info;
}

tl::expected<ArfReport, ArfError> parse_arf(std::string_view message) {
  init_gmime();
  ArfReport r;
  if (message.find("\r\n") == std::string_view::npos &&
      message.find('\n') != std::string_view::npos) {
    r.quirks.push_back("lf-line-ends");
  }
  GPtr<GMimeStream> stream{g_mime_stream_mem_new_with_buffer(message.data(), message.size())};
  GPtr<GMimeParser> parser{g_mime_parser_new_with_stream(stream.get())};
  GPtr<GMimeMessage> msg{g_mime_parser_construct_message(parser.get(), nullptr)};
  if (!msg) return tl::unexpected(ArfError{"not a MIME message"});
  if (const char* id = g_mime_message_get_message_id(msg.get())) r.message_id = id;
  GMimeObject* body = g_mime_message_get_mime_part(msg.get());
  if (body == nullptr || !GMIME_IS_MULTIPART(body) || !is_type(body, "multipart", "report")) {
    return tl::unexpected(ArfError{"not a multipart/report message"});
  }
  const char* report_type =
      g_mime_content_type_get_parameter(g_mime_object_get_content_type(body), "report-type");
  if (report_type == nullptr || lower(report_type) != "feedback-report") {
    return tl::unexpected(ArfError{"multipart/report without report-type=feedback-report"});
  }
  GMimeMultipart* multipart = GMIME_MULTIPART(body);
  std::optional<Part2> part2;
  std::vector<HeaderField> original;
  bool have_original = false;
  for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
    GMimeObject* part = g_mime_multipart_get_part(multipart, i);
    if (is_type(part, "message", "feedback-report") && !part2) {
      Part2 p;
      p.fields = body_fields(part, p.skipped);
      part2 = std::move(p);
    } else if (!have_original &&
               (is_type(part, "message", "rfc822") || is_type(part, "text", "rfc822-headers") ||
                is_type(part, "message", "rfc822-headers"))) {
      std::size_t skipped = 0;
      original = body_fields(part, skipped);
      have_original = true;
    }
  }
  if (!part2) return tl::unexpected(ArfError{"no message/feedback-report part"});
  if (auto error = read_report_fields(*part2, r)) return tl::unexpected(*error);
  if (!have_original) r.quirks.push_back("missing-original-message");
  read_original(original, r);
  authenticate(r);
  return r;
}

}  // namespace vouchd::ingest
