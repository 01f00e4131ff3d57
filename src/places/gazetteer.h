// The compiled gazetteer: GeoNames tables plus the project's curated rows (data/places),
// compiled by `sitrep gazetteer build` into one file that is mapped, not parsed, at load.
//
// File layout (little-endian, every section 8-byte aligned):
//   Header | PlaceRecord[n_places] | NameSlot[n_slots] (open addressing, power of two)
//   | uint32 postings[n_postings] | string pool (NUL-terminated) | lexicon text
// A NameSlot maps the hash of a normalised name key (places/normalize.h) to a run of
// postings, each a place index with flag bits, and says whether the key is also the
// prefix of a longer name (so the recogniser knows when to stop extending a match).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace sitrep::places {

enum class Feature : uint8_t { city = 0, town = 1, district = 2, province = 3, country = 4, region = 5 };
const char* feature_name(Feature f);

inline constexpr uint32_t kNone = 0xFFFFFFFFu;

struct PlaceRecord {
  float lat = 0, lon = 0;
  uint32_t population = 0;
  uint32_t geonameid = 0;
  uint32_t name = 0;        // string pool offset
  uint32_t admin1 = kNone;  // index of the province/state record
  uint32_t admin2 = kNone;  // index of the district/county record
  uint32_t country = kNone; // index of the country record
  float importance = 0;     // prior in log10-population units, computed at build
  char cc[2] = {0, 0};      // ISO 3166-1 alpha-2
  uint8_t feature = 0;      // Feature
  uint8_t flags = 0;        // PlaceFlag bits
};
static_assert(sizeof(PlaceRecord) == 40);

enum PlaceFlag : uint8_t {
  kCapital = 1,         // national capital (PPLC)
  kAdminSeat = 2,       // seat of a first/second-order division (PPLA, PPLA2)
  kDerivedCoords = 4,   // coordinates computed from the places inside it
  kFallbackCoords = 8,  // no coordinates of its own: those of the province it lies in
  kNoCoords = 16,       // nothing known: never used as a result
};

// Posting flag bits (high bits of a uint32 posting; the rest is the place index).
inline constexpr uint32_t kPostCountryRef = 0x80000000u;  // demonym/adjective: "Afghan", "Tajik"
inline constexpr uint32_t kPostPrimary = 0x40000000u;     // the place's own (not alternate) name
inline constexpr uint32_t kPostIndexMask = 0x3FFFFFFFu;

struct NameSlot {
  uint64_t hash = 0;   // 0 = empty slot
  uint32_t first = 0;  // index into postings
  uint32_t count = 0;  // low 31 bits: postings; high bit: key is a prefix of a longer key
};

class Gazetteer {
 public:
  // Maps a compiled gazetteer. On failure returns nullptr and says why in *error.
  static std::unique_ptr<Gazetteer> open(const std::filesystem::path& file, std::string* error);
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  uint32_t size() const { return n_places_; }
  const PlaceRecord& place(uint32_t i) const { return places_[i]; }
  std::string_view str(uint32_t offset) const;
  std::string_view name(uint32_t i) const { return str(places_[i].name); }

  struct Hit {
    const uint32_t* postings = nullptr;
    uint32_t count = 0;
    bool prefix = false;  // a longer key starts with this one
    bool found() const { return count > 0 || prefix; }
  };
  Hit find(uint64_t key_hash) const;
  // The curated word lists (stop words, cues, titles...) as "kind\tphrase" lines.
  std::string_view lexicon() const { return lexicon_; }
  // The country record for an ISO alpha-2 code, or kNone.
  uint32_t country(std::string_view iso2) const;

 private:
  Gazetteer() = default;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  const PlaceRecord* places_ = nullptr;
  uint32_t n_places_ = 0;
  const NameSlot* slots_ = nullptr;
  uint64_t slot_mask_ = 0;
  const uint32_t* postings_ = nullptr;
  const char* strings_ = nullptr;
  uint64_t strings_size_ = 0;
  std::string_view lexicon_;
  std::vector<uint32_t> countries_;  // 26*26 table from code to record
};

struct BuildStats {
  uint64_t places = 0, names = 0, countries = 0, provinces = 0, districts = 0, skipped_rows = 0;
};

// Compiles GeoNames files and curated rows into a gazetteer file. Reads, from
// `geonames_dir`, whichever of these exist: countryInfo.txt, admin1CodesASCII.txt,
// admin2Codes.txt, the 19-column tables (cities15000.txt, cities*.txt, allCountries.txt,
// XX.txt country extracts), cities1000.csv, alternateNamesV2.txt / alternateNames.txt;
// then each curated file in `extra` (data/places/*.tsv). Malformed rows are reported to
// `diags` with file:line and skipped. Returns false (and *error) only when nothing usable
// was read or the output cannot be written.
class GazetteerBuilder {
 public:
  explicit GazetteerBuilder(Diagnostics& diags);
  ~GazetteerBuilder();
  void read_geonames_dir(const std::filesystem::path& dir);
  // Individual readers (also for tests): each returns the rows it kept.
  size_t read_country_info(const std::filesystem::path& file);
  size_t read_admin_codes(const std::filesystem::path& file, int level);
  size_t read_geonames_table(const std::filesystem::path& file);
  size_t read_cities_csv(const std::filesystem::path& file);
  size_t read_alternate_names(const std::filesystem::path& file);
  size_t read_curated(const std::filesystem::path& file);
  bool write(const std::filesystem::path& out, std::string* error, BuildStats* stats = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The curated files shipped in data/places (sorted by name).
std::vector<std::filesystem::path> default_curated_files();

// True when `out` exists and is newer than every input the builder would read, and than
// the running program (a rebuilt sitrep recompiles its gazetteer).
bool gazetteer_up_to_date(const std::filesystem::path& out, const std::filesystem::path& geonames_dir,
                          const std::vector<std::filesystem::path>& extra);

}  // namespace sitrep::places
