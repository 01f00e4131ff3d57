#include "store/fusion.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "core/data_file.h"
#include "core/paths.h"
#include "store/text.h"

namespace sitrep::store {
namespace {

using nlohmann::ordered_json;

constexpr double kKmPerDegree = 111.195;
constexpr int32_t kDateBucketDays = 8;

uint64_t mix(uint64_t a, uint64_t b) {
  a ^= b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2);
  a ^= a >> 31;
  a *= 0xbf58476d1ce4e5b9ULL;
  return a ^ (a >> 29);
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(a)));
}

int32_t floor_div(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

template <class T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}
template <class T>
bool get(std::string_view& in, T* v) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(v, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

}  // namespace

// ---- rules -------------------------------------------------------------------------------

std::optional<FusionRules> FusionRules::load(const std::filesystem::path& path, std::string* error) {
  auto lines = read_data_lines(path, error);
  if (!lines) return std::nullopt;
  FusionRules r;
  for (const DataLine& line : *lines) {
    const std::vector<std::string>& f = line.fields;
    auto bad = [&](const char* why) {
      if (error) *error = path.string() + ":" + std::to_string(line.number) + ": " + why;
      return std::nullopt;
    };
    if (f.size() < 2) return bad("expected KEY<TAB>VALUE");
    try {
      if (f[0] == "max_km") r.max_km = std::stod(f[1]);
      else if (f[0] == "date_slack_days") r.date_slack_days = std::stoi(f[1]);
      else if (f[0] == "max_span_days") r.max_span_days = std::stoi(f[1]);
      else if (f[0] == "group")
        for (size_t i = 1; i < f.size(); ++i) r.type_group[f[i]] = f[1];
      else if (f[0] == "unfused_flag") r.unfused_flags.push_back(f[1]);
      else if (f[0] == "unfused_feature") r.unfused_features.push_back(f[1]);
      else return bad("unknown key");
    } catch (const std::exception&) {
      return bad("not a number");
    }
  }
  if (r.max_km <= 0 || r.date_slack_days < 0 || r.max_span_days < 0) {
    if (error) *error = path.string() + ": thresholds must be positive";
    return std::nullopt;
  }
  return r;
}

std::optional<FusionRules> FusionRules::load_default(std::string* error) {
  return load(data_dir() / "store" / "fusion.tsv", error);
}

// ---- keys --------------------------------------------------------------------------------

std::string ClusterKey::encode() const {
  std::string out;
  out.reserve(64 + 8 * (actors.size() + docs.size()));
  put<uint8_t>(out, 1);  // format version
  put(out, group);
  put(out, max_start);
  put(out, min_end);
  put<uint8_t>(out, (has_coords ? 1 : 0) | (fusable ? 2 : 0));
  put(out, lat);
  put(out, lon);
  put(out, district);
  put(out, place);
  put<uint32_t>(out, actors.size());
  for (auto a : actors) put(out, a);
  put<uint32_t>(out, docs.size());
  for (auto d : docs) put(out, d);
  return out;
}

std::optional<ClusterKey> ClusterKey::decode(std::string_view in) {
  ClusterKey k;
  uint8_t version = 0, bits = 0;
  uint32_t n = 0;
  if (!get(in, &version) || version != 1) return std::nullopt;
  if (!get(in, &k.group) || !get(in, &k.max_start) || !get(in, &k.min_end) || !get(in, &bits) ||
      !get(in, &k.lat) || !get(in, &k.lon) || !get(in, &k.district) || !get(in, &k.place) || !get(in, &n))
    return std::nullopt;
  k.has_coords = bits & 1;
  k.fusable = bits & 2;
  if (n > in.size() / 8) return std::nullopt;
  k.actors.resize(n);
  for (auto& a : k.actors)
    if (!get(in, &a)) return std::nullopt;
  if (!get(in, &n) || n > in.size() / 8) return std::nullopt;
  k.docs.resize(n);
  for (auto& d : k.docs)
    if (!get(in, &d)) return std::nullopt;
  if (!in.empty()) return std::nullopt;
  return k;
}

