// The event record: sitrep's output contract (../shared/spec/events.md, schema 1).
// The events stage produces these; the store keeps and fuses them; every command that
// emits events writes them with to_json(), one object per line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sitrep {

struct EventDate {
  std::string start;      // YYYY-MM-DD
  std::string end;        // YYYY-MM-DD, == start when known to the day
  std::string precision;  // day, days, week, month, year
  std::string text;       // the words it was resolved from ("on Tuesday"), may be empty
  std::string anchor;     // published, dateline, explicit, inferred, none
};

struct EventActor {
  std::string name;     // canonical
  std::string kind;     // state_forces, government, rebel_group, political_militia, identity_militia,
                        // civilians, protesters, rioters, external_state, international_org, other
  std::string country;  // ISO 3166-1 alpha-2, may be empty
  std::string text;     // the words in the article
};

struct EventLocation {
  std::string name;
  std::string feature;  // city, town, district, province, country, region
  std::string admin1;
  std::string admin2;
  std::string country;  // ISO 3166-1 alpha-2
  std::optional<double> lat;
  std::optional<double> lon;
  int precision = 3;    // 1 the place itself, 2 near / part of a region, 3 province or larger
  std::string gazetteer_id;
  std::string text;
};

struct EventCount {
  std::string what;  // killed, injured, captured, arrested, displaced, fled, mobilized, ...
  std::optional<int64_t> best;
  std::optional<int64_t> low;
  std::optional<int64_t> high;
  std::string qualifier;   // over, at least, about, nearly, up to, dozens, hundreds, ...
  std::string of;          // whose dead they were
  std::string claimed_by;  // whose figure it is
  std::string text;
};

struct EventClaim {
  std::string by;
  std::string stance;  // asserts, denies, reports
  std::string text;
};

struct EventEvidence {
  uint32_t sentence = 0;
  uint32_t start = 0;  // byte offsets into the cleaned article text
  uint32_t end = 0;
};

struct Event {
  int schema = 1;
  std::string event_id;
  std::string doc_id;
  std::string type;  // PLOVER type
  std::string mode;
  std::string acled_event_type;      // empty: "acled": null
  std::string acled_sub_event_type;
  std::string cameo;
  EventDate date;
  std::vector<EventActor> actor1;
  std::vector<EventActor> actor2;
  EventLocation location;
  std::vector<EventCount> counts;
  std::vector<EventClaim> claims;
  std::vector<std::string> flags;
  std::vector<EventEvidence> evidence;
  double confidence = 0.0;
};

// JSON per the spec. from_json accepts what to_json writes and reports malformed
// records by returning nullopt with a reason in *error.
nlohmann::json to_json(const Event& e);
std::optional<Event> event_from_json(const nlohmann::json& j, std::string* error);
// One line of JSON Lines, no trailing newline; key order is fixed so output is byte-stable.
std::string to_json_line(const Event& e);

}  // namespace sitrep
