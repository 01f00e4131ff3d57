// Clean + split throughput. Corpus: the 181 pages of the ScrapingHub article-extraction
// benchmark (../shared/peer/article-extraction/html/*.html.gz), decompressed into memory
// once; each iteration cleans and splits every page (HTML bytes in = bytes processed).
// Also: the five seed articles as plain text, and HTML extraction alone.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean/html_extract.h"
#include "clean/html_tokenizer.h"
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

// The floor set by tokenizing alone: every token read, raw-text elements entered, nothing
// else (no element table, no text kept).
void BM_TokenizeOnly(benchmark::State& state) {
  const auto& ps = pages();
  size_t bytes = 0;
  for (const auto& p : ps) bytes += p.size();
  for (auto _ : state)
    for (const auto& p : ps) {
      sitrep::clean::HtmlTokenizer tok(p);
      sitrep::clean::HtmlToken t;
      size_t n = 0;
      while (tok.next(t)) {
        ++n;
        if (t.type == sitrep::clean::HtmlTokenType::start_tag)
          if (auto k = sitrep::clean::raw_text_kind(t.name); k != sitrep::clean::RawText::none)
            tok.enter_raw_text(k, t.name);
      }
      benchmark::DoNotOptimize(n);
    }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_TokenizeOnly)->Unit(benchmark::kMillisecond);

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
