#include "clean/html_tokenizer.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "core/data_file.h"
#include "clean/text_repair.h"
#include "core/text.h"

namespace sitrep::clean {
namespace {

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; }
inline bool is_alpha(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// Named character references, data/clean/html_entities.tsv (the WHATWG table).
struct Entities {
  std::unordered_map<std::string, std::string> with_semicolon;  // "amp" -> "&"
  std::unordered_map<std::string, std::string> legacy;          // also without ';'
  size_t longest = 0;
};

const Entities& entities() {
  static const Entities e = [] {
    Entities e;
    for (const auto& line : read_data_file("clean/html_entities.tsv")) {
      if (line.fields.size() < 2 || line.fields[0].empty()) continue;
      std::string value;
      const std::string& cps = line.fields[1];
      for (size_t p = 0; p < cps.size();) {
        size_t q = cps.find(' ', p);
        if (q == std::string::npos) q = cps.size();
        append_utf8(value, static_cast<char32_t>(std::strtoul(cps.substr(p, q - p).c_str(), nullptr, 16)));
        p = q + 1;
      }
      e.longest = std::max(e.longest, line.fields[0].size());
      if (line.fields.size() > 2 && line.fields[2] == "legacy") e.legacy.emplace(line.fields[0], value);
      e.with_semicolon.emplace(line.fields[0], std::move(value));
    }
    return e;
  }();
  return e;
}

// windows-1252 for numeric references to C1 controls (&#150; is an en dash).
constexpr char16_t kC1[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                              0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

// Decodes the reference starting at s[i] == '&'; returns the bytes consumed (0: not a
// reference, the '&' is literal).
size_t reference(std::string_view s, size_t i, std::string& out, bool attribute) {
  size_t n = s.size();
  size_t j = i + 1;
  if (j >= n) return 0;
  if (s[j] == '#') {
    ++j;
    bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    size_t digits = j;
    uint32_t cp = 0;
    while (j < n) {
      char c = s[j];
      int v = is_digit(c) ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
      if (v < 0) break;
      cp = std::min<uint32_t>(cp * (hex ? 16 : 10) + static_cast<uint32_t>(v), 0x110000);
      ++j;
    }
    if (j == digits) return 0;  // "&#" or "&#x" without digits: literal
    if (j < n && s[j] == ';') ++j;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    else if (cp >= 0x80 && cp <= 0x9F) cp = kC1[cp - 0x80];
    if (cp < 0x20 && !is_space(static_cast<char>(cp))) return j - i;  // control: dropped
    if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return j - i;
    append_utf8(out, cp);
    return j - i;
  }
  const Entities& e = entities();
  size_t end = j;
  while (end < n && end - j <= e.longest && is_alnum(s[end])) ++end;
  if (end == j) return 0;
  std::string name(s.substr(j, end - j));
  if (end < n && s[end] == ';') {
    auto it = e.with_semicolon.find(name);
    if (it != e.with_semicolon.end()) {
      out += it->second;
      return end + 1 - i;
    }
  }
  // Legacy names without ';': the longest prefix that is one ("&notit" is "¬it").
  for (size_t len = std::min<size_t>(name.size(), 6); len >= 2; --len) {
    auto it = e.legacy.find(name.substr(0, len));
    if (it == e.legacy.end()) continue;
    size_t after = j + len;
    if (attribute && after < n && (is_alnum(s[after]) || s[after] == '=')) return 0;
    out += it->second;
    return after - i;
  }
  return 0;
}

void decode(std::string_view raw, std::string& out, bool attribute) {
  size_t i = 0;
  while (i < raw.size()) {
    const void* amp = std::memchr(raw.data() + i, '&', raw.size() - i);
    size_t a = amp ? static_cast<size_t>(static_cast<const char*>(amp) - raw.data()) : raw.size();
    out.append(raw.data() + i, a - i);
    if (a >= raw.size()) break;
    size_t used = reference(raw, a, out, attribute);
    if (used == 0) {
      out.push_back('&');
      used = 1;
    }
    i = a + used;
  }
}

// Case-insensitive "</name" followed by a character that ends a tag name.
bool end_tag_at(std::string_view s, size_t i, std::string_view lower_name) {
  if (i + 2 + lower_name.size() > s.size() || s[i] != '<' || s[i + 1] != '/') return false;
  for (size_t k = 0; k < lower_name.size(); ++k)
    if (ascii_lower(s[i + 2 + k]) != lower_name[k]) return false;
  size_t after = i + 2 + lower_name.size();
  return after == s.size() || is_space(s[after]) || s[after] == '/' || s[after] == '>';
}

bool start_tag_at(std::string_view s, size_t i, std::string_view lower_name) {
  if (i + 1 + lower_name.size() > s.size() || s[i] != '<') return false;
  for (size_t k = 0; k < lower_name.size(); ++k)
    if (ascii_lower(s[i + 1 + k]) != lower_name[k]) return false;
  size_t after = i + 1 + lower_name.size();
  return after == s.size() || is_space(s[after]) || s[after] == '/' || s[after] == '>';
}

// A '<' opens a tag, comment or declaration when followed by one of these; else it is text.
bool opens_markup(std::string_view s, size_t lt) {
  if (lt + 1 >= s.size()) return false;
  char c = s[lt + 1];
  if (c == '/') return lt + 2 < s.size();  // "</" at the very end is text
  return is_alpha(c) || c == '!' || c == '?';
}

size_t find_char(std::string_view s, size_t from, char c) {
  if (from >= s.size()) return std::string_view::npos;
  const void* p = std::memchr(s.data() + from, c, s.size() - from);
  return p ? static_cast<size_t>(static_cast<const char*>(p) - s.data()) : std::string_view::npos;
}

}  // namespace

const HtmlAttribute* HtmlToken::attr(std::string_view lower_name) const {
  for (const auto& a : attrs)
    if (equals_lower(a.name, lower_name)) return &a;
  return nullptr;
}

RawText raw_text_kind(std::string_view n) {
  switch (n.size()) {
    case 3: if (n == "xmp") return RawText::rawtext; break;
    case 5: if (n == "style") return RawText::rawtext; if (n == "title") return RawText::rcdata; break;
    case 6: if (n == "script") return RawText::script; if (n == "iframe") return RawText::rawtext; break;
    case 7: if (n == "noembed") return RawText::rawtext; break;
    case 8:
      if (n == "noframes" || n == "noscript") return RawText::rawtext;
      if (n == "textarea") return RawText::rcdata;
      if (n == "template") return RawText::nested;
      break;
    case 9: if (n == "plaintext") return RawText::plaintext; break;
    default: break;
  }
  return RawText::none;
}

void HtmlTokenizer::enter_raw_text(RawText kind, std::string_view lower_name) {
  raw_ = kind;
  raw_name_.assign(lower_name);
}

bool HtmlTokenizer::next(HtmlToken& t) {
  if (raw_ != RawText::none && raw(t)) return true;
  const size_t n = s_.size();
  while (pos_ < n) {
    size_t start = pos_;
    if (s_[pos_] != '<' || !opens_markup(s_, pos_)) {
      // Text up to the next '<' that opens something.
      size_t i = pos_ + 1;
      while (true) {
        size_t lt = find_char(s_, i, '<');
        if (lt == std::string_view::npos) { i = n; break; }
        if (opens_markup(s_, lt)) { i = lt; break; }
        i = lt + 1;
      }
      t.type = HtmlTokenType::text;
      t.text = s_.substr(start, i - start);
      t.references = true;
      t.offset = start;
      pos_ = i;
      return true;
    }
    char c = s_[pos_ + 1];
    if (is_alpha(c)) {
      if (tag(t, pos_)) return true;
      continue;  // cut off by the end of input: dropped
    }
    if (c == '/') {
      if (pos_ + 2 < n && is_alpha(s_[pos_ + 2])) {
        if (tag(t, pos_)) return true;
        continue;
      }
      if (s_[pos_ + 2] == '>') { pos_ += 3; continue; }  // "</>": nothing
      size_t gt = find_char(s_, pos_ + 2, '>');  // "</ ...>": bogus comment
      size_t end = gt == std::string_view::npos ? n : gt;
      comment_to(t, start, pos_ + 2, end, gt == std::string_view::npos ? n : gt + 1);
      return true;
    }
    if (c == '!') {
      std::string_view rest = s_.substr(pos_ + 2);
      if (rest.substr(0, 2) == "--") {
        size_t content = pos_ + 4;
        if (content < n && s_[content] == '>') { comment_to(t, start, content, content, content + 1); return true; }
        if (content + 1 < n && s_[content] == '-' && s_[content + 1] == '>') {
          comment_to(t, start, content, content, content + 2);
          return true;
        }
        size_t i = content;
        while (true) {
          size_t dd = s_.find("--", i);
          if (dd == std::string_view::npos) { comment_to(t, start, content, n, n); return true; }
          if (dd + 2 < n && s_[dd + 2] == '>') { comment_to(t, start, content, dd, dd + 3); return true; }
          if (dd + 3 < n && s_[dd + 2] == '!' && s_[dd + 3] == '>') { comment_to(t, start, content, dd, dd + 4); return true; }
          i = dd + 1;
        }
      }
      if (rest.substr(0, 7) == "[CDATA[" && foreign_) {
        size_t content = pos_ + 9;
        size_t end = s_.find("]]>", content);
        t.type = HtmlTokenType::text;
        t.text = s_.substr(content, (end == std::string_view::npos ? n : end) - content);
        t.references = false;
        t.offset = start;
        pos_ = end == std::string_view::npos ? n : end + 3;
        return true;
      }
      // <!DOCTYPE ...>, <![CDATA[...]> in HTML and other "<!...>": skipped to '>'.
      size_t gt = find_char(s_, pos_ + 2, '>');
      size_t end = gt == std::string_view::npos ? n : gt;
      comment_to(t, start, pos_ + 2, end, gt == std::string_view::npos ? n : gt + 1);
      return true;
    }
    // "<?xml ...>": bogus comment.
    size_t gt = find_char(s_, pos_ + 1, '>');
    size_t end = gt == std::string_view::npos ? n : gt;
    comment_to(t, start, pos_ + 1, end, gt == std::string_view::npos ? n : gt + 1);
    return true;
  }
  return false;
}

void HtmlTokenizer::comment_to(HtmlToken& t, size_t start, size_t content, size_t end, size_t after) {
  t.type = HtmlTokenType::comment;
  t.text = s_.substr(content, end - content);
  t.offset = start;
  pos_ = after;
}

bool HtmlTokenizer::tag(HtmlToken& t, size_t lt) {
  const size_t n = s_.size();
  bool end_tag = s_[lt + 1] == '/';
  size_t i = lt + (end_tag ? 2 : 1);
  size_t name_start = i;
  bool upper = false;
  while (i < n && !is_space(s_[i]) && s_[i] != '/' && s_[i] != '>') {
    if (s_[i] >= 'A' && s_[i] <= 'Z') upper = true;
    ++i;
  }
  std::string_view name = s_.substr(name_start, i - name_start);
  t.attrs.clear();
  t.self_closing = false;
  // Attributes (end tags may carry them too; they are read and ignored).
  while (true) {
    while (i < n && is_space(s_[i])) ++i;
    if (i >= n) { pos_ = n; return false; }
    char c = s_[i];
    if (c == '>') { ++i; break; }
    if (c == '/') {
      if (i + 1 < n && s_[i + 1] == '>') { t.self_closing = true; i += 2; break; }
      ++i;
      continue;
    }
    size_t an = i++;
    while (i < n && !is_space(s_[i]) && s_[i] != '/' && s_[i] != '>' && s_[i] != '=') ++i;
    std::string_view aname = s_.substr(an, i - an);
    size_t k = i;
    while (k < n && is_space(s_[k])) ++k;
    std::string_view value;
    if (k < n && s_[k] == '=') {
      ++k;
      while (k < n && is_space(s_[k])) ++k;
      if (k >= n) { pos_ = n; return false; }
      if (s_[k] == '"' || s_[k] == '\'') {
        size_t q = find_char(s_, k + 1, s_[k]);
        if (q == std::string_view::npos) { pos_ = n; return false; }
        value = s_.substr(k + 1, q - k - 1);
        i = q + 1;
      } else if (s_[k] == '>') {
        i = k;
      } else {
        size_t v = k;
        while (k < n && !is_space(s_[k]) && s_[k] != '>') ++k;
        value = s_.substr(v, k - v);
        i = k;
      }
    }
    if (!end_tag) t.attrs.push_back({aname, value});
  }
  if (upper) {
    name_buf_.assign(name);
    for (char& ch : name_buf_) ch = ascii_lower(ch);
    name = name_buf_;
  }
  t.type = end_tag ? HtmlTokenType::end_tag : HtmlTokenType::start_tag;
  t.name = name;
  t.offset = lt;
  if (end_tag) t.attrs.clear();
  pos_ = i;
  return true;
}

size_t HtmlTokenizer::find_end_tag(size_t from, std::string_view lower_name) const {
  for (size_t i = from;;) {
    size_t lt = find_char(s_, i, '<');
    if (lt == std::string_view::npos) return s_.size();
    if (end_tag_at(s_, lt, lower_name)) return lt;
    i = lt + 1;
  }
}

// <script> content: "<!--" enters the escaped state, in which "<script" nests until
// "</script" and "-->" returns to plain script data (WHATWG script data states).
size_t HtmlTokenizer::script_end(size_t from) const {
  enum { data, escaped, double_escaped } state = data;
  const size_t n = s_.size();
  size_t i = from;
  while (i < n) {
    if (state == data) {
      size_t lt = find_char(s_, i, '<');
      if (lt == std::string_view::npos) return n;
      if (end_tag_at(s_, lt, "script")) return lt;
      if (s_.compare(lt, 4, "<!--") == 0) {
        i = lt + 4;
        // "<!-->" and "<!--->" close at once.
        if (i < n && s_[i] == '>') ++i;
        else if (i + 1 < n && s_[i] == '-' && s_[i + 1] == '>') i += 2;
        else state = escaped;
        continue;
      }
      i = lt + 1;
      continue;
    }
    size_t lt = find_char(s_, i, '<');
    size_t close = s_.find("-->", i);
    if (close != std::string_view::npos && (lt == std::string_view::npos || close < lt)) {
      state = data;
      i = close + 3;
      continue;
    }
    if (lt == std::string_view::npos) return n;
    if (end_tag_at(s_, lt, "script")) {
      if (state == escaped) return lt;
      state = escaped;
      i = lt + 8;
      continue;
    }
    if (state == escaped && start_tag_at(s_, lt, "script")) state = double_escaped;
    i = lt + 1;
  }
  return n;
}

size_t HtmlTokenizer::template_end(size_t from) const {
  size_t depth = 1;
  for (size_t i = from;;) {
    size_t lt = find_char(s_, i, '<');
    if (lt == std::string_view::npos) return s_.size();
    if (end_tag_at(s_, lt, "template")) {
      if (--depth == 0) return lt;
    } else if (start_tag_at(s_, lt, "template")) {
      ++depth;
    }
    i = lt + 1;
  }
}

bool HtmlTokenizer::raw(HtmlToken& t) {
  RawText kind = raw_;
  raw_ = RawText::none;
  size_t start = pos_;
  size_t end = kind == RawText::plaintext ? s_.size()
               : kind == RawText::script ? script_end(pos_)
               : kind == RawText::nested ? template_end(pos_)
                                         : find_end_tag(pos_, raw_name_);
  pos_ = end;
  if (end == start) return false;
  t.type = HtmlTokenType::text;
  t.text = s_.substr(start, end - start);
  t.references = kind == RawText::rcdata;
  t.offset = start;
  return true;
}

void decode_html_text(std::string_view raw, std::string& out) { decode(raw, out, false); }
void decode_html_attribute(std::string_view raw, std::string& out) { decode(raw, out, true); }
std::string decode_html_attribute(std::string_view raw) {
  std::string out;
  decode(raw, out, true);
  return out;
}

}  // namespace sitrep::clean
