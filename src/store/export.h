// What `sitrep events` and `sitrep control` print: fused events as JSON Lines (the stored
// record), ACLED-like CSV, GeoJSON or a readable table; control as a table or JSON Lines.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/control.h"
#include "store/store.h"

namespace sitrep::store {

enum class EventFormat { jsonl, csv, geojson, table };
enum class ControlFormat { table, jsonl };
std::optional<EventFormat> parse_event_format(std::string_view name);
std::optional<ControlFormat> parse_control_format(std::string_view name);

// The CSV header, in this order (issue 7).
inline constexpr const char* kCsvColumns =
    "event_id,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,"
    "country,admin1,admin2,location,latitude,longitude,geo_precision,fatalities,fatalities_low,fatalities_high,"
    "sources_count,source,notes,plover_type,plover_mode";

// Streams fused records (JSON lines as the store keeps them) in one format. GeoJSON and the
// table need the whole set: finish() writes what is buffered and any closing text.
class EventWriter {
 public:
  EventWriter(EventFormat format, std::ostream& out);
  void add(std::string_view record);
  void finish();
  size_t count() const { return count_; }

 private:
  EventFormat format_;
  std::ostream& out_;
  size_t count_ = 0;
  std::vector<std::vector<std::string>> rows_;  // table
};

void write_control(const std::vector<ControlRow>& rows, ControlFormat format, std::ostream& out);

// The entry points of the two subcommands: open the database read-only, query, write.
// false with a reason (naming the file) when the database cannot be read.
bool query_events(const std::filesystem::path& db, const EventQuery& q, EventFormat format, std::ostream& out,
                  std::string* error);
bool query_control(const std::filesystem::path& db, const std::string& as_of, const std::string& country,
                   ControlFormat format, std::ostream& out, std::string* error);

}  // namespace sitrep::store
