// The document model every stage shares (after spaCy's Doc): the cleaned text is
// owned once; sentences and tokens are byte offsets into it. Later stages return
// their own layers (parses, toponyms, date expressions, events) that point back
// into Document::text by offset, so every output can be traced to its words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// A half-open byte range [start, end) into Document::text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - start; }
  bool operator==(const Span&) const = default;
};

struct Token {
  Span span;
};

struct Sentence {
  Span span;
  uint32_t first_token = 0;  // index into Document::tokens
  uint32_t token_count = 0;
  uint32_t paragraph = 0;    // index of the paragraph (blank-line separated block) it sits in
};

// A block of page furniture the cleaner removed, kept for --explain.
struct RemovedBlock {
  std::string text;
  std::string rule;  // which furniture rule removed it, e.g. "subscribe", "related-headline"
};

struct Document {
  std::string id;              // from the input record, else the file name without extension
  std::string source;          // publisher, where known
  std::string url;
  std::string title;
  std::string published;       // ISO date YYYY-MM-DD, or empty when unknown
  std::string published_from;  // where `published` came from: record, meta, jsonld, time, published-line, dateline
  std::string origin;          // file (and line or record) the document was read from, for messages

  std::string text;            // cleaned article text, NFC UTF-8
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<RemovedBlock> removed;

  std::string_view slice(Span s) const { return std::string_view(text).substr(s.start, s.end - s.start); }
};

}  // namespace sitrep
