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

}  // namespace
}  // namespace sitrep
