#include "places/normalize.h"

#include <array>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace sitrep::places {
namespace {

// Folding table for U+0000..U+024F and U+1E00..U+1EFF, computed once from ICU's
// canonical decomposition (base letter of NFD), plus the letters NFD leaves alone.
struct FoldTable {
  static constexpr char32_t kExtStart = 0x1E00, kExtEnd = 0x1F00;
  std::array<std::string, 0x250> latin;
  std::array<std::string, kExtEnd - kExtStart> ext;
  std::array<bool, 0x250> latin_ok{};
  std::array<bool, kExtEnd - kExtStart> ext_ok{};

  FoldTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    auto fold = [&](char32_t cp, std::string& out, bool& ok) {
      ok = false;
      if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) out = std::string(1, char(cp)), ok = true;
        else if (cp >= 'A' && cp <= 'Z') out = std::string(1, char(cp - 'A' + 'a')), ok = true;
        else if (cp == '\'' || cp == '`' || cp == '.') out.clear(), ok = true;
        return;
      }
      static const std::pair<char32_t, const char*> special[] = {
          {0xDF, "ss"}, {0xE6, "ae"}, {0xC6, "ae"}, {0xF8, "o"}, {0xD8, "o"}, {0x111, "d"}, {0x110, "d"},
          {0x142, "l"}, {0x141, "l"}, {0x131, "i"}, {0x153, "oe"}, {0x152, "oe"}, {0xFE, "th"}, {0xDE, "th"},
          {0xF0, "d"}, {0xD0, "d"}, {0x127, "h"}, {0x126, "h"}, {0x167, "t"}, {0x166, "t"}, {0x14B, "n"},
          {0x2BB, ""}, {0x2BC, ""}, {0x2BF, ""}, {0x2BE, ""}};
      for (auto& [c, s] : special)
        if (c == cp) { out = s; ok = true; return; }
      if (U_SUCCESS(status) && nfd) {
        icu::UnicodeString d;
        UErrorCode st = U_ZERO_ERROR;
        nfd->normalize(icu::UnicodeString(UChar32(cp)), d, st);
        if (U_SUCCESS(st) && d.length() > 0) {
          UChar32 base = d.char32At(0);
          if (base < 0x80 && ((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z'))) {
            out = std::string(1, char(base | 0x20));
            ok = true;
            return;
          }
        }
      }
      // Combining diacritical marks (U+0300..U+036F) fold to nothing.
      if (cp >= 0x300 && cp < 0x370) out.clear(), ok = true;
    };
    for (char32_t cp = 0; cp < 0x250; ++cp) fold(cp, latin[cp], latin_ok[cp]);
    for (char32_t cp = kExtStart; cp < kExtEnd; ++cp) fold(cp, ext[cp - kExtStart], ext_ok[cp - kExtStart]);
  }
};

const FoldTable& table() {
  static const FoldTable t;
  return t;
}

// Combining marks and modifier apostrophes are outside the two ranges.
const char* fold_other(char32_t cp) {
  if (cp >= 0x300 && cp < 0x370) return "";
  if (cp == 0x2BB || cp == 0x2BC || cp == 0x2BE || cp == 0x2BF || cp == 0x2019 || cp == 0x2018) return "";
  return nullptr;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

}  // namespace

char32_t decode_utf8(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  if (c < 0x80) { ++i; return c; }
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (n < 0 || i + n >= s.size()) { ++i; return 0xFFFD; }
  char32_t cp = c & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += n + 1;
  return cp;
}

const char* fold_code_point(char32_t cp) {
  const FoldTable& t = table();
  if (cp < 0x250) return t.latin_ok[cp] ? t.latin[cp].c_str() : nullptr;
  if (cp >= FoldTable::kExtStart && cp < FoldTable::kExtEnd) {
    size_t k = cp - FoldTable::kExtStart;
    return t.ext_ok[k] ? t.ext[k].c_str() : nullptr;
  }
  return fold_other(cp);
}

