#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <system_error>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "store/fusion.h"
#include "store/text.h"

namespace sitrep::store {
namespace {

// migrations[v-1] takes a database from version v-1 to v. Never edit a published entry:
// append a new one and raise kSchemaVersion.
constexpr std::string_view kMigrations[] = {
    // 1: the first layout.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta(key, value) VALUES ('fusion_generation', '0');
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  published TEXT NOT NULL DEFAULT '');
CREATE INDEX articles_by_hash ON articles(content_hash);
CREATE TABLE fused(
  id INTEGER PRIMARY KEY,
  fused_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL DEFAULT '',
  acled_type TEXT NOT NULL DEFAULT '',
  acled_sub_type TEXT NOT NULL DEFAULT '',
  date_start TEXT NOT NULL DEFAULT '',
  date_end TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  admin1 TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL,
  fatalities INTEGER, fatalities_low INTEGER, fatalities_high INTEGER,
  sources_count INTEGER NOT NULL DEFAULT 0,
  match_state BLOB NOT NULL,        -- the fusion engine's ClusterKey
  state TEXT NOT NULL DEFAULT '',   -- FusedEvent::state(): what the next member is added to
  record TEXT NOT NULL DEFAULT ''); -- FusedEvent::record(), without sources
CREATE INDEX fused_by_date ON fused(date_start);
CREATE INDEX fused_by_country_date ON fused(country, date_start);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  date_start TEXT NOT NULL DEFAULT '',
  date_end TEXT NOT NULL DEFAULT '',
  fused_id INTEGER NOT NULL REFERENCES fused(id),
  record TEXT NOT NULL,             -- the event as the events stage emitted it
  source TEXT NOT NULL DEFAULT ''); -- its entry in the fused event's sources (source_entry)
CREATE INDEX events_by_article ON events(article_id);
CREATE INDEX events_by_fused ON events(fused_id);
-- The evidence spans linking a per-article event (and so its fused event) to the article's words.
CREATE TABLE evidence(
  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE INDEX evidence_by_event ON evidence(event);
-- Who reported what: casualty figures (kind 'count') and assertions or denials (kind 'claim').
CREATE TABLE claims(
  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  what TEXT NOT NULL DEFAULT '',
  best INTEGER, low INTEGER, high INTEGER,
  qualifier TEXT NOT NULL DEFAULT '',
  of TEXT NOT NULL DEFAULT '',
  by TEXT NOT NULL DEFAULT '',
  stance TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '');
CREATE INDEX claims_by_event ON claims(event);
CREATE TABLE control(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  place_key TEXT NOT NULL,
  place TEXT NOT NULL, admin1 TEXT NOT NULL DEFAULT '', admin2 TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '', lat REAL, lon REAL,
  controller TEXT NOT NULL,
  since TEXT NOT NULL,
  basis TEXT NOT NULL,
  event_id TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '');
CREATE INDEX control_by_place ON control(place_key, since);
CREATE INDEX control_by_article ON control(article_id);
)sql",
    // 2: where an article's date came from (the clean stage's published_from: record, meta,
    // dateline, ...), so an analyst can judge a date; and an index for --country with --admin1.
    R"sql(
ALTER TABLE articles ADD COLUMN published_from TEXT NOT NULL DEFAULT '';
CREATE INDEX fused_by_admin1_date ON fused(country, admin1 COLLATE NOCASE, date_start);
)sql",
    // 3: what extracted each article's events (program + models + data fingerprint), so an
    // article ingested again by another build is re-extracted instead of kept as it was.
    R"sql(
