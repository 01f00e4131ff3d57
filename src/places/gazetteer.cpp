#include "places/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/paths.h"
#include "places/normalize.h"

namespace sitrep::places {
namespace fs = std::filesystem;

const char* feature_name(Feature f) {
  switch (f) {
    case Feature::city: return "city";
    case Feature::town: return "town";
    case Feature::district: return "district";
    case Feature::province: return "province";
    case Feature::country: return "country";
    case Feature::region: return "region";
  }
  return "town";
}

namespace {

constexpr char kMagic[8] = {'S', 'I', 'T', 'G', 'A', 'Z', '0', '1'};
constexpr uint32_t kVersion = 1;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t n_places;
  uint64_t n_slots;
  uint64_t n_postings;
  uint64_t strings_size;
  uint64_t lexicon_size;
  uint64_t off_places, off_slots, off_postings, off_strings, off_lexicon;
  uint64_t file_size;
};

uint64_t align8(uint64_t x) { return (x + 7) & ~uint64_t(7); }

}  // namespace

// ---------------------------------------------------------------------------------------
// Reader

std::unique_ptr<Gazetteer> Gazetteer::open(const fs::path& file, std::string* error) {
  auto fail = [&](std::string why) -> std::unique_ptr<Gazetteer> {
    if (error) *error = file.string() + ": " + why;
    return nullptr;
  };
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Header)) {
    ::close(fd);
    return fail("not a sitrep gazetteer (too short)");
  }
  size_t size = size_t(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return fail(std::string("cannot map: ") + std::strerror(errno));
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->map_ = map;
  g->map_size_ = size;
  Header h;
  std::memcpy(&h, map, sizeof h);
  if (std::memcmp(h.magic, kMagic, 8) != 0) return fail("not a sitrep gazetteer (bad magic)");
  if (h.version != kVersion) return fail("gazetteer format version " + std::to_string(h.version) + ", expected " +
                                         std::to_string(kVersion) + ": rebuild it with `sitrep gazetteer build`");
  auto in_range = [&](uint64_t off, uint64_t bytes) { return off % 8 == 0 && off <= size && bytes <= size - off; };
  if (h.file_size != size || (h.n_slots & (h.n_slots - 1)) != 0 || h.n_slots == 0 ||
      !in_range(h.off_places, uint64_t(h.n_places) * sizeof(PlaceRecord)) ||
      !in_range(h.off_slots, h.n_slots * sizeof(NameSlot)) || !in_range(h.off_postings, h.n_postings * 4) ||
      !in_range(h.off_strings, h.strings_size) || !in_range(h.off_lexicon, h.lexicon_size) || h.strings_size == 0)
    return fail("corrupt gazetteer (section out of bounds or truncated)");
  const char* base = static_cast<const char*>(map);
  g->places_ = reinterpret_cast<const PlaceRecord*>(base + h.off_places);
  g->n_places_ = h.n_places;
  g->slots_ = reinterpret_cast<const NameSlot*>(base + h.off_slots);
  g->slot_mask_ = h.n_slots - 1;
  g->postings_ = reinterpret_cast<const uint32_t*>(base + h.off_postings);
  g->strings_ = base + h.off_strings;
  g->strings_size_ = h.strings_size;
  if (g->strings_[h.strings_size - 1] != '\0') return fail("corrupt gazetteer (string pool)");
  g->lexicon_ = std::string_view(base + h.off_lexicon, h.lexicon_size);
  // Validate what later code indexes without checks: cheap, one pass over small arrays.
  for (uint32_t i = 0; i < g->n_places_; ++i) {
    const PlaceRecord& p = g->places_[i];
    if (p.name >= h.strings_size || (p.admin1 != kNone && p.admin1 >= h.n_places) ||
        (p.admin2 != kNone && p.admin2 >= h.n_places) || (p.country != kNone && p.country >= h.n_places) ||
        p.feature > uint8_t(Feature::region))
      return fail("corrupt gazetteer (place record " + std::to_string(i) + ")");
  }
  for (uint64_t s = 0; s < h.n_slots; ++s) {
    const NameSlot& n = g->slots_[s];
    uint64_t c = n.count & 0x7FFFFFFFu;
    if (n.hash && (n.first > h.n_postings || c > h.n_postings - n.first))
      return fail("corrupt gazetteer (name slot " + std::to_string(s) + ")");
  }
  for (uint64_t k = 0; k < h.n_postings; ++k)
    if ((g->postings_[k] & kPostIndexMask) >= h.n_places) return fail("corrupt gazetteer (posting)");
  g->countries_.assign(26 * 26, kNone);
  for (uint32_t i = 0; i < g->n_places_; ++i) {
    const PlaceRecord& p = g->places_[i];
    if (p.feature == uint8_t(Feature::country) && p.cc[0] >= 'A' && p.cc[0] <= 'Z' && p.cc[1] >= 'A' && p.cc[1] <= 'Z')
      g->countries_[(p.cc[0] - 'A') * 26 + (p.cc[1] - 'A')] = i;
  }
  return g;
}

Gazetteer::~Gazetteer() {
  if (map_) munmap(map_, map_size_);
}

std::string_view Gazetteer::str(uint32_t offset) const {
  if (offset >= strings_size_) return {};
  return std::string_view(strings_ + offset);
}

Gazetteer::Hit Gazetteer::find(uint64_t hash) const {
  if (hash == 0) hash = 1;
  for (uint64_t s = hash & slot_mask_;; s = (s + 1) & slot_mask_) {
    const NameSlot& n = slots_[s];
    if (n.hash == 0) return {};
    if (n.hash == hash) return {postings_ + n.first, n.count & 0x7FFFFFFFu, (n.count & 0x80000000u) != 0};
  }
}