ClusterKey event_key(const Event& e, int64_t doc, const FusionRules& rules) {
  ClusterKey k;
  auto g = rules.type_group.find(e.type);
  k.group = hash_lower(g != rules.type_group.end() ? g->second : e.type);
  auto start = CivilDate::parse_iso(e.date.start);
  auto end = CivilDate::parse_iso(e.date.end.empty() ? e.date.start : e.date.end);
  if (start && end && *start <= *end) {
    k.max_start = start->days();
    k.min_end = end->days();
    if (k.min_end - k.max_start > rules.max_span_days) k.fusable = false;
  } else {
    k.fusable = false;
  }
  for (const auto& f : e.flags)
    if (std::find(rules.unfused_flags.begin(), rules.unfused_flags.end(), f) != rules.unfused_flags.end())
      k.fusable = false;
  const auto& l = e.location;
  if (std::find(rules.unfused_features.begin(), rules.unfused_features.end(), l.feature) !=
      rules.unfused_features.end())
    k.fusable = false;
  if (l.lat && l.lon && std::isfinite(*l.lat) && std::isfinite(*l.lon)) {
    k.has_coords = true;
    k.lat = *l.lat;
    k.lon = *l.lon;
  }
  if (!l.admin2.empty()) k.district = hash_lower(l.country + "|" + l.admin1 + "|" + l.admin2);
  if (!l.name.empty()) k.place = hash_lower(l.country + "|" + l.admin1 + "|" + l.name);
  if (!k.has_coords && !k.district && !k.place) k.fusable = false;
  for (const auto* side : {&e.actor1, &e.actor2})
    for (const auto& a : *side)
      if (!a.name.empty()) k.actors.push_back(hash_lower(a.name));
  std::sort(k.actors.begin(), k.actors.end());
  k.actors.erase(std::unique(k.actors.begin(), k.actors.end()), k.actors.end());
  k.docs = {doc};
  return k;
}

// ---- engine ------------------------------------------------------------------------------

FusionEngine::FusionEngine(FusionRules rules) : rules_(std::move(rules)) {}

bool FusionEngine::compatible(const ClusterKey& c, const ClusterKey& e) const {
  if (!c.fusable || !e.fusable || c.group != e.group) return false;
  const int slack = rules_.date_slack_days;
  if (e.max_start > c.min_end + slack || c.max_start > e.min_end + slack) return false;
  bool same_place = (c.has_coords && e.has_coords &&
                     distance_km(c.lat, c.lon, e.lat, e.lon) <= rules_.max_km) ||
                    (c.district && c.district == e.district) ||
                    (!c.has_coords && !e.has_coords && c.place && c.place == e.place);
  if (!same_place) return false;
  if (!c.actors.empty() && !e.actors.empty()) {
    bool shared = false;
    for (size_t i = 0, j = 0; i < c.actors.size() && j < e.actors.size();) {
      if (c.actors[i] == e.actors[j]) {
        shared = true;
        break;
      }
      c.actors[i] < e.actors[j] ? ++i : ++j;
    }
    if (!shared) return false;
  }
  for (int64_t d : e.docs)
    if (std::binary_search(c.docs.begin(), c.docs.end(), d)) return false;
  return true;
}

namespace {

// Grid cells are at least max_km tall; at latitude phi a cell spans fewer km east-west, so
// the east-west neighbourhood widens with 1/cos(phi).
struct Grid {
  double cell_deg;
  explicit Grid(double max_km) : cell_deg(max_km / kKmPerDegree) {}
  int32_t row(double lat) const { return static_cast<int32_t>(std::floor((lat + 90.0) / cell_deg)); }
  int32_t col(double lon) const { return static_cast<int32_t>(std::floor((lon + 180.0) / cell_deg)); }
  int32_t cols() const { return static_cast<int32_t>(std::ceil(360.0 / cell_deg)); }
  int32_t reach(double lat) const {
    double phi = std::min(89.0, std::fabs(lat) + cell_deg) * M_PI / 180.0;
    double r = std::ceil(1.0 / std::cos(phi));
    return static_cast<int32_t>(std::min<double>(r, cols() / 2 + 1));
  }
};

uint64_t cell_key(int32_t row, int32_t col, int32_t bucket) {
  return mix(mix(mix(1, static_cast<uint32_t>(row)), static_cast<uint32_t>(col)), static_cast<uint32_t>(bucket));
}
uint64_t name_key(uint64_t kind, uint64_t h, int32_t bucket) {
  return mix(mix(kind, h), static_cast<uint32_t>(bucket));
}

}  // namespace

std::vector<uint32_t>* FusionEngine::bucket(uint64_t key) {
  auto it = buckets_.find(key);
  return it == buckets_.end() ? nullptr : &it->second;
}

