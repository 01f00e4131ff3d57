// Places benchmarks: recognition + resolution throughput (bytes of article text per
// second, one thread) and gazetteer load time. Needs build/gazetteer.bin (scripts/setup.sh).
//
//   cmake -S . -B build -DSITREP_BENCH=ON && cmake --build build --target places_bench
//   build/places_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "core/paths.h"
#include "places/geocoder.h"

namespace {
namespace fs = std::filesystem;
using sitrep::Document;
using sitrep::places::Geocoder;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The seed articles and the GeoVirus article texts: real news prose.
std::vector<Document> corpus() {
  std::vector<Document> docs;
  fs::path shared(SITREP_SHARED_DIR);
  std::error_code ec;
  for (auto& e : fs::directory_iterator(shared / "seeds", ec)) docs.push_back(Document{.text = slurp(e.path())});
  std::string xml = slurp(shared / "peer" / "geovirus" / "GeoVirus.xml");
  for (size_t at = xml.find("<text>"); at != std::string::npos; at = xml.find("<text>", at + 1)) {
    size_t end = xml.find("</text>", at);
    if (end == std::string::npos) break;
    docs.push_back(Document{.text = xml.substr(at + 6, end - at - 6)});
  }
  return docs;
}

const Geocoder* geocoder() {
  static std::unique_ptr<Geocoder> g = [] {
    std::string error;
    auto p = Geocoder::load(Geocoder::default_path(), &error);
    if (!p) std::fprintf(stderr, "places_bench: %s\n", error.c_str());
    return p;
  }();
  return g.get();
}

void BM_Geocode(benchmark::State& state) {
  const Geocoder* g = geocoder();
  if (!g) return state.SkipWithError("no gazetteer");
  static const std::vector<Document> docs = corpus();
  int64_t bytes = 0;
  size_t toponyms = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto ts = g->geocode(d);
      toponyms += ts.size();
      bytes += int64_t(d.text.size());
    }
    benchmark::DoNotOptimize(toponyms);
  }
  state.SetBytesProcessed(bytes);
  state.counters["docs"] = double(docs.size());
}
BENCHMARK(BM_Geocode)->Unit(benchmark::kMillisecond);

void BM_LoadGazetteer(benchmark::State& state) {
  for (auto _ : state) {
    std::string error;
    auto g = Geocoder::load(Geocoder::default_path(), &error);
    if (!g) return state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(g.get());
  }
}
BENCHMARK(BM_LoadGazetteer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
