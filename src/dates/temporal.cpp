// The tagger works in two passes over one document:
//  1. a tokenizer cuts the text into words, digit runs and punctuation (byte offsets),
//     looking each short word up in the lexicon once;
//  2. a hand-written grammar tries the date patterns only at tokens that can start one
//     (a lexicon word, a digit run, or one of the grammar's few function words), so the
//     cost on ordinary prose is the tokenizer's. No regular expressions.
// Resolution turns each matched pattern into [start, end] against the anchor, using the
// tense cues around the phrase where the words alone leave the direction open
// ("on Friday", "in July", "Aug. 31").
#include "dates/temporal.h"

#include <algorithm>
#include <array>
#include <climits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dates/lexicon.h"

namespace sitrep {
namespace {

using dates::DateLexicon;
using dates::LexEntry;
using dates::Unit;

constexpr const char* kMonthNames[] = {"", "January", "February", "March", "April", "May", "June",
                                       "July", "August", "September", "October", "November", "December"};

// ---------------------------------------------------------------------------------------
// Calendar arithmetic

CivilDate ymd(int y, int m, int d) { return *CivilDate::from_ymd(y, m, d); }
bool valid_year(int y) { return y >= 1 && y <= 9999; }

CivilDate add_months(CivilDate d, int n) {
  int total = d.year() * 12 + (d.month() - 1) + n;
  int y = total / 12, m = total % 12 + 1;
  if (!valid_year(y)) return d;
  return ymd(y, m, std::min(d.day(), CivilDate::days_in_month(y, m)));
}

struct Range {
  CivilDate start, end;
};

Range month_range(int y, int m) { return {ymd(y, m, 1), ymd(y, m, CivilDate::days_in_month(y, m))}; }
Range year_range(int y) { return {ymd(y, 1, 1), ymd(y, 12, 31)}; }
Range week_range(CivilDate d) {  // ISO week: Monday .. Sunday
  CivilDate mon = d.plus_days(-d.weekday());
  return {mon, mon.plus_days(6)};
}

DatePrecision precision_of(Range r) {
  int32_t n = r.end.days() - r.start.days() + 1;
  if (n <= 1) return DatePrecision::day;
  if (n <= 6) return DatePrecision::days;
  // 8: "the past week" is 7 x 24 hours back from an unknown hour of the anchor day.
  if (n <= 8) return DatePrecision::week;
  if (n <= 31) return DatePrecision::month;
  return DatePrecision::year;
}

// Approximate length of `n` units in days, for durations and "in the past N units".
int32_t unit_days(Unit u, int n) {
  switch (u) {
    case Unit::hour: return (n + 23) / 24;
    case Unit::day: case Unit::night: return n;
    case Unit::week: return 7 * n;
    case Unit::weekend: return 2 * n;
    case Unit::fortnight: return 14 * n;
    case Unit::month: return 30 * n;
    case Unit::quarter: return 91 * n;
    case Unit::year: return 365 * n;
    case Unit::decade: return 3652 * n;
    case Unit::century: return 36524 * n;
    case Unit::none: break;
  }
  return 0;
}

// The anchor moved back (sign -1) or forward (+1) by n units, calendar-aware for months and years.
CivilDate shift(CivilDate a, Unit u, int n, int sign) {
  switch (u) {
    case Unit::month: return add_months(a, sign * n);
    case Unit::quarter: return add_months(a, sign * 3 * n);
    case Unit::year: return add_months(a, sign * 12 * n);
    case Unit::decade: return add_months(a, sign * 120 * n);
    case Unit::century: return add_months(a, sign * 1200 * n);
    default: return a.plus_days(sign * unit_days(u, n));
  }
}

// ---------------------------------------------------------------------------------------
// Tokens

enum class TokType : uint8_t { word, number, punct };

struct Tok {  // 32 bytes
  const LexEntry* lex = nullptr;
  uint32_t b = 0, e = 0;
  int32_t value = -1;           // numbers: their value (-1 when longer than 7 digits)
  uint32_t next_datey = 0;      // index of the first token at or after this one that is a number or a date word
  TokType type = TokType::punct;
  bool space_before = false;    // whitespace between this token and the previous one
  bool newline_before = false;  // a line break: paragraphs and headlines never share a clause
  bool cap = false;             // first letter upper case
  uint8_t digits = 0;
  char c = 0;                   // punct: the ASCII character, or a stand-in for UTF-8 marks
};
static_assert(sizeof(Tok) == 32);

// Byte classes for the tokenizer.
enum : uint8_t { kOther, kSpace, kNewline, kAlpha, kDigit, kHigh };
constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> c{};
  for (int i = 0; i < 256; ++i) {
    if (i == ' ' || i == '\t' || i == '\r' || i == '\f' || i == '\v') c[i] = kSpace;
    else if (i == '\n') c[i] = kNewline;
    else if ((i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z')) c[i] = kAlpha;
    else if (i >= '0' && i <= '9') c[i] = kDigit;
    else if (i >= 0x80) c[i] = kHigh;
    else c[i] = kOther;
  }
  return c;
}
constexpr std::array<uint8_t, 256> kClass = make_classes();

// UTF-8 sequences that are punctuation or space, not letters: U+2010..U+201F and U+2026
// (dashes, curly quotes, ellipsis) and U+00A0 (no-break space).
bool utf8_punct(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80;
}
bool utf8_nbsp(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
}

void tokenize(std::string_view s, const DateLexicon& lx, std::vector<Tok>& out) {
  out.clear();
  out.reserve(s.size() / 3 + 8);
  const size_t n = s.size();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  bool space = true, newline = true;
  while (i < n) {
    const unsigned char c = p[i];
    const uint8_t cls = kClass[c];
    if (cls == kSpace || cls == kNewline) {
      space = true;
      newline |= cls == kNewline;
      ++i;
      continue;
    }
    if (cls == kHigh && utf8_nbsp(s, i)) {
      space = true;
      i += 2;
      continue;
    }
    Tok t;
    t.b = static_cast<uint32_t>(i);
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    if (cls == kAlpha || (cls == kHigh && !utf8_punct(s, i))) {
      size_t j = i;
      bool ascii = true;
      while (j < n) {
        const uint8_t d = kClass[p[j]];
        if (d == kAlpha) {
          ++j;
        } else if (d == kHigh && !utf8_punct(s, j) && !utf8_nbsp(s, j)) {
          ascii = false;
          ++j;
        } else {
          break;
        }
      }
      t.type = TokType::word;
      t.e = static_cast<uint32_t>(j);
      t.cap = c >= 'A' && c <= 'Z';
      const size_t len = j - i;
      if (ascii && lx.may_contain(std::string_view(reinterpret_cast<const char*>(p + i), len))) {
        char buf[32];
        for (size_t k = 0; k < len; ++k) buf[k] = static_cast<char>(p[i + k] | 0x20);
        t.lex = lx.find(std::string_view(buf, len));
      }
      i = j;
    } else if (cls == kDigit) {
      size_t j = i;
      int64_t v = 0;
      while (j < n && kClass[p[j]] == kDigit) {
        if (j - i < 8) v = v * 10 + (p[j] - '0');
        ++j;
      }
      t.type = TokType::number;
      t.e = static_cast<uint32_t>(j);
      t.digits = static_cast<uint8_t>(std::min<size_t>(j - i, 255));
      t.value = t.digits <= 7 ? static_cast<int32_t>(v) : -1;
      i = j;
    } else if (cls == kHigh) {  // general punctuation: dashes, curly quotes, ellipsis
      const unsigned char k = p[i + 2];
      t.type = TokType::punct;
      t.c = (k >= 0x90 && k <= 0x95) ? '-' : (k == 0x98 || k == 0x99) ? '\'' : (k >= 0x9C && k <= 0x9F) ? '"' : '~';
      t.e = static_cast<uint32_t>(i + 3);
      i += 3;
    } else {
      t.type = TokType::punct;
      t.c = static_cast<char>(c);
      t.e = static_cast<uint32_t>(i + 1);
      ++i;
    }
    out.push_back(t);
  }
}

// ---------------------------------------------------------------------------------------
// Patterns

// What a matched phrase denotes before it is placed against the anchor.
enum class Base : uint8_t {
  ymd,        // Aug. 31 [, 2021]
  month,      // July [2021]
  year,       // 1998
  decade,     // the 1990s
  weekday,    // Tuesday, last Tuesday, next Friday
  relday,     // today, yesterday, tomorrow, this morning
  night,      // last night, overnight: [anchor-1, anchor]
  relunit,    // last week, this month, next year, the weekend
  ago,        // two days ago
  future_in,  // in two weeks (future tense)
  past_n,     // in the past 24 hours, over the last two months, in less than a week
  next_n,     // in the next two weeks
  duration,   // for weeks, two decades
  season,     // last summer, the winter of 2020, in the spring
};

// Part of a period: early/mid/late, the end/beginning of, the first/second half of, quarters.
enum class Part : uint8_t { whole, early, mid, late, begin, end, first_half, second_half, q1, q2, q3, q4, slice };

enum class Wrap : uint8_t { none, since, by, until, set, earlier, later };

struct Match {
  size_t first = 0, last = 0;  // tokens [first, last)
  Base base = Base::ymd;
  Part part = Part::whole;
  Wrap wrap = Wrap::none;
  int y = 0, m = 0, d = 0;
  bool has_year = false;
  int year_rel = INT_MIN;    // "September last year": -1
  int wd = -1;
  int rel = 0;               // last -1, this 0, next +1; relday offset; "next" weekday +1 / "last" -1
  bool explicit_rel = false; // "last"/"next"/"this" written before a weekday or weekend
  Unit unit = Unit::none;
  int n = 0, n_max = 0;      // counts; a vague count ("several") is the range [n, n_max]
  int event_year = 0;        // "Sept. 11 attacks" -> 2001
  int d2 = 0;                // last day of a run of days ("Aug. 14-15"), else 0
  // Part::slice: "the first six months of 2024", "the second week of March", "the last week of July".
  Unit slice_unit = Unit::none;
  int slice_len = 0, slice_offset = 0;
  bool slice_from_end = false;
};

class Tagger {
 public:
  Tagger(const DateLexicon& lx, std::string_view text, std::optional<CivilDate> anchor,
         std::vector<DateProblem>* problems, std::vector<Tok>& scratch)
      : lx_(lx), s_(text), anchor_(anchor), problems_(problems), t_(scratch) {}

  std::vector<DateExpression> run();

 private:
  // --- token tests
  bool word(size_t i) const { return i < t_.size() && t_[i].type == TokType::word; }
  bool num(size_t i) const { return i < t_.size() && t_[i].type == TokType::number; }
  bool punct(size_t i, char c) const { return i < t_.size() && t_[i].type == TokType::punct && t_[i].c == c; }
  bool adjacent(size_t i) const { return i < t_.size() && !t_[i].space_before; }
  std::string_view text(size_t i) const { return s_.substr(t_[i].b, t_[i].e - t_[i].b); }
  // Case-insensitive word test; `w` is lower case. Literals are measured at compile time.
  bool is(size_t i, std::string_view w) const {
    if (i >= t_.size() || t_[i].e - t_[i].b != w.size() || t_[i].type != TokType::word) return false;
    const char* x = s_.data() + t_[i].b;
    for (size_t k = 0; k < w.size(); ++k)
      if ((static_cast<unsigned char>(x[k]) | 0x20) != static_cast<unsigned char>(w[k])) return false;
    return true;
  }
  template <size_t N>
  bool is(size_t i, const char (&w)[N]) const { return is(i, std::string_view(w, N - 1)); }
  template <typename... W>
  bool any(size_t i, const W&... ws) const { return (is(i, ws) || ...); }
  const LexEntry* lex(size_t i) const { return i < t_.size() ? t_[i].lex : nullptr; }

  // --- pattern pieces (each returns the token after what it consumed, or 0 when no match)
  size_t month_at(size_t i, int* month) const;
  size_t day_at(size_t i, int* day) const;
  size_t year_at(size_t i, int* year) const;
  size_t time_at(size_t i) const;
  size_t year_and_time(size_t e, Match& m) const;
  size_t count_at(size_t i, int* n, int* n_max) const;
  size_t unit_at(size_t i, Unit* u, bool* plural) const;
  bool year_context(size_t i) const;
  // "The Sunday Times", "Bloody Sunday": a weekday inside a name (words from the lexicon).
  bool weekday_is_name(size_t i) const {
    const LexEntry* after = lex(i + 1);
    const LexEntry* before = i > 0 ? lex(i - 1) : nullptr;
    return (after && after->weekday_name_after && t_[i + 1].cap) ||
           (before && before->weekday_name_before && t_[i - 1].cap && adjacent(i) == false);
  }

  std::optional<Match> absolute(size_t i);
  std::optional<Match> period(size_t i);
  std::optional<Match> relative(size_t i);
  std::optional<Match> quantified(size_t i);
  std::optional<Match> any_date(size_t i, bool period_tried = false);
  std::optional<Match> season(size_t i);
  std::optional<Match> at(size_t i);

  // --- resolution
  Tense cue(const Match& m) const;
  bool sentence_end(size_t i) const;
  bool future_word(size_t i) const;
  bool past_word(size_t i) const;
  std::optional<Range> resolve(const Match& m, Tense cue, CivilDate a);
  std::optional<Range> apply_part(Range r, const Match& m) const;
  void emit(const Match& m);
  void problem(size_t first, size_t last, std::string message) {
    if (problems_) problems_->push_back({Span{t_[first].b, t_[last - 1].e}, std::move(message)});
  }

  const DateLexicon& lx_;
  std::string_view s_;
  std::optional<CivilDate> anchor_;
  std::vector<DateProblem>* problems_;
  std::vector<Tok>& t_;  // the calling thread's scratch buffer, reused across documents
  std::vector<DateExpression> out_;
};

// A month name at i (with its optional abbreviation dot). Abbreviations need a dot or a
// number after them ("Jan Egeland" is a man). "May" and "March" alone: see absolute().
size_t Tagger::month_at(size_t i, int* month) const {
  const LexEntry* e = lex(i);
  if (!e || e->month == 0) return 0;
  const Tok& t = t_[i];
  if (!t.cap) return 0;  // "may", "march", "august" in lower case are ordinary words
  size_t j = i + 1;
  bool dot = e->month_abbrev && punct(j, '.') && adjacent(j);
  if (dot) ++j;
  bool number_follows = num(j);
  if (e->month_abbrev && !dot && !number_follows) return 0;
  *month = e->month;
  return j;
}

// A day of the month 1..31 with an optional ordinal suffix ("31st").
size_t Tagger::day_at(size_t i, int* day) const {
  if (!num(i) || t_[i].digits > 2 || t_[i].value < 1 || t_[i].value > 31) return 0;
  size_t j = i + 1;
  if (word(j) && adjacent(j) && any(j, "st", "nd", "rd", "th")) ++j;
  // "Aug. 31, 2021" fine; "Aug. 31,000" is a number, not a date.
  if (punct(j, ',') && adjacent(j) && num(j + 1) && adjacent(j + 1)) return 0;
  if ((punct(j, '.') || punct(j, ':')) && adjacent(j) && num(j + 1) && adjacent(j + 1)) return 0;
  *day = t_[i].value;
  return j;
}

// A four-digit year 1000..2999, not part of a longer number ("2,500") or a decade ("1990s").
size_t Tagger::year_at(size_t i, int* year) const {
  if (!num(i) || t_[i].digits != 4 || t_[i].value < 1000 || t_[i].value > 2999) return 0;
  if (punct(i + 1, ',') && adjacent(i + 1) && num(i + 2) && adjacent(i + 2)) return 0;
  if (word(i + 1) && adjacent(i + 1)) return 0;  // "1990s", "2021th"
  if (i > 0 && adjacent(i) && (punct(i - 1, ',') || punct(i - 1, '.')) && num(i - 1)) return 0;
  *year = t_[i].value;
  return i + 1;
}

// A clock time after a date: "4:31pm", "4:31 p.m.", "10 a.m.", "16:30 GMT". Returns the end or 0.
size_t Tagger::time_at(size_t i) const {
  size_t j = i;
  if (punct(j, ',')) ++j;
  if (is(j, "at")) ++j;
  if (!num(j) || t_[j].digits > 2 || t_[j].value > 24) return 0;
  size_t k = j + 1;
  bool minutes = false;
  if (punct(k, ':') && adjacent(k) && num(k + 1) && adjacent(k + 1) && t_[k + 1].digits == 2) {
    k += 2;
    minutes = true;
  }
  bool meridiem = false;
  if (any(k, "am", "pm")) {
    ++k;
    meridiem = true;
  } else if (any(k, "a", "p") && punct(k + 1, '.') && is(k + 2, "m")) {
    k += 3;
    if (punct(k, '.') && adjacent(k)) ++k;
    meridiem = true;
  }
  if (!minutes && !meridiem) return 0;
  if (any(k, "gmt", "utc", "edt", "est", "ist")) ++k;
  return k;
}

// A count: digits, a number word, "a"/"an", or a vague "several"/"a few"/"a couple of".
size_t Tagger::count_at(size_t i, int* n, int* n_max) const {
  if (num(i) && t_[i].digits <= 4 && t_[i].value > 0) {
    if (punct(i + 1, ',') && adjacent(i + 1) && num(i + 2)) return 0;
    *n = *n_max = t_[i].value;
    return i + 1;
  }
  const LexEntry* e = lex(i);
  if (!e || e->number < 0) return 0;
  size_t j = i + 1;
  if (any(i, "a", "an")) {  // "a week", "a few days", "a couple of weeks"
    if (const LexEntry* f = lex(j); f && f->number_vague) {
      i = j;
      e = f;
      j = i + 1;
    }
  }
  if (e->number_vague) {
    if (is(j, "of")) ++j;
    if (is(i, "couple")) *n = *n_max = 2;
    else { *n = 2; *n_max = 6; }
    return j;
  }
  *n = *n_max = e->number;
  return j;
}

size_t Tagger::unit_at(size_t i, Unit* u, bool* plural) const {
  const LexEntry* e = lex(i);
  if (!e || e->unit == Unit::none) return 0;
  *u = e->unit;
  std::string_view w = text(i);
  *plural = w.size() > 1 && (w.back() | 0x20) == 's';
  return i + 1;
}

// Words after which a bare four-digit number reads as a year ("in 1998", "since 2001").
bool Tagger::year_context(size_t i) const {
  if (i == 0) return false;
  size_t p = i - 1;
  // After the strong date prepositions any year 1000..2999 reads as a year ("in 1839");
  // after weaker words only a modern one ("the massacres of 1998", not "a convoy of 1500 trucks").
  if (any(p, "in", "since", "until", "till", "during", "before", "after", "early", "mid", "late", "throughout", "year"))
    return true;
  if (punct(p, '-') && i >= 2 && any(i - 2, "mid", "early", "late")) return true;  // "mid-2020"
  const int v = t_[i].value;
  if (v < 1900 || v > 2100) return false;
  if (any(p, "and", "to") || punct(p, '-'))  // "between 1996 and 2001", "from 1996 to 2001", "1996-2001"
    return i >= 2 && num(i - 2) && t_[i - 2].digits == 4;
  return any(p, "of", "by", "from", "between", "around", "circa", "through");
}

// Absolute dates: "Aug. 31", "August 31, 2021", "31 August 2021", "2021-08-31", "July 2021",
// "Wednesday, April 24, 2024", "June 22, 2021, 4:31pm", "in 1998", "the 1990s".
// After a day and month: an optional ", 2021" and a clock time; sets the match's year and end.
size_t Tagger::year_and_time(size_t e, Match& m) const {
  size_t y = e;
  if (punct(y, ',')) ++y;
  int yy = 0;
  if (size_t ye = year_at(y, &yy)) {
    m.y = yy;
    m.has_year = true;
    e = ye;
  }
  if (size_t te = time_at(e)) e = te;
  m.last = e;
  return e;
}

std::optional<Match> Tagger::absolute(size_t i) {
  Match m;
  m.first = i;
  size_t j = i;
  // Optional leading weekday: "Wednesday, April 24, 2024", "Tue. Aug. 31".
  if (const LexEntry* e = lex(j); e && e->weekday >= 0 && t_[j].cap) {
    size_t k = j + 1;
    if ((punct(k, ',') || punct(k, '.'))) ++k;
    if (punct(k, ',')) ++k;
    int mo = 0, dd = 0;
    size_t after_month = month_at(k, &mo);
    if ((after_month && day_at(after_month, &dd)) || (day_at(k, &dd) && month_at(day_at(k, &dd), &mo))) {
      m.wd = e->weekday;
      j = k;
    }
  }
  int mo = 0, dd = 0, yy = 0;
  if (size_t k = month_at(j, &mo)) {
    size_t after_day = day_at(k, &dd);
    if (after_day) {
      m.base = Base::ymd;
      m.m = mo;
      m.d = dd;
      size_t e = after_day;
      int d2 = 0;  // "Aug. 14-15": a run of days
      if (punct(e, '-') && t_[e].e - t_[e].b == 1 && day_at(e + 1, &d2) && d2 > dd) {
        m.d2 = d2;
        e = day_at(e + 1, &d2);
      }
      e = year_and_time(e, m);
      // "the Sept. 11 attacks": a date that names an event of its own year.
      if (!m.has_year && lex(e) && lex(e)->event_noun) m.event_year = lx_.dated_event_year(mo, dd);
      return m;
    }
    size_t y = k;
    if (punct(y, ',')) ++y;
    if (is(y, "of")) ++y;
    if (size_t ye = year_at(y, &yy)) {
      m.base = Base::month;
      m.m = mo;
      m.y = yy;
      m.has_year = true;
      m.last = ye;
      return m;
    }
    // A month alone: "in July", "since May", "September last year".
    // A month alone needs help: "May" and "March" (also ordinary words) only after a word
    // that wants a date ("since May"); others not before a capitalised word unless after
    // one ("June Smith, a spokeswoman" is a name; "In June Taliban fighters" a date).
    bool date_word_before = j > 0 && (any(j - 1, "in", "since", "by", "until", "till", "from", "during", "of", "early",
                                          "mid", "late", "last", "next", "this", "before", "after", "through",
                                          "throughout", "end") ||
                                      punct(j - 1, '-'));
    if (lex(j)->month_ambiguous && !date_word_before) return std::nullopt;
    if (!date_word_before && word(k) && t_[k].cap && !(lex(k) && (lex(k)->month || lex(k)->weekday >= 0)))
      return std::nullopt;
    m.base = Base::month;
    m.m = mo;
    m.last = k;
    size_t r = k;
    if (is(r, "of")) ++r;
    if (any(r, "last", "this", "next") && is(r + 1, "year")) {
      m.year_rel = is(r, "last") ? -1 : is(r, "next") ? 1 : 0;
      m.last = r + 2;
    }
    return m;
  }
  if (size_t k = day_at(j, &dd)) {  // 31 August 2021, 31st of August, 14-15 August
    int d2 = 0;
    if (punct(k, '-') && t_[k].e - t_[k].b == 1 && day_at(k + 1, &d2) && d2 > dd && month_at(day_at(k + 1, &d2), &mo)) {
      m.d2 = d2;
      k = day_at(k + 1, &d2);
    }
    size_t mpos = is(k, "of") ? k + 1 : k;
    if (size_t after = month_at(mpos, &mo)) {
      m.base = Base::ymd;
      m.m = mo;
      m.d = dd;
      year_and_time(after, m);
      return m;
    }
  }
  if (m.wd >= 0) return std::nullopt;
  // ISO 2021-08-31 or 2021/08/31.
  if (num(j) && t_[j].digits == 4 && (punct(j + 1, '-') || punct(j + 1, '/')) && adjacent(j + 1) && num(j + 2) &&
      adjacent(j + 2) && t_[j + 2].digits <= 2 && punct(j + 3, t_[j + 1].c) && adjacent(j + 3) && num(j + 4) &&
      adjacent(j + 4) && t_[j + 4].digits <= 2) {
    m.base = Base::ymd;
    m.y = t_[j].value;
    m.m = t_[j + 2].value;
    m.d = t_[j + 4].value;
    m.has_year = true;
    m.last = j + 5;
    // An ISO timestamp's time part: "2021-08-31T10:15:00Z", "...T10:15+04:30".
    if (is(m.last, "t") && adjacent(m.last) && num(m.last + 1) && adjacent(m.last + 1)) {
      size_t k = m.last + 2;
      while ((punct(k, ':') || punct(k, '.')) && adjacent(k) && num(k + 1) && adjacent(k + 1)) k += 2;
      if (is(k, "z") && adjacent(k)) ++k;
      else if ((punct(k, '+') || punct(k, '-')) && adjacent(k) && num(k + 1) && adjacent(k + 1)) {
        k += 2;
        if (punct(k, ':') && adjacent(k) && num(k + 1)) k += 2;
      }
      m.last = k;
    }
    return m;
  }
  // Numeric day and month with a four-digit year: "31/08/2021", "8/31/2021", "31.08.2021".
  // Taken only when unambiguous (one of the two numbers is above 12); "05/08/2021" could be
  // May 8 or August 5 and is left untagged.
  if (num(j) && t_[j].digits <= 2 && (punct(j + 1, '/') || punct(j + 1, '.')) && adjacent(j + 1) && num(j + 2) &&
      adjacent(j + 2) && t_[j + 2].digits <= 2 && punct(j + 3, t_[j + 1].c) && adjacent(j + 3) && num(j + 4) &&
      adjacent(j + 4) && t_[j + 4].digits == 4 && !(num(j + 5) && adjacent(j + 5))) {
    int a = t_[j].value, b = t_[j + 2].value;
    if ((a > 12) == (b > 12)) return std::nullopt;
    m.base = Base::ymd;
    m.d = a > 12 ? a : b;
    m.m = a > 12 ? b : a;
    m.y = t_[j + 4].value;
    m.has_year = true;
    m.last = j + 5;
    return m;
  }
  // "9/11": an event named by its date.
  if (num(j) && t_[j].digits <= 2 && punct(j + 1, '/') && adjacent(j + 1) && num(j + 2) && adjacent(j + 2) &&
      !(punct(j + 3, '/') && adjacent(j + 3))) {
    if (int ey = lx_.dated_event_year(t_[j].value, t_[j + 2].value)) {
      m.base = Base::ymd;
      m.m = t_[j].value;
      m.d = t_[j + 2].value;
      m.event_year = ey;
      m.last = j + 3;
      return m;
    }
  }
  // Decades: "1990s", "the 1990s", "1990's".
  if (num(j) && t_[j].digits == 4 && t_[j].value % 10 == 0 && t_[j].value >= 1000) {
    size_t k = j + 1;
    if (punct(k, '\'') && adjacent(k)) ++k;
    if (is(k, "s") && adjacent(k)) {
      m.base = Base::decade;
      m.y = t_[j].value;
      m.has_year = true;
      m.last = k + 1;
      return m;
    }
  }
  if (year_at(j, &yy) && year_context(j)) {
    m.base = Base::year;
    m.y = yy;
    m.has_year = true;
    m.last = j + 1;
    return m;
  }
  return std::nullopt;
}

// Parts of periods around an absolute or relative date: "mid-April", "early August",
// "late 2020", "the early 1990s", "the end of the month", "the first half of the year".
std::optional<Match> Tagger::period(size_t i) {
  size_t j = i;
  bool the = is(j, "the");
  if (the) ++j;
  Part part = Part::whole;
  Match slice;  // only its slice_* fields
  size_t k = 0;
  if (any(j, "early", "mid", "late")) {
    part = is(j, "early") ? Part::early : is(j, "mid") ? Part::mid : Part::late;
    k = j + 1;
    if (punct(k, '-') && adjacent(k)) ++k;
  } else if (the && any(j, "end", "beginning", "start", "middle") && is(j + 1, "of")) {
    part = is(j, "end") ? Part::end : is(j, "middle") ? Part::mid : Part::begin;
    k = j + 2;
  } else if (the && any(j, "first", "second") && is(j + 1, "half") && is(j + 2, "of")) {
    part = is(j, "first") ? Part::first_half : Part::second_half;
    k = j + 3;
  } else if (the && any(j, "first", "second", "third", "fourth", "last") && is(j + 1, "quarter") && is(j + 2, "of")) {
    part = is(j, "first") ? Part::q1 : is(j, "second") ? Part::q2 : is(j, "third") ? Part::q3 : Part::q4;
    k = j + 3;
  } else if (the && any(j, "first", "second", "third", "fourth", "last", "final")) {
    size_t q = j + 1;
    int n = 1, nmax = 1;
    const bool ordinal_only = any(j, "second", "third", "fourth");  // "the second week", not "the second two weeks"
    if (size_t c = count_at(q, &n, &nmax); c && !ordinal_only) {
      if (n != nmax) return std::nullopt;
      q = c;
    }
    Unit u;
    bool plural;
    size_t ue = unit_at(q, &u, &plural);
    if (!ue || !is(ue, "of") || !(u == Unit::day || u == Unit::week || u == Unit::month)) return std::nullopt;
    part = Part::slice;
    slice.slice_unit = u;
    slice.slice_len = n;
    slice.slice_from_end = any(j, "last", "final");
    slice.slice_offset = is(j, "second") ? 1 : is(j, "third") ? 2 : is(j, "fourth") ? 3 : 0;
    k = ue + 1;
  } else {
    return std::nullopt;
  }
  std::optional<Match> inner;
  if (any(k, "last", "this", "next", "the") && lex(k + 1) && lex(k + 1)->unit != Unit::none &&
      !(is(k, "the") && any(k + 1, "week", "month", "year") == false)) {
    Unit u = lex(k + 1)->unit;
    if (u != Unit::week && u != Unit::month && u != Unit::year) return std::nullopt;
    inner = Match{};
    inner->base = Base::relunit;
    inner->unit = u;
    inner->rel = is(k, "last") ? -1 : is(k, "next") ? 1 : 0;
    inner->last = k + 2;
  } else {
    inner = absolute(k);
    if (inner && inner->base == Base::ymd) return std::nullopt;  // "late Aug. 31" is just Aug. 31
  }
  if (!inner) return std::nullopt;
  if ((part == Part::first_half || part == Part::second_half || (part >= Part::q1 && part <= Part::q4)) &&
      !(inner->base == Base::year || (inner->base == Base::relunit && inner->unit == Unit::year)))
    return std::nullopt;
  if (part == Part::slice && !(inner->base == Base::year || inner->base == Base::month || inner->base == Base::relunit))
    return std::nullopt;
  inner->first = i;
  inner->part = part;
  inner->slice_unit = slice.slice_unit;
  inner->slice_len = slice.slice_len;
  inner->slice_offset = slice.slice_offset;
  inner->slice_from_end = slice.slice_from_end;
  // "the early 1990s" keeps "the"; "early August" has none to keep.
  return inner;
}

// Relative expressions: today, yesterday morning, tonight, last night, overnight, this
// morning, (last|this|next) week/month/year/weekend, the weekend, (last|next|this) Friday,
// Monday afternoon, earlier this month, later this year.
std::optional<Match> Tagger::relative(size_t i) {
  Match m;
  m.first = i;
  auto part_of_day_after = [&](size_t k) {
    if (lex(k) && lex(k)->part_of_day) return k + 1;
    return k;
  };
  // "the day before yesterday", "the day after tomorrow"
  if (is(i, "the") && is(i + 1, "day") && any(i + 2, "before", "after") && lex(i + 3) && lex(i + 3)->relative_day &&
      lex(i + 3)->day_offset != 0) {
    m.base = Base::relday;
    m.rel = lex(i + 3)->day_offset + (is(i + 2, "before") ? -1 : 1);
    m.last = i + 4;
    return m;
  }
  if (const LexEntry* e = lex(i); e && e->relative_day) {
    m.base = Base::relday;
    m.rel = e->day_offset;
    m.last = is(i, "tonight") ? i + 1 : part_of_day_after(i + 1);
    return m;
  }
  if (is(i, "overnight")) {
    m.base = Base::night;
    m.last = i + 1;
    return m;
  }
  if (const LexEntry* e = lex(i); e && e->weekday >= 0 && t_[i].cap && !e->weekday_abbrev) {
    if (weekday_is_name(i)) return std::nullopt;
    m.base = Base::weekday;
    m.wd = e->weekday;
    m.last = part_of_day_after(i + 1);
    return m;
  }
  bool the = is(i, "the");
  size_t j = the ? i + 1 : i;
  if (any(j, "last", "this", "next", "coming", "previous", "past")) {
    int rel = any(j, "last", "previous", "past") ? -1 : any(j, "next", "coming") ? 1 : 0;
    const LexEntry* e = lex(j + 1);
    if (!e) return std::nullopt;
    if (e->weekday >= 0 && !e->weekday_abbrev && t_[j + 1].cap && !the) {
      m.base = Base::weekday;
      m.wd = e->weekday;
      m.rel = rel;
      m.explicit_rel = true;
      m.last = part_of_day_after(j + 2);
      return m;
    }
    if (e->part_of_day && !the) {
      if (is(j + 1, "night") && rel < 0) {
        m.base = Base::night;
      } else {
        m.base = Base::relday;
        m.rel = rel < 0 ? -1 : 0;
        if (rel > 0) return std::nullopt;
      }
      m.last = j + 2;
      return m;
    }
    if (e->unit == Unit::week || e->unit == Unit::month || e->unit == Unit::year || e->unit == Unit::weekend) {
      // "the past week" is the 7 days ending at the anchor (see quantified); "last week" the calendar week.
      if (the && is(j, "past")) return std::nullopt;
      std::string_view w = text(j + 1);
      if ((w.back() | 0x20) == 's') return std::nullopt;  // "last years" is not a date
      if (the && !any(j, "previous", "coming", "next")) return std::nullopt;
      m.base = Base::relunit;
      m.unit = e->unit;
      m.rel = rel;
      m.explicit_rel = true;
      m.last = j + 2;
      return m;
    }
    return std::nullopt;
  }
  if (the && is(j, "weekend")) {
    m.base = Base::relunit;
    m.unit = Unit::weekend;
    m.last = j + 1;
    return m;
  }
  // earlier this month, later this year, earlier in the week, earlier today
  if (any(i, "earlier", "later")) {
    Wrap w = is(i, "earlier") ? Wrap::earlier : Wrap::later;
    size_t k = i + 1;
    if (is(k, "in") && is(k + 1, "the")) k += 2;
    else if (is(k, "this")) ++k;
    else if (const LexEntry* e = lex(k); e && e->relative_day && e->day_offset == 0) {
      m.base = Base::relday;
      m.last = k + 1;
      return m;
    } else return std::nullopt;
    const LexEntry* e = lex(k);
    if (e && (e->unit == Unit::week || e->unit == Unit::month || e->unit == Unit::year)) {
      m.base = Base::relunit;
      m.unit = e->unit;
      m.wrap = w;
      m.last = k + 1;
      return m;
    }
    if (e && (e->unit == Unit::day || e->part_of_day)) {
      m.base = Base::relday;
      m.last = k + 1;
      return m;
    }
  }
  return std::nullopt;
}

// Counted expressions: two days ago, 20 years ago, in the past 24 hours, over the last two
// months, in less than a week, in the next two weeks, for weeks, for 20 years, two decades,
// a six-week course, in two weeks (future).
std::optional<Match> Tagger::quantified(size_t i) {
  Match m;
  m.first = i;
  size_t j = i;
  bool prep = any(j, "in", "over", "during", "within", "for", "throughout");
  if (prep) ++j;
  bool for_prep = is(i, "for");
  // (in|over|during)? recent days/weeks/months: a few units back from the anchor.
  if (is(j, "recent") || (is(j, "the") && is(j + 1, "recent"))) {
    size_t k = is(j, "the") ? j + 2 : j + 1;
    Unit u;
    bool plural;
    size_t ue = unit_at(k, &u, &plural);
    if (!ue || !plural || u == Unit::weekend || u == Unit::hour) return std::nullopt;
    m.base = Base::past_n;
    m.unit = u;
    m.n = 2;
    m.n_max = 6;
    m.last = ue;
    if (!prep) m.first = j;
    return m;
  }
  // (in|over|during|for)? (the|this) (past|last|previous|next|coming) [N] units
  if ((is(j, "the") || (is(j, "this") && is(j + 1, "past"))) &&
      any(j + 1, "past", "last", "previous", "next", "coming", "preceding", "following")) {
    bool forward = any(j + 1, "next", "coming", "following");
    size_t k = j + 2;
    int n = 1, nmax = 1;
    if (size_t c = count_at(k, &n, &nmax)) k = c;
    Unit u;
    bool plural;
    if (size_t ue = unit_at(k, &u, &plural)) {
      if (u == Unit::weekend) return std::nullopt;
      if (is(ue, "of") && period(j)) return std::nullopt;  // "in the last week of July": a slice of July
      if (n == 1 && plural && k == j + 2) nmax = n = 2;  // "the past weeks": a few
      if (!prep && !plural && k == j + 2 && any(j + 1, "previous", "next", "coming", "following")) return std::nullopt;
      m.base = forward ? Base::next_n : Base::past_n;
      m.unit = u;
      m.n = n;
      m.n_max = nmax;
      m.last = ue;
      return m;
    }
    return std::nullopt;
  }
  // (in|within) (less than|under|more than) N units: intervals ending at the anchor.
  if (prep && !for_prep) {
    size_t k = j;
    if (any(k, "less", "more", "fewer") && is(k + 1, "than")) k += 2;
    else if (any(k, "under")) ++k;
    int n, nmax;
    if (k != j || is(i, "within")) {
      if (size_t c = count_at(k, &n, &nmax)) {
        Unit u;
        bool plural;
        if (size_t ue = unit_at(c, &u, &plural)) {
          m.base = Base::past_n;
          m.unit = u;
          m.n = n;
          m.n_max = nmax;
          m.last = ue;
          m.rel = 1;  // direction decided by tense: future turns it into next_n
          return m;
        }
      } else if (is(i, "within") && lex(k) && lex(k)->unit != Unit::none) {  // "within days"
        m.base = Base::past_n;
        m.unit = lex(k)->unit;
        m.n = 1;
        m.n_max = 3;
        m.last = k + 1;
        m.rel = 1;
        return m;
      }
    }
  }
  // for weeks, for years, for decades (no count): a vague duration.
  if (for_prep) {
    Unit u;
    bool plural;
    if (size_t ue = unit_at(j, &u, &plural); ue && plural && u != Unit::weekend) {
      m.base = Base::duration;
      m.unit = u;
      m.n = 2;
      m.n_max = 2;
      m.last = ue;
      return m;
    }
    // "for at least three months", "for more than 20 years"
    if (is(j, "at") && any(j + 1, "least", "most")) j += 2;
    else if (any(j, "more", "less") && is(j + 1, "than")) j += 2;
    else if (any(j, "nearly", "almost", "about", "around", "some", "over")) ++j;
  }
  int n, nmax;
  size_t c = count_at(j, &n, &nmax);
  if (!c) {
    // "Months-old", "decades-long": a vague duration as an adjective.
    Unit u;
    bool plural;
    if (size_t ue = unit_at(j, &u, &plural); ue && plural && punct(ue, '-') && adjacent(ue) &&
                                              any(ue + 1, "old", "long") && adjacent(ue + 1)) {
      m.first = j;
      m.base = Base::duration;
      m.unit = u;
      m.n = m.n_max = 2;
      m.last = ue + 2;
      return m;
    }
    return std::nullopt;
  }
  size_t k = c;
  bool hyphen = punct(k, '-') && adjacent(k) && adjacent(k + 1);
  if (hyphen) ++k;
  Unit u;
  bool plural;
  size_t ue = unit_at(k, &u, &plural);
  if (!ue || u == Unit::weekend) return std::nullopt;
  if (hyphen && plural) return std::nullopt;  // "two-days" is not English; "six-week" is
  m.unit = u;
  m.n = n;
  m.n_max = nmax;
  if (!hyphen && is(ue, "ago")) {
    m.first = j;
    m.base = Base::ago;
    m.last = ue + 1;
    return m;
  }
  if (hyphen) {
    size_t e = ue;
    if (punct(e, '-') && adjacent(e) && any(e + 1, "old", "long")) e += 2;
    m.first = j;
    m.base = Base::duration;
    m.last = e;
    return m;
  }
  // "in two weeks": future point if the clause is future, else a duration.
  m.base = Base::duration;
  m.first = for_prep ? i : j;
  if (is(i, "in")) {
    m.first = i;
    m.base = Base::future_in;
  }
  m.last = ue;
  return m;
}

// Seasons: (last|this|next|past) summer; (the) summer of 2020; summer 2020; in (the) spring.
// "fall" only in the first two forms and "in the fall" not followed by "of" ("the fall of Kabul").
std::optional<Match> Tagger::season(size_t i) {
  Match m;
  m.first = i;
  m.base = Base::season;
  size_t j = i;
  bool rel_word = any(j, "last", "this", "next", "past", "coming");
  if (rel_word) {
    m.rel = is(j, "this") ? 0 : any(j, "next", "coming") ? 1 : -1;
    m.explicit_rel = true;
    ++j;
  } else if (is(j, "the")) {
    ++j;
  }
  const LexEntry* e = lex(j);
  if (!e || !e->season_month) return std::nullopt;
  m.m = e->season_month;
  m.last = j + 1;
  if (rel_word) return m;
  int yy = 0;
  size_t y = is(j + 1, "of") ? j + 2 : j + 1;
  if (num(y) && t_[y].digits == 4 && year_at(y, &yy)) {  // "the summer of 2020", "summer 2020"
    m.y = yy;
    m.has_year = true;
    m.last = y + 1;
    return m;
  }
  // A bare season only after "in" or "during": "in the summer", "during winter".
  size_t before = is(i, "the") ? i : j;
  if (before == 0 || !any(before - 1, "in", "during", "since", "by", "until", "through", "throughout")) return std::nullopt;
  if (is(j, "fall") && (!is(i, "the") || is(j + 1, "of"))) return std::nullopt;
  return m;
}

std::optional<Match> Tagger::any_date(size_t i, bool period_tried) {
  if (auto m = season(i)) return m;
  if (!period_tried)
    if (auto m = period(i)) return m;
  if (auto m = absolute(i)) return m;
  if (is(i, "the")) {  // "the 1990s" keeps its article
    if (auto m = absolute(i + 1); m && m->base == Base::decade) {
      m->first = i;
      return m;
    }
  }
  if (auto m = relative(i)) return m;
  return std::nullopt;
}

std::optional<Match> Tagger::at(size_t i) {
  const Tok& t = t_[i];
  if (t.type == TokType::punct) return std::nullopt;
  if (t.type == TokType::word) {
    const LexEntry* e = t.lex;
    if (!e || !e->starts_pattern()) return std::nullopt;
    // Cheap look-ahead before the grammar: a count needs a unit soon after it ("a few
    // days", "two-week"); a function word needs a date word within its longest pattern
    // ("the first half of the year"). "a", "the", "in" and "for" are common.
    const bool dateword = e->month || e->weekday >= 0 || e->unit != Unit::none || e->relative_day || e->season_month;
    if (!dateword && !is(i, "overnight")) {
      size_t reach = e->number >= 0 ? 4 : 6;
      if (i + 1 >= t_.size() || t_[i + 1].next_datey > i + reach) return std::nullopt;
    }
  }
  if (is(i, "the"))  // "the last week of July" is a slice of July before it is "the last week"
    if (auto m = period(i)) return m;
  if (auto m = quantified(i)) return m;
  if (any(i, "since", "by", "until", "till", "before", "every", "each")) {
    Wrap w = is(i, "since") ? Wrap::since : any(i, "by", "before") ? Wrap::by : any(i, "until", "till") ? Wrap::until : Wrap::set;
    size_t k = i + 1;
    if (w == Wrap::set) {
      Match m;
      m.first = i;
      m.wrap = w;
      if (const LexEntry* e = lex(k); e && e->weekday >= 0 && t_[k].cap && !e->weekday_abbrev) {
        m.base = Base::weekday;
        m.wd = e->weekday;
        m.last = k + 1;
        return m;
      }
      Unit u;
      bool plural;
      if (size_t ue = unit_at(k, &u, &plural); ue && !plural && u != Unit::hour) {
        m.base = Base::relunit;
        m.unit = u == Unit::night ? Unit::day : u;
        m.last = ue;
        return m;
      }
      return std::nullopt;
    }
    if (auto m = any_date(k)) {
      if (m->wrap != Wrap::none) return m;
      m->first = i;
      m->wrap = w;
      return m;
    }
    return std::nullopt;
  }
  return any_date(i, is(i, "the"));
}

// ---------------------------------------------------------------------------------------
// Tense

bool Tagger::sentence_end(size_t i) const {
  if (!(punct(i, '.') || punct(i, '!') || punct(i, '?'))) return false;
  if (i + 1 < t_.size() && !t_[i + 1].space_before) return false;
  if (punct(i, '.') && i > 0 && word(i - 1) && adjacent(i)) {
    std::string_view w = text(i - 1);
    if (w.size() == 1) return false;  // U.S., initials
    if (const LexEntry* e = lex(i - 1); e && (e->abbreviation || e->month_abbrev || e->weekday_abbrev)) return false;
  }
  return true;
}

// A past cue from the lexicon, or a lower-case word of 5+ letters ending in "-ed"
// ("reopened", "resigned"): in news a past verb far more often than an adjective.
bool Tagger::past_word(size_t i) const {
  if (const LexEntry* e = lex(i); e && e->past_cue) return true;
  if (!word(i) || t_[i].cap) return false;
  std::string_view w = text(i);
  return w.size() >= 5 && w[w.size() - 2] == 'e' && w.back() == 'd';
}

bool Tagger::future_word(size_t i) const {
  const LexEntry* e = lex(i);
  if (!e) return false;
  if (e->future_cue) return true;
  for (const auto& phrase : e->future_phrases) {
    bool ok = true;
    for (size_t k = 0; k < phrase.size() && ok; ++k) ok = is(i + 1 + k, phrase[k]);
    if (ok) return true;
  }
  return false;
}

// The tense the words around a phrase give it, within its clause: back up to 8 words
// (stopping at a comma, semicolon, colon, quote or sentence end) and forward up to 6
// (crossing one comma only when the phrase opens its sentence: "On Friday, he will ...").
Tense Tagger::cue(const Match& m) const {
  int words = 0;
  for (size_t k = m.first; k-- > 0 && words < 8;) {
    if (t_[k + 1].newline_before) break;
    if (t_[k].type == TokType::punct) {
      char c = t_[k].c;
      if (c == ',' || c == ';' || c == ':' || c == '"' || c == '(' || c == ')' || (c == '-' && t_[k].e - t_[k].b > 1) ||
          sentence_end(k))
        break;
      continue;
    }
    if (t_[k].space_before) ++words;  // "Mazar-i-Sharif" is one word
    if (future_word(k)) return Tense::future;
    if (past_word(k)) {  // past, unless a future auxiliary governs it ("will be completed", "will be held")
      for (size_t b = k, n = 0; b-- > 0 && n < 3 && word(b); ++n)
        if (future_word(b)) return Tense::future;
      return Tense::past;
    }
    if (any(k, "that", "who", "which", "when", "while", "after", "before", "as", "and", "but")) break;
  }
  // A phrase in a sentence-opening adverbial ("On Friday, ...", "In the early hours of
  // Tuesday, ...") takes its tense from the main clause after the comma.
  size_t start = m.first;
  while (start > 0 && m.first - start < 8 && !t_[start].newline_before && !sentence_end(start - 1) &&
         !punct(start - 1, ',') && !punct(start - 1, ';') && !punct(start - 1, ':'))
    --start;
  bool opens = (start == 0 || t_[start].newline_before || sentence_end(start - 1)) &&
               (start == m.first || any(start, "on", "in", "at", "by", "as", "during", "since", "until", "late",
                                        "early", "from", "after", "before", "over", "throughout", "within"));
  words = 0;
  for (size_t k = m.last; k < t_.size() && words < 6; ++k) {
    if (t_[k].newline_before) break;
    if (t_[k].type == TokType::punct) {
      if (t_[k].c == ',' && num(k - 1) && num(k + 1) && adjacent(k) && adjacent(k + 1)) continue;  // 2,400
      if (t_[k].c == ',' && opens) {
        opens = false;
        continue;
      }
      if (t_[k].c == '.' && !sentence_end(k)) continue;
      if (t_[k].c == '\'' ) continue;
      break;
    }
    ++words;
    if (future_word(k)) return Tense::future;
    if (past_word(k)) return Tense::past;
    if (any(k, "that", "who", "which", "when", "while", "after", "before", "as", "and", "but", "to")) break;
  }
  return Tense::none;
}

// ---------------------------------------------------------------------------------------
// Resolution

std::optional<Range> Tagger::apply_part(Range r, const Match& m) const {
  const Part p = m.part;
  const Base base = m.base;
  if (p == Part::whole) return r;
  if (p == Part::slice) {  // whole units counted from the period's start or end, clipped to it
    auto step = [&](CivilDate d, int n) {
      return m.slice_unit == Unit::month ? add_months(d, n) : d.plus_days(n * (m.slice_unit == Unit::week ? 7 : 1));
    };
    Range out;
    if (m.slice_from_end) {
      out = {step(r.end.plus_days(1), -m.slice_len), r.end};
    } else {
      out.start = step(r.start, m.slice_offset);
      out.end = step(out.start, m.slice_len).plus_days(-1);
    }
    out.start = std::max(out.start, r.start);
    out.end = std::min(out.end, r.end);
    if (out.end < out.start) return std::nullopt;
    return out;
  }
  int32_t len = r.end.days() - r.start.days() + 1;
  if (base == Base::month || (len >= 28 && len <= 31)) {  // a month: days 1-10, 11-20, 21-end
    int y = r.start.year(), mo = r.start.month();
    switch (p) {
      case Part::early: case Part::begin: return Range{ymd(y, mo, 1), ymd(y, mo, 10)};
      case Part::mid: return Range{ymd(y, mo, 11), ymd(y, mo, 20)};
      case Part::late: case Part::end: return Range{ymd(y, mo, 21), r.end};
      default: return std::nullopt;
    }
  }
  if (base == Base::decade) {
    int y = r.start.year();
    switch (p) {
      case Part::early: case Part::begin: return Range{ymd(y, 1, 1), ymd(y + 3, 12, 31)};
      case Part::mid: return Range{ymd(y + 4, 1, 1), ymd(y + 6, 12, 31)};
      case Part::late: case Part::end: return Range{ymd(y + 7, 1, 1), ymd(y + 9, 12, 31)};
      default: return std::nullopt;
    }
  }
  if (len >= 365) {  // a year
    int y = r.start.year();
    switch (p) {
      case Part::early: return Range{ymd(y, 1, 1), ymd(y, 4, 30)};
      case Part::mid: return Range{ymd(y, 5, 1), ymd(y, 8, 31)};
      case Part::late: return Range{ymd(y, 9, 1), ymd(y, 12, 31)};
      case Part::begin: return Range{ymd(y, 1, 1), ymd(y, 2, CivilDate::days_in_month(y, 2))};
      case Part::end: return Range{ymd(y, 11, 1), ymd(y, 12, 31)};
      case Part::first_half: return Range{ymd(y, 1, 1), ymd(y, 6, 30)};
      case Part::second_half: return Range{ymd(y, 7, 1), ymd(y, 12, 31)};
      case Part::q1: return Range{ymd(y, 1, 1), ymd(y, 3, 31)};
      case Part::q2: return Range{ymd(y, 4, 1), ymd(y, 6, 30)};
      case Part::q3: return Range{ymd(y, 7, 1), ymd(y, 9, 30)};
      case Part::q4: return Range{ymd(y, 10, 1), ymd(y, 12, 31)};
      default: return std::nullopt;
    }
  }
  if (len == 7) {  // a week: early = Mon-Wed, mid = Wed-Thu, late = Fri-Sun
    switch (p) {
      case Part::early: return Range{r.start, r.start.plus_days(2)};
      case Part::begin: return Range{r.start, r.start.plus_days(1)};
      case Part::mid: return Range{r.start.plus_days(2), r.start.plus_days(3)};
      case Part::late: case Part::end: return Range{r.start.plus_days(4), r.end};
      default: return std::nullopt;
    }
  }
  return r;
}

std::optional<Range> Tagger::resolve(const Match& m, Tense cue, CivilDate a) {
  // A deadline looks forward unless its clause is past; then neither direction is forced:
  // "were cancelled until Oct. 14" and "By Aug. 15, the Taliban had taken Kabul" both take
  // the nearest such day, since the past verb is not what the deadline limits.
  const bool deadline = m.wrap == Wrap::by || m.wrap == Wrap::until;
  bool future = cue == Tense::future || (deadline && cue != Tense::past);
  bool past = (cue == Tense::past && !deadline) || m.wrap == Wrap::since;
  Range r{a, a};
  switch (m.base) {
    case Base::ymd: {
      if (m.has_year) {
        r.start = r.end = ymd(m.y, m.m, m.d);  // validity checked by the caller
        if (m.d2) r.end = ymd(m.y, m.m, m.d2);
        break;
      }
      if (m.event_year && m.event_year <= a.year()) {
        r.start = r.end = ymd(m.event_year, m.m, m.d);
        break;
      }
      // No year: the nearest such day, searched back and forth a few years (February 29).
      std::optional<CivilDate> best;
      for (int y = a.year() - 4; y <= a.year() + 4; ++y) {
        auto d = CivilDate::from_ymd(y, m.m, m.d);
        if (!d) continue;
        if (future && *d < a) continue;
        if (past && *d > a.plus_days(1)) continue;
        if (!best || std::abs(d->days() - a.days()) < std::abs(best->days() - a.days()) ||
            (std::abs(d->days() - a.days()) == std::abs(best->days() - a.days()) && *d < *best))
          best = d;
      }
      if (!best) return std::nullopt;
      r.start = r.end = *best;
      if (m.d2) r.end = r.start.plus_days(m.d2 - m.d);
      break;
    }
    case Base::month: {
      int y = m.y;
      if (!m.has_year) {
        if (m.year_rel != INT_MIN) {
          y = a.year() + m.year_rel;
        } else if (future) {
          y = m.m >= a.month() ? a.year() : a.year() + 1;
        } else {
          y = m.m <= a.month() ? a.year() : a.year() - 1;
        }
      }
      if (!valid_year(y)) return std::nullopt;
      r = month_range(y, m.m);
      break;
    }
    case Base::year: r = year_range(m.y); break;
    case Base::decade: r = {ymd(m.y, 1, 1), ymd(m.y + 9, 12, 31)}; break;
    case Base::weekday: {
      int back = (a.weekday() - m.wd + 7) % 7;  // days back to the most recent such weekday
      int fwd = (m.wd - a.weekday() + 7) % 7;
      if (m.wrap == Wrap::set) {
        r.start = r.end = a.plus_days(-back);
      } else if (m.explicit_rel && m.rel < 0) {
        r.start = r.end = a.plus_days(back == 0 ? -7 : -back);
      } else if (m.explicit_rel && m.rel > 0) {
        r.start = r.end = a.plus_days(fwd == 0 ? 7 : fwd);
      } else if (future && !past) {
        r.start = r.end = a.plus_days(fwd);
      } else {
        r.start = r.end = a.plus_days(-back);
      }
      break;
    }
    case Base::relday: r.start = r.end = a.plus_days(m.rel); break;
    case Base::season: {
      auto in_year = [&](int y) {  // winter runs from December into the next year
        CivilDate s0 = ymd(y, m.m, 1);
        return Range{s0, add_months(s0, 3).plus_days(-1)};
      };
      if (m.has_year) {
        r = in_year(m.y);
        break;
      }
      // The instances around the anchor: the one starting in the anchor's year and its neighbours.
      if (a.year() < 3 || a.year() > 9997) return std::nullopt;  // they would leave the calendar
      Range prev = in_year(a.year() - 1), cur = in_year(a.year()), next = in_year(a.year() + 1);
      if (m.m == 12 && a.month() <= 2) {  // January/February belong to the winter that began last December
        next = cur;
        cur = prev;
        prev = in_year(a.year() - 2);
      }
      if (m.explicit_rel) {
        if (m.rel == 0) r = cur;
        else if (m.rel > 0) r = cur.start > a ? cur : next;
        else r = cur.end < a ? cur : prev;
      } else if (future && !past) {
        r = cur.end >= a ? cur : next;
      } else {
        r = cur.start <= a ? cur : prev;
      }
      break;
    }
    case Base::night: r = {a.plus_days(-1), a}; break;
    case Base::relunit: {
      if (m.wrap == Wrap::set) {
        switch (m.unit) {
          case Unit::week: r = week_range(a); break;
          case Unit::month: r = month_range(a.year(), a.month()); break;
          case Unit::year: r = year_range(a.year()); break;
          default: r = {a, a}; break;
        }
        break;
      }
      switch (m.unit) {
        case Unit::week: r = week_range(a.plus_days(7 * m.rel)); break;
        case Unit::month: {
          CivilDate x = add_months(ymd(a.year(), a.month(), 1), m.rel);
          r = month_range(x.year(), x.month());
          break;
        }
        case Unit::year:
          if (!valid_year(a.year() + m.rel)) return std::nullopt;
          r = year_range(a.year() + m.rel);
          break;
        case Unit::weekend: {
          int back = (a.weekday() - 5 + 7) % 7;  // to the most recent Saturday
          CivilDate sat = a.plus_days(-back);
          if (m.rel > 0 || (m.rel == 0 && future)) sat = a.plus_days((5 - a.weekday() + 7) % 7 == 0 && m.rel > 0 ? 7 : (5 - a.weekday() + 7) % 7);
          r = {sat, sat.plus_days(1)};
          break;
        }
        default: return std::nullopt;
      }
      if (m.wrap == Wrap::earlier) r.end = std::min(r.end, a);
      if (m.wrap == Wrap::later) r.start = std::max(r.start, a);
      break;
    }
    case Base::ago: {
      CivilDate far = shift(a, m.unit, m.n_max, -1), near = shift(a, m.unit, m.n, -1);
      switch (m.unit) {
        case Unit::hour:
          r = m.n_max < 24 ? Range{a.plus_days(-1), a} : Range{far, near};
          break;
        case Unit::week:
        case Unit::fortnight: r = {far.plus_days(-3), near.plus_days(3)}; break;
        case Unit::month: r = {month_range(far.year(), far.month()).start, month_range(near.year(), near.month()).end}; break;
        case Unit::quarter: r = {far.plus_days(-45), near.plus_days(45)}; break;
        case Unit::year:
        case Unit::decade:
        case Unit::century: r = {year_range(far.year()).start, year_range(near.year()).end}; break;
        default: r = {far, near}; break;
      }
      break;
    }
    case Base::future_in: {
      if (!future) {  // "in two days of fighting": only a length
        r = {shift(a, m.unit, m.n_max, -1), a};
        break;
      }
      CivilDate near = shift(a, m.unit, m.n, 1), far = shift(a, m.unit, m.n_max, 1);
      r = {near, far};
      break;
    }
    case Base::past_n:
      if (m.rel == 1 && future) {
        r = {a, shift(a, m.unit, m.n_max, 1)};
      } else {
        r = {m.unit == Unit::hour && m.n_max <= 24 ? a.plus_days(-1) : shift(a, m.unit, m.n_max, -1), a};
      }
      break;
    case Base::next_n: r = {a, shift(a, m.unit, m.n_max, 1)}; break;
    case Base::duration: r = {shift(a, m.unit, m.n_max, -1), a}; break;
  }
  auto parted = apply_part(r, m);
  if (!parted) return std::nullopt;
  r = *parted;
  if (m.wrap == Wrap::since) r = {r.start, std::max(r.start, a)};
  if (!valid_year(r.start.year()) || !valid_year(r.end.year()) || r.end < r.start) return std::nullopt;
  return r;
}

// A duration is as precise as the unit it is counted in: "three months" is known to the month.
DatePrecision duration_precision(Unit u) {
  switch (u) {
    case Unit::hour: case Unit::day: case Unit::night: return DatePrecision::day;
    case Unit::weekend: return DatePrecision::days;
    case Unit::week: case Unit::fortnight: return DatePrecision::week;
    case Unit::month: return DatePrecision::month;
    default: return DatePrecision::year;
  }
}

bool needs_anchor(const Match& m) {
  switch (m.base) {
    case Base::ymd: return !m.has_year && !m.event_year;
    case Base::month: case Base::season: return !m.has_year;
    case Base::year: case Base::decade: return m.wrap == Wrap::since;
    default: return true;
  }
}

void Tagger::emit(const Match& m) {
  DateExpression x;
  x.span = Span{t_[m.first].b, t_[m.last - 1].e};
  x.has_year = m.has_year;
  x.year = m.has_year ? m.y : 0;
  x.month = m.base == Base::ymd || m.base == Base::month ? m.m : 0;
  x.day = m.base == Base::ymd ? m.d : 0;
  x.deadline = m.wrap == Wrap::by || m.wrap == Wrap::until;
  x.relative = needs_anchor(m);
  switch (m.base) {
    case Base::past_n: case Base::next_n: x.kind = DateKind::interval; break;
    case Base::duration: x.kind = DateKind::duration; break;
    case Base::future_in: x.kind = DateKind::duration; break;
    default: x.kind = DateKind::date;
  }
  if (m.wrap == Wrap::since || m.wrap == Wrap::earlier || m.wrap == Wrap::later) x.kind = DateKind::interval;
  if (m.wrap == Wrap::set) x.kind = DateKind::set;
  if (m.base == Base::night) x.kind = DateKind::interval;

  // Impossible calendar dates are reported, never tagged.
  if (m.base == Base::ymd) {
    int check_year = m.has_year ? m.y : 2000;  // a leap year: "February 29" alone is possible
    if (m.m < 1 || m.m > 12 || !CivilDate::from_ymd(check_year, m.m, m.d) ||
        (m.d2 && !CivilDate::from_ymd(check_year, m.m, m.d2))) {
      std::string what = m.m >= 1 && m.m <= 12 ? fmt::format("{} {}", kMonthNames[m.m], m.d) : fmt::format("month {}", m.m);
      if (m.d2) what += fmt::format("-{}", m.d2);
      if (m.has_year) what += fmt::format(", {}", m.y);
      problem(m.first, m.last, fmt::format("'{}': no such date ({})", s_.substr(x.span.start, x.span.size()), what));
      return;
    }
  }

  Tense c = cue(m);
  std::optional<Range> r;
  if (!x.relative) {
    r = resolve(m, c, anchor_.value_or(CivilDate()));
  } else if (anchor_) {
    r = resolve(m, c, *anchor_);
  }
  if (r) {
    x.resolved = true;
    x.start = r->start;
    x.end = r->end;
    x.precision = precision_of(*r);
    if (x.kind == DateKind::duration) {
      x.length_days = x.end.days() - x.start.days();
      x.precision = duration_precision(m.unit);
      x.tense = c == Tense::future ? Tense::future : Tense::none;
      if (m.base == Base::future_in && c == Tense::future) {
        x.kind = DateKind::date;
        x.tense = Tense::future;
        x.length_days = 0;
      }
    } else if (x.kind == DateKind::set) {
      x.tense = Tense::none;
    } else if (anchor_) {
      CivilDate a = *anchor_;
      if (x.end < a) x.tense = Tense::past;
      else if (x.start > a) x.tense = Tense::future;
      else x.tense = c != Tense::none ? c : Tense::present;
      // A deadline ahead of the anchor is future even when it is written as "by today".
      if (x.deadline && x.end >= a && c != Tense::past) x.tense = Tense::future;
    }  // without an anchor there is no past or future: tense stays none
  } else if (!anchor_) {
    x.resolved = false;
    if (m.base == Base::duration) x.kind = DateKind::duration;
  } else {
    return;  // out of the calendar's range
  }
  out_.push_back(x);
}

std::vector<DateExpression> Tagger::run() {
  tokenize(s_, lx_, t_);
  uint32_t next = static_cast<uint32_t>(t_.size()) + 100;
  for (size_t i = t_.size(); i-- > 0;) {
    const Tok& t = t_[i];
    const LexEntry* e = t.lex;
    if (t.type == TokType::number ||
        (e && (e->month || e->weekday >= 0 || e->number >= 0 || e->unit != Unit::none || e->relative_day ||
               e->part_of_day || e->season_month)))
      next = static_cast<uint32_t>(i);
    t_[i].next_datey = next;
  }
  for (size_t i = 0; i < t_.size();) {
    auto m = at(i);
    if (!m || m->last <= i) {
      ++i;
      continue;
    }
    emit(*m);
    i = m->last;
  }
  return std::move(out_);
}

std::vector<DateExpression> tag(std::string_view text, std::optional<CivilDate> anchor,
                                std::vector<DateProblem>* problems) {
  std::string error;
  const DateLexicon* lx = DateLexicon::shared(&error);
  if (!lx) {
    if (problems) problems->push_back({Span{0, 0}, error});
    return {};
  }
  if (text.size() > UINT32_MAX) {
    if (problems) problems->push_back({Span{0, 0}, "text longer than 4 GiB: not tagged"});
    return {};
  }
  // Token buffers are reused per thread: no allocation (or page faults) per document once warm.
  thread_local std::vector<Tok> scratch;
  auto out = Tagger(*lx, text, anchor, problems, scratch).run();
  if (scratch.capacity() > (size_t{1} << 22)) std::vector<Tok>().swap(scratch);  // don't hold on to a huge one
  return out;
}

}  // namespace

std::vector<DateExpression> tag_dates(std::string_view text, CivilDate anchor, std::vector<DateProblem>* problems) {
  return tag(text, anchor, problems);
}

std::vector<DateExpression> tag_dates_unanchored(std::string_view text, std::vector<DateProblem>* problems) {
  return tag(text, std::nullopt, problems);
}

std::optional<CivilDate> parse_anchor(std::string_view s, std::string* error) {
  auto d = CivilDate::parse_iso(s);
  if (d) return d;
  if (error) {
    std::string shown(s.substr(0, 40));
    int y = 0, m = 0, dd = 0;
    if (s.size() >= 10 && std::sscanf(shown.c_str(), "%4d-%2d-%2d", &y, &m, &dd) == 3 && s[4] == '-' && s[7] == '-') {
      if (m < 1 || m > 12)
        *error = shown + ": there is no month " + std::to_string(m);
      else if (y < 1)
        *error = shown + ": year out of range 0001..9999";
      else
        *error = shown + ": " + kMonthNames[m] + " " + std::to_string(y) + " has no day " + std::to_string(dd);
    } else {
      *error = "'" + shown + "' is not a date: expected YYYY-MM-DD";
    }
  }
  return std::nullopt;
}

const char* precision_name(DatePrecision p) {
  static constexpr const char* kNames[] = {"day", "days", "week", "month", "year"};
  return kNames[static_cast<int>(p)];
}
const char* kind_name(DateKind k) {
  static constexpr const char* kNames[] = {"date", "interval", "duration", "set"};
  return kNames[static_cast<int>(k)];
}
const char* tense_name(Tense t) {
  static constexpr const char* kNames[] = {"past", "present", "future", "none"};
  return kNames[static_cast<int>(t)];
}

std::string date_expression_json(const DateExpression& e, std::string_view text) {
  nlohmann::ordered_json j;
  std::string_view piece = e.span.end <= text.size() ? text.substr(e.span.start, e.span.size()) : std::string_view();
  j["text"] = std::string(piece);
  j["start"] = e.span.start;
  j["end"] = e.span.end;
  if (e.resolved)
    j["value"] = {{"start", e.start.iso()}, {"end", e.end.iso()}, {"precision", precision_name(e.precision)}};
  else
    j["value"] = nullptr;
  j["kind"] = kind_name(e.kind);
  j["tense"] = tense_name(e.tense);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string date_lexicon_error() {
  std::string error;
  DateLexicon::shared(&error);
  return error;
}

}  // namespace sitrep