void FusionEngine::index(uint32_t i) {
  const ClusterKey& c = clusters_[i];
  if (!c.fusable) return;
  const int slack = rules_.date_slack_days;
  int32_t lo = c.max_start - slack, hi = c.min_end + slack;
  if (lo > hi) return;  // members disagree too much for anything else to join
  Grid grid(rules_.max_km);
  for (int32_t b = floor_div(lo, kDateBucketDays); b <= floor_div(hi, kDateBucketDays); ++b) {
    if (c.has_coords) buckets_[cell_key(grid.row(c.lat), grid.col(c.lon), b)].push_back(i);
    if (c.district) buckets_[name_key(2, c.district, b)].push_back(i);
    if (!c.has_coords && c.place) buckets_[name_key(3, c.place, b)].push_back(i);
  }
}

template <class F>
void FusionEngine::for_each_candidate(const ClusterKey& e, F&& f) {
  ++query_;
  auto visit = [&](std::vector<uint32_t>* v) {
    if (!v) return;
    for (uint32_t i : *v)
      if (seen_[i] != query_) {
        seen_[i] = query_;
        f(i);
      }
  };
  Grid grid(rules_.max_km);
  const int32_t cols = grid.cols();
  for (int32_t b = floor_div(e.max_start, kDateBucketDays); b <= floor_div(e.min_end, kDateBucketDays); ++b) {
    if (e.has_coords) {
      int32_t r0 = grid.row(e.lat), c0 = grid.col(e.lon), reach = grid.reach(e.lat);
      for (int32_t dr = -1; dr <= 1; ++dr)
        for (int32_t dc = -reach; dc <= reach; ++dc)
          visit(bucket(cell_key(r0 + dr, ((c0 + dc) % cols + cols) % cols, b)));
    }
    if (e.district) visit(bucket(name_key(2, e.district, b)));
    if (!e.has_coords && e.place) visit(bucket(name_key(3, e.place, b)));
  }
}

FusionEngine::Placement FusionEngine::add(const ClusterKey& e) {
  int64_t best = -1;
  double best_km = 0;
  int32_t best_gap = 0;
  if (e.fusable) {
    for_each_candidate(e, [&](uint32_t i) {
      const ClusterKey& c = clusters_[i];
      if (!compatible(c, e)) return;
      double km = c.has_coords && e.has_coords ? distance_km(c.lat, c.lon, e.lat, e.lon) : rules_.max_km;
      int32_t gap = std::abs(c.max_start - e.max_start) + std::abs(c.min_end - e.min_end);
      if (best < 0 || km < best_km || (km == best_km && (gap < best_gap || (gap == best_gap && i < best)))) {
        best = i;
        best_km = km;
        best_gap = gap;
      }
    });
  }
  if (best < 0) return {restore(e), true};
  ClusterKey& c = clusters_[best];
  c.max_start = std::max(c.max_start, e.max_start);
  c.min_end = std::min(c.min_end, e.min_end);
  std::vector<uint64_t> actors;
  std::set_union(c.actors.begin(), c.actors.end(), e.actors.begin(), e.actors.end(), std::back_inserter(actors));
  c.actors = std::move(actors);
  for (int64_t d : e.docs) c.docs.insert(std::upper_bound(c.docs.begin(), c.docs.end(), d), d);
  return {static_cast<uint32_t>(best), false};
}

uint32_t FusionEngine::restore(ClusterKey key) {
  uint32_t i = clusters_.size();
  clusters_.push_back(std::move(key));
  seen_.push_back(0);
  index(i);
  return i;
}

// ---- the fused record --------------------------------------------------------------------

Fatalities article_fatalities(const Event& e) {
  Fatalities f;
  for (const auto& c : e.counts) {
    if (c.what != "killed") continue;
    auto best = c.best ? c.best : c.low ? c.low : c.high;
    if (!best) continue;
    auto low = c.low ? c.low : best;
    auto high = c.high ? c.high : best;
    f.best = f.best.value_or(0) + *best;
    f.low = f.low.value_or(0) + std::min(*low, *best);
    f.high = f.high.value_or(0) + std::max(*high, *best);
  }
  return f;
}

