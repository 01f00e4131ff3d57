#include "clean/reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>

#include "clean/furniture.h"
#include "clean/html_extract.h"
#include "clean/metadata.h"
#include "clean/text_repair.h"
#include "core/civil_date.h"
#include "core/text.h"
#include "split/splitter.h"

namespace sitrep::clean {
namespace fs = std::filesystem;

namespace {

enum class Format { text, html, jsonl, json_array, warc, unknown };

std::string lower(std::string_view s) { return ascii_lower(s); }

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// File name without directory and without its (compound) extension.
std::string stem_of(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  std::string l = lower(name);
  for (std::string_view ext : {".warc.gz", ".jsonl.gz", ".json.gz", ".html.gz", ".htm.gz", ".txt.gz", ".gz", ".warc",
                               ".jsonl", ".json", ".html", ".htm", ".txt", ".text"})
    if (ends_with(l, ext) && name.size() > ext.size()) return name.substr(0, name.size() - ext.size());
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

Format format_from_name(const std::string& path) {
  std::string l = lower(path);
  if (ends_with(l, ".gz")) l.resize(l.size() - 3);
  if (ends_with(l, ".txt") || ends_with(l, ".text")) return Format::text;
  if (ends_with(l, ".html") || ends_with(l, ".htm") || ends_with(l, ".xhtml")) return Format::html;
  if (ends_with(l, ".jsonl") || ends_with(l, ".ndjson") || ends_with(l, ".json")) return Format::jsonl;
  if (ends_with(l, ".warc")) return Format::warc;
  return Format::unknown;
}

// Decides an unknown format from the first bytes.
Format sniff(std::string_view bytes) {
  size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  std::string_view rest = bytes.substr(i, 64);
  if (rest.substr(0, 5) == "WARC/") return Format::warc;
  if (!rest.empty() && rest[0] == '{') return Format::jsonl;
  if (!rest.empty() && rest[0] == '[') return Format::json_array;
  std::string head = lower(std::string(rest));
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0 ||
      head.rfind("<body", 0) == 0 || head.rfind("<!--", 0) == 0 || head.rfind("<?xml", 0) == 0)
    return Format::html;
  return Format::text;
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Inflates every gzip member in turn (a .warc.gz holds one member per record).
// On a corrupt member, returns what was inflated before it and sets *error.
std::string gunzip(std::string_view in, std::string* error) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) { *error = "zlib init failed"; return out; }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  size_t consumed_base = 0;
  char buf[1 << 16];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) {
      size_t used = consumed_base + zs.total_in;
      // Skip padding NULs between members; stop at end of input.
      while (used < in.size() && in[used] == '\0') ++used;
      if (used >= in.size()) break;
      consumed_base = used;
      inflateReset(&zs);
      zs.total_in = 0;
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + used));
      zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size() - used, UINT32_MAX));
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) { *error = "truncated gzip data"; break; }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      *error = std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : "inflate failed");
      break;
    }
  }
  inflateEnd(&zs);
  return out;
}

// Plain text into blocks. A hard-wrapped file (most lines 55-80 characters, running on
// into the next line) has its lines joined within blank-line separated paragraphs;
// otherwise each line is a block (headlines and paragraphs are lines in scraped text).
std::vector<std::string> text_blocks(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    if (nl >= text.size()) break;
    pos = nl + 1;
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t\r\f\v") == std::string_view::npos; };
  size_t nonblank = 0, wrapped = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (blank(lines[i])) continue;
    ++nonblank;
    if (lines[i].size() >= 55 && lines[i].size() <= 80 && i + 1 < lines.size() && !blank(lines[i + 1])) ++wrapped;
  }
  bool wrap_mode = wrapped >= 5 && wrapped * 2 >= nonblank;
  std::vector<std::string> blocks;
  std::string cur;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (blank(lines[i])) {
      if (!cur.empty()) blocks.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (!wrap_mode) {
      blocks.emplace_back(lines[i]);
      continue;
    }
    if (!cur.empty()) cur.push_back(' ');
    cur.append(lines[i]);
  }
  if (!cur.empty()) blocks.push_back(std::move(cur));
  for (auto& b : blocks) normalize_block(b);
  std::erase_if(blocks, [](const std::string& b) { return b.empty(); });
  return blocks;
}

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

