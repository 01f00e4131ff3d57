// Whole-pipeline throughput (cleaned article -> parse, places, dates -> events) on the dev
// articles, in sentences per second, on one thread and on two (scaling).
//   cmake -B build -DSITREP_BENCH=ON && cmake --build build --target events_bench
//   build/events_bench
#include <benchmark/benchmark.h>

#include "clean/reader.h"
#include "events/pipeline.h"

namespace {

struct Fixture {
  std::unique_ptr<sitrep::Pipeline> pipeline;
  std::vector<sitrep::Document> docs;
  size_t sentences = 0;
  Fixture() {
    std::string err;
    pipeline = sitrep::Pipeline::load(sitrep::PipelineOptions{}, &err);
    sitrep::Diagnostics diags;
    sitrep::clean::read_documents({std::string(SITREP_SHARED_DIR) + "/eval/dev/input.jsonl"}, diags,
                                  [&](sitrep::Document&& d) {
                                    sentences += d.sentences.size();
                                    docs.push_back(std::move(d));
                                  });
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_ExtractArticles(benchmark::State& state) {
  Fixture& f = fixture();
  if (!f.pipeline) {
    state.SkipWithError("pipeline did not load");
    return;
  }
  size_t events = 0;
  for (auto _ : state)
    for (const auto& d : f.docs) events += f.pipeline->process(d).events.size();
  state.counters["sentences/s"] =
      benchmark::Counter(double(f.sentences) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["events"] = double(events) / std::max<int64_t>(1, state.iterations());
}
BENCHMARK(BM_ExtractArticles)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