bool starts_upper(std::string_view word) {
  if (word.empty()) return false;
  unsigned char c = word[0];
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  size_t i = 0;
  return u_isupper(UChar32(decode_utf8(word, i)));
}

bool append_word_key(std::string_view word, std::string& out) {
  // 1. Fold to lower-case ASCII letters and digits.
  char buf[128];
  size_t n = 0;
  for (size_t i = 0; i < word.size();) {
    unsigned char c = word[i];
    const char* f;
    if (c < 0x80) {
      ++i;
      if (c >= 'a' && c <= 'z') { if (n < sizeof buf) buf[n++] = char(c); continue; }
      if (c >= 'A' && c <= 'Z') { if (n < sizeof buf) buf[n++] = char(c | 0x20); continue; }
      if (c >= '0' && c <= '9') { if (n < sizeof buf) buf[n++] = char(c); continue; }
      if (c == '\'' || c == '`' || c == '.') continue;
      return false;
    }
    f = fold_code_point(decode_utf8(word, i));
    if (!f) return false;
    for (; *f; ++f)
      if (n < sizeof buf) buf[n++] = *f;
  }
  // 2. Transliteration key.
  char prev = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = buf[i];
    char next = i + 1 < n ? buf[i + 1] : 0;
    char k = c;
    if ((c == 'k' || c == 'g' || c == 'p') && next == 'h') {  // kh, gh, ph
      k = c == 'p' ? 'f' : c;
      ++i;
    } else if (c == 'c' && next == 'k') {
      k = 'k';
      ++i;
    } else if (c == 'q') {
      k = 'k';
    } else if (c == 'o' && (next == 'w' || next == 'u' || next == 'o')) {
      // "ow" stays a vowel only before a consonant or at the end (Ghowr, Khowst).
      if (next != 'w' || i + 2 >= n || !is_vowel(buf[i + 2])) ++i;
      k = 'u';
    } else if (c == 'e' || c == 'i' || (c == 'y' && i > 0)) {
      k = 'i';
    } else if (c == 'o' || c == 'u') {
      k = 'u';
    }
    if (k == prev) continue;  // doubled letters
    out.push_back(k);
    prev = k;
  }
  return true;
}

bool is_izafe(std::string_view k) { return k == "i" || k == "yi" || k == "y"; }

std::string name_key(std::string_view name) {
  std::string out, word_key;
  size_t words = 0;
  size_t i = 0;
  while (i < name.size()) {
    // A word: bytes up to a space, hyphen, comma, slash, parenthesis or dash.
    size_t j = i;
    while (j < name.size()) {
      unsigned char c = name[j];
      if (c == ' ' || c == '-' || c == ',' || c == '/' || c == '(' || c == ')' || c == '\t' || c == '"' ||
          c == '&' || c == ';' || c == ':')
        break;
      if (c == 0xE2 && j + 2 < name.size() && (unsigned char)name[j + 1] == 0x80 &&
          ((unsigned char)name[j + 2] >= 0x90 && (unsigned char)name[j + 2] <= 0x95))
        break;  // U+2010..U+2015 dashes
      ++j;
    }
    if (j > i) {
      word_key.clear();
      if (!append_word_key(name.substr(i, j - i), word_key)) return {};
      if (!word_key.empty() && !(words > 0 && is_izafe(word_key))) {
        if (!out.empty()) out.push_back(' ');
        out += word_key;
        ++words;
      }
    }
    i = j;
    if (i < name.size()) {
      unsigned char c = name[i];
      i += (c == 0xE2) ? 3 : 1;
    }
  }
  return out;
}

std::string fold_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = false;
  for (size_t i = 0; i < name.size();) {
    char32_t cp = decode_utf8(name, i);
    const char* f = fold_code_point(cp);
    if (f && *f) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out += f;
    } else if (!f || cp == '-') {
      space = true;  // spaces, hyphens, other punctuation
    }
  }
  return out;
}

uint64_t key_hash(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace sitrep::places