class Reader {
 public:
  Reader(Diagnostics& d, const std::function<void(Document&&)>& s, const ReadOptions& o) : diags_(d), sink_(s), opt_(o) {}

  void input(const std::string& path) {
    if (path == "-") {
      std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      bytes_(bytes, "<stdin>", "stdin", Format::unknown);
      return;
    }
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      diags_.skip(path, 0, "cannot read: no such file or directory");
      return;
    }
    if (fs::is_directory(st)) {
      directory(path);
      return;
    }
    file(path, /*from_directory=*/false);
  }

 private:
  Diagnostics& diags_;
  const std::function<void(Document&&)>& sink_;
  const ReadOptions& opt_;

  void directory(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      diags_.skip(dir, 0, "cannot read directory: " + ec.message());
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        diags_.skip(dir, 0, "cannot list directory: " + ec.message());
        break;
      }
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      // In a directory only known article formats are read (gold files, READMEs are not articles).
      if (format_from_name(it->path().string()) == Format::unknown) continue;
      files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) file(f, true);
  }

  void file(const std::string& path, bool) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diags_.skip(path, 0, std::string("cannot read: ") + std::strerror(errno));
      return;
    }
    std::error_code ec;
    uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > opt_.max_file_bytes) {
      diags_.skip(path, 0, "file is larger than " + std::to_string(opt_.max_file_bytes) + " bytes");
      return;
    }
    std::string bytes;
    if (!ec) bytes.reserve(size);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
      diags_.skip(path, 0, std::string("read error: ") + std::strerror(errno));
      return;
    }
    bytes_(bytes, path, stem_of(path), format_from_name(path));
  }

  void bytes_(std::string& bytes, const std::string& path, const std::string& stem, Format fmt) {
    if (is_gzip(bytes)) {
      std::string error;
      std::string plain = gunzip(bytes, &error);
      if (!error.empty()) {
        if (plain.empty()) {
          diags_.skip(path, 0, error);
          return;
        }
        diags_.skip(path, 0, error + " (the records before it were read)");
      }
      bytes.swap(plain);
    }
    if (bytes.size() > opt_.max_file_bytes) {
      diags_.skip(path, 0, "content is larger than " + std::to_string(opt_.max_file_bytes) + " bytes");
      return;
    }
    if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
      diags_.warn(path, 0, "empty file: no document");
      return;
    }
    if (fmt == Format::unknown) fmt = sniff(bytes);
    if (fmt == Format::jsonl && sniff(bytes) == Format::json_array) fmt = Format::json_array;
    if (fmt != Format::warc && looks_binary(bytes)) {
      diags_.skip(path, 0, "binary file, not text: skipped");
      return;
    }
    switch (fmt) {
      case Format::jsonl: jsonl(bytes, path, stem); break;
      case Format::json_array: json_array(bytes, path, stem); break;
      case Format::warc: warc(bytes, path); break;
      case Format::html: {
        RecordInput r;
        r.id = stem;
        r.origin = path;
        r.html = std::move(bytes);
        emit(std::move(r));
        break;
      }
      default: {
        RecordInput r;
        r.id = stem;
        r.origin = path;
        r.text = std::move(bytes);
        emit(std::move(r));
        break;
      }
    }
  }

  void emit(RecordInput r) {
    Document d = clean_record(std::move(r), diags_, opt_);
    sink_(std::move(d));
  }

  // One JSON record; `where` names it for messages.
  void record(const nlohmann::json& j, const std::string& path, uint64_t line, const std::string& stem) {
    if (!j.is_object()) {
      diags_.skip(path, line, "record is not a JSON object");
      return;
    }
    RecordInput r;
    r.id = json_string(j, "id");
    r.text = json_string(j, "text");
    r.html = json_string(j, "html");
    if (r.text.empty() && r.html.empty()) {
      diags_.skip(path, line, "record has no \"text\" or \"html\" string");
      return;
    }
    if (r.id.empty()) r.id = stem + "-" + std::to_string(line);
    r.url = json_string(j, "url");
    r.published = json_string(j, "published");
    r.source = json_string(j, "source");
    r.title = json_string(j, "title");
    r.origin = path + ":" + std::to_string(line);
    emit(std::move(r));
  }

  void jsonl(const std::string& bytes, const std::string& path, const std::string& stem) {
    size_t pos = 0;
    uint64_t line = 0;
    while (pos < bytes.size()) {
      size_t nl = bytes.find('\n', pos);
      if (nl == std::string::npos) nl = bytes.size();
      ++line;
      std::string_view l(bytes.data() + pos, nl - pos);
      pos = nl + 1;
      if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      nlohmann::json j = nlohmann::json::parse(l.begin(), l.end(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) {
        diags_.skip(path, line, "malformed JSON line");
        continue;
      }
      record(j, path, line, stem);
    }
  }

  void json_array(const std::string& bytes, const std::string& path, const std::string& stem) {
    nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
      diags_.skip(path, 0, "malformed JSON array");
      return;
    }
    uint64_t n = 0;
    for (const auto& e : j) record(e, path, ++n, stem);
  }

  // WARC/1.0 and 1.1: response records whose HTTP payload is HTML become documents.
  void warc(const std::string& bytes, const std::string& path) {
    size_t pos = 0;
    uint64_t recno = 0;
    while (pos < bytes.size()) {
      while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n')) ++pos;
      if (pos >= bytes.size()) break;
      ++recno;
      if (bytes.compare(pos, 5, "WARC/") != 0) {
        diags_.skip(path, recno, "not a WARC record header; rest of file skipped");
        return;
      }
      size_t hdr_end = bytes.find("\r\n\r\n", pos);
      size_t sep = 4;
      if (hdr_end == std::string::npos) { hdr_end = bytes.find("\n\n", pos); sep = 2; }
      if (hdr_end == std::string::npos) {
        diags_.skip(path, recno, "truncated WARC header");
        return;
      }
      std::string_view hdr(bytes.data() + pos, hdr_end - pos);
      std::string type, uri, record_id;
      std::optional<uint64_t> length;
      size_t hp = 0;
      while (hp < hdr.size()) {
        size_t e = hdr.find('\n', hp);
        if (e == std::string_view::npos) e = hdr.size();
        std::string_view l = hdr.substr(hp, e - hp);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        hp = e + 1;
        size_t colon = l.find(':');
        if (colon == std::string_view::npos) continue;
        std::string name = lower(std::string(l.substr(0, colon)));
        std::string_view value = l.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (name == "warc-type") type = lower(std::string(value));
        else if (name == "warc-target-uri") uri = value;
        else if (name == "warc-record-id") record_id = value;
        else if (name == "content-length") {
          uint64_t v = 0;
          bool ok = !value.empty();
          for (char c : value) {
            if (c < '0' || c > '9') { ok = false; break; }
            v = v * 10 + static_cast<uint64_t>(c - '0');
          }
          if (ok) length = v;
        }
      }
      size_t body = hdr_end + sep;
      if (!length) {
        diags_.skip(path, recno, "WARC record without Content-Length; rest of file skipped");
        return;
      }
      if (*length > bytes.size() - body) {
        diags_.skip(path, recno, "truncated WARC record");
        return;
      }
      std::string_view payload(bytes.data() + body, *length);
      pos = body + *length;
      if (type != "response") continue;
      // HTTP response: status line and headers, then the body.
      size_t http_end = payload.find("\r\n\r\n");
      size_t hsep = 4;
      if (http_end == std::string_view::npos) { http_end = payload.find("\n\n"); hsep = 2; }
      if (http_end == std::string_view::npos) continue;
      std::string http_headers = lower(std::string(payload.substr(0, http_end)));
      size_t ct = http_headers.find("content-type:");
      if (ct != std::string::npos) {
        size_t ce = http_headers.find('\n', ct);
        std::string ctype = http_headers.substr(ct, ce == std::string::npos ? std::string::npos : ce - ct);
        if (ctype.find("html") == std::string::npos) continue;
      }
      if (http_headers.find("transfer-encoding: chunked") != std::string::npos) {
        diags_.warn(path, recno, "chunked HTTP payload read as is");
      }
      RecordInput r;
      std::string id = record_id;
      if (id.size() > 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
      if (id.rfind("urn:uuid:", 0) == 0) id = id.substr(9);
      r.id = id.empty() ? stem_of(path) + "-" + std::to_string(recno) : id;
      r.url = uri;
      r.origin = path + ":record " + std::to_string(recno);
      r.html = std::string(payload.substr(http_end + hsep));
      if (r.html.empty()) continue;
      emit(std::move(r));
    }
  }
};

