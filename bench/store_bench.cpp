// Store benchmarks (issue 7 figures):
//   BM_Fusion/1000000      fusion of 1,000,000 synthetic per-article events on one core: the
//                          engine's membership decisions plus every fused record's state and
//                          JSON (target <= 60 s).
//   BM_QueryMonthCountry   a month of one country's fused events, as JSON Lines with their
//                          sources, out of a database of 1,000,000 events (target <= 200 ms).
//                          The database is built once through Store::put_articles and kept
//                          at $SITREP_BENCH_DB (default /tmp/sitrep_bench_1m.db).
//   BM_StoreArticles       storing throughput: articles of 5 events per second.
//
// Synthetic world: 20 countries x 20 provinces x 10 districts, 2 years of days, 5 event types,
// 6 actors per country. Each happening is reported by 1..3 articles with a day of date jitter,
// up to ~5 km of place jitter and differing fatality figures; articles carry 5 events each and
// arrive shuffled. Deterministic (fixed seeds).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "core/civil_date.h"
#include "store/export.h"
#include "store/fusion.h"
#include "store/store.h"

namespace sitrep::store {
namespace {

struct Synthetic {
  std::vector<Event> events;
  std::vector<int64_t> doc;  // article index of each event
  size_t articles = 0;
};

Synthetic generate(size_t n, uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  auto uni = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](size_t k) { return static_cast<size_t>(rng() % k); };
  const char* types[] = {"ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "CONSULT"};
  const CivilDate epoch = *CivilDate::from_ymd(2020, 1, 1);
  Synthetic s;
  s.events.reserve(n);
  std::vector<std::pair<size_t, int>> order;  // (event index, report number)
  while (s.events.size() < n) {
    size_t country = pick(20), province = pick(20), district = pick(10);
    double clat = -30 + 3.0 * country + 0.1 * province, clon = -60 + 9.0 * country + 0.1 * district;
    double lat = clat + uni(-0.05, 0.05), lon = clon + uni(-0.05, 0.05);
    int day = static_cast<int>(pick(730));
    const char* type = types[pick(7)];
    std::string a1 = "Actor " + std::to_string(country) + "-" + std::to_string(pick(6));
    std::string a2 = "Actor " + std::to_string(country) + "-" + std::to_string(pick(6));
    int64_t dead = std::string(type) == "ASSAULT" ? static_cast<int64_t>(pick(60)) : -1;
    int reports = 1 + static_cast<int>(pick(3));
    for (int r = 0; r < reports && s.events.size() < n; ++r) {
      Event e;
      e.event_id = "e" + std::to_string(s.events.size());
      e.type = type;
      if (e.type == "ASSAULT") e.acled_event_type = "Battles", e.acled_sub_event_type = "Armed clash";
      int d = day + (r > 0 && pick(3) == 0 ? 1 : 0);
      e.date = {epoch.plus_days(d).iso(), epoch.plus_days(d).iso(), "day", "", "published"};
      e.actor1 = {{a1, "rebel_group", "", a1}};
      e.actor2 = {{a2, "state_forces", "", a2}};
      auto& l = e.location;
      l.name = "Place " + std::to_string(country) + "-" + std::to_string(province) + "-" + std::to_string(district);
      l.feature = "town";
      l.country = std::string(1, static_cast<char>('A' + country)) + "X";
      l.admin1 = "Province " + std::to_string(province);
      l.admin2 = "District " + std::to_string(district) + "/" + std::to_string(pick(1000));
      l.lat = lat + uni(-0.03, 0.03);
      l.lon = lon + uni(-0.03, 0.03);
      l.precision = 1;
      if (dead >= 0) {
        int64_t v = std::max<int64_t>(0, dead + static_cast<int64_t>(pick(11)) - 5);
        e.counts.push_back({"killed", v, v, std::nullopt, "", "", "source " + std::to_string(r), ""});
      }
      e.evidence = {{0, 0, 10}};
      e.confidence = 0.7;
      order.push_back({s.events.size(), r});
      s.events.push_back(std::move(e));
    }
  }
  // Arrival order shuffled; 5 events per article.
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<Event> shuffled;
  shuffled.reserve(n);
  for (auto& [i, r] : order) shuffled.push_back(std::move(s.events[i]));
  s.events = std::move(shuffled);
  s.doc.resize(n);
  for (size_t i = 0; i < n; ++i) s.doc[i] = static_cast<int64_t>(i / 5);
  s.articles = (n + 4) / 5;
  for (size_t i = 0; i < n; ++i) s.events[i].doc_id = "doc" + std::to_string(s.doc[i]);
  return s;
}

FusionRules rules() {
  std::string err;
  auto r = FusionRules::load_default(&err);
  if (!r) std::abort();
  return *r;
}

void BM_Fusion(benchmark::State& state) {
  const size_t n = state.range(0);
  Synthetic s = generate(n);
  size_t clusters = 0, bytes = 0;
  for (auto _ : state) {
    FusionEngine engine(rules());
    std::vector<FusedEvent> fused;
    fused.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      auto placed = engine.add(event_key(s.events[i], s.doc[i], engine.rules()));
      if (placed.created) fused.emplace_back("f" + std::to_string(placed.cluster));
      fused[placed.cluster].add(s.events[i]);
    }
    bytes = 0;
    for (const auto& f : fused) bytes += f.record().size() + f.state().size();
    clusters = fused.size();
  }
  state.counters["events"] = n;
  state.counters["fused"] = clusters;
  state.counters["record_MB"] = bytes / 1e6;
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Fusion)->Arg(100000)->Arg(1000000)->Iterations(1)->Unit(benchmark::kSecond);

void store_all(Store& store, const Synthetic& s, size_t batch_articles) {
  std::vector<Store::ArticleInput> batch;
  std::vector<Store::Outcome> outcomes;
  std::string err;
  for (size_t i = 0; i < s.events.size();) {
    Store::ArticleInput in;
    int64_t doc = s.doc[i];
    in.article = {"doc" + std::to_string(doc), "", "Synthetic Wire", "", "2021-01-01", "", "text " + std::to_string(doc)};
    for (; i < s.events.size() && s.doc[i] == doc; ++i) in.events.push_back(s.events[i]);
    batch.push_back(std::move(in));
    if (batch.size() == batch_articles || i == s.events.size()) {
      if (!store.put_articles(batch, &outcomes, &err)) {
        std::fprintf(stderr, "%s\n", err.c_str());
        std::abort();
      }
      batch.clear();
    }
  }
}

void BM_StoreArticles(benchmark::State& state) {
  const size_t n = state.range(0);
  Synthetic s = generate(n, 11);
  std::filesystem::path db = std::filesystem::temp_directory_path() / "sitrep_bench_store.db";
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    std::string err;
    auto store = Store::open(db, Store::Mode::write, &err);
    state.ResumeTiming();
    store_all(*store, s, 64);
  }
  state.counters["articles/s"] = benchmark::Counter(s.articles, benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StoreArticles)->Arg(50000)->Arg(5000)->Iterations(1)->Unit(benchmark::kSecond);

void BM_QueryMonthCountry(benchmark::State& state) {
  const size_t n = 1000000;
  const char* env = std::getenv("SITREP_BENCH_DB");
  std::filesystem::path db = env ? env : (std::filesystem::temp_directory_path() / "sitrep_bench_1m.db");
  std::string err;
  {
    auto probe = std::filesystem::exists(db) ? Store::open(db, Store::Mode::read, &err) : nullptr;
    if (!probe || probe->stats(&err)->events != static_cast<int64_t>(n)) {
      probe.reset();
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
      auto store = Store::open(db, Store::Mode::write, &err);
      if (!store) std::abort();
      store_all(*store, generate(n), 500);
    }
  }
  size_t lines = 0, out_bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    EventQuery q;
    q.country = "HX";
    q.from = "2021-03-01";
    q.to = "2021-03-31";
    if (!query_events(db, q, EventFormat::jsonl, out, &err)) std::abort();
    std::string text = out.str();
    lines = std::count(text.begin(), text.end(), '\n');
    out_bytes = text.size();
  }
  state.counters["fused_events"] = lines;
  state.counters["output_KB"] = out_bytes / 1e3;
}
BENCHMARK(BM_QueryMonthCountry)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sitrep::store

BENCHMARK_MAIN();
