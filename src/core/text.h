// Small text helpers shared by the stages' data-file readers.
#pragma once

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

}  // namespace sitrep
