// Readers for the forms news articles come in, each producing cleaned, split
// Documents: plain text (.txt), HTML (.html, .htm), JSON Lines (.jsonl, .json: one
// record per line with id, text or html, and optional url, published, source, title),
// WARC (.warc, .warc.gz: response records with HTML payloads; per-record gzip members
// as Common Crawl writes them), any of these gzip-compressed (.gz), directories
// (recursively, in sorted path order) and "-" for standard input.
//
// Bad input never stops a run: each problem is reported through Diagnostics with the
// file (and line or record) and the rest is read. Skipped records count as skipped
// (exit status 1); repaired input (invalid UTF-8) and empty files are warnings.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/document.h"

namespace sitrep::clean {

struct ReadOptions {
  bool split = true;  // fill sentences and tokens (split())
  // Files larger than this are skipped with a message (Span offsets are 32-bit).
  uint64_t max_file_bytes = 1ull << 30;
};

// One record already in memory: metadata the caller knows plus its text or HTML.
struct RecordInput {
  std::string id;
  std::string source;
  std::string url;
  std::string title;
  std::string published;  // ISO date or timestamp when the record gives one
  std::string origin;     // for messages, e.g. "feed.jsonl:12"
  std::string text;       // plain text, or
  std::string html;       // an HTML page (used when non-empty)
};

// Cleans one in-memory record: repairs UTF-8, extracts HTML main text, removes
// furniture, finds missing metadata, NFC-normalises and (by default) splits.
Document clean_record(RecordInput record, Diagnostics& diags, const ReadOptions& options = {});

// Reads every input in order and hands each Document to `sink` as it is made.
void read_documents(const std::vector<std::string>& inputs, Diagnostics& diags,
                    const std::function<void(Document&&)>& sink, const ReadOptions& options = {});

}  // namespace sitrep::clean

namespace sitrep {
using clean::read_documents;
}  // namespace sitrep
