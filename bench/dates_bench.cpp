// Throughput of the date tagger (tokenize + match + resolve) on real news text: the five
// seed articles from ../shared/seeds, each tagged as its own document, many times over.
// Reports bytes/second per core (single thread). Run:
//   cmake -S . -B build -DSITREP_BENCH=ON && cmake --build build --target dates_bench && build/dates_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dates/temporal.h"

namespace {

std::vector<std::string> load_seeds() {
  std::vector<std::string> docs;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(std::string(SITREP_SHARED_DIR) + "/seeds"))
    if (e.path().extension() == ".txt") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    docs.push_back(ss.str());
  }
  return docs;
}

void BM_TagDatesSeeds(benchmark::State& state) {
  auto docs = load_seeds();
  if (docs.empty()) {
    state.SkipWithError("no seeds under " SITREP_SHARED_DIR "/seeds");
    return;
  }
  if (std::string err = sitrep::date_lexicon_error(); !err.empty()) {
    state.SkipWithError(err.c_str());
    return;
  }
  const auto anchor = *sitrep::CivilDate::from_ymd(2021, 8, 10);
  size_t bytes = 0, found = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto r = sitrep::tag_dates(d, anchor);
      found += r.size();
      benchmark::DoNotOptimize(r.data());
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["expressions/doc"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations() * docs.size()));
}
BENCHMARK(BM_TagDatesSeeds)->Unit(benchmark::kMicrosecond);

// Date-dense articles: every sentence holds several expressions, the grammar's worst case.
// 256 articles of about 4 KB (a typical article's size), each tagged as its own document.
void BM_TagDatesDense(benchmark::State& state) {
  const char* sentences[] = {
      "Kabul, Aug. 31 (EFE).- The Taliban launched several major attacks overnight, sources said on Tuesday. ",
      "Fighting has escalated since May, and in the past 24 hours 20 people died; two days ago, on Monday afternoon, ",
      "the group said it would attack by Sept. 11, 2021, as it did in the 1990s and in 1998, for weeks. ",
      "Published: June 22, 2021, 4:31pm. Last week and earlier this month, in mid-April, the first half of the year. "};
  std::vector<std::string> docs(256);
  size_t k = 0;
  for (auto& d : docs)
    while (d.size() < 4096) d += sentences[k++ % 4];
  const auto anchor = *sitrep::CivilDate::from_ymd(2021, 8, 10);
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto r = sitrep::tag_dates(d, anchor);
      benchmark::DoNotOptimize(r.data());
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_TagDatesDense)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
