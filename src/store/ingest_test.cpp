#include "store/ingest.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/test_events.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

// The ingest loop is tested with an extractor that stands in for the events stage: it turns
// each seed article into one event dated on its publication day, and every article that
// mentions Faizabad into a control claim. What is under test is reading, batching, storing,
// re-running and reporting, not extraction.
Extracted stand_in(const Document& doc) {
  Extracted out;
  auto e = testing::make_event(doc.id, doc.id + "-e1", "ASSAULT", doc.published, doc.published, testing::kMazar);
  e.evidence = {{0, 0, std::min<uint32_t>(60, doc.text.size())}};
  out.events.push_back(e);
  if (doc.text.find("Faizabad") != std::string::npos) {
    ControlClaim c;
    c.place.name = "Faizabad";
    c.place.admin1 = "Badakhshan";
    c.place.country = "AF";
    c.controller = "Taliban";
    c.date = {doc.published, doc.published, "day", "", "published"};
    c.basis = "statement";
    c.text = "The Taliban have captured the city now";
    out.control.push_back(c);
  }
  return out;
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sitrep_ingest_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(IngestTest, StoresEveryReadableArticleOnceAndReportsTheRest) {
  const std::string seeds = std::string(SITREP_SHARED_DIR) + "/eval/dev/input.jsonl";
  const fs::path bad = dir_ / "broken.jsonl";
  std::ofstream(bad) << "{\"id\": \"x\", \"text\": \n";  // a record cut off mid-line
  IngestOptions options;
  options.progress = false;
  options.batch_articles = 2;

  Diagnostics diags;
  std::string err;
  auto r = ingest(dir_ / "db.sqlite", {seeds, bad.string()}, stand_in, diags, options, &err);
  ASSERT_TRUE(r) << err;
  EXPECT_EQ(r->read, 5u);
  EXPECT_EQ(r->added, 5u);
  EXPECT_EQ(r->events, 5u);
  EXPECT_EQ(r->control_claims, 1u);
  EXPECT_TRUE(diags.skipped_any());  // the broken file, named

  Diagnostics again;
  r = ingest(dir_ / "db.sqlite", {seeds}, stand_in, again, options, &err);
  ASSERT_TRUE(r) << err;
  EXPECT_EQ(r->unchanged, 5u);
  EXPECT_EQ(r->added, 0u);
  EXPECT_FALSE(again.skipped_any());

  auto store = Store::open(dir_ / "db.sqlite", Store::Mode::read, &err);
  ASSERT_TRUE(store) << err;
  EXPECT_EQ(store->stats(nullptr)->articles, 5);
  EXPECT_EQ(store->stats(nullptr)->events, 5);
  auto control = store->control("2021-08-31", "", &err);
  ASSERT_EQ(control->size(), 1u);
  EXPECT_EQ(control->at(0).fact.controller, "Taliban");
  EXPECT_EQ(control->at(0).doc_id, "001_a2c6075c2c754012");
}

// Re-running an ingest over articles the database already holds must not pay for their
// extraction again; anything that could change what is stored still is extracted.
TEST_F(IngestTest, ExtractsOnlyWhatTheDatabaseDoesNotHoldAsItIs) {
  const std::string seeds = std::string(SITREP_SHARED_DIR) + "/eval/dev/input.jsonl";
  std::vector<nlohmann::json> records;
  {
    std::ifstream in(seeds);
    std::string line;
    while (std::getline(in, line)) records.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(records.size(), 5u);
  auto write = [&](const std::string& name, const std::vector<nlohmann::json>& rows) {
    std::ofstream out(dir_ / name);
    for (const auto& r : rows) out << r.dump() << "\n";
    return (dir_ / name).string();
  };
  size_t calls = 0;
  auto counting = [&](const Document& d) {
    ++calls;
    return stand_in(d);
  };
  IngestOptions options;
  options.progress = false;
  options.batch_articles = 2;
  options.extracted_with = "build 1";
  const fs::path db = dir_ / "db.sqlite";
  std::string err;
  struct Step {
    const char* what;
    std::string extracted_with;
    std::vector<nlohmann::json> rows;
    size_t calls, added, unchanged, replaced, duplicates;
  };
  nlohmann::json copy = records[1], edited = records[1];
  copy["id"] = "copy-of-001";
  edited["text"] = edited["text"].get<std::string>() + "\n\nThis story has been updated.";
  nlohmann::json copy3 = records[3];
  copy3["id"] = "copy-of-003";
  const std::vector<Step> steps = {
      {"first ingest", "build 1", records, 5, 5, 0, 0, 0},
      {"the same again: nothing extracted", "build 1", records, 0, 0, 5, 0, 0},
      {"another build: all re-extracted", "build 2", records, 5, 0, 0, 5, 0},
      {"a stored text under a new id: a duplicate, not extracted", "build 2", {copy3}, 0, 0, 0, 0, 1},
      // 001's text changes first, so its old text, met again under a new id later in the same
      // run, is no longer stored: the copy must be extracted and added, not skipped.
      {"an id whose stored text an earlier article replaces", "build 2", {edited, copy}, 2, 1, 0, 1, 0},
  };
  for (const auto& step : steps) {
    calls = 0;
    options.extracted_with = step.extracted_with;
    Diagnostics diags;
    auto r = ingest(db, {write("in.jsonl", step.rows)}, counting, diags, options, &err);
    ASSERT_TRUE(r) << step.what << ": " << err;
    EXPECT_EQ(calls, step.calls) << step.what;
    EXPECT_EQ(r->added, step.added) << step.what;
    EXPECT_EQ(r->unchanged, step.unchanged) << step.what;
    EXPECT_EQ(r->replaced, step.replaced) << step.what;
    EXPECT_EQ(r->duplicates, step.duplicates) << step.what;
    EXPECT_EQ(r->failed, 0u) << step.what;
  }
  auto store = Store::open(db, Store::Mode::read, &err);
  ASSERT_TRUE(store) << err;
  EXPECT_EQ(store->stats(nullptr)->articles, 6);  // the five (001 edited) and copy-of-001
  EXPECT_EQ(store->stats(nullptr)->events, 6);
}

TEST_F(IngestTest, AnUnusableDatabaseStopsWithAReason) {
  const fs::path db = dir_ / "garbage.db";
  std::ofstream(db) << std::string(4096, 'z');
  Diagnostics diags;
  std::string err;
  IngestOptions options;
  options.progress = false;
  EXPECT_FALSE(ingest(db, {std::string(SITREP_SHARED_DIR) + "/eval/dev/input.jsonl"}, stand_in, diags, options, &err));
  EXPECT_NE(err.find("garbage.db"), std::string::npos) << err;
}

}  // namespace
}  // namespace sitrep::store