ALTER TABLE articles ADD COLUMN extracted_with TEXT NOT NULL DEFAULT '';
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// ---- a thin RAII layer over the C API ---------------------------------------------------

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), rc_(o.rc_) { o.s_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;

  bool ok() const { return rc_ == SQLITE_OK && s_; }
  int prepare_rc() const { return rc_; }
  Stmt& bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& bind(int i, std::optional<int64_t> v) {
    v ? sqlite3_bind_int64(s_, i, *v) : sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& bind(int i, std::optional<double> v) {
    v ? sqlite3_bind_double(s_, i, *v) : sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
  double f64(int c) const { return sqlite3_column_double(s_, c); }
  bool null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::optional<int64_t> opt_i64(int c) const { return null(c) ? std::nullopt : std::optional<int64_t>(i64(c)); }
  std::optional<double> opt_f64(int c) const { return null(c) ? std::nullopt : std::optional<double>(f64(c)); }
  std::string_view text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string_view(p, sqlite3_column_bytes(s_, c)) : std::string_view();
  }
  std::string str(int c) const { return std::string(text(c)); }
  std::string_view blob(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    return p ? std::string_view(p, sqlite3_column_bytes(s_, c)) : std::string_view();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Thrown only inside this file, caught at every public entry point and turned into a message.
struct DbError {
  int code;
  std::string message;
};

}  // namespace

std::string_view migration_sql(int version) {
  return version >= 1 && version <= kSchemaVersion ? kMigrations[version - 1] : std::string_view();
}

struct Store::Impl {
  sqlite3* db = nullptr;
  std::string file;  // for messages
  Mode mode = Mode::read;
  int busy_timeout_ms = 5000;
  int version = 0;

  FusionRules fusion_rules;
  ControlRules control_rules;
  std::unique_ptr<FusionEngine> engine;
  std::vector<int64_t> cluster_row;  // engine cluster -> fused.id
  std::unordered_map<int64_t, uint32_t> row_cluster;
  std::string engine_generation;  // meta.fusion_generation the engine reflects; empty: reload
  // Fused events as last written by this connection, valid while engine_generation is: saves
  // re-reading the state of a happening that many articles in one ingest report.
  static constexpr size_t kFusedCacheSize = 100000;
  std::unordered_map<int64_t, FusedEvent> fused_cache;

  ~Impl() {
    statements.clear();
    update_fused_stmt.reset();
    select_fused_stmt.reset();
    if (db) sqlite3_close_v2(db);
  }

  // A message naming the file for any failure code.
  std::string describe(int code, std::string_view what) const {
    int primary = code & 0xff;
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    switch (primary) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return file + ": the database is locked by another process (waited " +
               std::to_string(busy_timeout_ms) + " ms while " + std::string(what) + ")";
      case SQLITE_READONLY:
        return file + ": the database is read-only (" + detail + "); cannot " + std::string(what);
      case SQLITE_CORRUPT:
        return file + ": the database is corrupt (" + detail + ") while " + std::string(what);
      case SQLITE_NOTADB:
        return file + ": not a sitrep database, or corrupt (" + detail + ")";
      case SQLITE_CANTOPEN:
        return file + ": cannot open the database (" + detail + ")";
      case SQLITE_FULL:
        return file + ": the disk is full while " + std::string(what);
      default:
        return file + ": database error while " + std::string(what) + ": " + detail;
    }
  }

  [[noreturn]] void fail(int code, std::string_view what) const { throw DbError{code, describe(code, what)}; }

  void exec(std::string_view sql, std::string_view what) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) fail(rc, what);
  }

  Stmt prepare(std::string_view sql, std::string_view what) const {
    Stmt s(db, sql);
    if (!s.ok()) fail(s.prepare_rc(), what);
    return s;
  }

  void done(Stmt& s, std::string_view what) const {
    int rc = s.step();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) fail(rc, what);
    s.reset();
  }

  // Steps a query; false when exhausted, throws on an error.
  bool row(Stmt& s, std::string_view what) const {
    int rc = s.step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc, what);
  }

  int64_t scalar(std::string_view sql, std::string_view what) const {
    Stmt s = prepare(sql, what);
    return row(s, what) ? s.i64(0) : 0;
  }

  std::string generation() {
    Stmt& s = use("SELECT value FROM meta WHERE key = 'fusion_generation'", "reading the fusion generation");
    std::string v = row(s, "reading the fusion generation") ? s.str(0) : std::string();
    s.reset();
    return v;
  }

  void load_engine() {
    fused_cache.clear();
    engine = std::make_unique<FusionEngine>(fusion_rules);
    cluster_row.clear();
    row_cluster.clear();
    Stmt s = prepare("SELECT id, match_state FROM fused ORDER BY id", "loading fused events");
    while (row(s, "loading fused events")) {
      auto key = ClusterKey::decode(s.blob(1));
      if (!key) throw DbError{SQLITE_CORRUPT, file + ": the database is corrupt (bad match state of fused event " +
                                                  std::to_string(s.i64(0)) + ")"};
      uint32_t i = engine->restore(std::move(*key));
      cluster_row.push_back(s.i64(0));
      row_cluster[s.i64(0)] = i;
    }
  }

  // Rewrites a fused row from its members; deletes it when none are left.
  void refresh_fused(int64_t fused_row);
  void write_fused(int64_t fused_row, const FusedEvent& f);
  FusedEvent read_fused(int64_t fused_row);
  // Statements used for every article, prepared once per connection; use() hands one back
  // reset, and reset_all() runs before every COMMIT so none holds a read snapshot open.
  std::unordered_map<std::string, std::unique_ptr<Stmt>> statements;
  Stmt& use(std::string_view sql, std::string_view what) {
    auto& slot = statements[std::string(sql)];
    if (!slot) slot = std::make_unique<Stmt>(prepare(sql, what));
    slot->reset();
    return *slot;
  }
  void run(std::string_view sql, std::string_view what) {
    Stmt& st = use(sql, what);
    done(st, what);
  }
  void reset_all() {
    for (auto& [sql, st] : statements) st->reset();
    if (update_fused_stmt) update_fused_stmt->reset();
    if (select_fused_stmt) select_fused_stmt->reset();
  }
  // Statements used for every event, prepared once per connection.
  std::unique_ptr<Stmt> update_fused_stmt, select_fused_stmt;
  Stmt& cached(std::unique_ptr<Stmt>& slot, std::string_view sql, std::string_view what) {
    if (!slot) slot = std::make_unique<Stmt>(prepare(sql, what));
    return *slot;
  }
  // Where an article stands against what is stored: settled (unchanged, or its text is
  // stored under another id: nothing to write), else the row it replaces (0: a new one).
  struct Standing {
    std::optional<PutResult> settled;
    int64_t replaces = 0;
  };
  Standing standing(const ArticleRecord& a, const std::string& hash) const;
  void put(const ArticleRecord& a, const std::vector<Event>& events, const std::vector<ControlFact>& statements,
           bool control_read, bool extracted, PutResult& result);
};

