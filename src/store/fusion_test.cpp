#include "store/fusion.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/test_events.h"

namespace sitrep::store {
namespace {

using testing::make_event;

FusionRules rules() {
  std::string err;
  auto r = FusionRules::load_default(&err);
  EXPECT_TRUE(r) << err;
  return r ? *r : FusionRules{};
}

// Adds events (each from its own article unless doc is given) and returns the cluster of each.
std::vector<uint32_t> place_all(const std::vector<std::pair<Event, int64_t>>& events) {
  FusionEngine engine(rules());
  std::vector<uint32_t> out;
  for (const auto& [e, doc] : events) out.push_back(engine.add(event_key(e, doc, engine.rules())).cluster);
  return out;
}

TEST(FusionRules, LoadsTheProjectData) {
  FusionRules r = rules();
  EXPECT_DOUBLE_EQ(r.max_km, 25);
  EXPECT_EQ(r.date_slack_days, 1);
  EXPECT_EQ(r.type_group.at("COERCE"), r.type_group.at("ASSAULT"));
}

TEST(FusionRules, MalformedFileIsReportedWithLine) {
  auto path = std::filesystem::temp_directory_path() / "sitrep_bad_fusion.tsv";
  {
    std::ofstream(path) << "# rules\nmax_km\tfar\n";
  }
  std::string err;
  EXPECT_FALSE(FusionRules::load(path, &err));
  EXPECT_NE(err.find(":2:"), std::string::npos) << err;
  std::filesystem::remove(path);
}

struct PairCase {
  const char* name;
  Event a, b;
  bool same;
};

TEST(FusionEngine, DecidesWhichReportsAreOneHappening) {
  using namespace testing;
  auto mazar_aug = make_event("000", "a", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  auto moved = [](Event e, double dlat, double dlon) {
    *e.location.lat += dlat;
    *e.location.lon += dlon;
    e.location.admin2 = "elsewhere";
    return e;
  };
  auto with_flag = [](Event e, const char* f) {
    e.flags.push_back(f);
    return e;
  };
  auto Ev = [](const char* type, const char* s, const char* e, const Place& p, const char* a1 = "Taliban",
               const char* a2 = "Afghan National Army") { return make_event("x", "b", type, s, e, p, a1, a2); };
  const std::vector<PairCase> cases = {
      {"same day, same city", mazar_aug, Ev("ASSAULT", "2021-08-10", "2021-08-10", kMazar), true},
      {"one day of slack", Ev("ASSAULT", "2021-08-10", "2021-08-10", kFaizabad),
       Ev("ASSAULT", "2021-08-11", "2021-08-11", kFaizabad), true},
      {"two days apart", Ev("ASSAULT", "2021-08-10", "2021-08-10", kFaizabad),
       Ev("ASSAULT", "2021-08-12", "2021-08-12", kFaizabad), false},
      // Seed 000 (August, Mazar-i-Sharif) and seed 003 (June, Balkh) both report 80 Taliban dead.
      {"seed 000 August vs seed 003 June", mazar_aug, Ev("ASSAULT", "2021-06-21", "2021-06-22", kBalkh), false},
      {"different cities, same day", Ev("ASSAULT", "2021-08-08", "2021-08-08", kKunduz),
       Ev("ASSAULT", "2021-08-08", "2021-08-08", kFaizabad), false},
      {"20 km away", mazar_aug, moved(Ev("ASSAULT", "2021-08-09", "2021-08-09", kMazar), 0.18, 0), true},
      {"40 km away", mazar_aug, moved(Ev("ASSAULT", "2021-08-09", "2021-08-09", kMazar), 0.36, 0), false},
      {"capture coded COERCE by one article", Ev("ASSAULT", "2021-08-10", "2021-08-11", kFaizabad),
       Ev("COERCE", "2021-08-11", "2021-08-11", kFaizabad), true},
      {"a visit is not a battle", mazar_aug, Ev("CONSULT", "2021-08-10", "2021-08-10", kMazar), false},
      {"actors reversed", mazar_aug, Ev("ASSAULT", "2021-08-09", "2021-08-09", kMazar, "Afghan National Army", "Taliban"),
       true},
      {"actor unknown in one report", mazar_aug, Ev("ASSAULT", "2021-08-09", "2021-08-09", kMazar, "", ""), true},
      {"different fighters", mazar_aug,
       Ev("ASSAULT", "2021-08-09", "2021-08-09", kMazar, "Islamic State Khorasan", "Hazara militia"), false},
      {"an aggregate is not one happening", mazar_aug,
       with_flag(Ev("ASSAULT", "2021-08-09", "2021-08-10", kMazar), "aggregate"), false},
      {"a month-wide report is too vague", mazar_aug, Ev("ASSAULT", "2021-08-01", "2021-08-31", kMazar), false},
  };
  for (const auto& c : cases) {
    auto clusters = place_all({{c.a, 1}, {c.b, 2}});
    EXPECT_EQ(clusters[0] == clusters[1], c.same) << c.name;
  }
}

TEST(FusionEngine, SameDistrictFusesEvenWhenPointsAreFar) {
  using namespace testing;
  auto a = make_event("1", "a", "ASSAULT", "2021-08-30", "2021-08-30", kPanjshir);
  a.location.admin2 = "Rukha";
  auto b = a;
  *b.location.lat += 0.4;  // ~45 km: a district centroid vs a village in it
  b.location.name = "Bazarak";
  auto c = place_all({{a, 1}, {b, 2}});
  EXPECT_EQ(c[0], c[1]);
}

TEST(FusionEngine, AnArticleNeverFusesWithItself) {
  using namespace testing;
  auto a = make_event("000", "a", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  auto b = make_event("000", "b", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  auto c = place_all({{a, 7}, {b, 7}});
  EXPECT_NE(c[0], c[1]);
}

TEST(FusionEngine, DailyClashesDoNotChainIntoOneEvent) {
  using namespace testing;
  auto day = [](const char* d, int64_t doc) {
    return std::pair{make_event("d", "e", "ASSAULT", d, d, kKunduz), doc};
  };
  auto c = place_all({day("2021-08-01", 1), day("2021-08-02", 2), day("2021-08-03", 3)});
  EXPECT_EQ(c[0], c[1]);
  EXPECT_NE(c[1], c[2]);  // Aug 3 overlaps Aug 2 with slack, but not Aug 1
}

TEST(FusionEngine, NeighboursAcrossHighLatitudesAndTheDateLine) {
  using namespace testing;
  Place north{"Kiruna", "Norrbotten", "", 67.85, 20.22};
  auto a = make_event("1", "a", "ASSAULT", "2021-01-01", "2021-01-01", north);
  auto b = a;
  *b.location.lon += 0.45;  // ~19 km east at 68 N: several grid columns away
  Place fiji{"Taveuni", "Northern", "", -16.8, 179.95};
  auto c = make_event("1", "a", "ASSAULT", "2021-01-01", "2021-01-01", fiji);
  auto d = c;
  d.location.lon = -179.95;  // ~11 km across the antimeridian
  auto k = place_all({{a, 1}, {b, 2}, {c, 3}, {d, 4}});
  EXPECT_EQ(k[0], k[1]);
  EXPECT_EQ(k[2], k[3]);
  EXPECT_NE(k[0], k[2]);
}

TEST(FusionEngine, NewReportsJoinRestoredClusters) {
  using namespace testing;
  FusionEngine first(rules());
  auto a = make_event("000", "a", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  first.add(event_key(a, 1, first.rules()));
  auto saved = ClusterKey::decode(first.cluster(0).encode());
  ASSERT_TRUE(saved);
  FusionEngine later(rules());
  later.restore(*saved);
  auto b = make_event("005", "b", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  auto placed = later.add(event_key(b, 2, later.rules()));
  EXPECT_FALSE(placed.created);
  EXPECT_EQ(later.cluster(0).docs, (std::vector<int64_t>{1, 2}));
}

TEST(ClusterKey, RejectsDamagedBytes) {
  using namespace testing;
  auto k = event_key(make_event("1", "a", "ASSAULT", "2021-08-09", "2021-08-10", kMazar), 1, rules());
  std::string bytes = k.encode();
  EXPECT_TRUE(ClusterKey::decode(bytes));
  EXPECT_FALSE(ClusterKey::decode(bytes.substr(0, bytes.size() - 3)));
  EXPECT_FALSE(ClusterKey::decode(bytes + "x"));
  EXPECT_FALSE(ClusterKey::decode(""));
}

FusedEvent fuse_all(const std::vector<const Event*>& members) {
  FusedEvent f("fX");
  for (const Event* e : members) f.add(*e);
  return f;
}

TEST(FusedEvent, FatalitiesSpanTheReportsAndBestIsTheMostConservative) {
  using namespace testing;
  auto a = make_event("000", "a", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  a.counts = {killed(80, "Taliban", "Afghan National Army", "over")};
  a.counts[0].high.reset();
  auto b = make_event("005", "b", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  b.counts = {killed(70, "Taliban", "provincial police")};
  b.counts[0].high = 75;
  auto c = make_event("006", "c", "ASSAULT", "2021-08-10", "2021-08-10", kMazar);  // no figure
  auto j = fuse_all({&a, &b, &c}).record();
  EXPECT_EQ(j["event_id"], "fX");
  EXPECT_EQ(j["doc_id"], "000");
  EXPECT_EQ(j["fatalities"]["best"], 70);
  EXPECT_EQ(j["fatalities"]["low"], 70);
  EXPECT_EQ(j["fatalities"]["high"], 80);
  EXPECT_EQ(j["fatalities"]["reports"], 2);
  // Aug 9 (005) and Aug 10 (006) have no day in common: the fused date is the span.
  EXPECT_EQ(j["date"]["start"], "2021-08-09");
  EXPECT_EQ(j["date"]["end"], "2021-08-10");
  EXPECT_EQ(fuse_all({&a, &b, &c}).record().dump(), j.dump());  // deterministic
}

TEST(FusedEvent, TypeByVoteTheAgreedDateAndTheMostPrecisePlace) {
  using namespace testing;
  auto a = make_event("1", "a", "COERCE", "2021-08-11", "2021-08-11", kBalkh);
  auto b = make_event("2", "b", "ASSAULT", "2021-08-11", "2021-08-11", kMazar);
  auto c = make_event("3", "c", "ASSAULT", "2021-08-10", "2021-08-11", kMazar, "Taliban", "Atta Mohammad Noor militia");
  auto j = fuse_all({&a, &b, &c}).record();
  EXPECT_EQ(j["type"], "ASSAULT");
  EXPECT_EQ(j["acled"]["sub_event_type"], "Armed clash");
  EXPECT_EQ(j["location"]["name"], "Mazar-i-Sharif");
  EXPECT_EQ(j["date"]["start"], "2021-08-11");
  EXPECT_EQ(j["date"]["precision"], "day");
  ASSERT_EQ(j["actor2"].size(), 2u);
  EXPECT_EQ(j["actor2"][1]["name"], "Atta Mohammad Noor militia");
}

TEST(FusedEvent, StateCarriesOverToTheNextIngest) {
  using namespace testing;
  auto a = make_event("000", "a", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  a.counts = {killed(80, "Taliban", "army")};
  a.claims = {{"Afghan National Army", "asserts", "the Afghan military said"}};
  auto b = make_event("005", "b", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  b.counts = {killed(70, "Taliban", "police")};
  b.claims = {{"Taliban", "denies", "the Taliban denied"}};
  b.flags = {"disputed"};
  FusedEvent first("fX");
  first.add(a);
  std::string err;
  auto later = FusedEvent::restore(first.state(), &err);
  ASSERT_TRUE(later) << err;
  later->add(b);
  EXPECT_EQ(later->record().dump(), fuse_all({&a, &b}).record().dump());
  EXPECT_EQ(later->members(), 2u);
  EXPECT_FALSE(FusedEvent::restore("{\"id\":1}", &err));
  EXPECT_FALSE(FusedEvent::restore("not json", &err));
}

TEST(FusedEvent, SourceEntryKeepsWhoClaimedWhatAndTheWords) {
  using namespace testing;
  auto a = make_event("000", "000-e1", "ASSAULT", "2021-08-09", "2021-08-10", kMazar);
  a.counts = {killed(80, "Taliban", "Afghan National Army", "over")};
  auto j = nlohmann::json::parse(source_entry(a, {"000", "Sputnik", "https://example.org/a", "Title", "2021-08-10"},
                                              {"over 80 militants killed"}));
  EXPECT_EQ(j["source"], "Sputnik");
  EXPECT_EQ(j["event_id"], "000-e1");
  EXPECT_EQ(j["fatalities"]["best"], 80);
  EXPECT_EQ(j["counts"][0]["claimed_by"], "Afghan National Army");
  EXPECT_EQ(j["evidence"][0]["text"], "over 80 militants killed");
}

TEST(FusedEvent, ArticleFatalitiesSumAnArticlesKilledCounts) {
  using namespace testing;
  auto e = make_event("1", "a", "ASSAULT", "2021-08-09", "2021-08-09", kMazar);
  e.counts = {killed(80, "Taliban", "army"), killed(5, "soldiers", "army")};
  e.counts.push_back({"injured", 15, 15, std::nullopt, "", "", "", ""});
  auto f = article_fatalities(e);
  EXPECT_EQ(f.best, 85);
  EXPECT_FALSE(article_fatalities(make_event("1", "a", "ASSAULT", "2021-08-09", "2021-08-09", kMazar)).best);
}

}  // namespace
}  // namespace sitrep::store