void assemble(Document& doc, CleanedBlocks&& cleaned) {
  std::string text;
  size_t total = 0;
  for (const auto& p : cleaned.paragraphs) total += p.size() + 2;
  text.reserve(total);
  for (size_t i = 0; i < cleaned.paragraphs.size(); ++i) {
    if (i) text += "\n\n";
    text += cleaned.paragraphs[i];
  }
  doc.text = std::move(text);
  doc.removed = std::move(cleaned.removed);
  if (doc.title.empty()) doc.title = std::move(cleaned.title);
}

}  // namespace

Document clean_record(RecordInput r, Diagnostics& diags, const ReadOptions& options) {
  Document doc;
  doc.id = std::move(r.id);
  doc.source = std::move(r.source);
  doc.url = std::move(r.url);
  doc.origin = std::move(r.origin);
  bool html = !r.html.empty();
  std::string& raw = html ? r.html : r.text;
  if (html) to_utf8_from_declared_charset(raw);
  RepairReport rep = repair_utf8(raw);
  if (rep.invalid_sequences)
    diags.warn(doc.origin, 0, "invalid UTF-8: replaced " + std::to_string(rep.invalid_sequences) + " byte sequence(s) with U+FFFD");
  if (!r.title.empty()) {
    repair_utf8(r.title);
    normalize_block(r.title);
    doc.title = to_nfc(r.title);
  }
  if (!r.published.empty()) {
    if (auto d = CivilDate::parse_iso(r.published)) {
      doc.published = d->iso();
      doc.published_from = "record";
    } else {
      diags.warn(doc.origin, 0, "record's published date \"" + r.published + "\" is not an ISO date; looking in the text");
    }
  }
  FurnitureOptions fo;
  std::vector<DateCandidate> html_dates;
  std::vector<std::string> blocks;
  if (html) {
    HtmlPage page = extract_html(raw);
    fo.plain_text = false;
    if (doc.title.empty()) doc.title = to_nfc(page.title);
    if (doc.url.empty()) doc.url = page.url;
    if (doc.source.empty()) doc.source = to_nfc(page.site_name);
    html_dates = std::move(page.dates);
    blocks = std::move(page.blocks);
  } else {
    blocks = text_blocks(raw);
  }
  for (auto& b : blocks) b = to_nfc(b);
  assemble(doc, remove_furniture(std::move(blocks), doc.title, fo));
  find_published_date(doc, html_dates);
  if (options.split) split(doc);
  return doc;
}

void read_documents(const std::vector<std::string>& inputs, Diagnostics& diags,
                    const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  Reader reader(diags, sink, options);
  for (const auto& in : inputs) reader.input(in);
}

}  // namespace sitrep::clean
