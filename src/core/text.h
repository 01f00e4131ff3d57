// Small text helpers shared by the stages' data-file readers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// Splits on every `sep`, keeping empty fields: "a\t\tb" -> {"a", "", "b"}. Views into `s`.
inline std::vector<std::string_view> split_fields(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (true) {
    size_t p = s.find(sep, at);
    out.push_back(s.substr(at, p == std::string_view::npos ? std::string_view::npos : p - at));
    if (p == std::string_view::npos) break;
    at = p + 1;
  }
  return out;
}

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }

// ASCII lower case (HTML tag and attribute names, charset names, header names).
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// 16 lower-case hex digits, zero-padded (ids and hashes in output and the store).
inline std::string hex64(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 15];
  return out;
}

// ASCII case-insensitive equality with a name already in lower case.
inline bool equals_lower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (ascii_lower(s[i]) != lower[i]) return false;
  return true;
}

}  // namespace sitrep
