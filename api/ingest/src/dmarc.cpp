// DMARC aggregate reports (see dmarc.h): zlib for gzip, libzip for zip, pugixml for the XML.
#include "vouchd/ingest/dmarc.h"

#include <zlib.h>

#include <charconv>
#include <memory>
#include <pugixml.hpp>

#include "text.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "zip_archive.h"

namespace vouchd::ingest {
namespace {

using Error = DmarcError;
using Code = DmarcError::Code;

tl::unexpected<Error> fail(Code code, std::string message) {
  return tl::unexpected(Error{code, std::move(message)});
}

bool is_gzip(std::string_view b) {
  return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
         static_cast<unsigned char>(b[1]) == 0x8b;
}
bool is_zip(std::string_view b) {
  return b.starts_with(std::string_view{"PK\x03\x04", 4});
}
bool is_archive(std::string_view b) {
  return is_gzip(b) || is_zip(b);
}

bool looks_like_xml(std::string_view b) {
  if (b.starts_with("\xEF\xBB\xBF")) b.remove_prefix(3);  // UTF-8 byte order mark
  b = trim(b);
  return b.starts_with('<');
}

// Every gzip member of `bytes` inflated, CRC and length checked by zlib.
tl::expected<std::string, Error> gunzip(std::string_view bytes, std::size_t cap) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return fail(Code::Malformed, "zlib failed");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> guard{&z, inflateEnd};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[65536];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > cap) return fail(Code::TooLarge, "the gzip body inflates past the limit");
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) return out;
      if (inflateReset(&z) != Z_OK) return fail(Code::Malformed, "zlib failed");
      continue;  // another member follows
    }
    if (rc == Z_DATA_ERROR) return fail(Code::Hostile, "the gzip data is corrupt (CRC or format)");
    if (rc != Z_OK && rc != Z_BUF_ERROR) return fail(Code::Malformed, "the gzip data is truncated");
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      return fail(Code::Malformed, "the gzip data is truncated");
    }
  }
}

// The report file of a zip: the only entry, or the first whose name ends in ".xml".
tl::expected<std::string, Error> unzip(std::string_view bytes, std::size_t cap) {
  const auto archive = detail::ZipArchive::open(bytes);
  if (!archive) return tl::unexpected(archive.error());
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < archive->size(); ++i) {
    const std::string name = archive->name(i);
    if (name.ends_with('/')) continue;
    if (!chosen || lower(name).ends_with(".xml")) chosen = i;
    if (lower(name).ends_with(".xml")) break;
  }
  if (!chosen) return fail(Code::Malformed, "the zip archive holds no file");
  return archive->read(*chosen, cap);
}

