// Test helpers: per-article events shaped like what the events stage emits for the seed
// articles (2021 Taliban offensive), built field by field so each test shows what it varies.
#pragma once

#include <string>

#include "events/event.h"

namespace sitrep::store::testing {

struct Place {
  const char* name;
  const char* admin1;
  const char* admin2;
  double lat, lon;
  const char* feature = "city";
  int precision = 1;
};

inline const Place kMazar{"Mazar-i-Sharif", "Balkh", "Mazar-i-Sharif", 36.709, 67.110};
inline const Place kBalkh{"Balkh", "Balkh", "", 36.75, 66.90, "province", 3};
inline const Place kFaizabad{"Faizabad", "Badakhshan", "Fayzabad", 37.117, 70.580};
inline const Place kKunduz{"Kunduz", "Kunduz", "Kunduz", 36.728, 68.857};
inline const Place kPanjshir{"Panjshir", "Panjshir", "", 35.313, 69.516, "province", 3};

inline Event make_event(const std::string& doc, const std::string& id, const std::string& type,
                        const std::string& start, const std::string& end, const Place& p,
                        const std::string& actor1 = "Taliban", const std::string& actor2 = "Afghan National Army") {
  Event e;
  e.doc_id = doc;
  e.event_id = id;
  e.type = type;
  if (type == "ASSAULT") {
    e.mode = "firearms";
    e.acled_event_type = "Battles";
    e.acled_sub_event_type = "Armed clash";
  }
  e.date = {start, end, start == end ? "day" : "days", "", "published"};
  if (!actor1.empty()) e.actor1 = {{actor1, "rebel_group", "AF", actor1}};
  if (!actor2.empty()) e.actor2 = {{actor2, "state_forces", "AF", actor2}};
  e.location.name = p.name;
  e.location.feature = p.feature;
  e.location.admin1 = p.admin1;
  e.location.admin2 = p.admin2;
  e.location.country = "AF";
  e.location.lat = p.lat;
  e.location.lon = p.lon;
  e.location.precision = p.precision;
  e.location.text = p.name;
  e.evidence = {{0, 0, 40}};
  e.confidence = 0.8;
  return e;
}

inline EventCount killed(int64_t best, const std::string& of, const std::string& by, const std::string& qualifier = "") {
  EventCount c;
  c.what = "killed";
  c.best = best;
  c.low = best;
  c.qualifier = qualifier;
  c.of = of;
  c.claimed_by = by;
  c.text = std::to_string(best) + " " + of + " killed";
  return c;
}

}  // namespace sitrep::store::testing
