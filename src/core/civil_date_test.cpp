#include "core/civil_date.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

struct IsoCase { const char* text; bool valid; const char* iso; int weekday; };

TEST(CivilDate, ParsesAndRejects) {
  const IsoCase cases[] = {
      {"2021-08-10", true, "2021-08-10", 1},            // a Tuesday
      {"2021-08-31T10:15:00Z", true, "2021-08-31", 1},
      {"2020-02-29", true, "2020-02-29", 5},
      {"2021-02-29", false, "", 0},
      {"2021-02-30", false, "", 0},
      {"2021-13-01", false, "", 0},
      {"2021-8-1", false, "", 0},
      {"", false, "", 0},
      {"1970-01-01", true, "1970-01-01", 3},
      {"1998-08-08", true, "1998-08-08", 5},
  };
  for (const auto& c : cases) {
    auto d = CivilDate::parse_iso(c.text);
    EXPECT_EQ(d.has_value(), c.valid) << c.text;
    if (d && c.valid) {
      EXPECT_EQ(d->iso(), c.iso) << c.text;
      EXPECT_EQ(d->weekday(), c.weekday) << c.text;
    }
  }
}

TEST(CivilDate, Arithmetic) {
  auto d = *CivilDate::from_ymd(2021, 8, 31);
  EXPECT_EQ(d.plus_days(1).iso(), "2021-09-01");
  EXPECT_EQ(d.plus_days(-365).iso(), "2020-08-31");
  EXPECT_LT(*CivilDate::from_ymd(2021, 6, 22), d);
}

}  // namespace
}  // namespace sitrep
