// `sitrep ingest`: read articles, run the extraction pipeline on each, store the results.
// Reading and extraction run on the calling thread while a writer thread stores finished
// articles in batches (one transaction per batch, each article whole or absent), so storing
// overlaps extraction instead of adding to it.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/document.h"
#include "events/control.h"
#include "events/event.h"
#include "store/store.h"

namespace sitrep::store {

struct IngestOptions {
  size_t batch_articles = 64;  // articles per transaction
  int threads = 1;             // extraction threads (stored order does not depend on it)
  bool progress = true;        // a progress line on stderr once an ingest takes more than 2 s
  int busy_timeout_ms = 5000;
  // Pipeline::fingerprint() of the extractor: stored per article; an article stored with
  // another one is re-extracted (counted as replaced).
  std::string extracted_with;
};

struct IngestReport {
  size_t read = 0;         // documents read
  size_t added = 0, unchanged = 0, replaced = 0, duplicates = 0, failed = 0;
  size_t events = 0;       // per-article events stored
  size_t new_fused = 0, joined_fused = 0;
  size_t control_claims = 0;
};

// What extraction gives for one article (the events stage's Pipeline::process).
struct Extracted {
  std::vector<Event> events;
  std::vector<ControlClaim> control;
};
using Extractor = std::function<Extracted(const Document&)>;

// Reads `inputs` (files, directories, "-"; see clean/reader.h), extracts, stores into the
// database at `db` (created if missing). Bad input is reported through diags and skipped;
// nullopt with a reason when the database cannot be used at all.
std::optional<IngestReport> ingest(const std::filesystem::path& db, const std::vector<std::string>& inputs,
                                   const Extractor& extract, Diagnostics& diags, const IngestOptions& options,
                                   std::string* error);

ArticleRecord article_record(const Document& doc);
ControlFact control_fact(const ControlClaim& claim);

}  // namespace sitrep::store
