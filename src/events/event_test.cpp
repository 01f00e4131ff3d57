#include "events/event.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sitrep {
namespace {

TEST(Event, JsonRoundTripIsByteStable) {
  Event e;
  e.event_id = "abc";
  e.doc_id = "000";
  e.type = "ASSAULT";
  e.mode = "firearms";
  e.acled_event_type = "Battles";
  e.acled_sub_event_type = "Armed clash";
  e.date = {"2021-08-09", "2021-08-10", "days", "on Tuesday", "published"};
  e.actor1 = {{"Taliban", "rebel_group", "AF", "Taliban"}};
  e.location.name = "Mazar-i-Sharif";
  e.location.lat = 36.709;
  e.location.lon = 67.11;
  e.location.precision = 1;
  e.counts.push_back({"killed", 80, 80, std::nullopt, "over", "Taliban", "Afghan National Army", "over 80"});
  e.flags = {"disputed"};
  e.evidence = {{3, 120, 240}};
  e.confidence = 0.8;
  std::string line = to_json_line(e);
  std::string err;
  auto back = event_from_json(nlohmann::json::parse(line), &err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(to_json_line(*back), line);
  EXPECT_EQ(nlohmann::json::parse(line)["acled"]["sub_event_type"], "Armed clash");
}

TEST(Event, MalformedRecordsAreRejectedWithAReason) {
  std::string err;
  EXPECT_FALSE(event_from_json(nlohmann::json::parse("[1,2]"), &err));
  EXPECT_FALSE(err.empty());
  EXPECT_FALSE(event_from_json(nlohmann::json::parse(R"({"schema":2,"type":"ASSAULT"})"), &err));
  EXPECT_FALSE(event_from_json(nlohmann::json::parse(R"({"schema":1})"), &err));
}

}  // namespace
}  // namespace sitrep
