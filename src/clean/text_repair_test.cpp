// UTF-8 repair and validity, on short strings and on long ones whose bad bytes sit on
// either side of the 16-byte blocks the scanners read.
#include "clean/text_repair.h"

#include <gtest/gtest.h>

namespace sitrep::clean {
namespace {

struct RepairCase {
  const char* name;
  std::string in, out;
  size_t invalid, controls;
};

std::string pad(size_t n) { return std::string(n, 'a'); }

std::vector<RepairCase> repair_cases() {
  std::vector<RepairCase> cases = {
      {"clean_ascii", "Kabul fell.\nHerat too.", "Kabul fell.\nHerat too.", 0, 0},
      {"clean_utf8", "Mazār-i-Sharīf – “quoted”", "Mazār-i-Sharīf – “quoted”", 0, 0},
      {"crlf_and_tab", "a\r\nb\rc\td", "a\nb\nc d", 0, 0},
      {"controls_dropped", std::string("a\x01" "b\x7f" "c\x00" "d", 7), "abcd", 0, 3},
      {"invalid_byte", "a\xff" "b", "a\xEF\xBF\xBD" "b", 1, 0},
      {"latin1_e_acute", "caf\xe9", "caf\xEF\xBF\xBD", 1, 0},
      {"truncated_sequence", "a\xE2\x80", "a\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0},
      {"overlong", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0},
      {"surrogate", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3, 0},
      {"beyond_10ffff", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 4, 0},
  };
  // The same faults at every offset around the 16-byte boundaries.
  for (size_t k : {0u, 1u, 14u, 15u, 16u, 17u, 31u, 32u, 33u}) {
    cases.push_back({"tab_at", pad(k) + "\t" + pad(40), pad(k) + " " + pad(40), 0, 0});
    cases.push_back({"invalid_at", pad(k) + "\xff" + pad(40), pad(k) + "\xEF\xBF\xBD" + pad(40), 1, 0});
    cases.push_back({"valid_at", pad(k) + "\xE2\x80\x94" + pad(40), pad(k) + "\xE2\x80\x94" + pad(40), 0, 0});
    cases.push_back({"newline_at", pad(k) + "\n" + pad(40) + "\t", pad(k) + "\n" + pad(40) + " ", 0, 0});
  }
  return cases;
}

TEST(TextRepair, RepairsInvalidUtf8AndControls) {
  for (const auto& c : repair_cases()) {
    std::string s = c.in;
    RepairReport r = repair_utf8(s);
    EXPECT_EQ(s, c.out) << c.name << " (" << c.in.size() << " bytes)";
    EXPECT_EQ(r.invalid_sequences, c.invalid) << c.name;
    EXPECT_EQ(r.control_chars, c.controls) << c.name;
    // Valid UTF-8 in, valid UTF-8 out; the input is valid exactly when nothing was replaced.
    EXPECT_TRUE(is_valid_utf8(s)) << c.name;
    EXPECT_EQ(is_valid_utf8(c.in), c.invalid == 0) << c.name;
  }
}

}  // namespace
}  // namespace sitrep::clean
