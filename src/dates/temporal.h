// Temporal expressions: find date phrases in news text ("on Tuesday", "overnight",
// "since Friday", "Aug. 31", "in the past 24 hours", "the 1990s") and resolve each
// against an anchor date into an inclusive interval [start, end] with an honest
// precision. The anchor is the article's own date (publication or dateline): nothing
// here reads the clock, so the same text and anchor always give the same answer.
//
// Knowledge (month and weekday names, number words, units, tense cues, dated events)
// lives in data/dates/lexicon.tsv; this code holds the grammar that combines it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/document.h"

namespace sitrep {

// How exactly [start, end] is known, after UCDP GED's date_prec: `day` a single day,
// `days` 2-6 days, `week` 7 days (or 8: "the past week" reaches 7x24 hours back from an
// unknown hour of the anchor day), `month` up to 31 days, `year` anything wider. A duration
// is as precise as its unit ("three months": month).
enum class DatePrecision : uint8_t { day, days, week, month, year };
// `date` a point at some granularity ("Aug. 31", "last week"); `interval` a stretch
// ending or starting at a known point ("since Friday", "in the past 24 hours");
// `duration` a length with no position ("for weeks", "two decades"): start/end are then
// that length ending at the anchor and must not date an event; `set` a recurrence
// ("every Friday"): start/end are the first occurrence on or before the anchor.
enum class DateKind : uint8_t { date, interval, duration, set };
// `past`/`future` when the resolved interval lies wholly before/after the anchor (the words
// around the phrase — will, would, is set to, plans to, must, by <deadline>; said, was, -ed
// verbs — first steer phrases whose direction is open: "on Friday", "in July", "Aug. 31").
// An interval containing the anchor takes those words' tense, else `present`. `none` for
// sets, unresolved expressions, and durations (`future` when a future word governs one).
enum class Tense : uint8_t { past, present, future, none };

struct DateExpression {
  using Precision = DatePrecision;
  using Kind = DateKind;

  Span span;               // byte offsets into the text given to tag_dates
  CivilDate start, end;    // inclusive; meaningful only when `resolved`
  Precision precision = Precision::day;
  Kind kind = Kind::date;
  Tense tense = Tense::none;
  bool has_year = false;   // the text itself states the year ("Aug. 31, 2021", "in 1998")
  bool resolved = false;   // start/end hold dates (false only without an anchor, see tag_dates_unanchored)
  bool relative = false;   // the value depends on the anchor ("yesterday", or "Aug. 31" whose year was inferred)
  bool deadline = false;   // "by Sept. 11", "before the end of the month": a limit, not the event's day
  // Calendar fields as written, 0 where absent: "Aug. 31" gives month 8, day 31, year 0.
  int year = 0, month = 0, day = 0;
  int32_t length_days = 0; // durations: their length in days (approximate for months and years)
};

// A phrase that looked like a date but cannot be one ("February 30"): reported, not tagged.
struct DateProblem {
  Span span;
  std::string message;
};

// Tags and resolves every temporal expression in `text` against `anchor`, in text order,
// non-overlapping. Problems, when asked for, receive impossible dates ("February 30") and,
// should data/dates/lexicon.tsv fail to load, that failure (nothing is tagged then).
// Thread-safe; allocation-light (a per-thread token buffer is reused).
std::vector<DateExpression> tag_dates(std::string_view text, CivilDate anchor,
                                      std::vector<DateProblem>* problems = nullptr);

// The same tagger for text with no anchor (metadata lines, datelines, "Published: ...").
// Expressions whose year is written are resolved as usual; "Aug. 31" comes back with
// resolved=false, has_year=false, month=8, day=31 (no year is invented); relative
// expressions ("yesterday") come back with resolved=false and only their span and kind.
std::vector<DateExpression> tag_dates_unanchored(std::string_view text,
                                                 std::vector<DateProblem>* problems = nullptr);

// Parses an anchor given by a user or a record: "YYYY-MM-DD" (a longer ISO timestamp's
// date part is used). On failure returns nullopt and says why in *error
// ("2021-02-30: February 2021 has no day 30").
std::optional<CivilDate> parse_anchor(std::string_view s, std::string* error);

const char* precision_name(DatePrecision p);  // "day", "days", "week", "month", "year"
const char* kind_name(DateKind k);            // "date", "interval", "duration", "set"
const char* tense_name(Tense t);              // "past", "present", "future", "none"

// One JSON object (no newline) for the CLI and tests:
// {"text","start","end","value":{"start","end","precision"},"kind","tense"}; "value" is null when unresolved.
std::string date_expression_json(const DateExpression& e, std::string_view text);

// Empty when the lexicon loaded; otherwise why not (the taggers then find nothing).
std::string date_lexicon_error();

}  // namespace sitrep
