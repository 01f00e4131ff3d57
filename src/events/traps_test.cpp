// The seeds' traps (../shared/eval/dev/*.gold.json "traps": page furniture, half-year totals,
// a 1998 massacre, control statistics) must never become an unflagged event, through the
// whole pipeline as `sitrep extract` runs it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "clean/reader.h"
#include "events/pipeline.h"

namespace sitrep {
namespace {

const std::filesystem::path kDev = std::filesystem::path(SITREP_SHARED_DIR) / "eval" / "dev";

// Finds `needle` in `text` ignoring runs of whitespace (the cleaner may reflow spaces).
bool find_loose(const std::string& text, const std::string& needle, uint32_t& start, uint32_t& end) {
  auto squash = [](const std::string& s, std::vector<uint32_t>* map) {
    std::string out;
    bool space = false;
    for (uint32_t i = 0; i < s.size(); ++i) {
      bool ws = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
      if (ws && space) continue;
      space = ws;
      out += ws ? ' ' : s[i];
      if (map) map->push_back(i);
    }
    return out;
  };
  std::vector<uint32_t> map;
  std::string t = squash(text, &map), n = squash(needle, nullptr);
  size_t at = t.find(n);
  if (at == std::string::npos || n.empty()) return false;
  start = map[at];
  end = map[at + n.size() - 1] + 1;
  return true;
}

TEST(Traps, NoUnflaggedEventFromAnyTrap) {
  if (!std::filesystem::exists(kDev / "input.jsonl")) GTEST_SKIP() << "no ../shared/eval/dev";
  std::string err;
  PipelineOptions options;
  options.emit_flagged = true;  // flagged mentions must come out flagged, not disappear unseen
  auto pipeline = Pipeline::load(options, &err);
  ASSERT_TRUE(pipeline) << err;
  Diagnostics diags;
  int traps_seen = 0;
  clean::read_documents({(kDev / "input.jsonl").string()}, diags, [&](Document&& doc) {
    std::ifstream gf(kDev / (doc.id + ".gold.json"));
    ASSERT_TRUE(gf) << doc.id;
    auto gold = nlohmann::json::parse(gf);
    auto out = pipeline->process(doc);
    for (const auto& trap : gold["traps"]) {
      uint32_t s, e;
      // Furniture the cleaner removed cannot yield an event at all.
      if (!find_loose(doc.text, trap["evidence"].get<std::string>(), s, e)) continue;
      ++traps_seen;
      for (const auto& ev : out.events)
        for (const auto& span : ev.evidence)
          if (span.start < e && s < span.end) {
            // The event was read from the trap's words: it must be flagged.
            EXPECT_FALSE(ev.flags.empty())
                << doc.id << ": unflagged " << ev.type << " from trap \"" << trap["evidence"].get<std::string>()
                << "\" (" << trap["why"].get<std::string>() << ")";
          }
    }
  });
  EXPECT_GT(traps_seen, 5);
}

// A wire report's lead sentence, through the whole pipeline with the committed parser: the
// story after the dateline is parsed alone (with the dateline, the parser made "KYIV" the subject
// of "said" and the whole sentence its appositions: the governor's claim went to "people").
TEST(Pipeline, ADatelineIsParsedApartFromTheStory) {
  std::string err;
  PipelineOptions options;
  auto pipeline = Pipeline::load(options, &err);
  ASSERT_TRUE(pipeline) << err;
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "sitrep_dateline";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "in.jsonl");
    f << nlohmann::json{{"id", "wire"},
                        {"published", "2024-05-14"},
                        {"text",
                         "KYIV, May 14 (Reuters) - Russian missile strikes killed at least 12 people and wounded 40 "
                         "in the northeastern Kharkiv region on Monday, regional governor Oleh Syniehubov said.\n\n"
                         "ISLAMABAD (Reuters) - Gunmen killed five soldiers in an attack on a checkpoint in "
                         "northwestern Pakistan on Sunday, the army said."}}
             .dump()
      << "\n";
  }
  Diagnostics diags;
  int docs = 0;
  clean::read_documents({(dir / "in.jsonl").string()}, diags, [&](Document&& doc) {
    ++docs;
    auto out = pipeline->process(doc);
    ASSERT_EQ(out.events.size(), 2u) << "the attack the soldiers were killed in is the killing";
    const Event& strike = out.events[0];
    EXPECT_TRUE(strike.flags.empty());
    ASSERT_FALSE(strike.actor1.empty());
    EXPECT_EQ(strike.actor1[0].name, "Russian forces");
    ASSERT_FALSE(strike.claims.empty());
    EXPECT_NE(strike.claims[0].by.find("Syniehubov"), std::string::npos) << strike.claims[0].by;
    // The oblast, not its capital city (GeoNames names it in Ukrainian).
    EXPECT_EQ(strike.location.name, "Kharkivs\u2019ka Oblast\u2019");
    const Event& attack = out.events[1];
    EXPECT_TRUE(attack.flags.empty());
    EXPECT_EQ(attack.date.start, "2024-05-12");
    // Where it happened is the story's place, not the dateline's (Islamabad).
    EXPECT_EQ(attack.location.name, "Pakistan");
  });
  EXPECT_EQ(docs, 1);
}

}  // namespace
}  // namespace sitrep