Store::Store(std::unique_ptr<Impl> impl, std::filesystem::path path) : impl_(std::move(impl)), path_(std::move(path)) {}
Store::~Store() = default;

int Store::schema_version() const { return impl_->version; }

std::unique_ptr<Store> Store::open(const std::filesystem::path& path, Mode mode, std::string* error,
                                   Options options) {
  auto impl = std::make_unique<Impl>();
  impl->file = path.string();
  impl->mode = mode;
  impl->busy_timeout_ms = options.busy_timeout_ms;
  auto say = [&](std::string m) {
    if (error) *error = std::move(m);
    return nullptr;
  };
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (mode == Mode::read && !exists) return say(impl->file + ": no such database (create it with sitrep ingest)");
  if (exists && std::filesystem::is_directory(path, ec)) return say(impl->file + ": is a directory, not a database");

  std::string why;
  if (mode == Mode::write) {
    auto rules = FusionRules::load_default(&why);
    if (!rules) return say("fusion rules: " + why);
    auto control = ControlRules::load_default(&why);
    if (!control) return say("control rules: " + why);
    impl->fusion_rules = std::move(*rules);
    impl->control_rules = std::move(*control);
  }

  int flags = mode == Mode::write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(impl->file.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return say(impl->describe(rc, "opening"));
  sqlite3_busy_timeout(impl->db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(impl->db, 1);
  if (mode == Mode::write && sqlite3_db_readonly(impl->db, "main") == 1)
    return say(impl->file + ": the database is read-only; cannot ingest into it");

  try {
    int64_t app = impl->scalar("PRAGMA application_id", "reading the header");
    int64_t version = impl->scalar("PRAGMA user_version", "reading the header");
    int64_t tables = impl->scalar("SELECT count(*) FROM sqlite_master", "reading the schema");
    if (app == 0 && version == 0 && tables == 0) {
      if (mode == Mode::read) return say(impl->file + ": an empty database (create it with sitrep ingest)");
    } else if (app != kApplicationId) {
      return say(impl->file + ": an SQLite database that sitrep did not write (application_id " +
                 std::to_string(app) + ")");
    }
    if (version > kSchemaVersion)
      return say(impl->file + ": written by a newer sitrep (schema " + std::to_string(version) +
                 "; this sitrep knows up to " + std::to_string(kSchemaVersion) + "): upgrade sitrep");
    if (version < kSchemaVersion && mode == Mode::read) {
      // Migrating needs a writer: reopen read-write for the migration, then read.
      impl.reset();
      std::string werr;
      auto writer = open(path, Mode::write, &werr, options);
      if (!writer) return say(werr);
      writer.reset();
      return open(path, Mode::read, error, options);
    }
    if (mode == Mode::write) {
      impl->exec("PRAGMA foreign_keys = ON", "setting up");
      {
        Stmt wal = impl->prepare("PRAGMA journal_mode = WAL", "switching to WAL mode");
        if (!impl->row(wal, "switching to WAL mode") || ascii_lower(wal.text(0)) != "wal")
          return say(impl->file + ": could not switch the database to WAL mode");
      }
      impl->exec("PRAGMA synchronous = NORMAL", "setting up");
      if (version < kSchemaVersion) {
        impl->exec("BEGIN IMMEDIATE", "migrating the schema");
        try {
          // Re-read under the write lock: another process may have migrated meanwhile.
          version = impl->scalar("PRAGMA user_version", "migrating the schema");
          for (int64_t v = version + 1; v <= kSchemaVersion; ++v)
            impl->exec(kMigrations[v - 1], "migrating the schema to version " + std::to_string(v));
          impl->exec("PRAGMA application_id = " + std::to_string(kApplicationId), "migrating the schema");
          impl->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion), "migrating the schema");
          impl->exec("COMMIT", "migrating the schema");
        } catch (...) {
          sqlite3_exec(impl->db, "ROLLBACK", nullptr, nullptr, nullptr);
          throw;
        }
        version = kSchemaVersion;
      }
    }
    impl->version = static_cast<int>(version);
  } catch (const DbError& e) {
    return say(e.message);
  }
  return std::unique_ptr<Store>(new Store(std::move(impl), path));
}

