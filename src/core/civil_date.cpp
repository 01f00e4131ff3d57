#include "core/civil_date.h"

#include <cstdio>

namespace sitrep {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd { int y; unsigned m; unsigned d; };

Ymd civil_from_days(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

}  // namespace

bool CivilDate::is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int CivilDate::days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::optional<CivilDate> CivilDate::from_ymd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  CivilDate c;
  c.days_ = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return c;
}

std::optional<CivilDate> CivilDate::parse_iso(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t at, size_t n) -> int {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  return from_ymd(y, m, d);
}

int CivilDate::year() const { return civil_from_days(days_).y; }
int CivilDate::month() const { return static_cast<int>(civil_from_days(days_).m); }
int CivilDate::day() const { return static_cast<int>(civil_from_days(days_).d); }

int CivilDate::weekday() const {
  // 1970-01-01 was a Thursday (ISO index 3).
  int w = (days_ + 3) % 7;
  return w < 0 ? w + 7 : w;
}

std::string CivilDate::iso() const {
  Ymd c = civil_from_days(days_);
  char buf[32];  // room for any int year: no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

}  // namespace sitrep
