// Calendar dates without a clock. sitrep never reads the system time: every date is
// resolved against an article's own date, so a CivilDate is only ever built from text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sitrep {

class CivilDate {
 public:
  CivilDate() = default;
  // Returns nullopt for impossible dates (February 30, month 13, year outside 1..9999).
  static std::optional<CivilDate> from_ymd(int year, int month, int day);
  // Parses "YYYY-MM-DD" (a longer ISO 8601 timestamp is accepted; its date part is used).
  static std::optional<CivilDate> parse_iso(std::string_view s);
  static CivilDate from_days(int32_t days_since_epoch) { CivilDate d; d.days_ = days_since_epoch; return d; }

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  int weekday() const;  // 0 = Monday .. 6 = Sunday (ISO order)
  int32_t days() const { return days_; }  // days since 1970-01-01

  CivilDate plus_days(int32_t n) const { return from_days(days_ + n); }
  std::string iso() const;  // "YYYY-MM-DD"

  static int days_in_month(int year, int month);
  static bool is_leap(int year);

  auto operator<=>(const CivilDate&) const = default;

 private:
  int32_t days_ = 0;
};

}  // namespace sitrep
