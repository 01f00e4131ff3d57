// `sitrep extract [--explain] [--threads N] INPUTS...`: articles in, event JSON Lines out.
#include <atomic>
#include <cstdio>
#include <memory>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "clean/reader.h"
#include "cli/command.h"
#include "events/pipeline.h"

namespace sitrep::cli {
namespace {

struct ExtractArgs {
  std::vector<std::string> inputs;
  bool explain = false;
  bool all = false;
  int threads = 1;
  std::string control_out;
  std::string lexicon_dir, syntax_model, gazetteer;
};

std::string explained_line(const Event& e, const EventExplanation& x) {
  auto j = nlohmann::ordered_json::parse(to_json_line(e));
  nlohmann::ordered_json ex;
  ex["trigger"] = x.trigger;
  ex["rule"] = x.rule;
  ex["roles"] = nlohmann::ordered_json::array();
  for (const auto& r : x.roles) ex["roles"].push_back({{"role", r.role}, {"value", r.value}, {"path", r.path}});
  j["explain"] = ex;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_extract(const ExtractArgs& a) {
  PipelineOptions po;
  po.explain = a.explain;
  po.emit_flagged = a.all;
  po.lexicon_dir = a.lexicon_dir;
  po.syntax_model = a.syntax_model;
  po.gazetteer = a.gazetteer;
  std::string err;
  auto pipeline = Pipeline::load(po, &err);
  if (!pipeline) {
    std::fprintf(stderr, "sitrep extract: %s\n", err.c_str());
    return kExitFailed;
  }
  for (const auto& w : pipeline->warnings()) std::fprintf(stderr, "sitrep extract: warning: %s\n", w.c_str());
  std::ofstream control;
  if (!a.control_out.empty()) {
    control.open(a.control_out);
    if (!control) {
      std::fprintf(stderr, "sitrep extract: cannot write %s\n", a.control_out.c_str());
      return kExitFailed;
    }
  }
  Diagnostics diags;
  diags.set_echo(true);
  const size_t threads = std::max(1, a.threads);
  // Batches of articles: while the workers extract one batch, this thread reads and cleans
  // the next; batches are written in input order, so the output never depends on threads.
  struct Batch {
    std::vector<Document> docs;
    std::vector<ArticleEvents> results;
    std::vector<std::thread> workers;
    std::unique_ptr<std::atomic<size_t>> next = std::make_unique<std::atomic<size_t>>(0);
  };
  auto start = [&](Batch& b) {
    b.results.assign(b.docs.size(), {});
    if (threads == 1) return;
    // Each worker takes the next article not yet taken: long and short articles even out.
    for (size_t t = 0; t < threads; ++t)
      b.workers.emplace_back([&b, &pipeline] {
        for (size_t i; (i = b.next->fetch_add(1)) < b.docs.size();) b.results[i] = pipeline->process(b.docs[i]);
      });
  };
  auto finish = [&](Batch& b) {
    if (threads == 1)
      for (size_t i = 0; i < b.docs.size(); ++i) b.results[i] = pipeline->process(b.docs[i]);
    for (auto& w : b.workers) w.join();
    std::string out;
    for (auto& r : b.results) {
      for (size_t k = 0; k < r.events.size(); ++k) {
        out += a.explain && k < r.explanations.size() ? explained_line(r.events[k], r.explanations[k])
                                                       : to_json_line(r.events[k]);
        out += '\n';
      }
      if (control)
        for (const auto& c : r.control) control << to_json_line(c) << '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    b = Batch{};
  };
  const size_t batch_size = 32 * threads;
  Batch filling, running;
  bool have_running = false;
  clean::read_documents(a.inputs, diags, [&](Document&& d) {
    filling.docs.push_back(std::move(d));
    if (filling.docs.size() < batch_size) return;
    if (have_running) finish(running);
    running = std::move(filling);
    filling = Batch{};
    start(running);
    have_running = true;
  });
  if (have_running) finish(running);
  start(filling);
  finish(filling);
  std::fflush(stdout);
  return diags.skipped_any() ? kExitSkipped : kExitOk;
}

Command extract_command("extract", "Extract events (JSON Lines, spec/events.md) from articles", [](CLI::App& app) -> Runner {
  auto a = std::make_shared<ExtractArgs>();
  app.add_option("inputs", a->inputs, "articles: .txt, .html, .jsonl, .warc(.gz), directories, - for stdin")->required();
  app.add_flag("--explain", a->explain, "add per event the trigger, the rule and the parse path behind each role");
  app.add_option("--threads", a->threads, "worker threads (output order does not depend on it)")->check(CLI::Range(1, 256));
  app.add_flag("--all", a->all, "also emit mentions flagged historical, future, hypothetical, negated or aggregate");
  app.add_option("--control", a->control_out, "also write territorial-control claims (JSON Lines) to this file");
  app.add_option("--lexicons", a->lexicon_dir, "folder with actors.tsv, triggers.tsv, cues.tsv (default data/events)");
  app.add_option("--syntax-model", a->syntax_model, "syntax model (default models/syntax/en_ewt_fast.model; models/syntax/en_ewt.model parses better, ~30% slower)");
  app.add_option("--gazetteer", a->gazetteer, "compiled gazetteer (default build/gazetteer.bin)");
  return [a] { return run_extract(*a); };
});

}  // namespace
}  // namespace sitrep::cli