uint32_t Gazetteer::country(std::string_view iso2) const {
  if (iso2.size() != 2) return kNone;
  char a = iso2[0] & ~0x20, b = iso2[1] & ~0x20;
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return kNone;
  return countries_[(a - 'A') * 26 + (b - 'A')];
}

// ---------------------------------------------------------------------------------------
// Builder

namespace {

struct BPlace {
  std::string name;
  std::vector<std::string> alts;
  std::vector<std::string> refs;  // demonyms/adjectives (countries)
  std::vector<std::string> aliases;  // curated short forms: keyed as primary names
  double lat = 0, lon = 0;
  bool coords = false;
  bool curated_coords = false;
  uint64_t population = 0;
  uint32_t gid = 0;
  std::string cc, a1, a2;  // codes
  std::string admin1_name, admin2_name;  // cities1000.csv gives names, not codes
  std::string main_town;    // curated districts
  std::string capital;      // curated countries/provinces
  Feature feature = Feature::town;
  uint8_t flags = 0;
  uint32_t a1idx = kNone, a2idx = kNone, cidx = kNone;
  bool from_table15000 = false;
};

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t j = line.find(sep, i);
    out.push_back(line.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_u64(std::string_view s, uint64_t& out) {
  s = trim(s);
  if (s.empty()) { out = 0; return true; }
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool valid_latlon(double lat, double lon) {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat == 0 && lon == 0);
}

bool valid_cc(std::string_view cc) {
  return cc.size() == 2 && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z';
}

// Reads a text file line by line without loading it whole (allCountries is 1.5 GB).
template <typename F>
bool for_each_line(const fs::path& file, Diagnostics& diags, F&& f) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diags.skip(file.string(), 0, "cannot open");
    return false;
  }
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    f(std::string_view(line), n);
  }
  return true;
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6371.0088, kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(a)));
}

const std::set<std::string_view> kLexiconKinds = {
    "stop", "person", "title", "particle", "affix", "modifier", "feature", "cue_province", "cue_district",
    "cue_city", "cue_region", "cue_near", "cue_in", "cue_capital_of", "cue_city_of", "appositive", "landform"};

}  // namespace

struct GazetteerBuilder::Impl {
  explicit Impl(Diagnostics& d) : diags(d) {}
  Diagnostics& diags;
  std::vector<BPlace> places;
  std::map<std::string, uint32_t> country_by_cc, admin1_by_code, admin2_by_code;
  std::unordered_map<uint32_t, uint32_t> by_gid;
  std::unordered_map<std::string, std::vector<uint32_t>> table_by_cckey;  // cc|key -> 19-col places
  std::string lexicon;
  std::unordered_set<std::string> particles, affixes, modifiers;
  struct Alias { std::string cc, target, alias, file; uint64_t line; };
  std::vector<Alias> aliases;
  // Curated place rows wait until every GeoNames table is read (they amend its rows).
  struct Deferred { std::string file; uint64_t line; std::string text; };
  std::vector<Deferred> deferred;
  std::unordered_map<std::string, std::vector<uint32_t>> towns;  // cc|key -> towns (finalize)
  void apply_curated(const Deferred& d);

  uint32_t add(BPlace p) {
    places.push_back(std::move(p));
    return uint32_t(places.size() - 1);
  }
  uint32_t country_of(const std::string& cc) {
    auto it = country_by_cc.find(cc);
    if (it != country_by_cc.end()) return it->second;
    BPlace c;
    c.cc = cc;
    c.name = cc;
    c.feature = Feature::country;
    uint32_t i = add(std::move(c));
    country_by_cc[cc] = i;
    return i;
  }
  // Affix words ("Province", "Wilayat", "District") stripped at either end of a name.
  std::string strip_affixes(std::string_view name) const {
    std::string key = name_key(name);
    while (true) {
      size_t sp = key.find(' ');
      if (sp == std::string::npos) break;
      if (affixes.count(key.substr(0, sp))) {
        key.erase(0, sp + 1);
        // "Province of Pangasinan", "City of Manila"
        static const std::string of = name_key("of") + " ";
        if (key.size() > of.size() && key.compare(0, of.size(), of) == 0) key.erase(0, of.size());
        continue;
      }
      size_t last = key.rfind(' ');
      if (affixes.count(key.substr(last + 1))) { key.erase(last); continue; }
      break;
    }
    return key;
  }
  void finalize(BuildStats* stats);
};

GazetteerBuilder::GazetteerBuilder(Diagnostics& diags) : impl_(std::make_unique<Impl>(diags)) {}
GazetteerBuilder::~GazetteerBuilder() = default;

void GazetteerBuilder::read_geonames_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    impl_->diags.skip(dir.string(), 0, "not a directory");
    return;
  }
  auto has = [&](const char* n) { return fs::exists(dir / n, ec); };
  if (has("countryInfo.txt")) read_country_info(dir / "countryInfo.txt");
  if (has("admin1CodesASCII.txt")) read_admin_codes(dir / "admin1CodesASCII.txt", 1);
  if (has("admin2Codes.txt")) read_admin_codes(dir / "admin2Codes.txt", 2);
  // 19-column tables: cities15000.txt, cities5000.txt, allCountries.txt, AF.txt ...
  std::vector<fs::path> tables;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    bool country_extract = n.size() == 6 && n.substr(2) == ".txt" && valid_cc(n.substr(0, 2));
    if (n.rfind("cities", 0) == 0 && e.path().extension() == ".txt") tables.push_back(e.path());
    else if (n == "allCountries.txt" || country_extract) tables.push_back(e.path());
  }
  std::sort(tables.begin(), tables.end());
  for (auto& t : tables) read_geonames_table(t);
  if (has("cities1000.csv")) read_cities_csv(dir / "cities1000.csv");
  if (has("alternateNamesV2.txt")) read_alternate_names(dir / "alternateNamesV2.txt");
  else if (has("alternateNames.txt")) read_alternate_names(dir / "alternateNames.txt");
}