// ---- writing ------------------------------------------------------------------------------

namespace {

std::string evidence_words(const std::string& text, const EventEvidence& ev) {
  constexpr size_t kMaxBytes = 600;
  if (ev.start >= ev.end || ev.end > text.size()) return {};
  size_t len = std::min<size_t>(ev.end - ev.start, kMaxBytes);
  // Never cut a UTF-8 sequence in half.
  while (len > 0 && ev.start + len < text.size() && (static_cast<unsigned char>(text[ev.start + len]) & 0xC0) == 0x80)
    --len;
  return text.substr(ev.start, len);
}

}  // namespace

void Store::Impl::write_fused(int64_t fused_row, const FusedEvent& f) {
  const Event rep = f.representative();
  const Fatalities fat = f.fatalities();
  Stmt& up = cached(update_fused_stmt,
                    "UPDATE fused SET type = ?, acled_type = ?, acled_sub_type = ?, date_start = ?, date_end = ?, "
                    "country = ?, admin1 = ?, lat = ?, lon = ?, fatalities = ?, fatalities_low = ?, "
                    "fatalities_high = ?, sources_count = ?, state = ?, record = ? WHERE id = ?",
                    "updating a fused event");
  up.bind(1, rep.type)
      .bind(2, rep.acled_event_type)
      .bind(3, rep.acled_sub_event_type)
      .bind(4, rep.date.start)
      .bind(5, rep.date.end.empty() ? rep.date.start : rep.date.end)
      .bind(6, rep.location.country)
      .bind(7, rep.location.admin1)
      .bind(8, rep.location.lat)
      .bind(9, rep.location.lon)
      .bind(10, fat.best)
      .bind(11, fat.low)
      .bind(12, fat.high)
      .bind(13, static_cast<int64_t>(f.members()))
      .bind(14, f.state())
      .bind(15, f.record(rep))
      .bind(16, fused_row);
  done(up, "updating a fused event");
  if (fused_cache.size() >= kFusedCacheSize) fused_cache.clear();
  fused_cache.insert_or_assign(fused_row, f);
}

FusedEvent Store::Impl::read_fused(int64_t fused_row) {
  if (auto it = fused_cache.find(fused_row); it != fused_cache.end()) return it->second;
  Stmt& q = cached(select_fused_stmt, "SELECT state FROM fused WHERE id = ?", "reading a fused event");
  q.bind(1, fused_row);
  if (!row(q, "reading a fused event")) throw DbError{SQLITE_CORRUPT, file + ": fused event vanished"};
  std::string err;
  auto f = FusedEvent::restore(q.text(0), &err);
  q.reset();
  if (!f) throw DbError{SQLITE_CORRUPT, file + ": the database is corrupt (fused event " + std::to_string(fused_row) +
                                            ": " + err + ")"};
  return std::move(*f);
}

