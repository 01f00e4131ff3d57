#include "store/store.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/export.h"
#include "store/test_events.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;
using namespace testing;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh database path per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sitrep_store_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "events.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> open(Store::Mode mode = Store::Mode::write) {
    std::string err;
    auto s = Store::open(db_, mode, &err);
    EXPECT_TRUE(s) << err;
    return s;
  }

  // The seed's own text, so evidence spans slice real words.
  static ArticleRecord seed(const std::string& doc, const std::string& published) {
    ArticleRecord a;
    a.doc_id = doc;
    a.source = "seed " + doc;
    a.published = published;
    for (const auto& f : fs::directory_iterator(fs::path(SITREP_SHARED_DIR) / "seeds"))
      if (f.path().filename().string().rfind(doc, 0) == 0) a.text = read_file(f.path());
    if (a.text.empty()) a.text = "text of " + doc;
    return a;
  }

  PutResult put(Store& s, const ArticleRecord& a, const std::vector<Event>& events,
                const std::vector<ControlFact>& statements = {}) {
    std::string err;
    auto r = s.put_article(a, events, statements, &err);
    EXPECT_TRUE(r) << err;
    return r ? *r : PutResult{};
  }

  std::vector<nlohmann::json> fused(const Store& s, EventQuery q = {}) {
    std::vector<nlohmann::json> out;
    std::string err;
    EXPECT_TRUE(s.fused_events(q, [&](std::string_view r) { out.push_back(nlohmann::json::parse(r)); }, &err)) << err;
    return out;
  }

  fs::path dir_, db_;
};

Event mazar_august(const std::string& doc, int64_t dead) {
  auto e = make_event(doc, doc + "-e1", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  e.counts = {killed(dead, "Taliban", "Afghan National Army", "over")};
  return e;
}

Event balkh_june(const std::string& doc) {
  auto e = make_event(doc, doc + "-e2", "ASSAULT", "2021-06-21", "2021-06-22", kBalkh);
  e.counts = {killed(80, "Taliban", "Afghan Ministry of Defense")};
  return e;
}

TEST_F(StoreTest, CreatesAVersionedWalDatabase) {
  auto s = open();
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(StoreTest, SameArticleAgainChangesNothing) {
  auto s = open();
  auto a = seed("000", "2021-08-10");
  EXPECT_EQ(put(*s, a, {mazar_august("000", 80)}).outcome, PutResult::Outcome::added);
  auto before = fused(*s);
  EXPECT_EQ(put(*s, a, {mazar_august("000", 80)}).outcome, PutResult::Outcome::unchanged);
  auto st = s->stats(nullptr);
  EXPECT_EQ(st->articles, 1);
  EXPECT_EQ(st->events, 1);
  EXPECT_EQ(fused(*s), before);
}

TEST_F(StoreTest, AnotherExtractorReExtractsTheSameText) {
  // The same article read again by a new build (or with edited dictionaries) must not keep the
  // events the old one found: its fingerprint differs, so the article is replaced.
  auto s = open();
  auto a = seed("000", "2021-08-10");
  a.extracted_with = "build-1";
  EXPECT_EQ(put(*s, a, {mazar_august("000", 80)}).outcome, PutResult::Outcome::added);
  EXPECT_EQ(put(*s, a, {mazar_august("000", 80)}).outcome, PutResult::Outcome::unchanged);
  a.extracted_with = "build-2";
  EXPECT_EQ(put(*s, a, {mazar_august("000", 85)}).outcome, PutResult::Outcome::replaced);
  ASSERT_EQ(fused(*s).size(), 1u);
  EXPECT_EQ(fused(*s)[0]["fatalities"]["best"], 85);  // the new extraction's figure, not the old one's
  EXPECT_EQ(s->stats(nullptr)->events, 1);
  EXPECT_EQ(put(*s, a, {mazar_august("000", 85)}).outcome, PutResult::Outcome::unchanged);
}

TEST_F(StoreTest, ChangedTextReplacesOnlyItsOwnEvents) {
  auto s = open();
  auto a = seed("000", "2021-08-10");
  auto b = seed("005", "2021-08-10");
  b.text = "Provincial police said at least 70 Taliban fighters died near Mazar-i-Sharif on Monday.";
  put(*s, a, {mazar_august("000", 80)});
  put(*s, b, {mazar_august("005", 70)});
  ASSERT_EQ(fused(*s).size(), 1u);
  EXPECT_EQ(fused(*s)[0]["fatalities"]["best"], 70);
  // 005 is corrected: now 90 dead.
  b.text += " Correction: the figure was later revised to 90.";
  EXPECT_EQ(put(*s, b, {mazar_august("005", 90)}).outcome, PutResult::Outcome::replaced);
  auto f = fused(*s);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["sources"].size(), 2u);
  EXPECT_EQ(f[0]["fatalities"]["best"], 80);
  EXPECT_EQ(f[0]["fatalities"]["high"], 90);
  EXPECT_EQ(s->stats(nullptr)->events, 2);
  // Replaced with no events at all: the fused event is 000's alone again.
  b.text += " Retracted.";
  put(*s, b, {});
  f = fused(*s);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["sources"].size(), 1u);
  EXPECT_EQ(f[0]["fatalities"]["best"], 80);
}

