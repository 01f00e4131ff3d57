// `sitrep gazetteer build`: compiles GeoNames files and data/places into gazetteer.bin.
#include <cstdio>

#include "cli/command.h"
#include "core/diagnostics.h"
#include "core/paths.h"
#include "places/gazetteer.h"
#include "places/geocoder.h"

namespace sitrep::cli {
namespace {

struct GazetteerOptions {
  std::string geonames;
  std::vector<std::string> extra;
  std::string out;
  bool if_stale = false;
};

Command gazetteer_command(
    "gazetteer", "Build the binary gazetteer from GeoNames files and curated rows", [](CLI::App& app) -> Runner {
      auto opt = std::make_shared<GazetteerOptions>();
      app.require_subcommand(1);
      CLI::App* build = app.add_subcommand("build", "Compile GeoNames tables (+ data/places) into a gazetteer file");
      build->add_option("--geonames", opt->geonames,
                        "Folder with GeoNames files (countryInfo.txt, admin1CodesASCII.txt, admin2Codes.txt, "
                        "cities15000.txt, cities1000.csv, allCountries.txt, XX.txt, alternateNamesV2.txt)")
          ->required();
      build->add_option("--extra", opt->extra, "Curated TSV files (default: every data/places/*.tsv)");
      build->add_option("--out", opt->out, "Output file (default: build/gazetteer.bin)");
      build->add_flag("--if-stale", opt->if_stale, "Do nothing when the output is newer than every input");
      return [opt, build]() -> int {
        if (!build->parsed()) return kExitUsage;
        std::vector<std::filesystem::path> extra(opt->extra.begin(), opt->extra.end());
        if (extra.empty()) extra = places::default_curated_files();
        std::filesystem::path out = opt->out.empty() ? places::Geocoder::default_path() : std::filesystem::path(opt->out);
        if (opt->if_stale && places::gazetteer_up_to_date(out, opt->geonames, extra)) {
          std::fprintf(stderr, "sitrep gazetteer: %s is up to date\n", out.c_str());
          return kExitOk;
        }
        Diagnostics diags;
        diags.set_echo(true);
        places::GazetteerBuilder builder(diags);
        for (auto& f : extra) builder.read_curated(f);
        builder.read_geonames_dir(opt->geonames);
        std::string error;
        places::BuildStats stats;
        if (!builder.write(out, &error, &stats)) {
          std::fprintf(stderr, "sitrep gazetteer: %s\n", error.c_str());
          return kExitFailed;
        }
        std::fprintf(stderr,
                     "sitrep gazetteer: wrote %s: %llu places (%llu countries, %llu provinces, %llu districts), "
                     "%llu names\n",
                     out.c_str(), (unsigned long long)stats.places, (unsigned long long)stats.countries,
                     (unsigned long long)stats.provinces, (unsigned long long)stats.districts,
                     (unsigned long long)stats.names);
        return diags.skipped_any() ? kExitSkipped : kExitOk;
      };
    });

}  // namespace
}  // namespace sitrep::cli
