// Test support: the world gazetteer built from ../shared, once per build folder.
// Tests that need real GeoNames data call world_gazetteer(); it reuses build/gazetteer.bin
// when that is up to date (scripts/setup.sh builds it), else compiles
// build/gazetteer-test.bin from ../shared/data/geonames + data/places.
#pragma once

#include <filesystem>
#include <string>

#include "core/diagnostics.h"
#include "core/paths.h"
#include "places/gazetteer.h"
#include "places/geocoder.h"

namespace sitrep::places::testing {

inline std::filesystem::path geonames_dir() { return std::filesystem::path(SITREP_SHARED_DIR) / "data" / "geonames"; }

// Empty path when ../shared is missing (the caller skips).
inline std::filesystem::path world_gazetteer() {
  auto dir = geonames_dir();
  if (!std::filesystem::exists(dir / "cities15000.txt")) return {};
  auto extra = default_curated_files();
  if (gazetteer_up_to_date(Geocoder::default_path(), dir, extra)) return Geocoder::default_path();
  auto out = build_dir() / "gazetteer-test.bin";
  if (gazetteer_up_to_date(out, dir, extra)) return out;
  Diagnostics diags;
  GazetteerBuilder b(diags);
  for (auto& f : extra) b.read_curated(f);
  b.read_geonames_dir(dir);
  std::string error;
  return b.write(out, &error) ? out : std::filesystem::path();
}

}  // namespace sitrep::places::testing