TEST_F(StoreTest, SameTextUnderAnotherIdIsADuplicate) {
  auto s = open();
  auto a = seed("001", "2021-08-11");
  put(*s, a, {});
  auto copy = a;
  copy.doc_id = "001-syndicated";
  auto r = put(*s, copy, {});
  EXPECT_EQ(r.outcome, PutResult::Outcome::duplicate);
  EXPECT_EQ(r.duplicate_of, "001");
}

TEST_F(StoreTest, FusesAcrossArticlesAndSessionsButKeepsTheSeedBattlesApart) {
  {
    auto s = open();
    put(*s, seed("000", "2021-08-10"), {mazar_august("000", 80)});
    put(*s, seed("003", "2021-06-22"), {balkh_june("003")});
  }
  auto s = open();  // a later ingest: the fused events it joins come from disk
  auto later = make_event("005", "005-e1", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  later.counts = {killed(70, "Taliban", "police")};
  auto r = put(*s, seed("005", "2021-08-10"), {later});
  EXPECT_EQ(r.joined_fused, 1u);
  auto f = fused(*s);
  ASSERT_EQ(f.size(), 2u);  // June in Balkh, August in Mazar-i-Sharif
  EXPECT_EQ(f[0]["date"]["start"], "2021-06-21");
  EXPECT_EQ(f[0]["sources"].size(), 1u);
  EXPECT_EQ(f[1]["location"]["name"], "Mazar-i-Sharif");
  EXPECT_EQ(f[1]["sources"].size(), 2u);
  EXPECT_EQ(f[1]["fatalities"]["low"], 70);
  EXPECT_EQ(f[1]["fatalities"]["high"], 80);
  EXPECT_FALSE(f[1]["sources"][0]["evidence"][0]["text"].get<std::string>().empty());
}

TEST_F(StoreTest, QueriesFilterByDatePlaceAndType) {
  auto s = open();
  put(*s, seed("000", "2021-08-10"), {mazar_august("000", 80)});
  put(*s, seed("003", "2021-06-22"), {balkh_june("003")});
  auto visit = make_event("001", "001-e1", "CONSULT", "2021-08-11", "2021-08-11", kMazar, "Ashraf Ghani", "");
  put(*s, seed("001", "2021-08-11"), {visit});
  struct Case {
    EventQuery q;
    size_t n;
  };
  std::vector<Case> cases = {
      {{}, 3},
      {{"2021-08-01", "", "", "", ""}, 2},
      {{"", "2021-06-30", "", "", ""}, 1},
      {{"2021-08-10", "2021-08-10", "", "", ""}, 1},  // the Aug 9..10 battle overlaps Aug 10
      {{"", "", "AF", "balkh", ""}, 3},
      {{"", "", "PK", "", ""}, 0},
      {{"", "", "", "", "ASSAULT"}, 2},
      {{"", "", "", "", "battles"}, 2},
      {{"", "", "", "", "CONSULT"}, 1},
  };
  for (const auto& c : cases) EXPECT_EQ(fused(*s, c.q).size(), c.n) << c.q.from << c.q.to << c.q.admin1 << c.q.type;
}

TEST_F(StoreTest, WritesCsvGeoJsonAndJsonl) {
  {
    auto s = open();
    put(*s, seed("000", "2021-08-10"), {mazar_august("000", 80)});
  }
  std::ostringstream csv, geo, jsonl;
  std::string err;
  ASSERT_TRUE(query_events(db_, {}, EventFormat::csv, csv, &err)) << err;
  ASSERT_TRUE(query_events(db_, {}, EventFormat::geojson, geo, &err)) << err;
  ASSERT_TRUE(query_events(db_, {}, EventFormat::jsonl, jsonl, &err)) << err;
  std::istringstream lines(csv.str());
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  EXPECT_EQ(header,
            "event_id,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,"
            "country,admin1,admin2,location,latitude,longitude,geo_precision,fatalities,fatalities_low,"
            "fatalities_high,sources_count,source,notes,plover_type,plover_mode");
  EXPECT_NE(row.find(",2021-08-09,2,Battles,Armed clash,Taliban,,Afghan National Army,,AF,Balkh,"), std::string::npos)
      << row;
  auto g = nlohmann::json::parse(geo.str());
  EXPECT_EQ(g["type"], "FeatureCollection");
  ASSERT_EQ(g["features"].size(), 1u);
  EXPECT_EQ(g["features"][0]["geometry"]["coordinates"][0], 67.110);
  EXPECT_EQ(g["features"][0]["properties"]["fatalities"], 80);
  EXPECT_EQ(g["features"][0]["properties"].size(), 24u);
  auto j = nlohmann::json::parse(jsonl.str());
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["sources"][0]["doc_id"], "000");
}

