// Publication date sources, in order: record, meta, JSON-LD, <time>, "Published:" line,
// dateline. The page's render date never wins; the clock is never read.
#include "clean/metadata.h"

#include <gtest/gtest.h>

#include "clean/reader.h"

namespace sitrep::clean {
namespace {

Document clean_text(const std::string& text, const std::string& published = "") {
  RecordInput r;
  r.id = "t";
  r.origin = "test";
  r.text = text;
  r.published = published;
  Diagnostics d;
  return clean_record(r, d);
}

TEST(Published, SeedsGetTheirDatesFromTextAlone) {
  Diagnostics diags;
  std::vector<Document> docs;
  read_documents({std::string(SITREP_SHARED_DIR) + "/seeds"}, diags, [&](Document&& d) { docs.push_back(std::move(d)); });
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(docs[3].published, "2021-06-22");
  EXPECT_EQ(docs[3].published_from, "published-line");
  EXPECT_EQ(docs[4].published, "2021-08-31");
  EXPECT_EQ(docs[4].published_from, "dateline+weekday");
}

TEST(Published, PublishedLineWinsOverTheRenderDateAboveTheHeadline) {
  auto d = clean_text(
      "Wednesday,  April 24 , 2024\n\nTaliban besiege key Afghan city\n\nBy Eltaf Najafizada, Bloomberg News\n"
      "Published: June 22, 2021, 4:31pm\n\n"
      "Civilians in Afghanistan have taken up arms to push back against the Taliban as the militants fight for control.");
  EXPECT_EQ(d.published, "2021-06-22");
  EXPECT_EQ(d.published_from, "published-line");
}

TEST(Published, RenderDateAloneIsNoPublicationDate) {
  auto d = clean_text("Wednesday, April 24, 2024\n\nTaliban besiege key Afghan city\n\n"
                      "Civilians in Afghanistan have taken up arms to push back against the Taliban as the militants fight.");
  EXPECT_EQ(d.published, "");
}

TEST(Published, DatelineWithYear) {
  auto d = clean_text("KABUL, Afghanistan (Jan. 25, 2013) — A suicide bomber struck a police checkpoint in the capital on Friday, officials said.");
  EXPECT_EQ(d.published, "2013-01-25");
  EXPECT_EQ(d.published_from, "dateline");
}

TEST(Published, DatelineYearFromAYearWrittenInTheText) {
  auto d = clean_text("Kabul, Aug. 31 (EFE).- The Taliban attacked Panjshir overnight, sources said.\n\n"
                      "The group has controlled most of the country since it entered Kabul on Aug. 15, 2021.");
  EXPECT_EQ(d.published, "2021-08-31");
  EXPECT_EQ(d.published_from.substr(0, 18), "dateline+text-year");
}

TEST(Published, DatelineWithoutAnyYearOrWeekdayStaysUnknown) {
  auto d = clean_text("Kabul, Aug. 31 (EFE).- The Taliban attacked Panjshir overnight, sources said.");
  EXPECT_EQ(d.published, "");
}

TEST(Published, ASentenceOpeningWithADateIsNoDateline) {
  EXPECT_EQ(clean_text("On Aug. 31, 2021: the Taliban attacked Panjshir overnight, sources said.").published, "");
  EXPECT_EQ(clean_text("Aug. 31, 2021 - The Taliban attacked Panjshir overnight, sources said.").published, "");
  EXPECT_EQ(clean_text("New York, Aug. 5, 2021 — The United Nations met on Thursday, diplomats said.").published, "2021-08-05");
}

TEST(Published, RecordDateWinsOverEverything) {
  auto d = clean_text("Published: June 22, 2021\n\nKABUL, Afghanistan (Jan. 25, 2013) — A bomb exploded, police said on Friday.", "2021-06-23");
  EXPECT_EQ(d.published, "2021-06-23");
  EXPECT_EQ(d.published_from, "record");
}

TEST(Published, MetaThenJsonLdThenTimeOrder) {
  Document d;
  find_published_date(d, {{"jsonld", "not a date"}, {"jsonld", "2021-08-11T10:00:00Z"}, {"time", "2021-08-12"}});
  EXPECT_EQ(d.published, "2021-08-11");
  EXPECT_EQ(d.published_from, "jsonld");
}

TEST(Published, BadRecordDateFallsBackToTheText) {
  auto d = clean_text("Published: June 22, 2021\n\nCivilians in Afghanistan have taken up arms against the Taliban, officials said.", "22/06/2021");
  EXPECT_EQ(d.published, "2021-06-22");
  EXPECT_EQ(d.published_from, "published-line");
}

}  // namespace
}  // namespace sitrep::clean
