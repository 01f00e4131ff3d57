// `sitrep geocode`: one JSON line per toponym found in each input document.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

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

// Reads JSONL records ({"id", "text"}) or, for any other file, the whole file as one
// document named after the file. (Replaced by clean/reader.h read_documents when it lands.)
std::vector<Document> read_inputs(const std::vector<std::string>& inputs, Diagnostics& diags) {
  std::vector<Document> docs;
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diags.skip(path, 0, "cannot open");
      continue;
    }
    if (path.size() > 6 && path.substr(path.size() - 6) == ".jsonl") {
      std::string line;
      uint64_t n = 0;
      while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
          diags.skip(path, n, "not a JSON record with a \"text\" string");
          continue;
        }
        Document d;
        d.id = j.value("id", path + ":" + std::to_string(n));
        d.text = j["text"].get<std::string>();
        d.origin = path + ":" + std::to_string(n);
        docs.push_back(std::move(d));
      }
    } else {
      std::stringstream ss;
      ss << in.rdbuf();
      Document d;
      d.id = std::filesystem::path(path).stem().string();
      d.text = ss.str();
      d.origin = path;
      docs.push_back(std::move(d));
    }
  }
  return docs;
}

Command geocode_command("geocode", "Print the toponyms of each document, resolved to places (JSON lines)",
                        [](CLI::App& app) -> Runner {
                          auto opt = std::make_shared<GeocodeOptions>();
                          app.add_option("inputs", opt->inputs, "Article files or JSONL records")->required();
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
                            for (const Document& doc : read_inputs(opt->inputs, diags)) {
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
                            }
                            return diags.skipped_any() ? kExitSkipped : kExitOk;
                          };
                        });

}  // namespace
}  // namespace sitrep::cli
