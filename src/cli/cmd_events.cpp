// `sitrep events`: fused events from the database, filtered, as jsonl, csv, geojson or a table.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "core/civil_date.h"
#include "store/export.h"

namespace sitrep::cli {
namespace {

Command events_command("events", "Query fused events in a database (jsonl, csv, geojson or table)", [](CLI::App& app) -> Runner {
  struct Opts {
    std::string db, format = "jsonl";
    store::EventQuery q;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("--db", o->db, "database file written by sitrep ingest")->required();
  app.add_option("--from", o->q.from, "first day, YYYY-MM-DD (events ending on or after it)");
  app.add_option("--to", o->q.to, "last day, YYYY-MM-DD (events starting on or before it)");
  app.add_option("--country", o->q.country, "ISO 3166-1 alpha-2 country code, e.g. AF");
  app.add_option("--admin1", o->q.admin1, "first-level division (province), case-insensitive");
  app.add_option("--type", o->q.type, "PLOVER type (ASSAULT), ACLED event type (Battles) or sub-event type");
  app.add_option("--format", o->format, "jsonl (default), csv, geojson or table");
  return [o] {
    auto format = store::parse_event_format(o->format);
    if (!format) {
      std::fprintf(stderr, "sitrep events: unknown --format %s (jsonl, csv, geojson, table)\n", o->format.c_str());
      return kExitUsage;
    }
    for (const std::string* d : {&o->q.from, &o->q.to})
      if (!d->empty() && !CivilDate::parse_iso(*d)) {
        std::fprintf(stderr, "sitrep events: not a date (YYYY-MM-DD): %s\n", d->c_str());
        return kExitUsage;
      }
    std::string error;
    if (!store::query_events(o->db, o->q, *format, std::cout, &error)) {
      std::fprintf(stderr, "sitrep events: %s\n", error.c_str());
      return kExitFailed;
    }
    return kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