size_t GazetteerBuilder::read_country_info(const fs::path& file) {
  Impl& m = *impl_;
  size_t kept = 0;
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (line.empty() || line[0] == '#' || line.rfind("ISO\t", 0) == 0) return;
    auto f = split(line, '\t');
    if (f.size() < 17 || !valid_cc(f[0])) {
      m.diags.skip(file.string(), n, "expected a countryInfo row (ISO code, 19 tab-separated columns)");
      return;
    }
    uint64_t pop = 0, gid = 0;
    if (!parse_u64(f[7], pop) || !parse_u64(f[16], gid)) {
      m.diags.skip(file.string(), n, "population or geonameid is not a number");
      return;
    }
    uint32_t i = m.country_of(std::string(f[0]));
    BPlace& c = m.places[i];
    c.name = std::string(f[4]);
    c.capital = std::string(f[5]);
    c.population = pop;
    c.gid = uint32_t(gid);
    if (gid) m.by_gid[uint32_t(gid)] = i;
    ++kept;
  });
  return kept;
}

size_t GazetteerBuilder::read_admin_codes(const fs::path& file, int level) {
  Impl& m = *impl_;
  size_t kept = 0;
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (line.empty() || line[0] == '#') return;
    auto f = split(line, '\t');
    uint64_t gid = 0;
    auto code = f.size() >= 4 ? split(f[0], '.') : std::vector<std::string_view>{};
    if (f.size() < 4 || code.size() != size_t(level + 1) || !valid_cc(code[0]) || !parse_u64(f[3], gid) ||
        trim(f[1]).empty()) {
      m.diags.skip(file.string(), n, level == 1 ? "expected CC.ADMIN1<TAB>name<TAB>ascii name<TAB>geonameid"
                                                : "expected CC.ADMIN1.ADMIN2<TAB>name<TAB>ascii name<TAB>geonameid");
      return;
    }
    BPlace p;
    p.cc = std::string(code[0]);
    p.a1 = std::string(code[1]);
    if (level == 2) p.a2 = std::string(code[2]);
    p.name = std::string(trim(f[1]));
    if (f[2] != f[1] && !trim(f[2]).empty()) p.alts.push_back(std::string(trim(f[2])));
    p.gid = uint32_t(gid);
    p.feature = level == 1 ? Feature::province : Feature::district;
    m.country_of(p.cc);
    std::string key(f[0]);
    auto& index = level == 1 ? m.admin1_by_code : m.admin2_by_code;
    if (index.count(key)) {
      m.diags.warn(file.string(), n, "duplicate code " + key + ": first row kept");
      return;
    }
    uint32_t i = m.add(std::move(p));
    index[key] = i;
    if (gid) m.by_gid[uint32_t(gid)] = i;
    ++kept;
  });
  return kept;
}

size_t GazetteerBuilder::read_geonames_table(const fs::path& file) {
  Impl& m = *impl_;
  size_t kept = 0;
  // The world dump holds ~12M rows: keep its populated places with a population or an
  // administrative role; a country extract (AF.txt) or a cities file keeps every village.
  bool world = file.filename() == "allCountries.txt";
  std::string fname = file.string();
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (line.empty() || line[0] == '#') return;
    auto f = split(line, '\t');
    if (f.size() != 19) {
      m.diags.skip(fname, n, "expected 19 tab-separated GeoNames columns, found " + std::to_string(f.size()));
      return;
    }
    uint64_t gid = 0, pop = 0;
    double lat, lon;
    if (!parse_u64(f[0], gid) || gid == 0 || gid > kPostIndexMask * 4ull) {
      m.diags.skip(fname, n, "geonameid is not a number");
      return;
    }
    if (!parse_double(f[4], lat) || !parse_double(f[5], lon) || !valid_latlon(lat, lon)) {
      m.diags.skip(fname, n, "bad coordinates '" + std::string(f[4]) + "," + std::string(f[5]) + "'");
      return;
    }
    if (!parse_u64(f[14], pop)) {
      m.diags.skip(fname, n, "population is not a number");
      return;
    }
    std::string_view fclass = f[6], fcode = f[7], cc = f[8];
    if (!valid_cc(cc)) return;  // undersea features and the like: no country
    std::string_view name = trim(f[1]);
    if (name.empty() || name_key(name).empty()) {
      if (name_key(f[2]).empty()) return;  // no Latin-script name at all
      name = trim(f[2]);
    }
    if (fclass == "A") {
      // Division rows give the coordinates admin1CodesASCII/admin2Codes lack.
      auto it = m.by_gid.find(uint32_t(gid));
      if (it == m.by_gid.end()) {
        std::string code = std::string(cc) + "." + std::string(f[10]);
        if (fcode == "ADM1") {
          auto a = m.admin1_by_code.find(code);
          if (a != m.admin1_by_code.end()) it = m.by_gid.emplace(uint32_t(gid), a->second).first;
        } else if (fcode == "ADM2") {
          auto a = m.admin2_by_code.find(code + "." + std::string(f[11]));
          if (a != m.admin2_by_code.end()) it = m.by_gid.emplace(uint32_t(gid), a->second).first;
        }
      }
      if (it == m.by_gid.end()) return;
      BPlace& p = m.places[it->second];
      if (!p.curated_coords) p.lat = lat, p.lon = lon, p.coords = true;
      if (!p.population) p.population = pop;
      for (auto a : split(f[3], ',')) if (!trim(a).empty()) p.alts.push_back(std::string(trim(a)));
      ++kept;
      return;
    }
    if (fclass != "P") return;
    bool seat = fcode == "PPLC" || fcode == "PPLA" || fcode == "PPLA2";
    if (world && pop == 0 && !seat) return;
    if (fcode == "PPLX" || fcode == "PPLH" || fcode == "PPLQ" || fcode == "PPLW") return;  // sections, historical
    // Junk filter: a row with no alternate names whose name has a lower-case word that
    // is no name particle ("Cool űrhajó") is a vandalised or joke entry.
    if (trim(f[3]).empty()) {
      bool junk = false;
      size_t i = 0;
      while (i < name.size()) {
        size_t j = name.find(' ', i);
        std::string_view w = name.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
        if (!w.empty() && !starts_upper(w) && !(w[0] >= '0' && w[0] <= '9')) {
          std::string k = name_key(w);
          if (!m.particles.count(k) && !m.particles.count(std::string(w))) junk = true;
        }
        if (j == std::string_view::npos) break;
        i = j + 1;
      }
      if (junk) {
        m.diags.warn(fname, n, "junk row filtered: '" + std::string(name) + "'");
        return;
      }
    }
    if (m.by_gid.count(uint32_t(gid))) return;  // the same town from two tables
    BPlace p;
    p.name = std::string(name);
    p.gid = uint32_t(gid);
    p.lat = lat, p.lon = lon, p.coords = true;
    p.population = pop;
    p.cc = std::string(cc);
    p.a1 = std::string(f[10]);
    p.a2 = std::string(f[11]);
    p.feature = (pop >= 100000 || fcode == "PPLC" || fcode == "PPLA") ? Feature::city : Feature::town;
    if (fcode == "PPLC") p.flags |= kCapital;
    if (seat && fcode != "PPLC") p.flags |= kAdminSeat;
    if (f[2] != f[1] && !f[2].empty()) p.alts.push_back(std::string(f[2]));
    for (auto a : split(f[3], ',')) {
      a = trim(a);
      // Codes (IATA "KBL", ICAO "OAKB") and alternates with digits are not names in text.
      bool code = a.size() <= 4 && std::all_of(a.begin(), a.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      bool digits = std::any_of(a.begin(), a.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!a.empty() && !code && !digits) p.alts.push_back(std::string(a));
    }
    m.country_of(p.cc);
    p.from_table15000 = true;
    std::string key = p.cc + "|" + name_key(p.name);
    uint32_t i = m.add(std::move(p));
    m.by_gid[uint32_t(gid)] = i;
    m.table_by_cckey[key].push_back(i);
    ++kept;
  });
  return kept;
}

