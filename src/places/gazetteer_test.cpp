#include "places/gazetteer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "core/document.h"
#include "places/geocoder.h"
#include "places/normalize.h"

namespace sitrep::places {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("sitrep-places-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& body) const {
    std::ofstream(path_ / name, std::ios::binary) << body;
    return path_ / name;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// A miniature GeoNames download: two Faizabads, their provinces and countries, and bad rows.
void write_mini_geonames(const TempDir& t) {
  fs::create_directories(t.path() / "geonames");
  t.write("geonames/countryInfo.txt",
          "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\t"
          "Phone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n"
          "AF\tAFG\t004\tAF\tAfghanistan\tKabul\t647500\t37172386\tAS\t.af\tAFN\tAfghani\t93\t\t\tfa-AF,ps\t1149361\tTM,CN\t\n"
          "IN\tIND\t356\tIN\tIndia\tNew Delhi\t3287590\t1352617328\tAS\t.in\tINR\tRupee\t91\t\t\ten-IN\t1269750\tCN,NP\t\n"
          "XX\tbroken row\n");
  t.write("geonames/admin1CodesASCII.txt",
          "AF.01\tBadakhshan\tBadakhshan\t1147745\n"
          "IN.36\tUttar Pradesh\tUttar Pradesh\t1253626\n"
          "AF.99 no tabs here\n");
  auto row = [](const char* gid, const char* name, const char* alts, const char* lat, const char* lon, const char* code,
                const char* cc, const char* a1, const char* pop) {
    return std::string(gid) + "\t" + name + "\t" + name + "\t" + alts + "\t" + lat + "\t" + lon + "\tP\t" + code + "\t" +
           cc + "\t\t" + a1 + "\t\t\t\t" + pop + "\t\t1000\tAsia/Kabul\t2020-01-01\n";
  };
  t.write("geonames/cities15000.txt",
          row("1142170", "Fayzabad", "Faizabad,Feyzabad", "37.11664", "70.58002", "PPLA", "AF", "01", "44421") +
              row("1271960", "Faizabad", "Fyzabad", "26.77549", "82.14268", "PPL", "IN", "36", "153047") +
              row("6692413", "Cool űrhajó", "", "34.26545", "67.34516", "PPL", "AF", "01", "58525") +
              "123\tBad Row\tBad Row\t\tnot-a-number\t70.0\tP\tPPL\tAF\t\t01\t\t\t\t100\t\t1\tx\t2020\n" +
              "124\tShort Row\n");
  t.write("geonames/cities1000.csv",
          "lat,lon,name,admin1,admin2,cc\n"
          "37.10,70.60,Khash,Badakhshan,,AF\n"
          "95.0,70.0,Nowhere,Badakhshan,,AF\n");
}

TEST(GazetteerBuilder, RoundTripAndBadRows) {
  TempDir t;
  write_mini_geonames(t);
  auto curated = t.write("curated.tsv",
                         "# comment\n"
                         "country\tAF\tAfghanistan\t-\tAfghan|Afghans\tKabul\t33.0\t65.0\n"
                         "province\tAF\tBadakhshan\tBadakshan\tFaizabad\t37.0\t71.4\n"
                         "stop\tMost\n"
                         "bogus\trow\n"
                         "country\tAF\ttoo few columns\n");
  Diagnostics diags;
  GazetteerBuilder b(diags);
  EXPECT_EQ(b.read_curated(curated), 3u);
  b.read_geonames_dir(t.path() / "geonames");
  std::string error;
  BuildStats stats;
  fs::path out = t.path() / "g.bin";
  ASSERT_TRUE(b.write(out, &error, &stats)) << error;

  // Every malformed row is reported with its file and line; good rows are kept.
  std::vector<std::string> skipped;
  for (auto& d : diags.all())
    if (d.severity == Diagnostic::Severity::skipped) skipped.push_back(d.format());
  auto has = [&](const std::string& needle) {
    for (auto& s : skipped)
      if (s.find(needle) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("countryInfo.txt:4:")) << ::testing::PrintToString(skipped);
  EXPECT_TRUE(has("admin1CodesASCII.txt:3:"));
  EXPECT_TRUE(has("cities15000.txt:4:"));
  EXPECT_TRUE(has("cities15000.txt:5:"));
  EXPECT_TRUE(has("cities1000.csv:3:"));
  EXPECT_TRUE(has("curated.tsv:5:"));
  EXPECT_TRUE(has("curated.tsv:6:"));
  EXPECT_TRUE(diags.skipped_any());

  std::string err;
  auto g = Gazetteer::open(out, &err);
  ASSERT_TRUE(g) << err;
  auto hit = g->find(key_hash(name_key("Faizabad")));
  ASSERT_EQ(hit.count, 2u);
  bool af = false, in = false;
  for (uint32_t k = 0; k < hit.count; ++k) {
    const PlaceRecord& r = g->place(hit.postings[k] & kPostIndexMask);
    if (r.cc[0] == 'A') {
      af = true;
      EXPECT_EQ(r.geonameid, 1142170u);
      EXPECT_EQ(r.population, 44421u);
      EXPECT_NEAR(r.lat, 37.11664, 1e-4);
      EXPECT_NEAR(r.lon, 70.58002, 1e-4);
      EXPECT_EQ(g->name(r.admin1), "Badakhshan");
      EXPECT_EQ(g->name(r.country), "Afghanistan");
    } else {
      in = true;
      EXPECT_EQ(g->name(r.admin1), "Uttar Pradesh");
    }
  }
  EXPECT_TRUE(af && in);
  // The junk row is filtered; the demonym is a country reference; the town from the CSV is in.
  EXPECT_FALSE(g->find(key_hash(name_key("Cool űrhajó"))).count);
  auto afghan = g->find(key_hash(name_key("Afghan")));
  ASSERT_EQ(afghan.count, 1u);
  EXPECT_TRUE(afghan.postings[0] & kPostCountryRef);
  EXPECT_EQ(g->find(key_hash(name_key("Khash"))).count, 1u);
  EXPECT_NE(g->country("AF"), kNone);
  EXPECT_EQ(g->country("ZZ"), kNone);
  EXPECT_NE(g->lexicon().find("stop\tMost"), std::string_view::npos);

  // Same input, same bytes.
  Diagnostics d2;
  GazetteerBuilder b2(d2);
  b2.read_curated(curated);
  b2.read_geonames_dir(t.path() / "geonames");
  ASSERT_TRUE(b2.write(t.path() / "g2.bin", &error));
  std::ifstream f1(out, std::ios::binary), f2(t.path() / "g2.bin", std::ios::binary);
  std::string s1((std::istreambuf_iterator<char>(f1)), {}), s2((std::istreambuf_iterator<char>(f2)), {});
  EXPECT_EQ(s1, s2);
}

// The full dumps users download: a country extract (AF.txt) with division rows that carry
// coordinates, and alternateNamesV2.txt joined by geonameid.
TEST(GazetteerBuilder, ReadsFullGeoNamesFormats) {
  TempDir t;
  fs::create_directories(t.path() / "gn");
  t.write("gn/countryInfo.txt",
          "AF\tAFG\t004\tAF\tAfghanistan\tKabul\t647500\t37172386\tAS\t.af\tAFN\tAfghani\t93\t\t\tfa-AF\t1149361\tTM\t\n");
  t.write("gn/admin1CodesASCII.txt", "AF.30\tBalkh\tBalkh\t1147288\n");
  t.write("gn/admin2Codes.txt", "AF.30.1612\tDehdādī\tDehdadi\t7053796\n");
  auto row = [](const char* gid, const char* name, const char* fclass, const char* fcode, const char* lat,
                const char* lon, const char* a2, const char* pop) {
    return std::string(gid) + "\t" + name + "\t" + name + "\t\t" + lat + "\t" + lon + "\t" + fclass + "\t" + fcode +
           "\tAF\t\t30\t" + a2 + "\t\t\t" + pop + "\t\t400\tAsia/Kabul\t2020-01-01\n";
  };
  t.write("gn/AF.txt", row("1147288", "Balkh", "A", "ADM1", "36.5", "67.0", "", "1300000") +
                           row("7053796", "Dehdādī", "A", "ADM2", "36.65", "66.98", "1612", "0") +
                           row("1133616", "Mazār-e Sharīf", "P", "PPLA", "36.70904", "67.11087", "", "303282") +
                           row("9999991", "Qala-ye Now", "P", "PPL", "36.80", "67.20", "1612", "0") +
                           row("bad", "Broken", "P", "PPL", "36.8", "67.2", "", "0"));
  t.write("gn/alternateNamesV2.txt",
          "1\t1133616\ten\tMazar-i-Sharif\t1\t\t\t\t\t\n"
          "2\t1133616\tlink\thttps://en.wikipedia.org/wiki/Mazar-i-Sharif\t\t\t\t\t\t\n"
          "3\t1133616\ten\tOld Name\t\t\t\t1\t\t\n"
          "4\t7053796\ten\tDihdadi\t\t\t\t\t\t\n"
          "not a row\n");
  Diagnostics diags;
  GazetteerBuilder b(diags);
  b.read_geonames_dir(t.path() / "gn");
  std::string error;
  ASSERT_TRUE(b.write(t.path() / "g.bin", &error)) << error;
  int skipped = 0;
  for (auto& d : diags.all()) skipped += d.severity == Diagnostic::Severity::skipped;
  EXPECT_EQ(skipped, 2);  // the bad geonameid, the short alternate-names row
  auto g = Gazetteer::open(t.path() / "g.bin", &error);
  ASSERT_TRUE(g) << error;
  auto mazar = g->find(key_hash(name_key("Mazar-i-Sharif")));
  ASSERT_EQ(mazar.count, 1u);
  EXPECT_EQ(g->place(mazar.postings[0] & kPostIndexMask).geonameid, 1133616u);
  EXPECT_FALSE(g->find(key_hash(name_key("Old Name"))).count);  // historic names are not kept
  // Division coordinates come from their ADM rows, the district's alternate name from the V2 table.
  auto dist = g->find(key_hash(name_key("Dihdadi")));
  ASSERT_EQ(dist.count, 1u);
  const PlaceRecord& d = g->place(dist.postings[0] & kPostIndexMask);
  EXPECT_EQ(Feature(d.feature), Feature::district);
  EXPECT_NEAR(d.lat, 36.65, 1e-4);
  EXPECT_EQ(g->name(d.admin1), "Balkh");
  auto prov = g->find(key_hash(name_key("Balkh")));
  ASSERT_EQ(prov.count, 1u);
  EXPECT_NEAR(g->place(prov.postings[0] & kPostIndexMask).lat, 36.5, 1e-4);
  // A village of a country extract is kept, with its district.
  auto village = g->find(key_hash(name_key("Qala-ye Now")));
  ASSERT_EQ(village.count, 1u);
  EXPECT_EQ(g->name(g->place(village.postings[0] & kPostIndexMask).admin2), "Dehdādī");
}

TEST(GazetteerBuilder, FaizabadNeedsContext) {
  TempDir t;
  write_mini_geonames(t);
  Diagnostics diags;
  GazetteerBuilder b(diags);
  b.read_geonames_dir(t.path() / "geonames");
  std::string error;
  ASSERT_TRUE(b.write(t.path() / "g.bin", &error)) << error;
  auto geo = Geocoder::load(t.path() / "g.bin", &error);
  ASSERT_TRUE(geo) << error;
  // Without context the bigger Faizabad (India) wins; with Badakhshan in the text, Afghanistan's.
  Document bare;
  bare.text = "Officials in Faizabad said the road was closed.";
  auto r1 = geo->geocode(bare);
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_EQ(r1[0].place.country, "IN");
  Document ctx;
  ctx.text = "The Taliban captured Faizabad, the capital of Badakhshan, overnight.";
  auto r2 = geo->geocode(ctx);
  ASSERT_GE(r2.size(), 2u);
  EXPECT_EQ(r2[0].place.country, "AF");
  EXPECT_EQ(r2[0].place.admin1, "Badakhshan");
  EXPECT_EQ(geo->resolve_name("Faizabad")->country, "IN");
  EXPECT_EQ(geo->resolve_name("Faizabad", {.country = "AF", .admin1 = {}, .feature = ""})->admin1, "Badakhshan");
  EXPECT_EQ(geo->resolve_name("Feyzabad", {.country = "", .admin1 = {"Badakhshan"}, .feature = ""})->country, "AF");
  EXPECT_FALSE(geo->resolve_name("Atlantis"));
}

TEST(Gazetteer, RejectsBadFiles) {
  TempDir t;
  std::string error;
  EXPECT_FALSE(Gazetteer::open(t.path() / "missing.bin", &error));
  EXPECT_NE(error.find("missing.bin"), std::string::npos);
  EXPECT_FALSE(Gazetteer::open(t.write("short.bin", "SITGAZ"), &error));
  EXPECT_FALSE(Gazetteer::open(t.write("magic.bin", std::string(200, 'x')), &error));
  EXPECT_NE(error.find("magic"), std::string::npos);
  // A real file cut short, and one with a flipped offset, are refused, not mapped blindly.
  write_mini_geonames(t);
  Diagnostics diags;
  GazetteerBuilder b(diags);
  b.read_geonames_dir(t.path() / "geonames");
  ASSERT_TRUE(b.write(t.path() / "g.bin", &error));
  std::ifstream f(t.path() / "g.bin", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), {});
  EXPECT_FALSE(Gazetteer::open(t.write("cut.bin", bytes.substr(0, bytes.size() / 2)), &error));
  std::string flipped = bytes;
  flipped[40] = '\x7f';  // inside the section offsets
  EXPECT_FALSE(Gazetteer::open(t.write("flipped.bin", flipped), &error));
  EXPECT_FALSE(Geocoder::load(t.path() / "cut.bin", &error));
  EXPECT_TRUE(Geocoder::load(t.path() / "g.bin", &error)) << error;
}

TEST(GazetteerBuilder, NothingReadIsAnError) {
  TempDir t;
  Diagnostics diags;
  GazetteerBuilder b(diags);
  b.read_geonames_dir(t.path() / "does-not-exist");
  std::string error;
  EXPECT_FALSE(b.write(t.path() / "g.bin", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(diags.skipped_any());
}

}  // namespace
}  // namespace sitrep::places
