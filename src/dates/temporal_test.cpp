#include "dates/temporal.h"

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace sitrep {
namespace {

// The case table lives in testdata/cases.tsv, one case per line:
//   anchor  text  phrase  start  end  precision  kind  tense
// The phrase must be tagged exactly once in the text with those values. A phrase of "-"
// means the text must yield no expression at all; "!words" means no expression may cover
// those words. Most texts are sentences from news articles (the seeds and others).
struct Case {
  int line = 0;
  std::string anchor, text, phrase, start, end, precision, kind, tense;
};

std::vector<Case> load_cases() {
  std::ifstream in(std::string(SITREP_SOURCE_DIR) + "/src/dates/testdata/cases.tsv");
  std::vector<Case> cases;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    f.resize(8);
    cases.push_back({n, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]});
  }
  return cases;
}

std::string describe(const std::vector<DateExpression>& found, std::string_view text) {
  std::string s;
  for (const auto& e : found) s += "\n    " + date_expression_json(e, text);
  return s.empty() ? "\n    (nothing)" : s;
}

TEST(Temporal, LexiconLoads) { EXPECT_EQ(date_lexicon_error(), ""); }

TEST(Temporal, CaseTable) {
  auto cases = load_cases();
  ASSERT_GE(cases.size(), 300u) << "the case table is missing or truncated";
  int failures = 0;
  for (const auto& c : cases) {
    auto anchor = CivilDate::parse_iso(c.anchor);
    ASSERT_TRUE(anchor) << "cases.tsv:" << c.line << ": bad anchor " << c.anchor;
    auto found = tag_dates(c.text, *anchor);
    std::string where = "cases.tsv:" + std::to_string(c.line) + ": " + c.text + describe(found, c.text);
    if (c.phrase == "-") {
      EXPECT_TRUE(found.empty()) << where;
      failures += !found.empty();
      continue;
    }
    if (c.phrase[0] == '!') {
      std::string words = c.phrase.substr(1);
      size_t at = c.text.find(words);
      ASSERT_NE(at, std::string::npos) << where;
      bool covered = false;
      for (const auto& e : found) covered |= e.span.start < at + words.size() && at < e.span.end;
      EXPECT_FALSE(covered) << where;
      failures += covered;
      continue;
    }
    int hits = 0;
    const DateExpression* hit = nullptr;
    for (const auto& e : found)
      if (std::string_view(c.text).substr(e.span.start, e.span.size()) == c.phrase) {
        ++hits;
        hit = &e;
      }
    EXPECT_EQ(hits, 1) << where << "\n  expected phrase: " << c.phrase;
    if (!hit) {
      ++failures;
      continue;
    }
    std::string got = hit->start.iso() + " " + hit->end.iso() + " " + precision_name(hit->precision) + " " +
                      kind_name(hit->kind) + " " + tense_name(hit->tense);
    std::string want = c.start + " " + c.end + " " + c.precision + " " + c.kind + " " + c.tense;
    EXPECT_TRUE(hit->resolved) << where;
    EXPECT_EQ(got, want) << where;
    failures += got != want;
  }
  std::printf("date cases: %zu, failing: %d\n", cases.size(), failures);
}

TEST(Temporal, SpansAreByteOffsets) {
  std::string text = "Kabul, Aug. 31 (EFE).- The Taliban launched attacks overnight, sources said on Tuesday.";
  auto found = tag_dates(text, *CivilDate::from_ymd(2021, 8, 31));
  ASSERT_EQ(found.size(), 3u) << describe(found, text);
  EXPECT_EQ(text.substr(found[0].span.start, found[0].span.size()), "Aug. 31");
  EXPECT_EQ(found[0].month, 8);
  EXPECT_EQ(found[0].day, 31);
  EXPECT_FALSE(found[0].has_year);
  EXPECT_TRUE(found[0].relative);
  EXPECT_EQ(text.substr(found[1].span.start, found[1].span.size()), "overnight");
  EXPECT_EQ(text.substr(found[2].span.start, found[2].span.size()), "Tuesday");
  EXPECT_EQ(found[2].start.iso(), "2021-08-31");
}