size_t GazetteerBuilder::read_cities_csv(const fs::path& file) {
  Impl& m = *impl_;
  size_t kept = 0;
  std::string fname = file.string();
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (line.empty() || (n == 1 && line.rfind("lat,", 0) == 0)) return;
    // Simple CSV: fields may be double-quoted (names with commas).
    std::vector<std::string> f;
    std::string cur;
    bool q = false;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (q) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
        else if (c == '"') q = false;
        else cur += c;
      } else if (c == '"') q = true;
      else if (c == ',') f.push_back(std::move(cur)), cur.clear();
      else cur += c;
    }
    f.push_back(std::move(cur));
    double lat, lon;
    if (f.size() != 6 || !parse_double(f[0], lat) || !parse_double(f[1], lon) || !valid_latlon(lat, lon) ||
        !valid_cc(f[5])) {
      m.diags.skip(fname, n, "expected lat,lon,name,admin1,admin2,cc with valid coordinates");
      return;
    }
    if (trim(f[2]).empty()) {
      m.diags.warn(fname, n, "junk row filtered: no name");
      return;
    }
    std::string key = name_key(f[2]);
    if (key.empty()) return;
    // The same town as a 19-column row (which has population and alternate names)?
    auto it = m.table_by_cckey.find(f[5] + "|" + key);
    if (it != m.table_by_cckey.end())
      for (uint32_t i : it->second)
        if (haversine_km(lat, lon, m.places[i].lat, m.places[i].lon) < 25) return;
    BPlace p;
    p.name = std::string(trim(f[2]));
    p.lat = lat, p.lon = lon, p.coords = true;
    p.cc = f[5];
    p.admin1_name = f[3];
    p.admin2_name = f[4];
    p.feature = Feature::town;
    m.country_of(p.cc);
    m.add(std::move(p));
    ++kept;
  });
  return kept;
}

size_t GazetteerBuilder::read_alternate_names(const fs::path& file) {
  Impl& m = *impl_;
  size_t kept = 0;
  static const std::set<std::string_view> skip_langs = {"link", "post", "iata", "icao", "faac", "fr_1793",
                                                         "wkdt", "unlc", "phon", "piny", "tcid", "abbr"};
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (line.empty() || line[0] == '#') return;
    auto f = split(line, '\t');
    uint64_t gid = 0;
    if (f.size() < 8 || !parse_u64(f[1], gid)) {
      m.diags.skip(file.string(), n, "expected an alternateNames row (id, geonameid, language, name, flags)");
      return;
    }
    auto it = m.by_gid.find(uint32_t(gid));
    if (it == m.by_gid.end() || skip_langs.count(f[2]) || f[7] == "1") return;  // unknown place, codes, historic
    std::string_view a = trim(f[3]);
    if (a.empty() || name_key(a).empty()) return;
    m.places[it->second].alts.push_back(std::string(a));
    ++kept;
  });
  return kept;
}