TEST_F(StoreTest, ControlFromCapturesAndStatementsAsOfADate) {
  auto s = open();
  auto capture = make_event("001", "001-e2", "ASSAULT", "2021-08-10", "2021-08-11", kFaizabad, "Taliban",
                            "Afghan National Army");
  capture.acled_sub_event_type = "Non-state actor overtakes territory";
  auto planned = make_event("000", "000-e2", "COERCE", "2021-08-09", "2021-08-09", kMazar, "Taliban", "");
  planned.mode = "seize";
  planned.flags = {"future"};  // "the Taliban announced that they would soon capture Mazar-i-Sharif"
  ControlFact held;
  held.place.name = "Mazar-i-Sharif";
  held.place.admin1 = "Balkh";
  held.place.country = "AF";
  held.controller = "Afghan government";
  held.since = "2021-08-11";
  held.basis = "statement";
  held.evidence = "the besieged northern city of Mazar-i-Sharif";
  put(*s, seed("000", "2021-08-10"), {planned});
  put(*s, seed("001", "2021-08-11"), {capture}, {held});

  std::string err;
  auto rows = s->control("2021-08-11", "AF", &err);
  ASSERT_TRUE(rows) << err;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fact.place.name, "Faizabad");
  EXPECT_EQ((*rows)[0].fact.controller, "Taliban");
  EXPECT_EQ((*rows)[0].fact.basis, "capture");
  EXPECT_EQ((*rows)[0].fact.event_id, "001-e2");
  EXPECT_EQ((*rows)[1].fact.place.name, "Mazar-i-Sharif");
  EXPECT_EQ((*rows)[1].fact.controller, "Afghan government");
  EXPECT_TRUE(s->control("2021-08-10", "", &err)->empty());

  // A government retaking later changes hands again; as of the 11th the Taliban still hold it.
  auto retake = make_event("006", "006-e1", "ASSAULT", "2021-08-20", "2021-08-20", kFaizabad, "Afghan National Army",
                           "Taliban");
  retake.acled_sub_event_type = "Government regains territory";
  put(*s, seed("006", "2021-08-21"), {retake});
  EXPECT_EQ(s->control("2021-08-21", "", &err)->at(0).fact.controller, "Afghan National Army");
  EXPECT_EQ(s->control("2021-08-21", "", &err)->at(0).fact.since, "2021-08-20");
  EXPECT_EQ(s->control("2021-08-11", "", &err)->at(0).fact.controller, "Taliban");
  EXPECT_EQ(s->control("", "", &err)->at(0).as_of, "2021-08-20");  // default: the latest date known

  // Forces that withdrew from a place before a named side leave it to that side; a withdrawal
  // before no one gives the place to no one.
  auto withdrew = make_event("007", "007-e1", "RETREAT", "2021-08-24", "2021-08-24", kFaizabad, "Taliban",
                             "Afghan National Army");
  withdrew.mode = "withdraw";
  auto left = make_event("008", "008-e1", "RETREAT", "2021-08-26", "2021-08-26", kMazar, "Afghan National Army", "");
  left.mode = "withdraw";
  put(*s, seed("007", "2021-08-25"), {withdrew});
  put(*s, seed("008", "2021-08-27"), {left});
  auto after = s->control("2021-08-27", "", &err);
  ASSERT_TRUE(after) << err;
  EXPECT_EQ(after->at(0).fact.place.name, "Faizabad");
  EXPECT_EQ(after->at(0).fact.controller, "Afghan National Army");
  EXPECT_EQ(after->at(0).fact.basis, "withdrawal");
  EXPECT_EQ(after->at(1).fact.place.name, "Mazar-i-Sharif");
  EXPECT_EQ(after->at(1).fact.controller, "Afghan government") << "no side named: the statement stands";

  std::ostringstream out;
  write_control(*s->control("2021-08-11", "", &err), ControlFormat::jsonl, out);
  auto first = nlohmann::json::parse(out.str().substr(0, out.str().find('\n')));
  for (const char* k : {"place", "admin1", "country", "lat", "lon", "controller", "since", "as_of", "event_id",
                        "evidence"})
    EXPECT_TRUE(first.contains(k)) << k;
}