// Element children by local name, so a namespace prefix ("dmarc:record") does not matter.
std::string_view local_name(const pugi::xml_node& n) {
  const std::string_view name = n.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::string text_of(const pugi::xml_node& parent, std::string_view name) {
  return std::string{trim(child(parent, name).child_value())};
}

template <typename T>
std::optional<T> number_of(const pugi::xml_node& parent, std::string_view name) {
  const std::string t = text_of(parent, name);
  T v{};
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || r.ec != std::errc{} || r.ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

std::optional<std::string> canonical_ip(std::string_view text) {
  if (text.find('/') != std::string_view::npos) return std::nullopt;
  const auto a = dnswire::IpPrefix::parse(trim(text));
  if (!a) return std::nullopt;
  return a->to_text();
}

tl::expected<DmarcRecord, Error> read_record(const pugi::xml_node& node, std::size_t index,
                                             DmarcReport& report) {
  const std::string where = "record[" + std::to_string(index) + "]";
  const pugi::xml_node row = child(node, "row");
  if (!row) return fail(Code::Malformed, where + ": no <row>");
  DmarcRecord r;
  const auto ip = canonical_ip(text_of(row, "source_ip"));
  if (!ip) return fail(Code::Malformed, where + "/row/source_ip: not an IP address");
  r.source_ip = *ip;
  const auto count = number_of<std::uint64_t>(row, "count");
  if (!count) return fail(Code::Malformed, where + "/row/count: not a number");
  r.count = *count;
  const pugi::xml_node policy = child(row, "policy_evaluated");
  r.disposition = lower(text_of(policy, "disposition"));
  r.dkim_aligned_pass = lower(text_of(policy, "dkim")) == "pass";
  r.spf_aligned_pass = lower(text_of(policy, "spf")) == "pass";
  const pugi::xml_node ids = child(node, "identifiers");
  r.header_from = lower(text_of(ids, "header_from"));
  r.envelope_from = lower(text_of(ids, "envelope_from"));
  if (!child(ids, "envelope_from")) report.quirks.push_back("missing-envelope-from");
  const pugi::xml_node auth = child(node, "auth_results");
  for (pugi::xml_node a = auth.first_child(); a; a = a.next_sibling()) {
    if (a.type() != pugi::node_element) continue;
    DmarcAuth entry{lower(text_of(a, "domain")), text_of(a, "selector"), lower(text_of(a, "scope")),
                    lower(text_of(a, "result"))};
    if (local_name(a) == "dkim") {
      r.dkim.push_back(std::move(entry));
    } else if (local_name(a) == "spf") {
      if (!child(a, "scope")) report.quirks.push_back("missing-scope");
      r.spf.push_back(std::move(entry));
    }
  }
  return r;
}

// A "<!DOCTYPE" or "<!ENTITY" anywhere, in any case (searched in place: reports run to megabytes).
bool has_declarations(std::string_view xml) {
  // '!' is rare in reports and '<' is everywhere: look for the '!'.
  for (std::size_t at = xml.find('!', 1); at != std::string_view::npos;
       at = xml.find('!', at + 1)) {
    if (xml[at - 1] != '<') continue;
    const std::string word = lower(xml.substr(at + 1, 7));
    if (word == "doctype" || word.starts_with("entity")) return true;
  }
  return false;
}

}  // namespace

tl::expected<std::string, DmarcError> unpack_dmarc(std::string_view bytes,
                                                   std::size_t max_inflated) {
  tl::expected<std::string, Error> xml = std::string{};
  if (is_gzip(bytes)) {
    xml = gunzip(bytes, max_inflated);
  } else if (is_zip(bytes)) {
    xml = unzip(bytes, max_inflated);
  } else if (looks_like_xml(bytes)) {
    if (bytes.size() > max_inflated) return fail(Code::TooLarge, "the report is past the limit");
    return std::string{bytes};
  } else {
    return fail(Code::NotAReport, "neither XML, gzip nor zip");
  }
  if (!xml) return xml;
  if (is_archive(*xml)) return fail(Code::Hostile, "an archive inside an archive");
  if (!looks_like_xml(*xml)) return fail(Code::NotAReport, "the archive does not hold XML");
  return xml;
}

tl::expected<DmarcReport, DmarcError> parse_dmarc_xml(std::string_view xml) {
  if (has_declarations(xml)) {
    return fail(Code::Hostile, "DOCTYPE or entity declarations are not accepted in reports");
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    return fail(Code::Malformed, std::string{"not well-formed XML: "} + parsed.description() +
                                     " at byte " + std::to_string(parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  if (local_name(root) != "feedback") return fail(Code::Malformed, "the root is not <feedback>");
  DmarcReport r;
  if (!root.attribute("xmlns").empty() ||
      std::string_view{root.name()}.find(':') != std::string_view::npos) {
    r.quirks.push_back("namespace");
  }
  if (!child(root, "version")) r.quirks.push_back("missing-version");
  const pugi::xml_node meta = child(root, "report_metadata");
  if (!meta) return fail(Code::Malformed, "no <report_metadata>");
  r.org_name = text_of(meta, "org_name");
  r.email = text_of(meta, "email");
  r.report_id = text_of(meta, "report_id");
  if (r.report_id.empty()) return fail(Code::Malformed, "report_metadata/report_id is missing");
  const pugi::xml_node range = child(meta, "date_range");
  const auto begin = number_of<std::int64_t>(range, "begin");
  const auto end = number_of<std::int64_t>(range, "end");
  if (!begin || !end) return fail(Code::Malformed, "report_metadata/date_range is not two numbers");
  r.begin = *begin;
  r.end = *end;
  const pugi::xml_node published = child(root, "policy_published");
  r.policy_domain = lower(text_of(published, "domain"));
  r.policy = lower(text_of(published, "p"));
  std::size_t index = 0;
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element || local_name(n) != "record") continue;
    auto record = read_record(n, index++, r);
    if (!record) return tl::unexpected(record.error());
    r.records.push_back(std::move(*record));
  }
  if (r.records.empty()) return fail(Code::Malformed, "the report has no <record>");
  return r;
}

tl::expected<DmarcReport, DmarcError> parse_dmarc(std::string_view bytes,
                                                  std::size_t max_inflated) {
  const auto xml = unpack_dmarc(bytes, max_inflated);
  if (!xml) return tl::unexpected(xml.error());
  return parse_dmarc_xml(*xml);
}

}  // namespace vouchd::ingest
