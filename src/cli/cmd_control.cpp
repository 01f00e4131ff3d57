// `sitrep control`: who holds which place as of a date, since when, and on what evidence.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "core/civil_date.h"
#include "store/export.h"

namespace sitrep::cli {
namespace {

Command control_command("control", "Territorial control as of a date, from the database", [](CLI::App& app) -> Runner {
  struct Opts {
    std::string db, as_of, country, format = "table";
  };
  auto o = std::make_shared<Opts>();
  app.add_option("--db", o->db, "database file written by sitrep ingest")->required();
  app.add_option("--as-of", o->as_of, "YYYY-MM-DD (default: the latest date in the database)");
  app.add_option("--country", o->country, "ISO 3166-1 alpha-2 country code, e.g. AF");
  app.add_option("--format", o->format, "table (default) or jsonl");
  return [o] {
    auto format = store::parse_control_format(o->format);
    if (!format) {
      std::fprintf(stderr, "sitrep control: unknown --format %s (table, jsonl)\n", o->format.c_str());
      return kExitUsage;
    }
    if (!o->as_of.empty() && !CivilDate::parse_iso(o->as_of)) {
      std::fprintf(stderr, "sitrep control: not a date (YYYY-MM-DD): %s\n", o->as_of.c_str());
      return kExitUsage;
    }
    std::string error;
    if (!store::query_control(o->db, o->as_of, o->country, *format, std::cout, &error)) {
      std::fprintf(stderr, "sitrep control: %s\n", error.c_str());
      return kExitFailed;
    }
    return kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