void Store::Impl::refresh_fused(int64_t fused_row) {
  Stmt idq = prepare("SELECT fused_id FROM fused WHERE id = ?", "reading a fused event");
  idq.bind(1, fused_row);
  if (!row(idq, "reading a fused event")) throw DbError{SQLITE_CORRUPT, file + ": fused event vanished"};
  FusedEvent f(idq.str(0));
  Stmt s = prepare("SELECT id, record FROM events WHERE fused_id = ? ORDER BY id", "reading fused members");
  s.bind(1, fused_row);
  while (row(s, "reading fused members")) {
    std::string err;
    auto e = event_from_json(nlohmann::json::parse(s.text(1), nullptr, false), &err);
    if (!e) throw DbError{SQLITE_CORRUPT, file + ": the database is corrupt (event " + std::to_string(s.i64(0)) +
                                              ": " + err + ")"};
    f.add(*e);
  }
  if (f.members() == 0) {
    Stmt del = prepare("DELETE FROM fused WHERE id = ?", "deleting an empty fused event");
    del.bind(1, fused_row);
    done(del, "deleting an empty fused event");
    return;
  }
  write_fused(fused_row, f);
}

namespace {
// Identity of what extraction saw: the text and the date relative dates are resolved
// against (the same text with a newly found publication date gives different events).
std::string article_hash(const ArticleRecord& a) { return content_hash(a.text + '\0' + a.published); }
}  // namespace

Store::Impl::Standing Store::Impl::standing(const ArticleRecord& a, const std::string& hash) const {
  Standing st;
  Stmt existing = prepare("SELECT id, content_hash, extracted_with FROM articles WHERE doc_id = ?",
                          "looking up the article");
  existing.bind(1, a.doc_id);
  if (row(existing, "looking up the article")) {
    if (existing.text(1) == hash && existing.text(2) == a.extracted_with) {
      st.settled.emplace().outcome = PutResult::Outcome::unchanged;
    } else {
      st.replaces = existing.i64(0);
    }
    return st;
  }
  Stmt dup = prepare("SELECT doc_id FROM articles WHERE content_hash = ? LIMIT 1", "looking up the article");
  dup.bind(1, hash);
  if (row(dup, "looking up the article")) {
    st.settled.emplace().outcome = PutResult::Outcome::duplicate;
    st.settled->duplicate_of = dup.str(0);
  }
  return st;
}