// Curated rows: the first column names the kind of row.
//   country   ISO2  name  alt names (|)  demonyms/adjectives (|)  capital  lat  lon
//   region    name  alt names  ISO2 or -  lat  lon  population
//   province  ISO2  name  alt names  capital  lat  lon
//   district  ISO2  province  name  alt names  main town  lat  lon   (lat/lon may be empty)
//   alias     ISO2  place name  alias (|)
//   <lexicon kind>  phrase   (stop, person, title, particle, affix, modifier, feature, landform, cue_*, appositive)
size_t GazetteerBuilder::read_curated(const fs::path& file) {
  Impl& m = *impl_;
  size_t kept = 0;
  std::string fname = file.string();
  for_each_line(file, m.diags, [&](std::string_view line, uint64_t n) {
    if (trim(line).empty() || line[0] == '#') return;
    auto f = split(line, '\t');
    std::string_view kind = f[0];
    if (kLexiconKinds.count(kind)) {
      if (f.size() != 2 || trim(f[1]).empty()) {
        m.diags.skip(fname, n, std::string(kind) + " row: expected one phrase");
        return;
      }
      m.lexicon += std::string(kind) + "\t" + std::string(trim(f[1])) + "\n";
      if (kind == "particle") m.particles.insert(name_key(f[1])), m.particles.insert(std::string(trim(f[1])));
      if (kind == "affix") m.affixes.insert(name_key(f[1]));
      if (kind == "modifier") m.modifiers.insert(name_key(f[1]));
    } else if (kind == "country" || kind == "region" || kind == "province" || kind == "district" || kind == "alias") {
      size_t want = kind == "alias" ? 4 : (kind == "region" || kind == "province") ? 7 : 8;
      if (f.size() != want) {
        m.diags.skip(fname, n, std::string(kind) + " row: expected " + std::to_string(want) + " tab-separated columns, found " +
                                   std::to_string(f.size()));
        return;
      }
      m.deferred.push_back({fname, n, std::string(line)});
    } else {
      m.diags.skip(fname, n, "unknown row kind '" + std::string(kind) + "'");
      return;
    }
    ++kept;
  });
  return kept;
}

void GazetteerBuilder::Impl::apply_curated(const Deferred& d) {
  Impl& m = *this;
  const std::string& fname = d.file;
  uint64_t n = d.line;
  std::string_view line = d.text;
  auto list = [](std::string_view s) {
    std::vector<std::string> out;
    for (auto a : split(s, '|'))
      if (!trim(a).empty() && trim(a) != "-") out.push_back(std::string(trim(a)));
    return out;
  };
  {
    auto f = split(line, '\t');
    std::string_view kind = f[0];
    auto bad = [&](const std::string& why) { m.diags.skip(fname, n, why); };
    auto coords = [&](std::string_view la, std::string_view lo, BPlace& p) -> bool {
      if (trim(la).empty() && trim(lo).empty()) return true;
      double lat, lon;
      if (!parse_double(la, lat) || !parse_double(lo, lon) || !valid_latlon(lat, lon)) return false;
      p.lat = lat, p.lon = lon, p.coords = p.curated_coords = true;
      return true;
    };
    if (kind == "country") {
      if (f.size() != 8 || !valid_cc(f[1])) return bad("country row: expected 8 columns starting with an ISO code");
      BPlace& c = m.places[m.country_of(std::string(f[1]))];
      if (c.name == c.cc) c.name = std::string(trim(f[2]));
      else c.alts.push_back(std::string(trim(f[2])));
      for (auto& a : list(f[3])) c.alts.push_back(a);
      for (auto& a : list(f[4])) c.refs.push_back(a);
      if (!trim(f[5]).empty()) c.capital = std::string(trim(f[5]));
      if (!coords(f[6], f[7], c)) return bad("country row: bad coordinates");
    } else if (kind == "region") {
      BPlace p;
      uint64_t pop = 0;
      if (f.size() != 7 || trim(f[1]).empty() || !coords(f[4], f[5], p) || !p.coords || !parse_u64(f[6], pop))
        return bad("region row: expected name, alt names, ISO2 or -, lat, lon, population");
      p.name = std::string(trim(f[1]));
      p.alts = list(f[2]);
      p.feature = Feature::region;
      p.population = pop;
      if (valid_cc(trim(f[3]))) p.cc = std::string(trim(f[3])), m.country_of(p.cc);
      m.add(std::move(p));
    } else if (kind == "province") {
      if (f.size() != 7 || !valid_cc(f[1]) || trim(f[2]).empty()) return bad("province row: expected 7 columns");
      std::string key = m.strip_affixes(f[2]);
      uint32_t found = kNone;
      for (auto& [code, i] : m.admin1_by_code)
        if (m.places[i].cc == f[1] && (m.strip_affixes(m.places[i].name) == key)) found = i;
      if (found == kNone) {
        BPlace p;
        p.cc = std::string(f[1]);
        p.name = std::string(trim(f[2]));
        p.feature = Feature::province;
        p.a1 = "curated:" + p.name;
        found = m.add(std::move(p));
        m.admin1_by_code[m.places[found].cc + "." + m.places[found].a1] = found;
        m.country_of(m.places[found].cc);
      }
      BPlace& p = m.places[found];
      if (p.name != trim(f[2])) p.alts.push_back(p.name), p.name = std::string(trim(f[2]));
      for (auto& a : list(f[3])) p.alts.push_back(a);
      if (trim(f[4]) != "-") p.capital = std::string(trim(f[4]));
      if (!coords(f[5], f[6], p)) return bad("province row: bad coordinates");
    } else if (kind == "district") {
      if (f.size() != 8 || !valid_cc(f[1]) || trim(f[3]).empty()) return bad("district row: expected 8 columns");
      std::string pkey = m.strip_affixes(f[2]);
      uint32_t prov = kNone;
      for (auto& [code, i] : m.admin1_by_code)
        if (m.places[i].cc == f[1] && m.strip_affixes(m.places[i].name) == pkey) prov = i;
      if (prov == kNone) return bad("district row: unknown province '" + std::string(f[2]) + "'");
      std::string key = m.strip_affixes(f[3]);
      uint32_t found = kNone;
      for (auto& [code, i] : m.admin2_by_code)
        if (m.places[i].cc == f[1] && m.places[i].a1 == m.places[prov].a1 && m.strip_affixes(m.places[i].name) == key)
          found = i;
      if (found == kNone) {
        BPlace p;
        p.cc = std::string(f[1]);
        p.a1 = m.places[prov].a1;
        p.a2 = "curated:" + std::string(trim(f[3]));
        p.name = std::string(trim(f[3]));
        p.feature = Feature::district;
        found = m.add(std::move(p));
        m.admin2_by_code[m.places[found].cc + "." + m.places[found].a1 + "." + m.places[found].a2] = found;
      }
      BPlace& p = m.places[found];
      for (auto& a : list(f[4])) p.alts.push_back(a);
      p.main_town = std::string(trim(f[5]));
      if (!coords(f[6], f[7], p)) return bad("district row: bad coordinates");
    } else if (kind == "alias") {
      if (f.size() != 4 || !valid_cc(f[1]) || trim(f[2]).empty()) return bad("alias row: expected alias, ISO2, place, aliases");
      for (auto& a : list(f[3])) m.aliases.push_back({std::string(f[1]), std::string(trim(f[2])), a, fname, n});
    }
  }
}

