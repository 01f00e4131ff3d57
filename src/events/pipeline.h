// The whole extraction pipeline for one article: clean text in, events and
// territorial-control claims out (clean/split -> syntax -> places -> dates -> events).
//
//   std::string err;
//   auto pipeline = Pipeline::load(PipelineOptions{}, &err);   // loads models and lexicons once
//   if (!pipeline) { report(err); }
//   ArticleEvents out = pipeline->process(doc);                // thread-safe, deterministic
//
// process() is const and keeps no state between calls, so one Pipeline serves any number
// of threads. Output order is fixed (by evidence offset, then type), whatever the threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/document.h"
#include "events/control.h"
#include "events/event.h"

namespace sitrep {

struct PipelineOptions {
  // Empty paths mean each stage's default (src/core/paths.h: models/, build/, data/events/);
  // the syntax model's is SyntaxModel::fast_path(), the perceptron model.
  std::filesystem::path syntax_model;
  std::filesystem::path gazetteer;
  std::filesystem::path lexicon_dir;  // data/events: actors.tsv, triggers.tsv, cues.tsv
  // When a stage's model is missing, run without it (weaker roles / no coordinates)
  // instead of failing; load() says what is missing in *warnings.
  bool allow_missing_models = true;
  // Also emit mentions flagged historical, future, hypothetical, negated or aggregate (with
  // their flags). Off by default: a 1998 massacre, a half-year total or a threatened capture
  // is not a happening of the article's day. `disputed` events are always emitted.
  bool emit_flagged = false;
  // Fill ArticleEvents::explanations (sitrep extract --explain).
  bool explain = false;
};

// Why an event was extracted (sitrep extract --explain): the trigger, the lexicon rule
// and, per role, the parse path that led to it ("nsubj", "obl:against", "passive:obl:agent", ...).
struct EventExplanation {
  std::string trigger;  // the trigger words in the article
  std::string rule;     // the triggers.tsv entry: "capture -> ASSAULT/occupy (line 12)"
  struct Role {
    std::string role;  // actor1, actor2, location, date, count, claim, flag
    std::string value;
    std::string path;
  };
  std::vector<Role> roles;
};

struct ArticleEvents {
  std::vector<Event> events;
  std::vector<ControlClaim> control;
  std::vector<EventExplanation> explanations;  // parallel to events when options.explain
};

class Pipeline {
 public:
  static std::unique_ptr<Pipeline> load(const PipelineOptions& options, std::string* error);
  ~Pipeline();

  ArticleEvents process(const Document& doc) const;

  // What load() could not find and is running without (one line each).
  const std::vector<std::string>& warnings() const;

  // What this pipeline extracts with: a fingerprint (core/fingerprint.h) of the program, the
  // syntax model, the gazetteer and the data/ directory (and the lexicon directory). Two runs
  // with equal fingerprints give the same events for the same article. Reads those files
  // (~60 MB, tens of milliseconds); the store keeps it per article (sitrep ingest).
  std::string fingerprint() const;

  struct Impl;

 private:
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