void Store::Impl::put(const ArticleRecord& a, const std::vector<Event>& events,
                      const std::vector<ControlFact>& statements, bool control_read, bool extracted,
                      PutResult& result) {
  const std::string hash = article_hash(a);
  const Standing st = standing(a, hash);
  if (st.settled) {
    result = *st.settled;
    return;
  }
  if (!extracted)
    throw std::runtime_error("changed in the database while it was being read (another writer?): not stored, "
                             "ingest it again");
  if (st.replaces) {
    // Changed text, or extracted by another build, models or data: the article's old events,
    // links, claims and control facts go; the fused events they were part of are recomputed
    // from the members that remain, and the article is stored again as it is read now.
    int64_t old = st.replaces;
    std::set<int64_t> touched;
    Stmt f = prepare("SELECT DISTINCT fused_id FROM events WHERE article_id = ?", "replacing the article");
    f.bind(1, old);
    while (row(f, "replacing the article")) touched.insert(f.i64(0));
    Stmt del = prepare("DELETE FROM articles WHERE id = ?", "replacing the article");
    del.bind(1, old);
    done(del, "replacing the article");
    for (int64_t r : touched) {
      refresh_fused(r);
      // The cluster's match state shrinks back to what its remaining members allow.
      Stmt m = prepare("SELECT e.record, e.article_id FROM events e WHERE e.fused_id = ? ORDER BY e.id",
                       "replacing the article");
      m.bind(1, r);
      std::optional<ClusterKey> key;
      FusionEngine scratch(fusion_rules);
      while (row(m, "replacing the article")) {
        auto e = event_from_json(nlohmann::json::parse(m.text(0), nullptr, false), nullptr);
        if (!e) continue;
        ClusterKey k = event_key(*e, m.i64(1), fusion_rules);
        if (!key) {
          key = k;
        } else {
          key->max_start = std::max(key->max_start, k.max_start);
          key->min_end = std::min(key->min_end, k.min_end);
          std::vector<uint64_t> actors;
          std::set_union(key->actors.begin(), key->actors.end(), k.actors.begin(), k.actors.end(),
                         std::back_inserter(actors));
          key->actors = std::move(actors);
          for (int64_t d : k.docs) key->docs.insert(std::upper_bound(key->docs.begin(), key->docs.end(), d), d);
        }
      }
      if (key) {
        Stmt up = prepare("UPDATE fused SET match_state = ? WHERE id = ?", "replacing the article");
        up.bind_blob(1, key->encode()).bind(2, r);
        done(up, "replacing the article");
      }
    }
    engine_generation.clear();  // clusters changed shape: reload below
    result.outcome = PutResult::Outcome::replaced;
  }

  std::string gen = generation();
  if (!engine || gen != engine_generation) load_engine();

  Stmt& ins = use(
      "INSERT INTO articles(doc_id, content_hash, url, source, title, published, published_from, extracted_with) "
      "VALUES (?,?,?,?,?,?,?,?)",
      "storing the article");
  ins.bind(1, a.doc_id).bind(2, hash).bind(3, a.url).bind(4, a.source).bind(5, a.title).bind(6, a.published);
  ins.bind(7, a.published_from).bind(8, a.extracted_with);
  done(ins, "storing the article");
  const int64_t article = sqlite3_last_insert_rowid(db);

  Stmt& new_fused = use("INSERT INTO fused(fused_id, match_state) VALUES (?, ?)", "creating a fused event");
  Stmt& set_state = use("UPDATE fused SET match_state = ? WHERE id = ?", "updating a fused event");
  Stmt& ins_event = use(
      "INSERT INTO events(article_id, event_id, type, date_start, date_end, fused_id, record, source) "
      "VALUES (?,?,?,?,?,?,?,?)",
      "storing an event");
  Stmt& ins_evidence = use("INSERT INTO evidence(event, sentence, start, end, text) VALUES (?,?,?,?,?)",
                              "storing evidence");
  Stmt& ins_claim = use(
      "INSERT INTO claims(event, kind, what, best, low, high, qualifier, of, by, stance, text) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      "storing a claim");
  Stmt& ins_control = use(
      "INSERT INTO control(article_id, place_key, place, admin1, admin2, country, lat, lon, controller, since, basis, "
      "event_id, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
      "storing a control fact");
  auto put_control = [&](const ControlFact& f) {
    ins_control.bind(1, article)
        .bind(2, control_place_key(f.place))
        .bind(3, f.place.name)
        .bind(4, f.place.admin1)
        .bind(5, f.place.admin2)
        .bind(6, f.place.country)
        .bind(7, f.place.lat)
        .bind(8, f.place.lon)
        .bind(9, f.controller)
        .bind(10, f.since)
        .bind(11, f.basis)
        .bind(12, f.event_id)
        .bind(13, f.evidence);
    done(ins_control, "storing a control fact");
  };

  const SourceInfo source{a.doc_id, a.source, a.url, a.title, a.published};
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    std::vector<std::string> words;
    for (const auto& ev : e.evidence) words.push_back(evidence_words(a.text, ev));

    auto placed = engine->add(event_key(e, article, fusion_rules));
    int64_t fused_row;
    std::optional<FusedEvent> fused;
    if (placed.created) {
      std::string id = "f" + hex64(hash_lower(a.doc_id + "|" + hash + "|" + e.event_id + "|" + std::to_string(i)));
      new_fused.bind(1, id).bind_blob(2, engine->cluster(placed.cluster).encode());
      done(new_fused, "creating a fused event");
      fused_row = sqlite3_last_insert_rowid(db);
      cluster_row.push_back(fused_row);
      row_cluster[fused_row] = placed.cluster;
      fused.emplace(id);
      ++result.new_fused;
    } else {
      fused_row = cluster_row[placed.cluster];
      set_state.bind_blob(1, engine->cluster(placed.cluster).encode()).bind(2, fused_row);
      done(set_state, "updating a fused event");
      fused.emplace(read_fused(fused_row));
      ++result.joined_fused;
    }
    fused->add(e);
    write_fused(fused_row, *fused);

    ins_event.bind(1, article)
        .bind(2, e.event_id)
        .bind(3, e.type)
        .bind(4, e.date.start)
        .bind(5, e.date.end)
        .bind(6, fused_row)
        .bind(7, to_json_line(e))
        .bind(8, source_entry(e, source, words));
    done(ins_event, "storing an event");
    const int64_t event_row = sqlite3_last_insert_rowid(db);
    for (size_t k = 0; k < e.evidence.size(); ++k) {
      const auto& ev = e.evidence[k];
      ins_evidence.bind(1, event_row)
          .bind(2, static_cast<int64_t>(ev.sentence))
          .bind(3, static_cast<int64_t>(ev.start))
          .bind(4, static_cast<int64_t>(ev.end))
          .bind(5, words[k]);
      done(ins_evidence, "storing evidence");
    }
    for (const auto& c : e.counts) {
      ins_claim.bind(1, event_row).bind(2, "count").bind(3, c.what).bind(4, c.best).bind(5, c.low).bind(6, c.high);
      ins_claim.bind(7, c.qualifier).bind(8, c.of).bind(9, c.claimed_by).bind(10, "").bind(11, c.text);
      done(ins_claim, "storing a claim");
    }
    for (const auto& c : e.claims) {
      ins_claim.bind(1, event_row).bind(2, "claim").bind(3, "").bind(4, std::optional<int64_t>());
      ins_claim.bind(5, std::optional<int64_t>()).bind(6, std::optional<int64_t>());
      ins_claim.bind(7, "").bind(8, "").bind(9, c.by).bind(10, c.stance).bind(11, c.text);
      done(ins_claim, "storing a claim");
    }
    // The events stage may state the fact itself (a ControlClaim naming this event), or have
    // read the whole article for control: then the rules add nothing, so one capture is one
    // fact and a capture of two districts "in Balkh" does not give the province.
    bool stated = control_read || std::any_of(statements.begin(), statements.end(), [&](const ControlFact& f) {
                    return !e.event_id.empty() && f.event_id == e.event_id;
                  });
    if (!stated)
      if (auto fact = control_rules.from_event(e, words.empty() ? std::string() : words.front())) put_control(*fact);
    ++result.events;
  }
  for (const auto& f : statements)
    if (!f.place.name.empty() && !f.controller.empty() && !f.since.empty()) put_control(f);

  // Tell other writers (and ourselves after a rollback) that the clusters moved on.
  int64_t next = std::stoll(gen.empty() ? "0" : gen) + 1;
  Stmt& bump = use("UPDATE meta SET value = ? WHERE key = 'fusion_generation'", "storing the article");
  bump.bind(1, std::to_string(next));
  done(bump, "storing the article");
  engine_generation = std::to_string(next);
}

