#include "places/normalize.h"

#include <gtest/gtest.h>

namespace sitrep::places {
namespace {

// Spellings of one place, as news and GeoNames write them, must share a key.
TEST(NameKey, VariantsMeet) {
  const std::pair<const char*, const char*> same[] = {
      {"Mazar-i-Sharif", "Mazar-e-Sharif"},
      {"Mazar-i-Sharif", "Mazār-e Sharīf"},
      {"Mazar-e Sharif", "Mazar e Sharif"},
      {"Kunduz", "Kondoz"},
      {"Kunduz", "Qunduz"},
      {"Sheberghan", "Shibirghan"},
      {"Sheberghan", "Shibirghān"},
      {"Badakhshan", "Badakshan"},
      {"Faizabad", "Fayzabad"},
      {"Ghor", "Ghowr"},
      {"Khost", "Khowst"},
      {"Paktia", "Paktya"},
      {"Uruzgan", "Oruzgan"},
      {"Nahr-e Shahi", "Nahr-i-Shahi"},
      {"Sar-e Pol", "Sar-i-Pol"},
      {"Kandahar", "KANDAHAR"},
      {"Côte d'Ivoire", "Cote dIvoire"},
      {"U.S.", "US"},
      {"São Paulo", "Sao Paulo"},
      {"Düsseldorf", "Dusseldorf"},
  };
  for (auto& [a, b] : same) EXPECT_EQ(name_key(a), name_key(b)) << a << " / " << b;
}

TEST(NameKey, DifferentPlacesStayApart) {
  const std::pair<const char*, const char*> apart[] = {
      {"Kabul", "Kandahar"}, {"Herat", "Helmand"}, {"Balkh", "Baghlan"}, {"Kunduz", "Kunar"}, {"Iran", "Iraq"},
      {"Mali", "Malawi"},    {"Niger", "Nigeria"}, {"Sudan", "South Sudan"},
  };
  for (auto& [a, b] : apart) EXPECT_NE(name_key(a), name_key(b)) << a << " / " << b;
}

TEST(NameKey, ShapeOfKeys) {
  EXPECT_EQ(name_key("Mazār-e Sharīf"), "mazar sharif");
  EXPECT_EQ(name_key("  Kabul  "), "kabul");
  EXPECT_EQ(name_key("Kunduz"), name_key("kunduz"));
  EXPECT_EQ(name_key(""), "");
  // Non-Latin names are not keyed (they would never meet English text).
  EXPECT_EQ(name_key("کابل"), "");
  EXPECT_EQ(name_key("Кабул"), "");
  // The izafe is dropped between words, not as a first word.
  EXPECT_EQ(name_key("E Street"), "i strit");
}

TEST(NameKey, HashIsStableAndDistinct) {
  EXPECT_EQ(key_hash("kabul"), key_hash(name_key("Kabul")));
  EXPECT_NE(key_hash("kabul"), key_hash("kandahar"));
}

TEST(Utf8, DecodesAndRejectsBadBytes) {
  std::string s = "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80\xFF";
  size_t i = 0;
  EXPECT_EQ(decode_utf8(s, i), U'a');
  EXPECT_EQ(decode_utf8(s, i), U'\u00E9');
  EXPECT_EQ(decode_utf8(s, i), U'\u2019');
  EXPECT_EQ(decode_utf8(s, i), U'\U0001F600');
  EXPECT_EQ(decode_utf8(s, i), char32_t(0xFFFD));
  EXPECT_EQ(i, s.size());
  std::string truncated = "\xE2\x80";
  i = 0;
  EXPECT_EQ(decode_utf8(truncated, i), char32_t(0xFFFD));
  EXPECT_TRUE(starts_upper("Ārt"));
  EXPECT_FALSE(starts_upper("ārt"));
}

}  // namespace
}  // namespace sitrep::places