namespace {

ordered_json opt(const std::optional<int64_t>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

void add_actors(std::vector<EventActor>& into, const std::vector<EventActor>& from,
                const std::vector<EventActor>* also_excluded = nullptr) {
  auto has = [](const std::vector<EventActor>& v, const std::string& key) {
    return std::any_of(v.begin(), v.end(), [&](const EventActor& x) { return ascii_lower(x.name) == key; });
  };
  for (const auto& a : from) {
    if (a.name.empty()) continue;
    std::string key = ascii_lower(a.name);
    if (has(into, key) || (also_excluded && has(*also_excluded, key))) continue;
    into.push_back(a);
  }
}

std::string precision_for(int32_t span_days, const std::string& fallback) {
  if (span_days == 0) return "day";
  if (span_days <= 6) return "days";
  if (span_days <= 7) return "week";
  return fallback;
}

std::string dump(const ordered_json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::string source_entry(const Event& e, const SourceInfo& src, const std::vector<std::string>& evidence_text) {
  Fatalities f = article_fatalities(e);
  ordered_json counts = ordered_json::array(), claims = ordered_json::array(), evidence = ordered_json::array();
  for (const auto& c : e.counts)
    counts.push_back({{"what", c.what}, {"best", opt(c.best)}, {"low", opt(c.low)}, {"high", opt(c.high)},
                      {"qualifier", c.qualifier}, {"of", c.of}, {"claimed_by", c.claimed_by}, {"text", c.text}});
  for (const auto& c : e.claims) claims.push_back({{"by", c.by}, {"stance", c.stance}, {"text", c.text}});
  for (size_t i = 0; i < e.evidence.size(); ++i)
    evidence.push_back({{"sentence", e.evidence[i].sentence}, {"start", e.evidence[i].start},
                        {"end", e.evidence[i].end},
                        {"text", i < evidence_text.size() ? evidence_text[i] : std::string()}});
  const auto& d = e.date;
  return dump({{"doc_id", src.doc_id}, {"event_id", e.event_id}, {"source", src.source}, {"url", src.url},
               {"title", src.title}, {"published", src.published}, {"type", e.type},
               {"date", {{"start", d.start}, {"end", d.end}, {"precision", d.precision}, {"text", d.text},
                         {"anchor", d.anchor}}},
               {"location", e.location.name},
               {"fatalities", {{"best", opt(f.best)}, {"low", opt(f.low)}, {"high", opt(f.high)}}},
               {"counts", std::move(counts)}, {"claims", std::move(claims)}, {"evidence", std::move(evidence)}});
}

FusedEvent::FusedEvent(std::string fused_id) : id_(std::move(fused_id)) {}

void FusedEvent::add(const Event& e) {
  ++members_;
  auto t = std::find_if(types_.begin(), types_.end(), [&](const TypeVote& v) { return v.type == e.type; });
  if (t == types_.end()) t = types_.insert(types_.end(), TypeVote{e.type, "", "", "", "", 0});
  ++t->votes;
  if (t->mode.empty()) t->mode = e.mode;
  if (t->acled_type.empty()) t->acled_type = e.acled_event_type, t->acled_sub = e.acled_sub_event_type;
  if (t->cameo.empty()) t->cameo = e.cameo;

  EventDate d = e.date;
  if (d.end.empty()) d.end = d.start;
  if (std::none_of(dates_.begin(), dates_.end(),
                   [&](const EventDate& x) { return x.start == d.start && x.end == d.end; }))
    dates_.push_back(d);

  if (members_ == 1) {
    rep_.doc_id = e.doc_id;
    rep_.location = e.location;
    rep_.evidence = e.evidence;
  } else if (e.location.precision < rep_.location.precision) {
    rep_.location = e.location;
  }
  add_actors(rep_.actor1, e.actor1);
  add_actors(rep_.actor2, e.actor2, &rep_.actor1);

  std::vector<std::string> whats;
  for (const auto& c : e.counts)
    if (std::find(whats.begin(), whats.end(), c.what) == whats.end()) whats.push_back(c.what);
  for (const auto& what : whats) {
    Event only;
    for (const auto& c : e.counts)
      if (c.what == what) only.counts.push_back(c), only.counts.back().what = "killed";
    Fatalities f = article_fatalities(only);
    if (!f.best) continue;
    auto r = std::find_if(counts_.begin(), counts_.end(), [&](const CountRange& x) { return x.what == what; });
    if (r == counts_.end()) {
      counts_.push_back({what, *f.best, *f.low, *f.high, 1});
      continue;
    }
    r->best = std::min(r->best, *f.best);
    r->low = std::min(r->low, *f.low);
    r->high = std::max(r->high, *f.high);
    ++r->reports;
  }
  for (const auto& c : e.claims)
    if (std::none_of(rep_.claims.begin(), rep_.claims.end(),
                     [&](const EventClaim& x) { return x.by == c.by && x.stance == c.stance; }))
      rep_.claims.push_back(c);
  for (const auto& f : e.flags)
    if (std::find(rep_.flags.begin(), rep_.flags.end(), f) == rep_.flags.end()) rep_.flags.push_back(f);
  rep_.confidence = std::max(rep_.confidence, e.confidence);
}

Event FusedEvent::representative() const {
  Event rep = rep_;
  rep.event_id = id_;
  const TypeVote* top = nullptr;
  for (const auto& t : types_)
    if (!top || t.votes > top->votes) top = &t;
  if (top) {
    rep.type = top->type;
    rep.mode = top->mode;
    rep.acled_event_type = top->acled_type;
    rep.acled_sub_event_type = top->acled_sub;
    rep.cameo = top->cameo;
  }
  // The interval every report agrees on, else the span of them all.
  std::optional<CivilDate> lo_start, hi_start, lo_end, hi_end;
  for (const auto& d : dates_) {
    auto s = CivilDate::parse_iso(d.start), e = CivilDate::parse_iso(d.end);
    if (!s || !e) continue;
    if (!lo_start || *s < *lo_start) lo_start = s;
    if (!hi_start || *s > *hi_start) hi_start = s;
    if (!lo_end || *e < *lo_end) lo_end = e;
    if (!hi_end || *e > *hi_end) hi_end = e;
  }
  if (lo_start) {
    bool agree = *hi_start <= *lo_end;
    CivilDate s = agree ? *hi_start : *lo_start, e = agree ? *lo_end : *hi_end;
    rep.date = {s.iso(), e.iso(), "", "", "inferred"};
    for (const auto& d : dates_)
      if (d.start == rep.date.start && d.end == rep.date.end) {
        rep.date = d;
        break;
      }
    rep.date.precision = precision_for(e.days() - s.days(), dates_.front().precision);
  } else if (!dates_.empty()) {
    rep.date = dates_.front();
  }
  for (const auto& c : counts_) {
    EventCount total;
    total.what = c.what;
    total.best = c.best;
    total.low = c.low;
    total.high = c.high;
    total.qualifier = c.reports > 1 ? "fused" : "";
    total.text = std::to_string(c.reports) + (c.reports == 1 ? " report" : " reports");
    rep.counts.push_back(total);
  }
  return rep;
}

Fatalities FusedEvent::fatalities() const {
  for (const auto& c : counts_)
    if (c.what == "killed") return {c.best, c.low, c.high};
  return {};
}

std::string FusedEvent::record() const { return record(representative()); }

std::string FusedEvent::record(const Event& representative) const {
  std::string line = to_json_line(representative);
  int reports = 0;
  for (const auto& c : counts_)
    if (c.what == "killed") reports = c.reports;
  Fatalities f = fatalities();
  line.pop_back();  // the closing brace: fatalities follow
  line += ",\"fatalities\":" + dump({{"best", opt(f.best)}, {"low", opt(f.low)}, {"high", opt(f.high)},
                                      {"reports", reports}}) + "}";
  return line;
}

std::string FusedEvent::state() const {
  ordered_json types = ordered_json::array(), dates = ordered_json::array(), counts = ordered_json::array();
  for (const auto& t : types_)
    types.push_back({t.type, t.mode, t.acled_type, t.acled_sub, t.cameo, t.votes});
  for (const auto& d : dates_) dates.push_back({d.start, d.end, d.precision, d.text, d.anchor});
  for (const auto& c : counts_) counts.push_back({c.what, c.best, c.low, c.high, c.reports});
  Event rep = rep_;
  rep.type = "-";  // the record's type is decided by the votes
  std::string out = dump({{"id", id_}, {"members", members_}, {"types", types}, {"dates", dates}, {"counts", counts}});
  out.pop_back();
  return out + ",\"rep\":" + to_json_line(rep) + "}";
}

std::optional<FusedEvent> FusedEvent::restore(std::string_view state, std::string* error) {
  auto j = nlohmann::json::parse(state, nullptr, false);
  try {
    if (!j.is_object()) throw std::runtime_error("not a JSON object");
    FusedEvent f(j.at("id").get<std::string>());
    f.members_ = j.at("members").get<size_t>();
    for (const auto& t : j.at("types"))
      f.types_.push_back({t.at(0), t.at(1), t.at(2), t.at(3), t.at(4), t.at(5).get<int>()});
    for (const auto& d : j.at("dates")) f.dates_.push_back({d.at(0), d.at(1), d.at(2), d.at(3), d.at(4)});
    for (const auto& c : j.at("counts"))
      f.counts_.push_back({c.at(0), c.at(1).get<int64_t>(), c.at(2).get<int64_t>(), c.at(3).get<int64_t>(),
                           c.at(4).get<int>()});
    std::string err;
    auto rep = event_from_json(j.at("rep"), &err);
    if (!rep) throw std::runtime_error(err);
    f.rep_ = std::move(*rep);
    return f;
  } catch (const std::exception& e) {
    if (error) *error = std::string("bad fused state: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace sitrep::store