bool Store::put_articles(const std::vector<ArticleInput>& batch, std::vector<Outcome>* outcomes,
                         std::string* error) {
  Impl& s = *impl_;
  outcomes->assign(batch.size(), {});
  if (s.mode != Mode::write) {
    if (error) *error = s.file + ": opened for reading";
    return false;
  }
  try {
    s.exec("BEGIN IMMEDIATE", "starting a transaction");
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return false;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    const auto& in = batch[i];
    PutResult result;
    try {
      s.run("SAVEPOINT article", "storing " + in.article.doc_id);
      s.put(in.article, in.events, in.statements, in.control_read, in.extracted, result);
      s.reset_all();
      s.run("RELEASE article", "storing " + in.article.doc_id);
      (*outcomes)[i].result = result;
    } catch (const std::exception& e) {
      s.reset_all();
      sqlite3_exec(s.db, "ROLLBACK TO article; RELEASE article", nullptr, nullptr, nullptr);
      s.engine_generation.clear();  // the in-memory clusters may hold what was rolled back
      (*outcomes)[i].error = s.file + ": storing " + in.article.doc_id + ": " + e.what();
    } catch (const DbError& e) {
      s.reset_all();
      sqlite3_exec(s.db, "ROLLBACK TO article; RELEASE article", nullptr, nullptr, nullptr);
      s.engine_generation.clear();
      (*outcomes)[i].error = e.message;
    }
  }
  try {
    s.reset_all();
    s.exec("COMMIT", "committing");
  } catch (const DbError& e) {
    s.reset_all();
    sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
    s.engine_generation.clear();
    for (auto& o : *outcomes) o = {};
    if (error) *error = e.message;
    return false;
  }
  return true;
}

std::optional<PutResult> Store::put_article(const ArticleRecord& article, const std::vector<Event>& events,
                                            const std::vector<ControlFact>& statements, std::string* error) {
  std::vector<ArticleInput> one{{article, events, statements, false}};
  std::vector<Outcome> outcomes;
  if (!put_articles(one, &outcomes, error)) return std::nullopt;
  if (!outcomes[0].result && error) *error = outcomes[0].error;
  return outcomes[0].result;
}

// ---- reading ------------------------------------------------------------------------------

std::optional<PutResult> Store::settled(const ArticleRecord& article, std::string* error) const {
  try {
    return impl_->standing(article, article_hash(article)).settled;
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return std::nullopt;
  }
}

