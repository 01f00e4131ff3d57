// The event database: one SQLite file (WAL mode: readers query while an ingest writes),
// with a versioned schema migrated forward on open. It keeps articles (identified by doc_id,
// versioned by a content hash), their per-article events with claims and evidence spans, the
// fused events they belong to, and territorial-control facts. Every article is stored in one
// transaction with its events, fusion and control facts: a crash (kill -9) leaves either all
// of an article or none of it, and storing the same article again changes nothing.
//
// Errors are returned, never thrown: open() says why a file cannot be used (missing, locked,
// read-only, corrupt, not a sitrep database, written by a newer sitrep).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "store/control.h"

namespace sitrep::store {

inline constexpr int kSchemaVersion = 3;
// PRAGMA application_id of a sitrep database ("SITR").
inline constexpr int32_t kApplicationId = 0x53495452;

// What the store keeps of an article (from a clean-stage Document).
struct ArticleRecord {
  std::string doc_id;
  std::string url, source, title, published;
  std::string published_from;  // where `published` came from (record, meta, dateline, ...)
  std::string text;  // cleaned text: hashed (with `published`) for identity, sliced for evidence words
  // What extracted its events (Pipeline::fingerprint(): program, models, data). An article
  // stored with another fingerprint is re-extracted on ingest (Outcome::replaced), so a new
  // build or edited dictionaries never leave stale events behind. Empty: not recorded.
  std::string extracted_with;
};

struct PutResult {
  enum class Outcome { added, unchanged, replaced, duplicate };
  Outcome outcome = Outcome::added;
  size_t events = 0;        // per-article events stored
  size_t new_fused = 0;     // fused events this article started
  size_t joined_fused = 0;  // events that joined an existing fused event
  std::string duplicate_of; // doc_id of the article with the same text (Outcome::duplicate)
};

struct EventQuery {
  std::string from, to;  // YYYY-MM-DD, inclusive; empty: open
  std::string country;   // ISO alpha-2
  std::string admin1;    // case-insensitive
  std::string type;      // PLOVER type, ACLED event type or sub-event type, case-insensitive
};

struct StoreStats {
  int64_t articles = 0, events = 0, fused = 0, control_facts = 0;
};

class Store {
 public:
  enum class Mode { read, write };
  struct Options {
    int busy_timeout_ms = 5000;  // how long to wait for another writer before giving up
  };

  // nullptr with the reason in *error (which names the file).
  static std::unique_ptr<Store> open(const std::filesystem::path& path, Mode mode, std::string* error,
                                     Options options);
  static std::unique_ptr<Store> open(const std::filesystem::path& path, Mode mode, std::string* error) {
    return open(path, mode, error, Options{});
  }
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores one article with its events and control statements in one transaction: fuses the
  // events with what is stored and derives control facts. nullopt with a reason on failure
  // (nothing of the article is kept then).
  std::optional<PutResult> put_article(const ArticleRecord& article, const std::vector<Event>& events,
                                       const std::vector<ControlFact>& statements, std::string* error);

  // Several articles in one transaction (far fewer commits for a large ingest); each article
  // is still whole or absent: one that fails is rolled back to its savepoint, reported in its
  // outcome, and the others are kept. false (nothing of the batch kept) when the transaction
  // itself fails: locked, disk full, read-only.
  struct ArticleInput {
    ArticleRecord article;
    std::vector<Event> events;
    std::vector<ControlFact> statements;
    // The events stage read control from the article's words (ingest): its claims are all the
    // article says about who holds what, and the rules of data/store/control.tsv add nothing.
    // False for events from elsewhere: the rules derive facts from the events' codes.
    bool control_read = false;
    // False when extraction was skipped because settled() said the article needs none (ingest
    // of an article the database already holds): it is stored only if that still holds.
    bool extracted = true;
  };
  struct Outcome {
    std::optional<PutResult> result;
    std::string error;  // when !result
  };
  bool put_articles(const std::vector<ArticleInput>& batch, std::vector<Outcome>* outcomes, std::string* error);

  // What put_article would do with `article` when that needs no events: unchanged (same
  // doc_id, text, date and extracted_with) or a duplicate (its text stored under another
  // doc_id); nullopt when it would be added or replaced, or on a read error (in *error).
  // Lets ingest skip extracting what the database already holds.
  std::optional<PutResult> settled(const ArticleRecord& article, std::string* error) const;

  // Fused events matching q, ordered by date then id; `record` is one JSON line (the spec's
  // event plus `fatalities` and `sources`). Returns false with a reason on a read error.
  bool fused_events(const EventQuery& q, const std::function<void(std::string_view record)>& sink,
                    std::string* error) const;

  // Per place, the latest control fact dated on or before as_of (empty: the latest date in
  // the database); country filters. Sorted by country, admin1, place.
  std::optional<std::vector<ControlRow>> control(const std::string& as_of, const std::string& country,
                                                 std::string* error) const;

  std::optional<StoreStats> stats(std::string* error) const;
  int schema_version() const;
  const std::filesystem::path& path() const { return path_; }

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl, std::filesystem::path path);
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
};

// The schema as each version created it, for tests of migration: migration_sql(v) upgrades a
// database at version v-1 to version v (1 <= v <= kSchemaVersion).
std::string_view migration_sql(int version);

}  // namespace sitrep::store