void GazetteerBuilder::Impl::finalize(BuildStats* stats) {
  // Countries first, then provinces, districts, regions, aliases: later rows refer to earlier ones.
  static const char* order[] = {"country\t", "province\t", "district\t", "region\t", "alias\t"};
  for (const char* kind : order)
    for (auto& d : deferred)
      if (d.text.rfind(kind, 0) == 0) apply_curated(d);
  deferred.clear();
  // 1. Links: country, admin1, admin2 by code; cities1000 rows by admin1 name.
  std::map<std::string, uint32_t> admin1_by_cckey;
  for (auto& [code, i] : admin1_by_code) {
    admin1_by_cckey.emplace(places[i].cc + "|" + strip_affixes(places[i].name), i);
    for (auto& a : places[i].alts) admin1_by_cckey.emplace(places[i].cc + "|" + strip_affixes(a), i);
  }
  std::unordered_map<std::string, std::vector<uint32_t>> seats_by_cc;  // for nearest-town admin1
  for (uint32_t i = 0; i < places.size(); ++i) {
    BPlace& p = places[i];
    if (p.cc.empty()) continue;
    p.cidx = country_by_cc.count(p.cc) ? country_by_cc[p.cc] : kNone;
    if (p.feature == Feature::country) continue;
    if (!p.a1.empty()) {
      auto it = admin1_by_code.find(p.cc + "." + p.a1);
      if (it != admin1_by_code.end()) p.a1idx = it->second;
    } else if (!p.admin1_name.empty()) {
      auto it = admin1_by_cckey.find(p.cc + "|" + strip_affixes(p.admin1_name));
      if (it != admin1_by_cckey.end()) p.a1idx = it->second;
    }
    if (!p.a2.empty()) {
      auto it = admin2_by_code.find(p.cc + "." + p.a1 + "." + p.a2);
      if (it != admin2_by_code.end()) p.a2idx = it->second;
    }
    if (p.feature == Feature::province) p.a1idx = i;
    if (p.feature == Feature::district) p.a2idx = i;
    if (p.from_table15000 && p.a1idx != kNone) seats_by_cc[p.cc].push_back(i);
  }
  // cities1000 rows name their county/district: "Austin, in Scott County" needs the link.
  std::unordered_map<std::string, uint32_t> admin2_by_a1key;
  for (auto& [code, i] : admin2_by_code)
    if (places[i].a1idx != kNone)
      admin2_by_a1key.emplace(std::to_string(places[i].a1idx) + "|" + strip_affixes(places[i].name), i);
  for (auto& p : places) {
    if (p.admin2_name.empty() || p.a1idx == kNone || p.a2idx != kNone) continue;
    auto it = admin2_by_a1key.find(std::to_string(p.a1idx) + "|" + strip_affixes(p.admin2_name));
    if (it != admin2_by_a1key.end()) p.a2idx = it->second;
  }
  for (auto& p : places) {
    if ((p.feature != Feature::town && p.feature != Feature::city) || p.a1idx != kNone || !p.coords) continue;
    double best = 1e18;
    for (uint32_t j : seats_by_cc[p.cc]) {
      double d = haversine_km(p.lat, p.lon, places[j].lat, places[j].lon);
      if (d < best) best = d, p.a1idx = places[j].a1idx;
    }
  }
  // 2. Coordinates of divisions: their own (AF.txt, curated) or derived from their towns.
  // The centre derived for a division is the middle of the 10th..90th percentile box of
  // its towns: one town filed under the wrong province does not move it.
  struct Box { std::vector<float> lats, lons; uint64_t pop = 0; int n = 0; };
  std::vector<Box> boxes(places.size());
  for (auto& p : places) {
    if ((p.feature != Feature::town && p.feature != Feature::city) || !p.coords) continue;
    for (uint32_t c : {p.a1idx, p.a2idx, p.cidx}) {
      if (c == kNone) continue;
      Box& b = boxes[c];
      b.lats.push_back(float(p.lat));
      b.lons.push_back(float(p.lon));
      b.pop += p.population;
      ++b.n;
    }
  }
  auto centre = [](std::vector<float>& v) {
    std::sort(v.begin(), v.end());
    size_t cut = v.size() >= 5 ? v.size() / 10 : 0;
    return (double(v[cut]) + double(v[v.size() - 1 - cut])) / 2;
  };
  for (uint32_t j = 0; j < places.size(); ++j) {
    const BPlace& t = places[j];
    if ((t.feature != Feature::town && t.feature != Feature::city) || !t.coords) continue;
    std::set<std::string> keys{name_key(t.name)};
    for (auto& a : t.alts) keys.insert(name_key(a));
    for (auto& k : keys)
      if (!k.empty()) towns[t.cc + "|" + k].push_back(j);
  }
  auto find_town = [&](const std::string& name, const std::string& cc, uint32_t a1) -> uint32_t {
    uint32_t best = kNone;
    auto it = towns.find(cc + "|" + name_key(name));
    if (it == towns.end()) return kNone;
    for (uint32_t j : it->second) {
      const BPlace& t = places[j];
      if (a1 != kNone && t.a1idx != a1) continue;
      if (best == kNone || t.population > places[best].population) best = j;
    }
    return best;
  };
  for (uint32_t i = 0; i < places.size(); ++i) {
    BPlace& p = places[i];
    if (p.feature == Feature::province || p.feature == Feature::country || p.feature == Feature::district) {
      if (p.feature != Feature::country && !p.population) p.population = boxes[i].pop;
      if (!p.capital.empty()) {
        uint32_t t = find_town(p.capital, p.cc, p.feature == Feature::province ? i : kNone);
        if (t != kNone) places[t].flags |= p.feature == Feature::country ? kCapital : kAdminSeat;
        if (t != kNone && !p.coords && p.feature == Feature::country) p.lat = places[t].lat, p.lon = places[t].lon, p.coords = true;
      }
      if (p.coords) continue;
      if (p.feature == Feature::district && !p.main_town.empty()) {
        uint32_t t = find_town(p.main_town, p.cc, p.a1idx);
        if (t != kNone) {
          p.lat = places[t].lat, p.lon = places[t].lon, p.coords = true;
          continue;
        }
      }
      if (p.feature == Feature::district) {
        // A district's own name as a town inside its province is its main town.
        uint32_t t = find_town(p.name, p.cc, p.a1idx);
        if (t != kNone) {
          p.lat = places[t].lat, p.lon = places[t].lon, p.coords = true;
          continue;
        }
      }
      if (boxes[i].n > 0) {
        p.lat = centre(boxes[i].lats), p.lon = centre(boxes[i].lons);
        p.coords = true;
        p.flags |= kDerivedCoords;
      }
    }
  }
  for (auto& p : places) {
    if (p.coords || p.feature != Feature::district) continue;
    if (p.a1idx != kNone && places[p.a1idx].coords) {
      p.lat = places[p.a1idx].lat, p.lon = places[p.a1idx].lon, p.coords = true;
      p.flags |= kFallbackCoords;
    }
  }
  for (auto& p : places)
    if (!p.coords) p.flags |= kNoCoords;
  // 3. Aliases (short forms: "Mazar" for Mazar-i-Sharif).
  for (auto& a : aliases) {
    // The alias goes to the biggest town of that name, else the division of that name.
    uint32_t best = find_town(a.target, a.cc, kNone);
    if (best == kNone) {
      std::string key = strip_affixes(a.target);
      for (uint32_t j = 0; j < places.size() && best == kNone; ++j)
        if (places[j].cc == a.cc && places[j].feature != Feature::town && places[j].feature != Feature::city &&
            strip_affixes(places[j].name) == key)
          best = j;
    }
    if (best == kNone) diags.skip(a.file, a.line, "alias target '" + a.target + "' not found in " + a.cc);
    else places[best].aliases.push_back(a.alias);
  }
  if (stats) {
    for (auto& p : places) {
      stats->countries += p.feature == Feature::country;
      stats->provinces += p.feature == Feature::province;
      stats->districts += p.feature == Feature::district;
    }
    stats->places = places.size();
  }
}

