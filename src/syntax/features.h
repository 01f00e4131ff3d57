// Feature hashing shared by the tagger and the parser. A feature is a 64-bit hash of
// a template number and up to three values; word-like values are themselves hashes of
// the text (computed once per token in TokenKeys), so no strings are built while
// tagging or parsing. The hash functions are fixed (no std::hash), so a model file
// means the same on every build.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sitrep::syntax {

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

// Never 0 (0 marks an empty slot in RowIndex).
inline uint64_t feature(uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = mix64(tmpl + 0x9E3779B97F4A7C15ull);
  h = mix64(h ^ a);
  h = mix64(h ^ (b + 0x632BE59BD9B4E019ull));
  h = mix64(h ^ (c + 0x85EBCA77C2B2AE63ull));
  return h | 1;
}

// FNV-1a over the bytes, then mixed.
inline uint64_t text_hash(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char ch : s) h = (h ^ ch) * 0x100000001B3ull;
  return mix64(h);
}

// What the tagger and parser know about a token's text, computed once per token.
struct TokenKeys {
  uint64_t lower = 0;   // the form lower-cased (ASCII letters)
  uint64_t shape = 0;   // "Xxxx", "dd.dd", ...: letters and digits mapped, runs capped at 3
  uint64_t suffix[4] = {};  // last 1..4 bytes of the lower-cased form
  uint64_t prefix[3] = {};  // first 1..3 bytes
  uint32_t flags = 0;       // kHasDigit | kHasHyphen | kTitle | kUpper
  static constexpr uint32_t kHasDigit = 1, kHasHyphen = 2, kTitle = 4, kUpper = 8;
};

TokenKeys token_keys(std::string_view form);

}  // namespace sitrep::syntax