TEST(Temporal, UnanchoredReportsNoInventedYear) {
  std::string dateline = "Kabul, Aug. 31 (EFE).-";
  auto found = tag_dates_unanchored(dateline);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].resolved);
  EXPECT_FALSE(found[0].has_year);
  EXPECT_EQ(found[0].month, 8);
  EXPECT_EQ(found[0].day, 31);
  EXPECT_EQ(found[0].tense, Tense::none);

  std::string published = "Published: June 22, 2021, 4:31pm";
  found = tag_dates_unanchored(published);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].resolved);
  EXPECT_TRUE(found[0].has_year);
  EXPECT_EQ(found[0].start.iso(), "2021-06-22");
  EXPECT_EQ(published.substr(found[0].span.start, found[0].span.size()), "June 22, 2021, 4:31pm");

  found = tag_dates_unanchored("the Taliban captured the city yesterday");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].resolved);
  EXPECT_TRUE(found[0].relative);
}

TEST(Temporal, ImpossibleDatesAreReportedNotTagged) {
  const char* texts[] = {"The talks were set for February 30.", "on April 31, 2021 the city fell",
                         "February 29, 2021 was no day", "since 31st of June"};
  for (const char* t : texts) {
    std::vector<DateProblem> problems;
    auto found = tag_dates(t, *CivilDate::from_ymd(2021, 8, 10), &problems);
    EXPECT_TRUE(found.empty()) << t << describe(found, t);
    ASSERT_EQ(problems.size(), 1u) << t;
    EXPECT_NE(problems[0].message.find("no such date"), std::string::npos) << problems[0].message;
  }
  std::vector<DateProblem> problems;
  auto found = tag_dates("February 29, 2020", *CivilDate::from_ymd(2021, 8, 10), &problems);
  EXPECT_EQ(found.size(), 1u);
  EXPECT_TRUE(problems.empty());
}

TEST(Temporal, AnchorsAreValidated) {
  struct { const char* text; const char* message; } cases[] = {
      {"2021-02-30", "February 2021 has no day 30"},
      {"2021-13-01", "no month 13"},
      {"yesterday", "not a date"},
      {"", "not a date"},
      {"2021-8-1", "not a date"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(parse_anchor(c.text, &error)) << c.text;
    EXPECT_NE(error.find(c.message), std::string::npos) << c.text << ": " << error;
  }
  std::string error;
  auto a = parse_anchor("2021-08-31T09:00:00Z", &error);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->iso(), "2021-08-31");
}

TEST(Temporal, ExtremeAnchorsDoNotCrash) {
  std::string text = "20 years ago, in the past two decades, next year, last year, 1998, since May, for centuries, "
                     "Dec. 31, Jan. 1, next week, two centuries ago, in the next 3000 years, next spring, last winter, "
                     "this winter, the summer of 2020, 9999 weeks ago, in 9999 days, the 2990s, late 2999, "
                     "the last week of December, next month, the weekend, next Friday, every year";
  for (auto a : {*CivilDate::from_ymd(1, 1, 1), *CivilDate::from_ymd(9999, 12, 31), *CivilDate::from_ymd(1970, 1, 1)}) {
    auto found = tag_dates(text, a);
    for (const auto& e : found) {
      EXPECT_LE(e.start, e.end);
      EXPECT_GE(e.start.year(), 1);
      EXPECT_LE(e.end.year(), 9999);
    }
  }
}

TEST(Temporal, GarbageDoesNotCrash) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    const char pool[] = "0123456789 ,.-/:'AaMmJjSsDdFfTtWwYyNnOoUuGgHhEeRr\n\xE2\x80\x94\xC2\xA0";
    junk += pool[(x >> 16) % (sizeof pool - 1)];
  }
  auto found = tag_dates(junk, *CivilDate::from_ymd(2021, 8, 10));
  for (const auto& e : found) EXPECT_LE(e.span.end, junk.size());
  std::string words = "May 5 Aug. 31, 2021 March since last next the early mid- 1990s 2021-08-";
  for (size_t cut = 0; cut <= words.size(); ++cut) tag_dates(words.substr(0, cut), *CivilDate::from_ymd(2021, 8, 10));
}