// ---- reliability ---------------------------------------------------------------------------

TEST_F(StoreTest, MissingCorruptForeignAndNewerFilesAreRefusedWithAReason) {
  std::string err;
  EXPECT_FALSE(Store::open(db_, Store::Mode::read, &err));
  EXPECT_NE(err.find("no such database"), std::string::npos) << err;

  std::ofstream(db_) << std::string(8192, 'x');
  EXPECT_FALSE(Store::open(db_, Store::Mode::write, &err));
  EXPECT_NE(err.find("corrupt"), std::string::npos) << err;
  EXPECT_NE(err.find(db_.string()), std::string::npos) << err;
  fs::remove(db_);

  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_FALSE(Store::open(db_, Store::Mode::read, &err));
  EXPECT_NE(err.find("did not write"), std::string::npos) << err;
  fs::remove(db_);

  open().reset();
  sqlite3_open(db_.c_str(), &db);
  sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)).c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  for (auto mode : {Store::Mode::read, Store::Mode::write}) {
    EXPECT_FALSE(Store::open(db_, mode, &err));
    EXPECT_NE(err.find("newer sitrep"), std::string::npos) << err;
  }
}

TEST_F(StoreTest, CorruptPagesAreReportedNotMisread) {
  {
    auto s = open();
    for (int i = 0; i < 200; ++i)
      put(*s, {"doc" + std::to_string(i), "", "", "", "2021-08-10", "", "text " + std::to_string(i), ""},
          {mazar_august("doc" + std::to_string(i), i)});
  }
  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  {
    std::fstream f(db_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 3);
    std::string junk(4096 * 4, '\xA5');
    f.write(junk.data(), junk.size());
  }
  std::string err;
  auto s = Store::open(db_, Store::Mode::read, &err);
  bool refused = !s;
  if (s) refused = !s->fused_events({}, [](std::string_view) {}, &err) || !s->stats(&err);
  EXPECT_TRUE(refused);
  EXPECT_NE(err.find("corrupt"), std::string::npos) << err;
}

