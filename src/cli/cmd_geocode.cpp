// `sitrep geocode`: one JSON line per toponym found in each input document.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "clean/reader.h"
#include "cli/command.h"
#include "core/diagnostics.h"
#include "places/geocoder.h"

namespace sitrep::cli {
namespace {

struct GeocodeOptions {
  std::vector<std::string> inputs;
  std::string gazetteer;
  std::string format = "json";
};

Command geocode_command("geocode", "Print the toponyms of each document, resolved to places (JSON lines)",
                        [](CLI::App& app) -> Runner {
                          auto opt = std::make_shared<GeocodeOptions>();
                          app.add_option("inputs", opt->inputs, "Articles: files (txt, html, jsonl, warc, .gz), directories, or - for standard input")->required();
                          app.add_option("--gazetteer", opt->gazetteer, "Gazetteer file (default: build/gazetteer.bin)");
                          app.add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"json"}));
                          return [opt]() -> int {
                            std::string error;
                            auto path = opt->gazetteer.empty() ? places::Geocoder::default_path()
                                                               : std::filesystem::path(opt->gazetteer);
                            auto geo = places::Geocoder::load(path, &error);
                            if (!geo) {
                              std::fprintf(stderr, "sitrep geocode: %s (build it with `sitrep gazetteer build`)\n",
                                           error.c_str());
                              return kExitFailed;
                            }
                            Diagnostics diags;
                            diags.set_echo(true);
                            read_documents(opt->inputs, diags, [&](Document&& doc) {
                              for (const auto& t : geo->geocode(doc)) {
                                const auto& p = t.place;
                                nlohmann::ordered_json j;
                                j["doc_id"] = doc.id;
                                j["text"] = doc.slice(t.span);
                                j["start"] = t.span.start;
                                j["end"] = t.span.end;
                                j["name"] = p.name;
                                j["lat"] = p.lat;
                                j["lon"] = p.lon;
                                j["admin1"] = p.admin1;
                                j["admin2"] = p.admin2;
                                j["country"] = p.country;
                                j["feature"] = p.feature;
                                j["precision"] = p.precision;
                                j["population"] = p.population;
                                j["geonameid"] = p.geonameid;
                                j["country_ref"] = t.country_ref;
                                std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                                std::fwrite(s.data(), 1, s.size(), stdout);
                                std::fputc('\n', stdout);
                              }
                            });
                            return diags.skipped_any() ? kExitSkipped : kExitOk;
                          };
                        });

}  // namespace
}  // namespace sitrep::cli
