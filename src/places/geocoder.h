// Toponym recognition and resolution over a compiled gazetteer (places/gazetteer.h).
//
//   auto geo = Geocoder::load(Geocoder::default_path(), &error);
//   for (const Toponym& t : geo->geocode(doc)) ... t.span, t.place.lat, t.place.admin1 ...
// geocode() reads doc.text, and doc.sentences when the splitter filled them.
//
// Recognition: capitalised word n-grams of the text are keyed (places/normalize.h) and
// looked up; stop words, person names and words after a personal title are rejected;
// cue words around a name ("X province", "X district", "the city of X", "near X") are
// recorded. Demonyms and adjectives ("Afghan forces", "Tajik border") come back as
// country references (Toponym::country_ref), not as places.
// Resolution: each candidate place is scored by a population prior plus document context:
// the focus country, co-mentioned provinces ("Faizabad ... Badakhshan"), explicit hierarchy
// ("Andar district, Ghazni province"), and cue-given feature preferences ("Balkh province").
// The geocoder is immutable after load: geocode() is const and safe from many threads.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "places/gazetteer.h"

namespace sitrep::places {

struct Place {
  std::string name;
  double lat = 0, lon = 0;
  std::string admin1;   // province/state name, "" when unknown or for countries
  std::string admin2;   // district/county name, where known
  std::string country;  // ISO 3166-1 alpha-2
  std::string feature;  // city, town, district, province, country, region
  int precision = 1;    // ACLED: 1 the place itself, 2 part of a region / near it, 3 province or larger
  uint64_t population = 0;
  uint32_t geonameid = 0;  // 0 for curated rows without one
  uint32_t index = kNone;  // record in the gazetteer
};

struct Toponym {
  Span span;                // byte offsets into Document::text
  bool country_ref = false; // a demonym/adjective: `place` is the country
  Place place;
  std::string cue;          // the cue that shaped it: "province", "district", "city", "near", ... or ""
  double score = 0;         // resolution score (higher is surer); for inspection
};

// Context for resolving a bare name outside a document.
struct ResolveContext {
  std::string country;                   // ISO2 the name is expected in, "" for any
  std::vector<std::string> admin1;       // provinces already known to be in play
  std::string feature;                   // "province", "district", "city" to prefer a kind, or ""
};

class Geocoder {
 public:
  static std::unique_ptr<Geocoder> load(const std::filesystem::path& gazetteer, std::string* error);
  static std::filesystem::path default_path();  // build_dir()/"gazetteer.bin"
  ~Geocoder();

  std::vector<Toponym> geocode(const Document& doc) const;

  // Resolves a place name (any spelling: "Mazar", "Kondoz", "Panjshir province") with
  // optional context; nullopt when the gazetteer has no such name.
  std::optional<Place> resolve_name(std::string_view name, const ResolveContext& context = {}) const;
  // A country by ISO2 code ("AF"), name ("Afghanistan") or demonym ("Afghan").
  std::optional<Place> country(std::string_view code_or_name) const;

  const Gazetteer& gazetteer() const { return *gaz_; }

 private:
  Geocoder() = default;
  struct Lexicon;
  std::unique_ptr<Gazetteer> gaz_;
  std::unique_ptr<Lexicon> lex_;
  Place make_place(uint32_t index, int precision) const;
};

}  // namespace sitrep::places