TEST_F(StoreTest, OlderSchemaIsMigrated) {
  // A database as version kSchemaVersion-1 left it, with one article in it.
  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  for (int v = 1; v < kSchemaVersion; ++v)
    ASSERT_EQ(sqlite3_exec(db, std::string(migration_sql(v)).c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_exec(db, ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(kSchemaVersion - 1)).c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO articles(doc_id, content_hash) VALUES ('old', 'h')", nullptr, nullptr, nullptr);
  sqlite3_close(db);

  auto s = open(Store::Mode::read);  // a reader migrates too (it needs the new layout)
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  EXPECT_EQ(s->stats(nullptr)->articles, 1);
  s = open();
  put(*s, seed("000", "2021-08-10"), {mazar_august("000", 80)});
  EXPECT_EQ(s->stats(nullptr)->articles, 2);
}

TEST_F(StoreTest, ReadOnlyFileIsRefusedForIngest) {
  open().reset();
  fs::permissions(db_, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  if (geteuid() != 0) {
    std::string err;
    EXPECT_FALSE(Store::open(db_, Store::Mode::write, &err));
    EXPECT_NE(err.find("read-only"), std::string::npos) << err;
    return;
  }
  // Root ignores file permissions (CI runs as root): give the folder and the file to an
  // unprivileged user and try the ingest-mode open as that user in a child process.
  constexpr uid_t kNobody = 65534;
  for (const auto& p : {dir_, db_}) ASSERT_EQ(chown(p.c_str(), kNobody, kNobody), 0) << p;
  const fs::path said = dir_ / "said.txt";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(3);
    std::string err;
    bool opened = static_cast<bool>(Store::open(db_, Store::Mode::write, &err));
    std::ofstream(said) << err;
    _exit(opened ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 3) << "could not become an unprivileged user";
  std::ifstream in(said);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(WEXITSTATUS(status), 0) << "a read-only database was opened for ingest";
  EXPECT_NE(err.find("read-only"), std::string::npos) << err;
}

TEST_F(StoreTest, ReadersQueryWhileAWriterHoldsTheLockAndWritersWaitThenGiveUp) {
  {
    auto s = open();
    put(*s, seed("000", "2021-08-10"), {mazar_august("000", 80)});
  }
  sqlite3* writer = nullptr;
  sqlite3_open(db_.c_str(), &writer);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE 0;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_exec(writer, "INSERT INTO articles(doc_id, content_hash) VALUES ('uncommitted', 'u')", nullptr, nullptr,
               nullptr);

  auto reader = open(Store::Mode::read);
  EXPECT_EQ(fused(*reader).size(), 1u);
  EXPECT_EQ(reader->stats(nullptr)->articles, 1);  // the open transaction is invisible

  std::string err;
  Store::Options quick;
  quick.busy_timeout_ms = 100;
  auto second = Store::open(db_, Store::Mode::write, &err, quick);
  ASSERT_TRUE(second) << err;
  EXPECT_FALSE(second->put_article(seed("003", "2021-06-22"), {balkh_june("003")}, {}, &err));
  EXPECT_NE(err.find("locked"), std::string::npos) << err;
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  EXPECT_TRUE(second->put_article(seed("003", "2021-06-22"), {balkh_june("003")}, {}, &err)) << err;
}

// A writer killed with SIGKILL in the middle of a large ingest leaves a consistent database;
// running the same ingest again completes it, with no duplicates, to exactly what an
// uninterrupted run stores.
std::vector<std::pair<ArticleRecord, std::vector<Event>>> big_ingest() {
  std::vector<std::pair<ArticleRecord, std::vector<Event>>> out;
  const Place places[] = {kMazar, kFaizabad, kKunduz, kPanjshir};
  for (int i = 0; i < 800; ++i) {
    std::string doc = "wire-" + std::to_string(i);
    ArticleRecord a{doc, "", "Wire " + std::to_string(i % 7), "", "2021-08-10", "", "article text " + doc, ""};
    std::vector<Event> events;
    for (int k = 0; k < 3; ++k) {
      int day = 1 + (i * 3 + k) % 28;
      std::string d = "2021-08-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
      auto e = make_event(doc, doc + "-" + std::to_string(k), "ASSAULT", d, d, places[(i + k) % 4]);
      e.counts = {killed(i % 50, "Taliban", "army")};
      events.push_back(e);
    }
    out.push_back({a, events});
  }
  return out;
}

std::string dump_fused(const fs::path& db) {
  std::string out;
  std::string err;
  auto s = Store::open(db, Store::Mode::read, &err);
  EXPECT_TRUE(s) << err;
  if (s) s->fused_events({}, [&](std::string_view r) { (out += r) += '\n'; }, &err);
  return out;
}

TEST_F(StoreTest, KillNineMidIngestThenRerunCompletesWithoutDuplicates) {
  const auto work = big_ingest();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string err;
    auto s = Store::open(db_, Store::Mode::write, &err);
    if (!s) _exit(2);
    std::vector<Store::ArticleInput> batch;
    std::vector<Store::Outcome> outcomes;
    for (const auto& [a, events] : work) {
      batch.push_back({a, events, {}});
      if (batch.size() == 10) {
        if (!s->put_articles(batch, &outcomes, &err)) _exit(3);
        batch.clear();
      }
    }
    _exit(0);
  }
  // Wait until a good part is stored, then kill the writer without warning.
  for (int i = 0; i < 2000; ++i) {
    usleep(5000);
    std::string err;
    auto r = Store::open(db_, Store::Mode::read, &err);
    if (r && r->stats(nullptr) && r->stats(nullptr)->articles >= 200) break;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer finished before it could be killed";

  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  auto one = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    sqlite3_step(st);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    std::string v = text ? text : "(null)";
    sqlite3_finalize(st);
    return v;
  };
  EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(one("SELECT count(*) FROM pragma_foreign_key_check"), "0");
  int64_t stored = std::stoll(one("SELECT count(*) FROM articles"));
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, 800);
  EXPECT_EQ(stored % 10, 0);  // whole batches
  EXPECT_EQ(one("SELECT count(*) FROM events"), std::to_string(stored * 3));  // whole articles only
  EXPECT_EQ(one("SELECT count(*) FROM events e LEFT JOIN fused f ON f.id = e.fused_id WHERE f.id IS NULL"), "0");
  EXPECT_EQ(one("SELECT coalesce(sum(sources_count), 0) FROM fused"), std::to_string(stored * 3));
  sqlite3_close(db);

  {
    auto s = open();
    for (const auto& [a, events] : work) put(*s, a, events);
    EXPECT_EQ(s->stats(nullptr)->articles, 800);
    EXPECT_EQ(s->stats(nullptr)->events, 2400);
  }
  const std::string resumed = dump_fused(db_);
  fs::path clean = dir_ / "clean.db";
  {
    std::string err;
    auto s = Store::open(clean, Store::Mode::write, &err);
    ASSERT_TRUE(s) << err;
    for (const auto& [a, events] : work) ASSERT_TRUE(s->put_article(a, events, {}, &err)) << err;
  }
  EXPECT_EQ(resumed, dump_fused(clean));
}

}  // namespace
}  // namespace sitrep::store
