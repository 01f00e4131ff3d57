// `sitrep ingest --db FILE INPUTS...`: run the whole pipeline over articles and store the
// events, fused across articles, with territorial control, in an SQLite database.
#include <cstdio>

#include "cli/command.h"
#include "events/pipeline.h"
#include "store/ingest.h"

namespace sitrep::cli {
namespace {

Command ingest_command("ingest", "Extract events from articles and store them, fused, in a database", [](CLI::App& app) -> Runner {
  struct Opts {
    std::string db;
    std::vector<std::string> inputs;
    int threads = 1;
    bool quiet = false;
    std::string lexicon_dir, syntax_model, gazetteer;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("--db", o->db, "database file (created if missing; SQLite, WAL mode)")->required();
  app.add_option("inputs", o->inputs, "articles: .txt, .html, .jsonl, .warc(.gz), directories, - for stdin")->required();
  app.add_option("--threads", o->threads, "extraction threads (what is stored does not depend on it)")
      ->check(CLI::Range(1, 256));
  app.add_flag("--quiet", o->quiet, "no progress line and no summary on stderr");
  app.add_option("--lexicons", o->lexicon_dir, "folder with actors.tsv, triggers.tsv, cues.tsv (default data/events)");
  app.add_option("--syntax-model", o->syntax_model, "syntax model (default models/syntax/en_ewt_fast.model; models/syntax/en_ewt.model parses better, ~30% slower)");
  app.add_option("--gazetteer", o->gazetteer, "compiled gazetteer (default build/gazetteer.bin)");
  return [o] {
    PipelineOptions po;
    po.lexicon_dir = o->lexicon_dir;
    po.syntax_model = o->syntax_model;
    po.gazetteer = o->gazetteer;
    std::string err;
    auto pipeline = Pipeline::load(po, &err);
    if (!pipeline) {
      std::fprintf(stderr, "sitrep ingest: %s\n", err.c_str());
      return kExitFailed;
    }
    if (!o->quiet)
      for (const auto& w : pipeline->warnings()) std::fprintf(stderr, "sitrep ingest: warning: %s\n", w.c_str());
    store::IngestOptions io;
    io.threads = o->threads;
    io.progress = !o->quiet;
    io.extracted_with = pipeline->fingerprint();
    Diagnostics diags;
    diags.set_echo(true);
    auto report = store::ingest(
        o->db, o->inputs,
        [&](const Document& d) {
          ArticleEvents a = pipeline->process(d);
          return store::Extracted{std::move(a.events), std::move(a.control)};
        },
        diags, io, &err);
    if (!report) {
      std::fprintf(stderr, "sitrep ingest: %s\n", err.c_str());
      return kExitFailed;
    }
    if (!o->quiet)
      std::fprintf(stderr,
                   "sitrep ingest: %zu articles read: %zu added, %zu unchanged, %zu replaced, %zu duplicates, "
                   "%zu failed; %zu events (%zu new fused, %zu joined existing), %zu control claims -> %s\n",
                   report->read, report->added, report->unchanged, report->replaced, report->duplicates,
                   report->failed, report->events, report->new_fused, report->joined_fused,
                   report->control_claims, o->db.c_str());
    return diags.skipped_any() ? kExitSkipped : kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