bool GazetteerBuilder::write(const fs::path& out, std::string* error, BuildStats* stats) {
  Impl& m = *impl_;
  if (m.places.empty()) {
    if (error) *error = "no places read: nothing to write";
    return false;
  }
  m.finalize(stats);
  // Records and strings.
  std::string pool(1, '\0');
  std::vector<PlaceRecord> recs(m.places.size());
  for (uint32_t i = 0; i < m.places.size(); ++i) {
    const BPlace& p = m.places[i];
    PlaceRecord& r = recs[i];
    r.lat = float(p.lat), r.lon = float(p.lon);
    r.population = uint32_t(std::min<uint64_t>(p.population, 0xFFFFFFFFu));
    r.geonameid = p.gid;
    r.name = uint32_t(pool.size());
    pool += p.name;
    pool.push_back('\0');
    r.admin1 = p.a1idx, r.admin2 = p.a2idx, r.country = p.cidx;
    if (p.cc.size() == 2) r.cc[0] = p.cc[0], r.cc[1] = p.cc[1];
    r.feature = uint8_t(p.feature);
    r.flags = p.flags;
    double lp = std::log10(double(p.population) + 1);
    switch (p.feature) {
      case Feature::country: r.importance = float(std::max(lp, 4.0) + 3.0); break;
      case Feature::region: r.importance = float(lp + 1.0); break;
      case Feature::province: r.importance = float(std::max(lp, 4.5) + 0.5); break;
      case Feature::district: r.importance = float(std::max(lp, 3.0)); break;
      default:
        r.importance = float(p.population ? lp : 3.0);
        if (p.flags & kCapital) r.importance += 2.0f;  // capitals stand for their governments in news
        else if (p.flags & kAdminSeat) r.importance += 0.3f;
    }
  }
  // Names: key -> postings (place | flags), deduplicated, sorted by place.
  std::map<std::string, std::vector<uint32_t>> names;
  std::unordered_set<std::string> country_keys;
  for (auto& [cc, ci] : m.country_by_cc) country_keys.insert(name_key(m.places[ci].name));
  for (uint32_t i = 0; i < m.places.size(); ++i) {
    const BPlace& p = m.places[i];
    if (p.flags & kNoCoords) continue;
    auto add = [&](const std::string& key, uint32_t flags) {
      if (key.empty()) return;
      auto& v = names[key];
      for (auto& x : v)
        if ((x & kPostIndexMask) == i) {
          if ((x & kPostCountryRef) == (flags & kPostCountryRef)) { x |= flags & kPostPrimary; return; }
        }
      v.push_back(i | flags);
    };
    // "People's Republic of China" is also keyed without the possessive, as the
    // recogniser reads "People's" as "People".
    auto variants = [](const std::string& n) {
      std::vector<std::string> v{n};
      for (const char* poss : {"'s ", "\xE2\x80\x99s "}) {
        size_t at = n.find(poss);
        if (at != std::string::npos) v.push_back(n.substr(0, at) + " " + n.substr(at + std::strlen(poss)));
      }
      return v;
    };
    // An alternate name that is the name of the town's own province or country
    // (Mississauga "Ontario", Mexico City "Mexico") is noise, unless the town holds
    // half its people (New York City "New York").
    auto parent_key = [&](uint32_t parent) {
      return parent == kNone || parent == i ? std::string() : name_key(m.places[parent].name);
    };
    std::string a1key = parent_key(p.a1idx), ckey = parent_key(p.cidx);
    bool local = p.feature == Feature::town || p.feature == Feature::city;
    auto dominant = [&](uint32_t parent) {
      return parent != kNone && p.population * 2 >= m.places[parent].population;
    };
    bool division = p.feature == Feature::province || p.feature == Feature::district || p.feature == Feature::country;
    auto add_stripped = [&](const std::string& n, uint32_t flags) {
      std::string k = m.strip_affixes(n);
      if (k.find(' ') == std::string::npos && (m.modifiers.count(k) || k.size() <= 2)) return;  // "Eastern"
      add(k, flags);
    };
    for (auto& v : variants(p.name)) {
      add(name_key(v), kPostPrimary);
      if (division) add_stripped(v, kPostPrimary);
    }
    for (auto& a : p.alts) {
      std::string k = name_key(a);
      if (!a1key.empty() && k == a1key && !dominant(p.a1idx)) continue;
      if (!ckey.empty() && k == ckey && !dominant(p.cidx)) continue;
      if (local && country_keys.count(k)) continue;  // Arak is not "Iraq"
      for (auto& v : variants(a)) {
        add(name_key(v), 0);
        if (division) add_stripped(v, 0);
      }
    }
    for (auto& a : p.aliases) add(name_key(a), kPostPrimary);
    for (auto& a : p.refs) add(name_key(a), kPostCountryRef);
  }
  std::set<std::string> prefixes;
  for (auto& [key, v] : names)
    for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) prefixes.insert(key.substr(0, sp));
  std::map<std::string, std::vector<uint32_t>> all = names;
  for (auto& k : prefixes) all[k];
  uint64_t n_slots = 1024;
  while (n_slots < all.size() * 2) n_slots *= 2;
  std::vector<NameSlot> slots(n_slots);
  std::vector<uint32_t> postings;
  for (auto& [key, v] : all) {
    std::sort(v.begin(), v.end());
    uint64_t h = key_hash(key);
    if (h == 0) h = 1;
    uint64_t s = h & (n_slots - 1);
    while (slots[s].hash != 0 && slots[s].hash != h) s = (s + 1) & (n_slots - 1);
    if (slots[s].hash == h) {
      m.diags.warn(out.string(), 0, "name key hash collision: '" + key + "' ignored");
      continue;
    }
    slots[s].hash = h;
    slots[s].first = uint32_t(postings.size());
    slots[s].count = uint32_t(v.size()) | (prefixes.count(key) ? 0x80000000u : 0);
    postings.insert(postings.end(), v.begin(), v.end());
  }
  if (stats) stats->names = names.size();
  Header h{};
  std::memcpy(h.magic, kMagic, 8);
  h.version = kVersion;
  h.n_places = uint32_t(recs.size());
  h.n_slots = n_slots;
  h.n_postings = postings.size();
  h.strings_size = pool.size();
  h.lexicon_size = m.lexicon.size();
  uint64_t off = align8(sizeof(Header));
  h.off_places = off;
  off = align8(off + recs.size() * sizeof(PlaceRecord));
  h.off_slots = off;
  off = align8(off + slots.size() * sizeof(NameSlot));
  h.off_postings = off;
  off = align8(off + postings.size() * 4);
  h.off_strings = off;
  off = align8(off + pool.size());
  h.off_lexicon = off;
  off = align8(off + m.lexicon.size());
  h.file_size = off;
  std::string buf(off, '\0');
  std::memcpy(buf.data(), &h, sizeof h);
  std::memcpy(buf.data() + h.off_places, recs.data(), recs.size() * sizeof(PlaceRecord));
  std::memcpy(buf.data() + h.off_slots, slots.data(), slots.size() * sizeof(NameSlot));
  if (!postings.empty()) std::memcpy(buf.data() + h.off_postings, postings.data(), postings.size() * 4);
  std::memcpy(buf.data() + h.off_strings, pool.data(), pool.size());
  if (!m.lexicon.empty()) std::memcpy(buf.data() + h.off_lexicon, m.lexicon.data(), m.lexicon.size());
  // Write to a temporary file and rename, so a reader never maps a half-written file.
  fs::path tmp = out;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o || !o.write(buf.data(), std::streamsize(buf.size()))) {
      if (error) *error = "cannot write " + tmp.string();
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    if (error) *error = "cannot rename " + tmp.string() + " to " + out.string() + ": " + ec.message();
    return false;
  }
  return true;
}

std::vector<fs::path> default_curated_files() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(data_dir() / "places", ec))
    if (e.path().extension() == ".tsv") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

bool gazetteer_up_to_date(const fs::path& out, const fs::path& geonames_dir, const std::vector<fs::path>& extra) {
  std::error_code ec;
  auto t = fs::last_write_time(out, ec);
  if (ec) return false;
  std::vector<fs::path> inputs = extra;
  for (auto& e : fs::directory_iterator(geonames_dir, ec)) inputs.push_back(e.path());
  // The program that compiles it is an input too: a new builder may key names differently.
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) inputs.push_back(self);
  for (auto& p : inputs) {
    auto ti = fs::last_write_time(p, ec);
    if (ec || ti > t) return false;
  }
  return true;
}

}  // namespace sitrep::places
