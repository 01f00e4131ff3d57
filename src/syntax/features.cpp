#include "syntax/features.h"

#include <algorithm>

namespace sitrep::syntax {

TokenKeys token_keys(std::string_view form) {
  TokenKeys k;
  char lower[64];
  char shape[64];
  size_t n = std::min<size_t>(form.size(), sizeof(lower));
  size_t sn = 0;
  int run = 0;
  bool any_lower = false, any_upper = false;
  for (size_t i = 0; i < n; ++i) {
    char c = form[i];
    char s = c;
    if (c >= 'A' && c <= 'Z') { lower[i] = static_cast<char>(c - 'A' + 'a'); s = 'X'; any_upper = true; }
    else { lower[i] = c; }
    if (c >= 'a' && c <= 'z') { s = 'x'; any_lower = true; }
    if (c >= '0' && c <= '9') { s = 'd'; k.flags |= TokenKeys::kHasDigit; }
    if (c == '-') k.flags |= TokenKeys::kHasHyphen;
    if (static_cast<unsigned char>(c) >= 0x80) s = 'u';
    run = (sn > 0 && shape[sn - 1] == s) ? run + 1 : 1;
    if (run <= 3) shape[sn++] = s;
  }
  if (form.size() > n) {  // very long token: its tail still counts for the suffixes
    for (size_t i = 0; i < n; ++i) lower[i] = form[form.size() - n + i];
    for (size_t i = 0; i < n; ++i)
      if (lower[i] >= 'A' && lower[i] <= 'Z') lower[i] = static_cast<char>(lower[i] - 'A' + 'a');
  }
  std::string_view low(lower, n);
  k.lower = form.size() > n ? text_hash(form) : text_hash(low);
  k.shape = text_hash(std::string_view(shape, sn));
  for (size_t len = 1; len <= 4; ++len)
    k.suffix[len - 1] = text_hash(low.substr(n > len ? n - len : 0)) + len;
  for (size_t len = 1; len <= 3; ++len) k.prefix[len - 1] = text_hash(low.substr(0, len)) + 7 * len;
  if (any_upper && form[0] >= 'A' && form[0] <= 'Z') k.flags |= any_lower ? TokenKeys::kTitle : TokenKeys::kUpper;
  return k;
}

}  // namespace sitrep::syntax
