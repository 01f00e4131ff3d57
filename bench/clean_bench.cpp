// Clean + split throughput. Corpus: the 181 pages of the ScrapingHub article-extraction
// benchmark (../shared/peer/article-extraction/html/*.html.gz), decompressed into memory
// once; each iteration cleans and splits every page (HTML bytes in = bytes processed).
// Also: the five seed articles as plain text, and HTML extraction alone.
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean/html_extract.h"
#include "clean/reader.h"

namespace {
namespace fs = std::filesystem;

std::vector<std::string> load_pages() {
  std::vector<std::string> pages;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(std::string(SITREP_SHARED_DIR) + "/peer/article-extraction/html"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    gzFile g = gzopen(f.c_str(), "rb");
    if (!g) continue;
    std::string s;
    char buf[1 << 16];
    int n;
    while ((n = gzread(g, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
    gzclose(g);
    pages.push_back(std::move(s));
  }
  return pages;
}

const std::vector<std::string>& pages() {
  static const std::vector<std::string> p = load_pages();
  return p;
}

void BM_CleanAndSplitHtml(benchmark::State& state) {
  const auto& ps = pages();
  size_t bytes = 0;
  for (const auto& p : ps) bytes += p.size();
  sitrep::Diagnostics diags;
  for (auto _ : state) {
    for (const auto& p : ps) {
      sitrep::clean::RecordInput r;
      r.id = "page";
      r.html = p;
      auto doc = sitrep::clean::clean_record(std::move(r), diags);
      benchmark::DoNotOptimize(doc.sentences.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["pages"] = static_cast<double>(ps.size());
}
BENCHMARK(BM_CleanAndSplitHtml)->Unit(benchmark::kMillisecond);

void BM_ExtractHtmlOnly(benchmark::State& state) {
  const auto& ps = pages();
  size_t bytes = 0;
  for (const auto& p : ps) bytes += p.size();
  for (auto _ : state)
    for (const auto& p : ps) {
      auto page = sitrep::clean::extract_html(p);
      benchmark::DoNotOptimize(page.blocks.data());
    }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ExtractHtmlOnly)->Unit(benchmark::kMillisecond);

// The floor set by the HTML parser: gumbo's parse alone, with no extraction.
void BM_GumboParseOnly(benchmark::State& state) {
  const auto& ps = pages();
  size_t bytes = 0;
  for (const auto& p : ps) bytes += p.size();
  for (auto _ : state)
    for (const auto& p : ps) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_GumboParseOnly)->Unit(benchmark::kMillisecond);

void BM_CleanAndSplitSeedText(benchmark::State& state) {
  std::vector<std::string> texts;
  for (const auto& e : fs::directory_iterator(std::string(SITREP_SHARED_DIR) + "/seeds")) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  sitrep::Diagnostics diags;
  for (auto _ : state)
    for (const auto& t : texts) {
      sitrep::clean::RecordInput r;
      r.text = t;
      auto doc = sitrep::clean::clean_record(std::move(r), diags);
      benchmark::DoNotOptimize(doc.sentences.data());
    }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_CleanAndSplitSeedText)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
