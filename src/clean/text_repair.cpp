#include "clean/text_repair.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace sitrep::clean {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
size_t valid_sequence(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = s.size() - i;
  auto cont = [&](size_t k) { return (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(1) || !cont(2)) return 0;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

// First index at or after i whose byte is not printable ASCII (0x20-0x7E), or s.size().
// Sixteen bytes at a time: whole pages of HTML are scanned.
size_t skip_printable_ascii(std::string_view s, size_t i) {
#ifdef __SSE2__
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
  while (i + 16 <= s.size()) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed comparison: bytes >= 0x80 are negative, so "< 0x20" catches them too.
    int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, del)));
    if (m) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    i += 16;
  }
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7F) return i;
  }
  return i;
}

// First index at or after i whose byte is not ASCII, or s.size().
size_t skip_ascii(std::string_view s, size_t i) {
#ifdef __SSE2__
  while (i + 16 <= s.size()) {
    int m = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)));
    if (m) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    i += 16;
  }
#endif
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return i;
  return i;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = skip_ascii(s, 0); i < s.size(); i = skip_ascii(s, i)) {
    size_t n = valid_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

RepairReport repair_utf8(std::string& text) {
  RepairReport r;
  // Fast check: nothing to do for clean ASCII/UTF-8 without controls or \r.
  size_t i = 0;
  while (true) {
    i = skip_printable_ascii(text, i);
    if (i >= text.size()) return r;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { ++i; continue; }
    size_t n = c >= 0x80 ? valid_sequence(text, i) : 0;
    if (n == 0) break;
    i += n;
  }

  std::string out;
  out.reserve(text.size());
  out.append(text, 0, i);
  while (i < text.size()) {
    size_t run = skip_printable_ascii(text, i);
    out.append(text, i, run - i);
    i = run;
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r') {
        out.push_back('\n');
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else if (c == '\t') {
        out.push_back(' ');
      } else if (c < 0x20 && c != '\n') {
        ++r.control_chars;
      } else if (c == 0x7F) {
        ++r.control_chars;
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t n = valid_sequence(text, i);
    if (n == 0) {
      ++r.invalid_sequences;
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text, i, n);
    i += n;
  }
  text.swap(out);
  return r;
}

bool looks_binary(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 8192);
  if (head.empty()) return false;
  size_t bad = 0;
  for (size_t i = 0; i < head.size();) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == 0) return true;
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++bad;
      ++i;
      continue;
    }
    size_t n = valid_sequence(head, i);
    if (n == 0) {
      // A sequence cut by the 8 KiB window is not evidence of binary data.
      if (head.size() - i < 4 && head.size() < bytes.size()) break;
      ++bad;
      ++i;
    } else {
      i += n;
    }
  }
  // Legacy 8-bit text (Latin-1) has some invalid bytes; binary data has many.
  return bad * 10 > head.size();
}

std::string to_nfc(std::string_view utf8) {
  bool ascii = true;
  for (unsigned char c : utf8)
    if (c >= 0x80) { ascii = false; break; }
  if (ascii) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  icu::UnicodeString n = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  n.toUTF8String(out);
  return out;
}

char32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { ++i; return c; }
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (i + n > s.size()) { ++i; return 0xFFFD; }
  char32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace sitrep::clean