bool Store::fused_events(const EventQuery& q, const std::function<void(std::string_view)>& sink,
                         std::string* error) const {
  const Impl& s = *impl_;
  std::string sql = "SELECT id, record FROM fused WHERE sources_count > 0";
  std::vector<std::string> args;
  if (!q.country.empty()) sql += " AND country = ?", args.push_back(q.country);
  if (!q.to.empty()) sql += " AND date_start <= ?", args.push_back(q.to);
  if (!q.from.empty()) sql += " AND date_end >= ?", args.push_back(q.from);
  if (!q.admin1.empty()) sql += " AND admin1 = ? COLLATE NOCASE", args.push_back(q.admin1);
  if (!q.type.empty()) {
    sql += " AND (type = ?1x COLLATE NOCASE OR acled_type = ?1x COLLATE NOCASE OR acled_sub_type = ?1x COLLATE NOCASE)";
    std::string n = std::to_string(args.size() + 1);
    size_t p;
    while ((p = sql.find("?1x")) != std::string::npos) sql.replace(p, 3, "?" + n);
    args.push_back(q.type);
  }
  sql += " ORDER BY date_start, fused_id";
  try {
    Stmt st = s.prepare(sql, "querying events");
    for (size_t i = 0; i < args.size(); ++i) st.bind(static_cast<int>(i + 1), args[i]);
    Stmt sources = s.prepare("SELECT source FROM events WHERE fused_id = ? ORDER BY id", "querying events");
    std::string line;
    while (s.row(st, "querying events")) {
      // The stored record without its closing brace, then every source behind it.
      std::string_view rec = st.text(1);
      line.assign(rec.substr(0, rec.size() - 1));
      line += ",\"sources\":[";
      sources.bind(1, st.i64(0));
      bool first = true;
      while (s.row(sources, "querying events")) {
        if (!first) line += ',';
        first = false;
        line += sources.text(0);
      }
      sources.reset();
      line += "]}";
      sink(line);
    }
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return false;
  }
  return true;
}

std::optional<std::vector<ControlRow>> Store::control(const std::string& as_of_in, const std::string& country,
                                                      std::string* error) const {
  const Impl& s = *impl_;
  try {
    std::string as_of = as_of_in;
    if (as_of.empty()) {
      Stmt m = s.prepare("SELECT max(since) FROM control", "querying control");
      if (s.row(m, "querying control") && !m.null(0)) as_of = m.str(0);
    }
    std::vector<ControlRow> out;
    if (as_of.empty()) return out;
    // Latest first per place; on one day a later-published report wins, then an event over
    // a statement, then the later-stored fact.
    std::string sql =
        "SELECT c.place_key, c.place, c.admin1, c.admin2, c.country, c.lat, c.lon, c.controller, c.since, c.basis, "
        "c.event_id, c.evidence, a.doc_id, a.source FROM control c JOIN articles a ON a.id = c.article_id "
        "WHERE c.since <= ?1";
    if (!country.empty()) sql += " AND c.country = ?2";
    sql += " ORDER BY c.place_key, c.since DESC, a.published DESC, (c.basis = 'statement'), c.id DESC";
    Stmt st = s.prepare(sql, "querying control");
    st.bind(1, as_of);
    if (!country.empty()) st.bind(2, country);
    std::string last;
    while (s.row(st, "querying control")) {
      if (st.text(0) == last) continue;
      last = st.str(0);
      ControlRow r;
      r.fact.place.name = st.str(1);
      r.fact.place.admin1 = st.str(2);
      r.fact.place.admin2 = st.str(3);
      r.fact.place.country = st.str(4);
      r.fact.place.lat = st.opt_f64(5);
      r.fact.place.lon = st.opt_f64(6);
      r.fact.controller = st.str(7);
      r.fact.since = st.str(8);
      r.fact.basis = st.str(9);
      r.fact.event_id = st.str(10);
      r.fact.evidence = st.str(11);
      r.doc_id = st.str(12);
      r.source = st.str(13);
      r.as_of = as_of;
      out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const ControlRow& a, const ControlRow& b) {
      return std::tie(a.fact.place.country, a.fact.place.admin1, a.fact.place.name, a.fact.since) <
             std::tie(b.fact.place.country, b.fact.place.admin1, b.fact.place.name, b.fact.since);
    });
    return out;
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return std::nullopt;
  }
}

std::optional<StoreStats> Store::stats(std::string* error) const {
  const Impl& s = *impl_;
  try {
    StoreStats st;
    st.articles = s.scalar("SELECT count(*) FROM articles", "counting");
    st.events = s.scalar("SELECT count(*) FROM events", "counting");
    st.fused = s.scalar("SELECT count(*) FROM fused", "counting");
    st.control_facts = s.scalar("SELECT count(*) FROM control", "counting");
    return st;
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return std::nullopt;
  }
}

}  // namespace sitrep::store