// Random sentences made of the grammar's own words: every pattern's edges, at random anchors
// (the calendar's ends included). Invariants only: in range, ordered, never a crash.
TEST(Temporal, RandomDateWordSentences) {
  const char* vocab[] = {"the", "last", "next", "this", "past", "previous", "coming", "early", "mid", "late", "-",
                         "end", "beginning", "of", "first", "second", "half", "quarter", "week", "weeks", "month",
                         "months", "year", "years", "decade", "decades", "day", "days", "hours", "weekend", "ago",
                         "since", "by", "until", "before", "in", "over", "within", "for", "less", "than", "a", "few",
                         "several", "two", "24", "31", "29", "30", "0", "9", "11", "2021", "1990s", "1990", "0000",
                         "9999", "2999", "Aug.", "August", "Feb", "February", "May", "March", "Sept.", "Monday",
                         "Friday", "Tue", ",", ".", "/", ":", "4:31pm", "a.m.", "T10:15", "today", "yesterday",
                         "tomorrow", "tonight", "overnight", "night", "morning", "earlier", "later", "every", "each",
                         "summer", "winter", "fall", "recent", "said", "will", "was", "2021-02-30", "9/11", "14-15",
                         "\xE2\x80\x94", "\n"};
  const size_t nv = sizeof vocab / sizeof vocab[0];
  const int years[] = {1, 2, 3, 1970, 2021, 2024, 9997, 9998, 9999};
  uint32_t x = 7;
  auto rnd = [&](uint32_t n) {
    x = x * 1664525u + 1013904223u;
    return (x >> 8) % n;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (uint32_t k = 0, n = 1 + rnd(12); k < n; ++k) {
      if (k && rnd(3)) text += ' ';
      text += vocab[rnd(nv)];
    }
    int y = years[rnd(sizeof years / sizeof years[0])];
    auto anchor = *CivilDate::from_ymd(y, 1 + rnd(12), 1 + rnd(28));
    std::vector<DateProblem> problems;
    auto found = tag_dates(text, anchor, &problems);
    uint32_t prev_end = 0;
    for (const auto& e : found) {
      ASSERT_LE(e.span.end, text.size()) << text;
      ASSERT_LT(e.span.start, e.span.end) << text;
      ASSERT_GE(e.span.start, prev_end) << text;
      prev_end = e.span.end;
      ASSERT_TRUE(e.resolved) << text;
      ASSERT_LE(e.start, e.end) << text;
      ASSERT_GE(e.start.year(), 1) << text;
      ASSERT_LE(e.end.year(), 9999) << text;
    }
    tag_dates_unanchored(text);
  }
}

TEST(Temporal, ThreadsGetTheSameAnswers) {
  std::string text;
  for (const auto& c : load_cases()) text += c.text + "\n";
  const auto anchor = *CivilDate::from_ymd(2021, 8, 31);
  auto expected = tag_dates(text, anchor);
  ASSERT_GT(expected.size(), 200u);
  std::vector<std::vector<DateExpression>> got(4);
  std::vector<std::thread> threads;
  for (auto& g : got)
    threads.emplace_back([&] {
      for (int k = 0; k < 5; ++k) g = tag_dates(text, anchor);
    });
  for (auto& t : threads) t.join();
  for (const auto& g : got) {
    ASSERT_EQ(g.size(), expected.size());
    for (size_t i = 0; i < g.size(); ++i) {
      EXPECT_EQ(g[i].span, expected[i].span);
      EXPECT_EQ(g[i].start, expected[i].start);
      EXPECT_EQ(g[i].end, expected[i].end);
    }
  }
}

}  // namespace
}  // namespace sitrep
