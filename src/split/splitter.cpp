#include "split/splitter.h"

#include <unicode/uchar.h>

#include <algorithm>

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/data_file.h"
#include "clean/text_repair.h"

namespace sitrep {
namespace {

using clean::next_code_point;

enum class Abbr { none, title, month, other };

struct Knowledge {
  std::unordered_map<std::string, Abbr> abbreviations;  // lower-case form with its period
  std::unordered_set<std::string> starters;
};

const Knowledge& knowledge() {
  static const Knowledge k = [] {
    Knowledge k;
    for (const auto& line : read_data_file("split/abbreviations.tsv")) {
      if (line.fields.size() < 2) continue;
      std::string form = line.fields[0];
      for (char& c : form) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::string& cls = line.fields[1];
      k.abbreviations[form] = cls == "title" ? Abbr::title : cls == "month" ? Abbr::month : Abbr::other;
    }
    for (const auto& line : read_data_file("split/sentence_starters.txt"))
      if (!line.fields.empty()) k.starters.insert(line.fields[0]);
    return k;
  }();
  return k;
}

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Punctuation that is split off the front of a word.
bool is_open_punct(char32_t c) {
  switch (c) {
    case '"': case '\'': case '(': case '[': case '{': case '<':
    case 0x201C: case 0x2018: case 0x00AB: case 0x201E: case 0x2039: case 0x00BF: case 0x00A1:
    case 0x2014: case 0x2013: case 0x2026: case '*': case 0x2022: case 0x00B7: case '-':
    case 0x201A: case 0x2015: case 0x2012:
      return true;
    default:
      return false;
  }
}

// Punctuation that is split off the end of a word ('.' is handled apart).
bool is_close_punct(char32_t c) {
  switch (c) {
    case '"': case '\'': case ')': case ']': case '}': case '>': case ',': case ';': case ':':
    case '!': case '?': case 0x201D: case 0x2019: case 0x00BB: case 0x203A: case 0x2026:
    case 0x2014: case 0x2013: case '*': case '-': case 0x2015: case 0x2012:
      return true;
    default:
      return false;
  }
}

bool is_dash(char32_t c) { return c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2012; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }
bool is_digit_ascii(char c) { return c >= '0' && c <= '9'; }
bool is_alpha_ascii(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Start of the code point that ends at byte `end` (exclusive).
size_t prev_start(std::string_view s, size_t end) {
  size_t p = end - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
  return p;
}

char32_t cp_at(std::string_view s, size_t i) { return next_code_point(s, i); }

// Abbreviation class of a word that ends with '.', from the data or by shape:
// initialisms ("U.S.", "a.m.") and single-letter initials ("F.") are `other`.
Abbr abbreviation_class(std::string_view w) {
  if (w.size() < 2 || w.back() != '.') return Abbr::none;
  if (w.size() <= 12) {
    std::string lower(w);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto it = knowledge().abbreviations.find(lower);
    if (it != knowledge().abbreviations.end()) return it->second;
  }
  if (w.size() == 2 && is_alpha_ascii(w[0]) && (w[0] >= 'A' && w[0] <= 'Z')) return Abbr::other;
  // Initialism: (letter '.'){2,}
  if (w.size() >= 4 && w.size() % 2 == 0) {
    bool shape = true;
    for (size_t i = 0; i < w.size(); i += 2)
      if (!is_alpha_ascii(w[i]) || w[i + 1] != '.') { shape = false; break; }
    if (shape) return Abbr::other;
  }
  return Abbr::none;
}

bool looks_like_url_or_email(std::string_view w) {
  if (w.find("://") != std::string_view::npos) return true;
  if (w.size() > 4 && (w.substr(0, 4) == "www." || w.substr(0, 4) == "pic.")) return true;
  size_t at = w.find('@');
  if (at != std::string_view::npos && at > 0 && w.find('.', at) != std::string_view::npos) return true;
  // bare domains such as "courses.thekootneeti.in" or "reuters.com/world"
  size_t dot = w.find('.');
  if (dot != std::string_view::npos && dot > 0 && dot + 2 < w.size() && w.find('/') != std::string_view::npos) return true;
  return false;
}

struct Emitter {
  std::vector<Token>& out;
  uint32_t base;
  void push(size_t s, size_t e) {
    if (e > s) out.push_back(Token{Span{base + static_cast<uint32_t>(s), base + static_cast<uint32_t>(e)}});
  }
};

// Splits EWT clitics off a word: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly apostrophe).
void emit_word(std::string_view t, size_t s, size_t e, Emitter& em) {
  std::string_view w = t.substr(s, e - s);
  // n't
  for (std::string_view nt : {std::string_view("n't"), std::string_view("n\xE2\x80\x99t")}) {
    if (w.size() > nt.size() + 1) {
      std::string_view tail = w.substr(w.size() - nt.size());
      if ((tail[0] | 0x20) == 'n' && (tail.back() | 0x20) == 't' && tail.substr(1, tail.size() - 2) == nt.substr(1, nt.size() - 2) &&
          is_alpha_ascii(w[w.size() - nt.size() - 1])) {
        em.push(s, e - nt.size());
        em.push(e - nt.size(), e);
        return;
      }
    }
  }
  static const std::string_view suffixes[] = {"s", "re", "ve", "ll", "d", "m"};
  for (size_t apos_len : {size_t(1), size_t(3)}) {
    for (std::string_view suf : suffixes) {
      size_t n = apos_len + suf.size();
      if (w.size() <= n) continue;
      std::string_view tail = w.substr(w.size() - n);
      bool apos = apos_len == 1 ? tail[0] == '\'' : tail.substr(0, 3) == "\xE2\x80\x99";
      if (!apos) continue;
      bool match = true;
      for (size_t k = 0; k < suf.size(); ++k)
        if ((tail[apos_len + k] | 0x20) != suf[k]) { match = false; break; }
      if (!match) continue;
      char before = w[w.size() - n - 1];
      if (!(is_alpha_ascii(before) || is_digit_ascii(before) || (static_cast<unsigned char>(before) >= 0x80))) continue;
      em.push(s, e - n);
      em.push(e - n, e);
      return;
    }
  }
  em.push(s, e);
}

// The middle of a chunk after outer punctuation is peeled: split at inner dashes,
// ellipses and commas between letters; keep URLs, numbers and hyphenated words whole.
void emit_core(std::string_view t, size_t s, size_t e, Emitter& em) {
  if (looks_like_url_or_email(t.substr(s, e - s))) { em.push(s, e); return; }
  size_t piece = s;
  size_t i = s;
  while (i < e) {
    size_t at = i;
    char32_t c = next_code_point(t, i);
    bool split_here = false;
    size_t sep_end = i;
    if (is_dash(c)) {
      split_here = true;
    } else if (c == '.' && at + 2 < e && t[at + 1] == '.' && t[at + 2] == '.') {
      split_here = true;
      sep_end = at + 3;
      while (sep_end < e && t[sep_end] == '.') ++sep_end;
    } else if ((c == ',' || c == ';') && at > s && i < e) {
      bool digits = is_digit_ascii(t[at - 1]) && is_digit_ascii(t[i]);
      split_here = !digits;
    } else if (c == '-' && at + 1 < e && t[at + 1] == '-') {
      split_here = true;
      sep_end = at + 2;
      while (sep_end < e && t[sep_end] == '-') ++sep_end;
    }
    if (split_here) {
      if (at > piece) emit_word(t, piece, at, em);
      em.push(at, sep_end);
      piece = sep_end;
      i = sep_end;
    }
  }
  if (e > piece) emit_word(t, piece, e, em);
}

void emit_chunk(std::string_view t, size_t s, size_t e, Emitter& em) {
  // Leading punctuation.
  while (s < e) {
    size_t i = s;
    char32_t c = next_code_point(t, i);
    if (c == '.' && e - s >= 3 && t.substr(s, 3) == "...") {
      size_t k = s + 3;
      while (k < e && t[k] == '.') ++k;
      em.push(s, k);
      s = k;
      continue;
    }
    if (i >= e) break;  // a lone character is the core
    if (is_apostrophe(c) && is_digit_ascii(t[i])) break;          // '90s
    if (c == '-' && (is_digit_ascii(t[i]) || t[i] == '.')) break;  // -5
    if (is_open_punct(c) || ((c == '$' || c == 0xA3 || c == 0x20AC) && is_digit_ascii(t[i]))) {
      em.push(s, i);
      s = i;
      continue;
    }
    break;
  }
  // Trailing punctuation, collected in reverse.
  size_t trail_buf[32][2];
  size_t ntrail = 0;
  while (e > s && ntrail < 32) {
    size_t p = prev_start(t, e);
    if (p <= s) break;
    char32_t c = cp_at(t, p);
    if (c == '.') {
      if (e - s >= 4 && t.substr(e - 3, 3) == "...") {
        size_t k = e - 3;
        while (k > s && t[k - 1] == '.') --k;
        if (k == s) break;
        trail_buf[ntrail][0] = k; trail_buf[ntrail][1] = e; ++ntrail;
        e = k;
        continue;
      }
      if (abbreviation_class(t.substr(s, e - s)) != Abbr::none) break;
      trail_buf[ntrail][0] = p; trail_buf[ntrail][1] = e; ++ntrail;
      e = p;
      continue;
    }
    bool peel = is_close_punct(c) || (c == '%' && is_digit_ascii(t[p - 1]));
    if (!peel) break;
    trail_buf[ntrail][0] = p; trail_buf[ntrail][1] = e; ++ntrail;
    e = p;
  }
  if (e > s) emit_core(t, s, e, em);
  while (ntrail > 0) {
    --ntrail;
    em.push(trail_buf[ntrail][0], trail_buf[ntrail][1]);
  }
}

bool is_upper_or_digit_start(std::string_view w) {
  if (w.empty()) return false;
  size_t i = 0;
  char32_t c = next_code_point(w, i);
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)) || u_isdigit(static_cast<UChar32>(c));
}

bool is_opening_quote_or_bracket(std::string_view w) {
  return w == "\"" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x98" || w == "(" || w == "[" || w == "'" || w == "\xC2\xAB";
}

bool is_closing_token(std::string_view w) {
  return w == "\"" || w == "\xE2\x80\x9D" || w == "\xE2\x80\x99" || w == "'" || w == ")" || w == "]" || w == "\xC2\xBB";
}

bool is_terminal(std::string_view w) {
  if (w == "." || w == "!" || w == "?" || w == "\xE2\x80\xA6") return true;
  if (w.size() >= 3 && w.find_first_not_of('.') == std::string_view::npos) return true;
  return false;
}

// Segments the tokens of one line [first, last) into sentences.
void segment_line(const Document& doc, size_t first, size_t last, uint32_t paragraph, std::vector<Sentence>& out) {
  const auto& toks = doc.tokens;
  auto text_of = [&](size_t k) { return doc.slice(toks[k].span); };
  size_t start = first;
  auto close = [&](size_t end_excl) {
    if (end_excl <= start) return;
    Sentence s;
    s.span = Span{toks[start].span.start, toks[end_excl - 1].span.end};
    s.first_token = static_cast<uint32_t>(start);
    s.token_count = static_cast<uint32_t>(end_excl - start);
    s.paragraph = paragraph;
    out.push_back(s);
    start = end_excl;
  };
  for (size_t i = first; i < last; ++i) {
    std::string_view w = text_of(i);
    bool terminal = is_terminal(w);
    Abbr abbr = terminal ? Abbr::none : abbreviation_class(w);
    if (!terminal && abbr == Abbr::none) continue;
    if (abbr == Abbr::title) continue;
    // List numbering "1." at the start of a line is not a sentence.
    if (terminal && w == "." && i == start + 1 && i > first) {
      std::string_view prev = text_of(i - 1);
      if (prev.size() <= 2 && std::all_of(prev.begin(), prev.end(), is_digit_ascii)) continue;
    }
    // Closing quotes and brackets glued to the terminal belong to this sentence.
    size_t j = i + 1;
    while (j < last && is_closing_token(text_of(j)) && toks[j].span.start == toks[j - 1].span.end) ++j;
    if (j >= last) break;  // the line end closes it
    std::string_view next = text_of(j);
    bool boundary;
    if (terminal) {
      boundary = is_upper_or_digit_start(next) || is_opening_quote_or_bracket(next);
      // "?" or "!" inside a quotation followed by a lower-case word continues the sentence (handled above).
      if (boundary && is_opening_quote_or_bracket(next) && j + 1 < last && !is_upper_or_digit_start(text_of(j + 1)) &&
          next != "(" && next != "[") {
        // an opening quote followed by a lower-case word: still a new sentence in news text
        boundary = true;
      }
    } else {
      boundary = knowledge().starters.count(std::string(next)) > 0 ||
                 (is_opening_quote_or_bracket(next) && next != "(");
    }
    if (boundary) {
      close(j);
      i = j - 1;
    }
  }
  close(last);
}

}  // namespace

void tokenize(std::string_view text, uint32_t base, std::vector<Token>& out) {
  Emitter em{out, base};
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // skip whitespace
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') { ++i; continue; }
      if (c >= 0x80) {
        size_t k = i;
        char32_t cp = next_code_point(text, k);
        if (is_space_cp(cp)) { i = k; continue; }
      }
      break;
    }
    if (i >= n) break;
    size_t s = i;
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') break;
      if (c >= 0x80) {
        size_t k = i;
        char32_t cp = next_code_point(text, k);
        if (is_space_cp(cp)) break;
        i = k;
      } else {
        ++i;
      }
    }
    emit_chunk(text, s, i, em);
  }
}

void split(Document& doc) {
  doc.tokens.clear();
  doc.sentences.clear();
  std::string_view text = doc.text;
  doc.tokens.reserve(text.size() / 5 + 8);
  uint32_t paragraph = 0;
  bool paragraph_has_content = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    bool blank = line.find_first_not_of(" \t\r\f") == std::string_view::npos;
    if (blank) {
      if (paragraph_has_content) { ++paragraph; paragraph_has_content = false; }
    } else {
      size_t first = doc.tokens.size();
      tokenize(line, static_cast<uint32_t>(pos), doc.tokens);
      size_t last = doc.tokens.size();
      if (last > first) {
        segment_line(doc, first, last, paragraph, doc.sentences);
        paragraph_has_content = true;
      }
    }
    if (nl >= text.size()) break;
    pos = nl + 1;
  }
}

}  // namespace sitrep
