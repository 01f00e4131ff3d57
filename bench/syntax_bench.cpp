// Speed of the syntax stage with the committed model: tagging + lemmatising + parsing
// the UD English EWT test sentences (gold tokens) on one thread, all in one call (/1) and
// one sentence per call (/0), and model loading.
// Build with -DSITREP_BENCH=ON; run build/syntax_bench.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "core/diagnostics.h"
#include "syntax/conllu.h"
#include "syntax/parser.h"

namespace {

using namespace sitrep::syntax;

const std::vector<TreebankSentence>& test_sentences() {
  static std::vector<TreebankSentence> data = [] {
    std::vector<TreebankSentence> d;
    sitrep::Diagnostics diag;
    read_conllu(std::filesystem::path(SITREP_SHARED_DIR) / "data/ud-english-ewt/en_ewt-ud-test.conllu", d, diag, nullptr);
    return d;
  }();
  return data;
}

void BM_TagAndParseEwtTest(benchmark::State& state) {
  std::string err;
  auto model = SyntaxModel::load(SyntaxModel::default_path(), &err);
  if (!model) { state.SkipWithError(err.c_str()); return; }
  const auto& data = test_sentences();
  std::vector<std::vector<std::string_view>> forms;
  size_t tokens = 0;
  for (const auto& s : data) {
    forms.emplace_back(s.forms.begin(), s.forms.end());
    tokens += s.size();
  }
  std::vector<ParsedSentence> out;
  ParsedSentence one;
  for (auto _ : state) {
    if (state.range(0)) {  // the whole set in one call (batches for the BiLSTM model)
      model->parse_all(forms, out);
      benchmark::DoNotOptimize(out.data());
    } else {  // one sentence per call
      for (const auto& f : forms) {
        model->parse(f, one);
        benchmark::DoNotOptimize(one.head.data());
      }
    }
  }
  state.counters["sentences_per_s"] = benchmark::Counter(double(forms.size()) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["tokens_per_s"] = benchmark::Counter(double(tokens) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TagAndParseEwtTest)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_LoadModel(benchmark::State& state) {
  for (auto _ : state) {
    std::string err;
    auto model = SyntaxModel::load(SyntaxModel::default_path(), &err);
    if (!model) { state.SkipWithError(err.c_str()); return; }
    benchmark::DoNotOptimize(model.get());
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
