#include "store/text.h"

namespace sitrep::store {

uint64_t hash_lower(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

std::string content_hash(std::string_view text) {
  uint64_t a = 1469598103934665603ULL, b = 0x84222325cbf29ce4ULL;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ULL;
    b = (b ^ c) * 0x100000001b3ULL;
    b ^= b >> 29;
  }
  a ^= text.size();
  b = (b ^ text.size()) * 0xbf58476d1ce4e5b9ULL;
  return hex64(a) + hex64(b);
}

}  // namespace sitrep::store
