// The extraction rules on real news sentences (the seeds and other conflict reporting),
// one mechanism per test: roles (active, passive, "between X and Y", parse paths), counts
// with each qualifier, claims and denials, each flag, merging, stable ids, control claims.
// Articles are built by hand here (tokens, places, dates from the real date tagger, and
// where a test is about the parse, CoNLL-U rows), so the rules are tested on their own.
#include "events/extractor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/paths.h"
#include "dates/temporal.h"

namespace sitrep::events {
namespace {

std::shared_ptr<const Lexicon> lexicon() {
  static std::shared_ptr<const Lexicon> lex = [] {
    std::string err;
    auto l = Lexicon::load(std::filesystem::path(SITREP_SOURCE_DIR) / "data" / "events", &err);
    EXPECT_TRUE(l) << err;
    return std::shared_ptr<const Lexicon>(std::move(l));
  }();
  return lex;
}

struct Gaz {
  const char* name;
  const char* feature;
  const char* admin1;
  const char* country;
  double lat, lon;
};

// A few real places (GeoNames coordinates) for the fixtures.
const std::vector<Gaz>& gazetteer() {
  static const std::vector<Gaz> g = {
      {"Mazar-i-Sharif", "city", "Balkh", "AF", 36.709, 67.110},
      {"Mazar-e-Sharif", "city", "Balkh", "AF", 36.709, 67.110},
      {"Mazar", "city", "Balkh", "AF", 36.709, 67.110},
      {"Faizabad", "city", "Badakhshan", "AF", 37.1166, 70.58},
      {"Kandahar", "city", "Kandahar", "AF", 31.6133, 65.7101},
      {"Helmand", "province", "Helmand", "AF", 31.5938, 64.3716},
      {"Balkh", "province", "Balkh", "AF", 36.75, 66.9},
      {"Baghlan", "province", "Baghlan", "AF", 35.9446, 68.7151},
      {"Panjshir", "province", "Panjshir", "AF", 35.313, 69.515},
      {"Tajikistan", "country", "", "TJ", 38.5, 71.0},
      {"Afghanistan", "country", "", "AF", 33.0, 65.0},
      {"Kabul", "city", "Kabul", "AF", 34.5553, 69.2075},
      {"Sheberghan", "city", "Jowzjan", "AF", 36.6658, 65.752},
      {"Kunduz", "city", "Kunduz", "AF", 36.728, 68.8681},
      {"Taloqan", "city", "Takhar", "AF", 36.7361, 69.5345},
      {"Mogadishu", "city", "Banaadir", "SO", 2.0371, 45.3438},
      {"Khartoum", "city", "Khartoum", "SD", 15.5518, 32.5324},
      {"Pokrovsk", "city", "Donetsk", "UA", 48.282, 37.181},
      {"Kyiv", "city", "Kyiv City", "UA", 50.4501, 30.5234},
      {"Gaza", "city", "Gaza", "PS", 31.5017, 34.4668},
      {"Nairobi", "city", "Nairobi", "KE", -1.2864, 36.8172},
      {"Russia", "country", "", "RU", 60.0, 100.0},
      {"Turkey", "country", "", "TR", 39.0, 35.0},
      {"Badakhshan", "province", "Badakhshan", "AF", 36.75, 71.0},
      {"Kenya", "country", "", "KE", 1.0, 38.0},
      {"Ethiopia", "country", "", "ET", 8.0, 38.0},
      // Demonyms: the geocoder returns them as country references (PlaceMention::demonym).
      {"Afghan", "demonym", "", "AF", 33.0, 65.0},
      {"Tajik", "demonym", "", "TJ", 38.5, 71.0},
      {"Israeli", "demonym", "", "IL", 31.5, 34.75},
      {"Russian", "demonym", "", "RU", 60.0, 100.0},
      {"Ukrainian", "demonym", "", "UA", 49.0, 32.0},
      {"Somali", "demonym", "", "SO", 10.0, 49.0},
      {"Palestinians", "demonym", "", "PS", 31.9, 35.2},
      {"Israelis", "demonym", "", "IL", 31.5, 34.75},
      {"Pokrovsk", "city", "Donetsk", "UA", 48.282, 37.181},
      {"Nyala", "city", "South Darfur", "SD", 12.0489, 24.8807},
      {"Goma", "city", "North Kivu", "CD", -1.6792, 29.2228},
      {"Ghazni", "city", "Ghazni", "AF", 33.5535, 68.4269},
      {"Herat", "city", "Herat", "AF", 34.3482, 62.1997},
      {"Culiacan", "city", "Sinaloa", "MX", 24.7994, -107.3879},
      {"Borno", "province", "Borno", "NG", 11.5, 13.0},
      {"Kharkiv", "city", "Kharkiv", "UA", 49.98081, 36.25272},
      {"Vovchansk", "city", "Kharkiv", "UA", 50.29078, 36.94108},
      {"Moscow", "city", "Moscow", "RU", 55.75222, 37.61556},
      {"Donetsk", "province", "Donetsk", "UA", 48.0, 37.5},
      {"Sudan", "country", "", "SD", 15.0, 32.0},
      {"Somalia", "country", "", "SO", 10.0, 49.0},
  };
  return g;
}

bool punct_char(char c) { return std::string_view(",.;:!?()\"").find(c) != std::string_view::npos; }

// Tokenizes like UD EWT for these fixtures: punctuation apart, "'s" apart, "1,000" and
// "U.S." and "Mazar-i-Sharif" whole, curly quotes as tokens.
std::vector<std::pair<uint32_t, uint32_t>> tokenize(std::string_view t, uint32_t base) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  size_t i = 0;
  while (i < t.size()) {
    if (t[i] == ' ' || t[i] == '\n') {
      ++i;
      continue;
    }
    if ((unsigned char)t[i] == 0xE2 && i + 2 < t.size()) {  // “ ” — –
      if (!(t[i + 1] == '\x80' && t[i + 2] == '\x99')) {
        out.push_back({base + i, base + i + 3});
        i += 3;
        continue;
      }
    }
    if (punct_char(t[i])) {
      out.push_back({base + i, base + i + 1});
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && t[j] != ' ' && t[j] != '\n') {
      if ((unsigned char)t[j] == 0xE2 && j + 2 < t.size() && !(t[j + 1] == '\x80' && t[j + 2] == '\x99')) break;
      if (punct_char(t[j])) {
        bool inner = j + 1 < t.size() && (t[j] == ',' || t[j] == '.') && std::isalnum((unsigned char)t[j + 1]) &&
                     j > i;
        bool abbrev = t[j] == '.' && j > i && std::isupper((unsigned char)t[i]) && j - i <= 4 &&
                      (j + 1 == t.size() || t[j + 1] == ' ') && t.substr(i, j - i).find('.') != std::string::npos;
        if (!inner && !abbrev) break;
      }
      ++j;
    }
    std::string_view w = t.substr(i, j - i);
    size_t poss = std::string_view::npos;
    if (w.size() > 2 && w.substr(w.size() - 2) == "'s") poss = w.size() - 2;
    if (w.size() > 4 && w.substr(w.size() - 4) == "\xE2\x80\x99s") poss = w.size() - 4;
    if (poss != std::string_view::npos) {
      out.push_back({base + i, base + i + poss});
      out.push_back({base + i + poss, base + j});
    } else {
      out.push_back({base + i, base + j});
    }
    i = j;
  }
  return out;
}

// One article: sentences one per line, paragraphs separated by blank lines.
struct Article {
  std::string text;
  AnnotatedDocument doc;
  // Optional CoNLL-U rows (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL) per sentence index.
  std::map<size_t, std::string> conllu;

  Article(std::string body, std::string published, std::map<size_t, std::string> parses = {})
      : text(std::move(body)), conllu(std::move(parses)) {
    doc.doc_id = "test";
    doc.published = published;
    doc.text = text;
    auto anchor = CivilDate::parse_iso(published);
    size_t pos = 0;
    uint32_t para = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      std::string_view line(text.data() + pos, nl - pos);
      if (line.empty()) {
        ++para;
        pos = nl + 1;
        continue;
      }
      AnnotatedSentence s;
      s.index = doc.sentences.size();
      s.paragraph = para;
      s.start = pos;
      s.end = nl;
      auto rows = conllu.find(s.index);
      auto toks = tokenize(line, pos);
      for (auto [b, e] : toks) {
        TokenInfo t;
        t.form = std::string_view(text).substr(b, e - b);
        t.start = b;
        t.end = e;
        t.norm = normalize_token(t.form);
        s.tokens.push_back(t);
      }
      if (rows != conllu.end()) {
        std::istringstream in(rows->second);
        std::string row;
        size_t k = 0;
        while (std::getline(in, row)) {
          if (row.empty()) continue;
          std::istringstream r(row);
          std::string id, form, lemma, upos, xpos, feats, head, deprel;
          r >> id >> form >> lemma >> upos >> xpos >> feats >> head >> deprel;
          EXPECT_LT(k, s.tokens.size()) << row;
          if (k >= s.tokens.size()) break;
          EXPECT_EQ(s.tokens[k].form, form) << "sentence " << s.index;
          s.tokens[k].lemma = lemma;
          s.tokens[k].upos = upos;
          s.tokens[k].head = std::stoi(head) - 1;
          s.tokens[k].deprel = deprel;
          ++k;
        }
        EXPECT_EQ(k, s.tokens.size()) << "sentence " << s.index;
        s.parsed = true;
      }
      // Places: gazetteer names on token boundaries.
      for (uint32_t k = 0; k < s.tokens.size(); ++k)
        for (const auto& g : gazetteer())
          if (s.tokens[k].form == g.name) {
            PlaceMention p;
            p.begin = k;
            p.end = k + 1;
            p.demonym = std::string(g.feature) == "demonym";
            p.place.name = g.name;
            p.place.feature = p.demonym ? "country" : g.feature;
            p.place.admin1 = g.admin1;
            p.place.country = g.country;
            p.place.lat = g.lat;
            p.place.lon = g.lon;
            p.place.precision = std::string(g.feature) == "city" ? 1 : 3;
            p.place.text = g.name;
            s.places.push_back(p);
          }
      // Dates: the real date tagger, anchored on the published date.
      if (anchor)
        for (const auto& d : tag_dates(line, *anchor)) {
          if (!d.resolved) continue;
          DateMention m = date_mention(d, std::string(line.substr(d.span.start, d.span.end - d.span.start)), 0, 0);
          uint32_t b = pos + d.span.start, e = pos + d.span.end;
          m.begin = UINT32_MAX;
          for (uint32_t k = 0; k < s.tokens.size(); ++k)
            if (s.tokens[k].start >= b && s.tokens[k].end <= e) {
              if (m.begin == UINT32_MAX) m.begin = k;
              m.end = k + 1;
            }
          if (m.begin != UINT32_MAX) s.dates.push_back(m);
        }
      doc.sentences.push_back(std::move(s));
      pos = nl + 1;
    }
  }

  ArticleEvents extract(bool explain = false) const {
    EventExtractor x(lexicon());
    ExtractOptions o;
    o.explain = explain;
    o.emit_flagged = true;
    return x.extract(doc, o);
  }
};

const Event* find(const ArticleEvents& a, const std::string& type, const std::string& place = "") {
  for (const auto& e : a.events)
    if (e.type == type && (place.empty() || e.location.name == place)) return &e;
  return nullptr;
}

const EventCount* count(const Event& e, const std::string& what) {
  for (const auto& c : e.counts)
    if (c.what == what) return &c;
  return nullptr;
}

bool has_flag(const Event& e, const std::string& f) {
  return std::find(e.flags.begin(), e.flags.end(), f) != e.flags.end();
}

std::string actor1(const Event& e) { return e.actor1.empty() ? "" : e.actor1[0].name; }
std::string actor2(const Event& e) { return e.actor2.empty() ? "" : e.actor2[0].name; }

TEST(Lexicon, LoadsAndRejectsMalformedLines) {
  ASSERT_TRUE(lexicon());
  EXPECT_GT(lexicon()->actors.size(), 50u);
  EXPECT_GT(lexicon()->triggers.size(), 80u);
  auto dir = std::filesystem::temp_directory_path() / "sitrep_events_lexicon_test";
  std::filesystem::create_directories(dir);
  for (const char* f : {"actors.tsv", "triggers.tsv", "cues.tsv"})
    std::filesystem::copy_file(std::filesystem::path(SITREP_SOURCE_DIR) / "data/events" / f, dir / f,
                               std::filesystem::copy_options::overwrite_existing);
  {
    std::ofstream out(dir / "triggers.tsv", std::ios::app);
    out << "pillage\tV\tLOOT\t-\t-\tap\t-\n";
  }
  std::string err;
  EXPECT_FALSE(Lexicon::load(dir, &err));
  EXPECT_NE(err.find("triggers.tsv:"), std::string::npos) << err;
  EXPECT_NE(err.find("LOOT"), std::string::npos) << err;
  std::filesystem::remove_all(dir);
}

// --- roles ----------------------------------------------------------------------------

TEST(Roles, ClashesBetweenXAndY) {
  Article a("In Kandahar, fierce clashes erupted between Taliban insurgents and security forces, with heavy fighting "
            "being reported near the city's prison.",
            "2021-08-11");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Kandahar");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Taliban");
  EXPECT_EQ(actor2(*e), "Afghan National Army");
  EXPECT_EQ(e->acled_sub_event_type, "Armed clash");
  EXPECT_EQ(out.events.size(), 1u) << "the fighting near the prison is the same happening";
}

TEST(Roles, RepelledAttackerIsActor1) {
  Article a("The Afghan armed forces said on Tuesday that they have repulsed a Taliban offensive in Mazar-i-Sharif, "
            "the capital of the northern Balkh province, with over 80 militants killed in the operation.",
            "2021-08-10");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Taliban");
  EXPECT_EQ(actor2(*e), "Afghan National Army");
  EXPECT_EQ(e->location.name, "Mazar-i-Sharif");
  EXPECT_EQ(e->date.start, "2021-08-10");
  const EventCount* k = count(*e, "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 80);
  EXPECT_EQ(k->qualifier, "over");
  EXPECT_EQ(k->of, "Taliban");
  EXPECT_EQ(k->claimed_by, "Afghan National Army");
}

TEST(Roles, PassiveSubjectAndByAgent) {
  Article a("The Taliban launched several major attacks overnight against the northern Panjshir province but were "
            "pushed back by resistance forces, opposition sources said on Tuesday.",
            "2021-08-31");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Panjshir");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Taliban");
  EXPECT_EQ(actor2(*e), "National Resistance Front");
  EXPECT_EQ(out.events.size(), 1u);
}

// The parse decides where word order would mislead: the subject is far from the verb.
TEST(Roles, FromTheDependencyParse) {
  Article a("Afghan soldiers , backed by air strikes , recaptured two districts in Balkh .", "2021-06-22",
            {{0, R"(1	Afghan	Afghan	ADJ	_	_	2	amod
2	soldiers	soldier	NOUN	_	_	9	nsubj
3	,	,	PUNCT	_	_	4	punct
4	backed	back	VERB	_	_	2	acl
5	by	by	ADP	_	_	7	case
6	air	air	NOUN	_	_	7	compound
7	strikes	strike	NOUN	_	_	4	obl
8	,	,	PUNCT	_	_	9	punct
9	recaptured	recapture	VERB	_	_	0	root
10	two	two	NUM	_	_	11	nummod
11	districts	district	NOUN	_	_	9	obj
12	in	in	ADP	_	_	13	case
13	Balkh	Balkh	PROPN	_	_	11	nmod
14	.	.	PUNCT	_	_	9	punct)"}});
  auto out = a.extract(true);
  const Event* e = find(out, "ASSAULT", "Balkh");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Afghan National Army");
  EXPECT_EQ(e->acled_sub_event_type, "Government regains territory");
  ASSERT_FALSE(out.explanations.empty());
  bool parse_path = false;
  for (const auto& r : out.explanations[0].roles)
    if (r.role == "actor1" && r.path == "nsubj") parse_path = true;
  EXPECT_TRUE(parse_path);
  EXPECT_FALSE(has_flag(*e, "aggregate")) << "two districts in one battle is one event";
}

TEST(Roles, PassiveFromTheParse) {
  Article a("Three soldiers were killed by al-Shabaab militants in Mogadishu .", "2024-03-02",
            {{0, R"(1	Three	three	NUM	_	_	2	nummod
2	soldiers	soldier	NOUN	_	_	4	nsubj:pass
3	were	be	AUX	_	_	4	aux:pass
4	killed	kill	VERB	_	_	0	root
5	by	by	ADP	_	_	7	case
6	al-Shabaab	al-Shabaab	PROPN	_	_	7	compound
7	militants	militant	NOUN	_	_	4	obl:agent
8	in	in	ADP	_	_	9	case
9	Mogadishu	Mogadishu	PROPN	_	_	4	obl
10	.	.	PUNCT	_	_	4	punct)"}});
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Mogadishu");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "al-Shabaab");
  EXPECT_EQ(actor2(*e), "Somali security forces");
  const EventCount* k = count(*e, "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 3);
}

TEST(Roles, GenericDescriptionsTakeTheLastNamedGroup) {
  Article a("The Taliban captured Faizabad overnight.\n"
            "\n"
            "The militants later attacked Kunduz.",
            "2021-08-11");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Kunduz");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Taliban");
  EXPECT_EQ(e->actor1[0].text, "The militants");
}

// Other conflicts: the participle's subject, a demonym on the weapon, protesters against police.
TEST(Roles, BeyondTheSeeds) {
  {
    Article a("Russian forces launched a massive missile attack on Kyiv overnight, killing at least 12 people and "
              "injuring 60, Ukrainian officials said on Monday.",
              "2024-03-05");
    auto out = a.extract();
    ASSERT_EQ(out.events.size(), 1u);
    EXPECT_EQ(actor1(out.events[0]), "Russian forces");
    EXPECT_EQ(out.events[0].location.name, "Kyiv");
    EXPECT_EQ(out.events[0].acled_sub_event_type, "Shelling/artillery/missile attack");
    const EventCount* k = count(out.events[0], "killed");
    ASSERT_TRUE(k);
    EXPECT_EQ(*k->best, 12);
    EXPECT_EQ(k->qualifier, "at least");
  }
  {
    Article a("Israeli air strikes killed 25 people in Gaza on Tuesday, according to the health ministry.",
              "2024-03-05");
    auto out = a.extract();
    const Event* e = find(out, "ASSAULT", "Gaza");
    ASSERT_TRUE(e);
    EXPECT_EQ(actor1(*e), "Israel");
    EXPECT_EQ(actor2(*e), "Civilians");
    EXPECT_EQ(e->acled_sub_event_type, "Air/drone strike");
  }
  {
    Article a("Protesters clashed with police in Nairobi on Tuesday.", "2024-03-05");
    auto out = a.extract();
    const Event* e = find(out, "ASSAULT", "Nairobi");
    ASSERT_TRUE(e);
    EXPECT_EQ(actor1(*e), "Protesters");
    EXPECT_EQ(e->actor2.empty() ? "" : e->actor2[0].kind, "state_forces");
    EXPECT_EQ(e->acled_event_type, "Riots");
  }
}

// --- counts ---------------------------------------------------------------------------

TEST(Counts, QualifiersNumberWordsAndWhoseDead) {
  struct Case {
    const char* sentence;
    const char* published;
    const char* what;
    int64_t best;
    const char* qualifier;
    const char* of;
  };
  const Case cases[] = {
      {"261 #Taliban terrorists were killed and 206 others were wounded as a result of #ANDSF operations in Kandahar.",
       "2021-07-06", "killed", 261, "", "Taliban"},
      {"261 #Taliban terrorists were killed and 206 others were wounded as a result of #ANDSF operations in Kandahar.",
       "2021-07-06", "injured", 206, "", "Taliban"},
      {"Afghan authorities have deployed hundreds of commandos to Kandahar.", "2021-07-06", "mobilized", 100,
       "hundreds", ""},
      {"Nearly 1,000 Afghan soldiers have fled into Tajikistan.", "2021-07-06", "fled", 1000, "nearly",
       "Afghan National Army"},
      {"Afghan soldiers recaptured two districts in Balkh during a fierce overnight battle that left 80 Taliban "
       "fighters dead.",
       "2021-06-22", "killed", 80, "", "Taliban"},
      {"The death toll from the suicide bombing in Kabul rose to 13, officials said.", "2021-08-27", "killed", 13, "",
       ""},
      {"Dozens of civilians were killed in the shelling of Pokrovsk, Ukrainian officials said.", "2024-08-20", "killed",
       12, "dozens", "Civilians"},
      {"Russian missile strikes killed at least 12 people and wounded 40 in Kharkiv on Monday.", "2024-05-14",
       "injured", 40, "", "Civilians"},
      {"Israeli air strikes killed at least 20 Palestinians in Gaza on Monday.", "2024-05-14", "killed", 20, "at least",
       "Civilians"},
      {"At least five soldiers were killed when militants stormed a base in Mogadishu.", "2024-01-10", "killed", 5,
       "at least", "Somali security forces"},
      {"Several soldiers were wounded when militants attacked a checkpoint in Kandahar.", "2021-08-11", "injured", 3,
       "several", "Afghan National Army"},
      {"Up to 2,000 civilians were massacred after the Taliban captured Mazar in 1998.", "2021-08-11", "killed", 2000,
       "up to", "Civilians"},
  };
  for (const auto& c : cases) {
    Article a(c.sentence, c.published);
    auto out = a.extract();
    const EventCount* k = nullptr;
    for (const auto& e : out.events)
      if ((k = count(e, c.what))) break;
    ASSERT_TRUE(k) << c.sentence << " / " << c.what;
    EXPECT_EQ(*k->best, c.best) << c.sentence;
    EXPECT_EQ(k->qualifier, c.qualifier) << c.sentence;
    if (*c.of) {
      EXPECT_EQ(k->of, c.of) << c.sentence;
    }
  }
}

TEST(Counts, TheirFightersAreTheSubjectsOwn) {
  Article a("The Taliban attacked Panjshir from the west.\n"
            "Dashti claimed that the Taliban suffered heavy losses in the clashes and around 30 of their fighters were "
            "killed, 15 injured and some captured by the resistance.",
            "2021-08-31");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Panjshir");
  ASSERT_TRUE(e);
  const EventCount* k = count(*e, "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 30);
  EXPECT_EQ(k->qualifier, "about");
  EXPECT_EQ(k->of, "Taliban");
  EXPECT_EQ(k->claimed_by, "National Resistance Front");
  const EventCount* w = count(*e, "injured");
  ASSERT_TRUE(w);
  EXPECT_EQ(*w->best, 15);
}

TEST(Counts, DifferingSourcesKeepTheConservativeBest) {
  Article a("At least 40 civilians were killed in an air strike in Khartoum, local activists said.\n"
            "The army said 25 people were killed in the air strike in Khartoum.",
            "2024-05-10");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Khartoum");
  ASSERT_TRUE(e);
  const EventCount* k = count(*e, "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 25);
  EXPECT_EQ(*k->high, 40);
  EXPECT_EQ(e->acled_sub_event_type, "Air/drone strike");
}

// --- claims ---------------------------------------------------------------------------

TEST(Claims, SpeakerAssertsAndTheOtherSideDenies) {
  Article a("Taliban carried out several attacks against Panjshir province since last night but all of them were "
            "pushed back, Fahim Dashti said in a statement.\n"
            "However, two Taliban sources rebutted the claim and told EFE that they had made some advances after "
            "attacking Panjshir from multiple directions",
            "2021-08-31");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Panjshir");
  ASSERT_TRUE(e);
  EXPECT_TRUE(has_flag(*e, "disputed"));
  bool asserts = false, denies = false;
  for (const auto& c : e->claims) {
    asserts = asserts || (c.stance == "asserts" && c.by == "National Resistance Front");
    denies = denies || (c.stance == "denies" && c.by == "Taliban");
  }
  EXPECT_TRUE(asserts);
  EXPECT_TRUE(denies);
}

TEST(Claims, AccordingToAndSaidAfterTheQuote) {
  Article a("In Faizabad, a local lawmaker told AFP that security forces had retreated.\n"
            "\xE2\x80\x9CThe Taliban have captured the city now,\xE2\x80\x9D said Zabihullah Attiq, confirming the "
            "latest city to fall.",
            "2021-08-11");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Faizabad");
  ASSERT_TRUE(e);
  ASSERT_FALSE(e->claims.empty());
  EXPECT_EQ(e->claims[0].by, "Zabihullah Attiq");
  Article b("The Rapid Support Forces attacked Nyala on Friday, according to local activists.", "2024-05-14");
  auto out_b = b.extract();
  const Event* f = find(out_b, "ASSAULT", "Nyala");
  ASSERT_TRUE(f);
  ASSERT_FALSE(f->claims.empty());
  EXPECT_EQ(f->claims[0].by, "local activists");
  EXPECT_EQ(f->claims[0].text, "according to local activists");
}

// --- flags ----------------------------------------------------------------------------

TEST(Flags, EachFlagOnRealSentences) {
  struct Case {
    const char* sentence;
    const char* published;
    const char* type;
    const char* flag;
  };
  const Case cases[] = {
      {"The U.S. will pull out its remaining 2,500 troops from Afghanistan by Sept. 11.", "2021-06-22", "RETREAT",
       "future"},
      {"Rights groups accused the Taliban of massacring up to 2,000 civilians after capturing Mazar in 1998.",
       "2021-08-11", "ASSAULT", "historical"},
      {"The militants have focused on a campaign in Afghanistan, seizing dozens of districts in the past two "
       "months.",
       "2021-07-06", "ASSAULT", "aggregate"},
      {"Since mid-April, the militant group has grabbed control of more than 50 districts in Afghanistan.",
       "2021-06-22", "ASSAULT", "aggregate"},
      {"One of the Taliban officials said that the group hoped to capture Panjshir by military means.", "2021-08-31",
       "ASSAULT", "hypothetical"},
      {"The Taliban did not attack Kandahar overnight, a local official said.", "2021-08-11", "ASSAULT", "negated"},
  };
  for (const auto& c : cases) {
    Article a(c.sentence, c.published);
    auto out = a.extract();
    const Event* e = find(out, c.type);
    ASSERT_TRUE(e) << c.sentence;
    EXPECT_TRUE(has_flag(*e, c.flag)) << c.sentence << " lacks " << c.flag;
  }
}

TEST(Flags, HistoricalMassacreKeepsItsYear) {
  Article a("Rights groups accused the Taliban of massacring up to 2,000 civilians after capturing Mazar in 1998.",
            "2021-08-11");
  auto out = a.extract();
  for (const auto& e : out.events) EXPECT_TRUE(has_flag(e, "historical")) << e.type << " " << e.date.start;
}

TEST(Flags, AnnouncedAttackIsAThreat) {
  Article a("On Monday, the Taliban announced that they would soon capture Mazar-i-Sharif.", "2021-08-10");
  auto out = a.extract();
  const Event* e = find(out, "THREATEN");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Taliban");
  EXPECT_EQ(e->date.start, "2021-08-09");
  EXPECT_EQ(e->location.name, "Mazar-i-Sharif");
  EXPECT_EQ(e->acled_event_type, "") << "a threat is verbal: no ACLED code, even with the sides it names";
}

// --- dates ----------------------------------------------------------------------------

// Seed 002 (TRT World, 2021-07-06), parsed by the committed model: the date is the one the
// trigger's parse path reaches. "The deployment on Tuesday" dates the deployment; "a statement
// on Monday ... said Rakhmon ordered the mobilisation" dates the mobilisation by the statement,
// and the "reports on Tuesday" of the same call-up do not move it to Tuesday; "countries said
// they had restricted consular services", an "as" clause on "comes", gets no day from "the
// deployment on Tuesday" (and, placed only in a country with no day of its own, is no record).
TEST(Dates, FromTheExpressionTheTriggerGoverns) {
  Article a("Afghan authorities have deployed hundreds of commandos and pro-government militiamen to counter the Taliban's blistering offensive in the north.\n"
            "The deployment on Tuesday comes as several countries said that they had restricted consular services in Afghanistan keeping in view the changing security dynamics.\n"
            "The surge in Taliban wins has caused some countries to close their consulates in the region, while across the border in Tajikistan, reservists are being called up to reinforce the southern border, according to officials and reports on Tuesday.\n"
            "A statement on Monday from the Tajik government said President Emomali Rakhmon ordered the mobilisation of 20,000 military reservists to strengthen its border with Afghanistan.",
            "2021-07-06",
            {{0, R"(1	Afghan	Afghan	ADJ	JJ	_	2	amod
2	authorities	authority	NOUN	NNS	_	4	nsubj
3	have	have	AUX	VBP	_	4	aux
4	deployed	deploy	VERB	VBN	_	0	root
5	hundreds	hundred	NOUN	NNS	_	4	obj
6	of	of	ADP	IN	_	7	case
7	commandos	commando	NOUN	NNS	_	5	nmod
8	and	and	CCONJ	CC	_	10	cc
9	pro-government	pro-government	ADJ	JJ	_	10	amod
10	militiamen	militiamen	NOUN	NN	_	5	conj
11	to	to	PART	TO	_	12	mark
12	counter	counter	VERB	VB	_	5	acl
13	the	the	DET	DT	_	14	det
14	Taliban	Taliban	PROPN	NNP	_	17	nmod:poss
15	's	's	PART	POS	_	14	case
16	blistering	blistering	NOUN	NN	_	17	compound
17	offensive	offensive	NOUN	NN	_	12	obj
18	in	in	ADP	IN	_	20	case
19	the	the	DET	DT	_	20	det
20	north	north	NOUN	NN	_	12	obl
21	.	.	PUNCT	.	_	4	punct)"},
             {1, R"(1	The	the	DET	DT	_	2	det
2	deployment	deployment	NOUN	NN	_	5	nsubj
3	on	on	ADP	IN	_	5	case
4	Tuesday	Tuesday	PROPN	NNP	_	5	nsubj
5	comes	come	VERB	VBZ	_	0	root
6	as	as	ADP	IN	_	9	mark
7	several	several	ADJ	JJ	_	8	amod
8	countries	country	NOUN	NNS	_	9	nsubj
9	said	say	VERB	VBD	_	5	advcl
10	that	that	SCONJ	IN	_	13	mark
11	they	they	PRON	PRP	_	13	nsubj
12	had	have	AUX	VBD	_	13	aux
13	restricted	restrict	VERB	VBN	_	9	ccomp
14	consular	consular	ADJ	JJ	_	15	amod
15	services	service	NOUN	NNS	_	13	obj
16	in	in	ADP	IN	_	17	case
17	Afghanistan	Afghanistan	PROPN	NNP	_	15	nmod
18	keeping	keep	VERB	VBG	_	15	acl
19	in	in	ADP	IN	_	20	case
20	view	view	NOUN	NN	_	18	obl
21	the	the	DET	DT	_	24	det
22	changing	changing	NOUN	NN	_	23	compound
23	security	security	NOUN	NN	_	24	compound
24	dynamics	dynamics	NOUN	NNS	_	18	obj
25	.	.	PUNCT	.	_	5	punct)"},
             {2, R"(1	The	the	DET	DT	_	2	det
2	surge	surge	NOUN	NN	_	5	nsubj
3	in	in	ADP	IN	_	4	case
4	Taliban	Taliban	PROPN	NNP	_	2	nmod
5	wins	win	VERB	VBZ	_	0	root
6	has	have	AUX	VBZ	_	7	aux
7	caused	cause	VERB	VBN	_	5	xcomp
8	some	some	DET	DT	_	9	det
9	countries	country	NOUN	NNS	_	7	obj
10	to	to	PART	TO	_	11	mark
11	close	close	VERB	VB	_	7	xcomp
12	their	their	PRON	PRP$	_	13	nmod:poss
13	consulates	consulate	NOUN	NNS	_	11	obj
14	in	in	ADP	IN	_	16	case
15	the	the	DET	DT	_	16	det
16	region	region	NOUN	NN	_	11	obl
17	,	,	PUNCT	,	_	28	punct
18	while	while	SCONJ	IN	_	28	mark
19	across	across	ADP	IN	_	21	case
20	the	the	DET	DT	_	21	det
21	border	border	NOUN	NN	_	28	obl
22	in	in	ADP	IN	_	23	case
23	Tajikistan	Tajikistan	PROPN	NNP	_	21	nmod
24	,	,	PUNCT	,	_	21	punct
25	reservists	reservist	NOUN	NNS	_	28	nsubj:pass
26	are	be	AUX	VBP	_	28	aux
27	being	be	AUX	VBG	_	28	aux:pass
28	called	call	VERB	VBN	_	7	conj
29	up	up	ADP	RP	_	28	compound:prt
30	to	to	PART	TO	_	31	mark
31	reinforce	reinforce	VERB	VB	_	28	advcl
32	the	the	DET	DT	_	34	det
33	southern	southern	ADJ	JJ	_	34	amod
34	border	border	NOUN	NN	_	31	obj
35	,	,	PUNCT	,	_	38	punct
36	according	accord	VERB	VBG	_	38	case
37	to	to	ADP	IN	_	36	fixed
38	officials	official	NOUN	NNS	_	31	obl
39	and	and	CCONJ	CC	_	40	cc
40	reports	report	NOUN	NNS	_	38	conj
41	on	on	ADP	IN	_	42	case
42	Tuesday	Tuesday	PROPN	NNP	_	38	nmod
43	.	.	PUNCT	.	_	5	punct)"},
             {3, R"(1	A	a	DET	DT	_	2	det
2	statement	statement	NOUN	NN	_	0	root
3	on	on	ADP	IN	_	4	case
4	Monday	Monday	PROPN	NNP	_	2	nmod
5	from	from	ADP	IN	_	8	case
6	the	the	DET	DT	_	8	det
7	Tajik	Tajik	PROPN	NNP	_	8	compound
8	government	government	NOUN	NN	_	2	nmod
9	said	say	VERB	VBD	_	2	acl
10	President	President	PROPN	NNP	_	11	nmod:desc
11	Emomali	Emomali	PROPN	NNP	_	13	nsubj
12	Rakhmon	Rakhmon	PROPN	NNP	_	11	flat
13	ordered	order	VERB	VBD	_	9	ccomp
14	the	the	DET	DT	_	15	det
15	mobilisation	mobilisation	NOUN	NN	_	13	obj
16	of	of	ADP	IN	_	19	case
17	20,000	20000	NUM	CD	_	19	nummod
18	military	military	ADJ	JJ	_	19	amod
19	reservists	reservist	NOUN	NNS	_	15	nmod
20	to	to	PART	TO	_	21	mark
21	strengthen	strengthen	VERB	VB	_	13	advcl
22	its	its	PRON	PRP$	_	23	nmod:poss
23	border	border	NOUN	NN	_	21	obj
24	with	with	ADP	IN	_	25	case
25	Afghanistan	Afghanistan	PROPN	NNP	_	23	nmod
26	.	.	PUNCT	.	_	2	punct)"}});
  auto out = a.extract(true);
  const Event* afghan = nullptr;
  const Event* tajik = nullptr;
  for (const auto& e : out.events) {
    if (!e.flags.empty()) continue;  // "to reinforce the southern border": an aim
    if (e.type == "MOBILIZE" && actor1(e) == "Afghan government") afghan = &e;
    if (e.type == "MOBILIZE" && !e.actor1.empty() && e.actor1[0].country == "TJ") tajik = &e;
    for (const auto& ev : e.evidence)
      EXPECT_FALSE(e.type == "RETREAT" && ev.sentence == 1) << "restricted consular services: " << e.date.start;
  }
  ASSERT_TRUE(afghan);
  EXPECT_EQ(afghan->date.start, "2021-07-06");
  EXPECT_EQ(afghan->date.end, "2021-07-06");
  EXPECT_EQ(actor2(*afghan), "Taliban") << "deployed ... to counter the Taliban's offensive";
  ASSERT_TRUE(tajik);
  EXPECT_EQ(tajik->date.start, "2021-07-05");
  EXPECT_EQ(tajik->date.end, "2021-07-05");
  const EventCount* k = count(*tajik, "mobilized");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 20000);
}

// The day of another clause's event is not this event's ("after capturing X on Monday").
TEST(Dates, AnotherClausesDayIsNotTheEvents) {
  Article a("The Taliban captured Kunduz on Sunday .\n"
            "Afghan soldiers attacked Kandahar after the militants captured Faizabad on Monday .",
            "2021-08-11",
            {{1, R"(1	Afghan	Afghan	ADJ	_	_	2	amod
2	soldiers	soldier	NOUN	_	_	3	nsubj
3	attacked	attack	VERB	_	_	0	root
4	Kandahar	Kandahar	PROPN	_	_	3	obj
5	after	after	SCONJ	_	_	8	mark
6	the	the	DET	_	_	7	det
7	militants	militant	NOUN	_	_	8	nsubj
8	captured	capture	VERB	_	_	3	advcl
9	Faizabad	Faizabad	PROPN	_	_	8	obj
10	on	on	ADP	_	_	11	case
11	Monday	Monday	PROPN	_	_	8	obl
12	.	.	PUNCT	_	_	3	punct)"}});
  auto out = a.extract(true);
  const Event* faizabad = find(out, "ASSAULT", "Faizabad");
  ASSERT_TRUE(faizabad);
  EXPECT_EQ(faizabad->date.start, "2021-08-09");
  const Event* kandahar = find(out, "ASSAULT", "Kandahar");
  ASSERT_TRUE(kandahar);
  EXPECT_NE(kandahar->date.start, "2021-08-09");
  EXPECT_NE(kandahar->date.end, "2021-08-09") << "Monday is the capture's day, not the attack's";
}

// A dateline's day is the report's: the event's own "on Tuesday night" dates it.
// A report's day is the day the event was told (seed 000: "said on Tuesday that they have
// repulsed"), unless the event's own clause counts back from it ("two days earlier", "the
// previous night": from the report's day, not from publication) or puts it before ("had
// withdrawn": on or before that day). Sentences parsed by the committed model.
TEST(Dates, TheEventsOwnClauseCountsBackFromTheReport) {
  struct Case {
    const char* text;
    const char* rows;
    const char* type;
    const char* start;
    const char* end;
  };
  const Case cases[] = {
      {"A police spokesman told reporters on Wednesday that gunmen had stormed a checkpoint in Herat two days earlier .", R"(1	A	a	DET	_	_	3	det
2	police	police	NOUN	_	_	3	compound
3	spokesman	spokesman	NOUN	_	_	4	nsubj
4	told	tell	VERB	_	_	0	root
5	reporters	reporter	NOUN	_	_	4	iobj
6	on	on	ADP	_	_	7	case
7	Wednesday	Wednesday	PROPN	_	_	4	obl
8	that	that	DET	_	_	9	det
9	gunmen	gunmen	NOUN	_	_	11	nsubj
10	had	have	AUX	_	_	11	aux
11	stormed	storm	VERB	_	_	4	ccomp
12	a	a	DET	_	_	13	det
13	checkpoint	checkpoint	NOUN	_	_	11	obj
14	in	in	ADP	_	_	15	case
15	Herat	Herat	PROPN	_	_	13	nmod
16	two	two	NUM	_	_	17	nummod
17	days	day	NOUN	_	_	18	obl:unmarked
18	earlier	early	ADV	_	_	11	advmod
19	.	.	PUNCT	_	_	4	punct)", "ASSAULT", "2021-08-09", "2021-08-09"},
      {"The governor said on Wednesday that security forces had withdrawn from Ghazni .", R"(1	The	the	DET	_	_	2	det
2	governor	governor	NOUN	_	_	3	nsubj
3	said	say	VERB	_	_	0	root
4	on	on	ADP	_	_	5	case
5	Wednesday	Wednesday	PROPN	_	_	3	obl
6	that	that	DET	_	_	8	det
7	security	security	NOUN	_	_	8	compound
8	forces	force	NOUN	_	_	10	nsubj
9	had	have	AUX	_	_	10	aux
10	withdrawn	withdraw	VERB	_	_	3	ccomp
11	from	from	ADP	_	_	12	case
12	Ghazni	Ghazni	PROPN	_	_	10	obl
13	.	.	PUNCT	_	_	3	punct)", "RETREAT", "2021-08-10", "2021-08-11"},
      {"The ministry said on Wednesday that militants attacked a checkpoint in Herat the previous night .", R"(1	The	the	DET	_	_	2	det
2	ministry	ministry	PROPN	_	_	3	nsubj
3	said	say	VERB	_	_	0	root
4	on	on	ADP	_	_	5	case
5	Wednesday	Wednesday	PROPN	_	_	3	obl
6	that	that	SCONJ	_	_	8	mark
7	militants	militant	NOUN	_	_	8	nsubj
8	attacked	attack	VERB	_	_	3	ccomp
9	a	a	DET	_	_	10	det
10	checkpoint	checkpoint	NOUN	_	_	8	obj
11	in	in	ADP	_	_	12	case
12	Herat	Herat	PROPN	_	_	8	obl
13	the	the	DET	_	_	15	det
14	previous	previous	ADJ	_	_	15	amod
15	night	night	NOUN	_	_	8	obl:unmarked
16	.	.	PUNCT	_	_	3	punct)", "ASSAULT", "2021-08-10", "2021-08-11"},
  };
  for (const auto& c : cases) {
    Article a(c.text, "2021-08-12", {{0, c.rows}});
    auto out = a.extract(true);
    const Event* e = find(out, c.type);
    ASSERT_TRUE(e) << c.text;
    EXPECT_EQ(e->date.start, c.start) << c.text;
    EXPECT_EQ(e->date.end, c.end) << c.text;
  }
}

// A dateline is the report's day too: "two days earlier" counts back from it; "two days before
// the vote" is before the vote, not before the report.
TEST(Dates, DatelineDayIsTheReferenceOfEarlier) {
  Article a("KABUL, Aug 11 - Taliban fighters seized Ghazni two days earlier, officials said.", "2021-08-12");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Ghazni");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->date.start, "2021-08-09");
  EXPECT_EQ(e->date.end, "2021-08-09");
  Article b("KABUL, Aug 11 - Taliban fighters attacked Ghazni two days before the vote.", "2021-08-12");
  auto out_b = b.extract();
  const Event* f = find(out_b, "ASSAULT", "Ghazni");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->date.end, "2021-08-11");
}

// "..., killing five soldiers": a participle with no subject of its own is the same happening,
// dated by the day of the verb it hangs on; and "earlier this week" is a vague day, not a total.
TEST(Dates, AParticipleSharesItsVerbsDay) {
  Article a("Militants attacked a checkpoint in Herat on Monday , killing five soldiers .", "2021-08-12", {{0, R"(1	Militants	militant	NOUN	_	_	2	nsubj
2	attacked	attack	VERB	_	_	0	root
3	a	a	DET	_	_	4	det
4	checkpoint	checkpoint	NOUN	_	_	2	obj
5	in	in	ADP	_	_	6	case
6	Herat	Herat	PROPN	_	_	4	nmod
7	on	on	ADP	_	_	8	case
8	Monday	Monday	PROPN	_	_	4	nmod
9	,	,	PUNCT	_	_	10	punct
10	killing	kill	VERB	_	_	2	advcl
11	five	five	NUM	_	_	12	nummod
12	soldiers	soldier	NOUN	_	_	10	obj
13	.	.	PUNCT	_	_	2	punct)"}});
  auto out = a.extract();
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].date.start, "2021-08-09");
  const EventCount* k = count(out.events[0], "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 5);
  Article b("Officials said the Taliban captured Ghazni earlier this week.", "2021-08-12");
  auto out_b = b.extract();
  const Event* e = find(out_b, "ASSAULT", "Ghazni");
  ASSERT_TRUE(e);
  EXPECT_FALSE(has_flag(*e, "aggregate"));
  EXPECT_NE(e->date.start, e->date.end);
}

TEST(Dates, DatelineIsTheReportsDay) {
  Article a("KABUL, Aug 11 - Taliban fighters seized Faizabad on Tuesday night after government troops withdrew from "
            "the city, a provincial council member said.",
            "2021-08-11");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Faizabad");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->date.start, "2021-08-10");
  EXPECT_EQ(actor2(*e), "Afghan National Army");
}

// --- actor2 -------------------------------------------------------------------------------

// When the trigger's object is a place, the side acted on is whoever holds it: the party the
// article says took it, else the one it places there, else the state's forces (or, against
// those, the armed group of the story). An attack somewhere on something else gets none.
TEST(Roles, WhoeverHoldsThePlaceIsActor2) {
  struct Case {
    const char* text;
    const char* published;
    const char* place;
    const char* actor2;
  };
  const Case cases[] = {
      {"Ghani arrived in Mazar as the Taliban captured Faizabad overnight.", "2021-08-11", "Faizabad",
       "Afghan National Army"},
      {"The Taliban captured Kunduz on Sunday.\nAfghan soldiers recaptured Kunduz on Tuesday.", "2021-08-11",
       "Kunduz", "Taliban"},
      {"Fahim Dashti is spokesperson for the National Resistance Front in Panjshir.\nThe Taliban have cut supply "
       "routes and all mobile phone and internet services in Panjshir.",
       "2021-08-31", "Panjshir", "National Resistance Front"},
      {"Russian forces attacked Pokrovsk overnight, the regional governor said.", "2024-08-20", "Pokrovsk",
       "Ukrainian forces"},
      {"Gunmen attacked a wedding party in Kunduz on Tuesday.", "2021-08-11", "Kunduz", ""},
  };
  for (const auto& c : cases) {
    Article a(c.text, c.published);
    auto out = a.extract(true);
    const Event* e = nullptr;
    for (const auto& x : out.events)
      if (x.location.name == c.place && (x.type == "ASSAULT" || x.type == "COERCE")) e = &x;
    ASSERT_TRUE(e) << c.text;
    EXPECT_EQ(actor2(*e), c.actor2) << c.text;
  }
}

// "called on the EU", "appealed to Russia": the trigger's own preposition introduces the
// addressee, even where the name is also a place; and a party is not where the event is.
TEST(Roles, AddresseeAfterTheTriggersPreposition) {
  Article a("In Kyiv, Ukraine called on Russia to release the prisoners on Tuesday.", "2024-03-05");
  auto out = a.extract(true);
  const Event* e = find(out, "REQUEST");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Ukrainian government");
  EXPECT_EQ(actor2(*e), "Russia");
  EXPECT_EQ(e->location.name, "Kyiv");
}

// A list of parties is one side (seed 002: "the consulates of Turkey and Russia"; AMISOM
// reporting), but "between X and Y" stays two sides (Roles.ClashesBetweenXAndY).
TEST(Roles, AListOfPartiesIsOneSide) {
  {
    Article a("The consulates of Turkey and Russia have reportedly closed in Mazar-e-Sharif.", "2021-07-06");
    auto out = a.extract();
    const Event* e = find(out, "RETREAT", "Mazar-e-Sharif");
    ASSERT_TRUE(e);
    ASSERT_EQ(e->actor1.size(), 2u);
    std::set<std::string> names{e->actor1[0].name, e->actor1[1].name};
    EXPECT_TRUE(names.count("Turkey") && names.count("Russia"));
  }
  {
    Article a("Kenya and Ethiopia sent troops to Mogadishu on Tuesday.", "2024-03-06");
    auto out = a.extract();
    const Event* e = find(out, "MOBILIZE", "Mogadishu");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->actor1.size(), 2u);
  }
}

// Seed 001: "security forces had retreated" from Faizabad, which the Taliban captured: they
// retreated before the Taliban. Fleeing abroad with no attacker there has no actor2.
TEST(Roles, RetreatIsBeforeTheAttackerOfThePlace) {
  Article a("Ghani arrived in Mazar as the Taliban captured Faizabad overnight.\n"
            "\n"
            "In Faizabad, a local lawmaker told AFP that security forces had retreated after days of heavy clashes.\n"
            "Nearly 1,000 Afghan soldiers have fled into Tajikistan.",
            "2021-08-11");
  auto out = a.extract();
  const Event* retreat = find(out, "RETREAT", "Faizabad");
  ASSERT_TRUE(retreat);
  EXPECT_EQ(actor1(*retreat), "Afghan National Army");
  EXPECT_EQ(actor2(*retreat), "Taliban");
  const Event* fled = find(out, "RETREAT", "Tajikistan");
  ASSERT_TRUE(fled);
  EXPECT_EQ(actor2(*fled), "");
}

// Troops sent against the party of the purpose clause, wherever the parse hangs the clause in
// what was sent: here on the last conjunct ("... and allied clan militiamen to counter"), as the
// committed model parses seed 002's "hundreds of commandos and pro-government militiamen to counter".
TEST(Roles, PurposeClauseInsideWhatIsSent) {
  Article a("Somali forces have deployed hundreds of commandos and allied clan militiamen to counter al-Shabaab 's "
            "offensive in Mogadishu .",
            "2024-03-05",
            {{0, R"(1	Somali	Somali	PROPN	_	_	2	compound
2	forces	force	NOUN	_	_	4	nsubj
3	have	have	AUX	_	_	4	aux
4	deployed	deploy	VERB	_	_	0	root
5	hundreds	hundred	NOUN	_	_	4	obj
6	of	of	ADP	_	_	7	case
7	commandos	commando	NOUN	_	_	5	nmod
8	and	and	CCONJ	_	_	11	cc
9	allied	allied	ADJ	_	_	11	amod
10	clan	clan	NOUN	_	_	11	compound
11	militiamen	militiaman	NOUN	_	_	7	conj
12	to	to	PART	_	_	13	mark
13	counter	counter	VERB	_	_	11	acl
14	al-Shabaab	al-Shabaab	PROPN	_	_	16	nmod:poss
15	's	's	PART	_	_	14	case
16	offensive	offensive	NOUN	_	_	13	obj
17	in	in	ADP	_	_	18	case
18	Mogadishu	Mogadishu	PROPN	_	_	16	nmod
19	.	.	PUNCT	_	_	4	punct)"}});
  auto out = a.extract(true);
  const Event* e = find(out, "MOBILIZE");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor1(*e), "Somali security forces");
  EXPECT_EQ(actor2(*e), "al-Shabaab");
}

// A fight for a place with one side named: the other side holds the place (the state's forces
// when the place is not named and the fighters are not the state's).
TEST(Roles, AFightForAPlaceIsAgainstWhoHoldsIt) {
  {
    Article a("M23 rebels fought for control of a strategic town on Tuesday.", "2024-02-10");
    auto out = a.extract(true);
    ASSERT_EQ(out.events.size(), 1u);
    EXPECT_EQ(actor1(out.events[0]), "M23");
    EXPECT_EQ(actor2(out.events[0]), "Congolese security forces");
  }
  {
    Article a("The Taliban captured Ghazni on Sunday.\nAfghan troops were fighting for control of Ghazni on Tuesday.",
              "2021-08-11");
    auto out = a.extract(true);
    const Event* e = nullptr;
    for (const auto& x : out.events)
      if (x.location.name == "Ghazni" && actor1(x) == "Afghan National Army") e = &x;
    ASSERT_TRUE(e);
    EXPECT_EQ(actor2(*e), "Taliban");
  }
  {
    // Fighting with no place fought for names no other side.
    Article a("M23 rebels were fighting near Goma on Tuesday.", "2024-02-10");
    auto out = a.extract(true);
    ASSERT_EQ(out.events.size(), 1u);
    EXPECT_EQ(actor2(out.events[0]), "");
  }
}

// A happening told on its own speaks for the record over a list that names its place in passing:
// the sides keep the order of "clashes broke out between X and Y" (seed 001's Kandahar, told the
// same way), and the other place of the list keeps its own sentence's order.
TEST(Roles, ASentenceOfItsOwnSpeaksForTheHappening) {
  Article a("The army was battling the RSF in Khartoum and Nyala.\n"
            "In Khartoum, heavy clashes broke out between RSF fighters and the army near the airport.",
            "2024-03-05");
  auto out = a.extract(true);
  const Event* k = find(out, "ASSAULT", "Khartoum");
  ASSERT_TRUE(k);
  EXPECT_EQ(actor1(*k), "Rapid Support Forces");
  EXPECT_EQ(actor2(*k), "Sudanese Armed Forces");
  EXPECT_EQ(k->evidence.size(), 2u);
  const Event* o = find(out, "ASSAULT", "Nyala");
  ASSERT_TRUE(o);
  EXPECT_EQ(actor1(*o), "Sudanese Armed Forces");
}

// "withdrew from the city": the place the trigger governs is the city named last (here earlier in
// the same sentence), not the province nearer to the trigger (example article, AFP style).
TEST(Places, TheCityTheTriggerGovernsIsTheLastCityNamed) {
  Article a("Taliban fighters seized Faizabad, the capital of the northeastern Badakhshan province, on Tuesday "
            "night after government troops withdrew from the city, a provincial council member said.",
            "2021-08-11");
  auto out = a.extract();
  const Event* e = find(out, "RETREAT");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->location.name, "Faizabad");
  EXPECT_EQ(actor1(*e), "Afghan National Army");
}

// --- what is not a record -----------------------------------------------------------------------

// Seeds 003 and 000: a trend across a whole country with no day of its own and no figure is
// background, not a happening ("the country" is the article's country).
TEST(Weak, CountryWideTrendsWithNoDayAreNoRecords) {
  Article a("Civilians in Afghanistan have taken up arms to push back against the Taliban.\n"
            "The hostilities between the Afghan government forces and the Taliban have been on the rise as foreign "
            "troops began withdrawing from the country.",
            "2021-06-22");
  auto out = a.extract();
  EXPECT_FALSE(find(out, "MOBILIZE")) << "taken up arms";
  EXPECT_FALSE(find(out, "RETREAT")) << "began withdrawing";
}

// News outside conflict uses the same words (peer corpora: Wikinews health stories, news and
// blog pages): deaths from a disease, an accident or a disaster, animals culled, things cut or
// withdrawn, a deed told as a criminal charge, another sense of the word, a title, a visit or an
// appeal by private people. None of these is an event; the same words with a party still are.
// (Sentences written for the test after the peer corpora's kinds of error.)
TEST(Precision, NoEventFromNewsOutsideConflict) {
  const char* none[] = {
      "The cholera outbreak has killed 120 people in Kenya since March, health officials said on Tuesday.",
      "The virus, first detected in Nairobi, has killed 40 people.",
      "Two soldiers were killed in a helicopter crash in Kandahar on Monday.",
      "More than 50,000 birds have been killed in Kenya to contain the outbreak.",
      "The company said on Tuesday it was withdrawing its filing in Nairobi.",
      "The minister suffered a heart attack in Nairobi on Tuesday.",
      "The man was charged with assault after a brawl in Nairobi on Tuesday.",
      "Residents visited Nairobi on Tuesday to see the exhibition.",
      "The band opened its Final Battle tour in Nairobi on Tuesday.",
      "Students played Attack on Titan in Nairobi on Tuesday.",
      "The floods have killed at least 30 people in Kenya this week.",
      "Police arrested six people on Monday during a narcotics investigation in Nairobi.",
      "Two men were shot dead in Nairobi on Tuesday in a robbery at a petrol station.",
      "At least nine people were killed in Nairobi on Saturday after an outbreak of cholera.",
      "Poisoned liquor killed 17 people in Nairobi on Sunday.",
  };
  for (const char* text : none) {
    Article a(text, "2024-03-06");
    auto out = a.extract();
    EXPECT_TRUE(out.events.empty()) << text << " -> " << (out.events.empty() ? "" : out.events[0].type);
  }
  struct Kept {
    const char* text;
    const char* type;
    int killed;  // -1: not checked
  };
  const Kept kept[] = {
      {"Militants killed 12 people and 300 cattle in a raid on a village in Kenya on Tuesday.", "ASSAULT", 12},
      {"Gunmen killed five people at a clinic treating cholera patients in Nairobi on Tuesday.", "ASSAULT", 5},
      {"Security forces opened fire on protesters in Nairobi on Tuesday, killing three.", "ASSAULT", -1},
      {"At least nine people were killed in clashes in Mogadishu on Saturday.", "ASSAULT", 9},
      {"Police arrested 40 protesters in Nairobi on Tuesday.", "COERCE", -1},
      {"Hundreds of villagers fled from cattle raiders into Tajikistan on Tuesday.", "RETREAT", -1},
  };
  for (const auto& k : kept) {
    Article a(k.text, "2024-03-06");
    auto out = a.extract();
    const Event* e = find(out, k.type);
    ASSERT_TRUE(e) << k.text;
    if (k.killed >= 0) {
      const EventCount* c = count(*e, "killed");
      ASSERT_TRUE(c) << k.text;
      EXPECT_EQ(*c->best, k.killed) << k.text;
    }
  }
}

// The parse's subject names the cause however far it is from the verb, past a country in a
// relative clause (sentence parsed by the committed model).
TEST(Precision, TheSubjectFromTheParseIsTheCause) {
  Article a("The strain , which has spread across Kenya and Ethiopia , has killed 40 people in Nairobi .", "2024-03-06", {{0, R"(1	The	the	DET	_	_	2	det
2	strain	strain	NOUN	_	_	13	nsubj
3	,	,	PUNCT	_	_	6	punct
4	which	which	PRON	_	_	6	nsubj
5	has	have	AUX	_	_	6	aux
6	spread	spread	VERB	_	_	2	acl:relcl
7	across	across	ADP	_	_	8	case
8	Kenya	Kenya	PROPN	_	_	6	obl
9	and	and	CCONJ	_	_	10	cc
10	Ethiopia	Ethiopia	PROPN	_	_	8	conj
11	,	,	PUNCT	_	_	2	punct
12	has	have	AUX	_	_	13	aux
13	killed	kill	VERB	_	_	0	root
14	40	40	NUM	_	_	15	nummod
15	people	people	NOUN	_	_	13	obj
16	in	in	ADP	_	_	17	case
17	Nairobi	Nairobi	PROPN	_	_	15	nmod
18	.	.	PUNCT	_	_	13	punct)"}});
  auto out = a.extract();
  EXPECT_TRUE(out.events.empty()) << (out.events.empty() ? "" : out.events[0].type);
}

// A noun the subject's verb acts on is not the subject's deed ("Police crushed the student
// protests": the police did not protest); through a light verb it is ("Students staged
// protests"). Sentences parsed by the committed model.
TEST(Roles, TheSubjectOfAnyVerbIsNotTheNounsActor) {
  Article a("Police crushed the student protests in Nairobi on Tuesday .", "2024-03-06", {{0, R"(1	Police	police	NOUN	_	_	2	nsubj
2	crushed	crush	VERB	_	_	0	root
3	the	the	DET	_	_	5	det
4	student	student	NOUN	_	_	5	compound
5	protests	protest	NOUN	_	_	2	obj
6	in	in	ADP	_	_	7	case
7	Nairobi	Nairobi	PROPN	_	_	5	nmod
8	on	on	ADP	_	_	9	case
9	Tuesday	Tuesday	PROPN	_	_	2	obl
10	.	.	PUNCT	_	_	2	punct)"}});
  auto out = a.extract();
  for (const auto& e : out.events)
    if (e.type == "PROTEST") { EXPECT_NE(e.actor1.empty() ? "" : e.actor1[0].kind, "state_forces"); }
  Article b("Students staged protests in Nairobi on Tuesday .", "2024-03-06", {{0, R"(1	Students	student	NOUN	_	_	2	nsubj
2	staged	stage	VERB	_	_	0	root
3	protests	protest	NOUN	_	_	2	obj
4	in	in	ADP	_	_	5	case
5	Nairobi	Nairobi	PROPN	_	_	3	nmod
6	on	on	ADP	_	_	7	case
7	Tuesday	Tuesday	PROPN	_	_	3	nmod
8	.	.	PUNCT	_	_	2	punct)"}});
  auto out_b = b.extract();
  const Event* p = find(out_b, "PROTEST", "Nairobi");
  ASSERT_TRUE(p);
  EXPECT_EQ(actor1(*p), "Civilians");
}

// Private people of a country are civilians, not its state ("a British aid worker was
// kidnapped", "US citizens were evacuated"); its soldiers are its forces ("US troops").
TEST(Roles, PeopleOfACountryAreNotItsState) {
  Article a("Gunmen kidnapped an American tourist in Mogadishu on Tuesday.", "2024-03-06");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Mogadishu");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor2(*e), "Civilians");
  EXPECT_EQ(e->actor2[0].text, "American tourist");
  Article b("US troops attacked the militants in Mogadishu on Tuesday.", "2024-03-06");
  auto out_b = b.extract();
  const Event* f = find(out_b, "ASSAULT", "Mogadishu");
  ASSERT_TRUE(f);
  EXPECT_EQ(actor1(*f), "United States");
  // "killed 20 Palestinians": people of a country counted are civilians; "the Israelis" acting
  // are not made civilians (no figure on them).
  Article c("Israeli air strikes killed 20 Palestinians in Gaza on Monday.\nThe Israelis attacked Gaza on Tuesday.",
            "2024-05-14");
  auto out_c = c.extract();
  for (const auto& e : out_c.events) {
    if (e.date.start == "2024-05-13") { EXPECT_EQ(actor2(e), "Civilians"); }
    EXPECT_NE(actor1(e), "Civilians");
  }
}

// "he" or "she" stands for a person: never for a country named a sentence before, and no pronoun
// reaches back further than two sentences.
// "ambushed a police convoy near Culiacan, killing eight officers": the participle has no
// subject of its own and takes its verb's; the police inside that verb's object were
// ambushed, they do not kill. One happening, with its toll.
TEST(Roles, AParticipleActsThroughItsVerbsSubjectNotItsObject) {
  Article a("Suspected members of the Sinaloa Cartel ambushed a police convoy near Culiacan , killing eight officers .",
            "2024-05-08", {{0, R"(1	Suspected	suspect	VERB	_	_	2	amod
2	members	member	NOUN	_	_	7	nsubj
3	of	of	ADP	_	_	6	case
4	the	the	DET	_	_	6	det
5	Sinaloa	Sinaloa	PROPN	_	_	6	compound
6	Cartel	Cartel	PROPN	_	_	2	nmod
7	ambushed	ambush	VERB	_	_	0	root
8	a	a	DET	_	_	10	det
9	police	police	NOUN	_	_	10	compound
10	convoy	convoy	NOUN	_	_	7	obj
11	near	near	ADP	_	_	12	case
12	Culiacan	Culiacan	PROPN	_	_	10	nmod
13	,	,	PUNCT	_	_	14	punct
14	killing	kill	VERB	_	_	7	advcl
15	eight	eight	NUM	_	_	16	nummod
16	officers	officer	NOUN	_	_	14	obj
17	.	.	PUNCT	_	_	7	punct)"}});
  auto out = a.extract();
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(actor1(out.events[0]), "Sinaloa Cartel");
  EXPECT_EQ(actor2(out.events[0]), "Mexican security forces");
  const EventCount* k = count(out.events[0], "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 8);
}

// "the militants" stand for the armed group the story is about only where that group is at
// home: in a round-up, militants in Borno are not the Mexican cartel of the paragraph before.
TEST(Roles, AGenericPartyIsCarriedOnlyToItsOwnCountry) {
  struct Case {
    const char* second;
    const char* place;
    const char* actor;
  };
  for (const Case& c : std::vector<Case>{
           {"Militants attacked a checkpoint in Borno , killing five soldiers .", "Borno", "Unidentified armed group"},
           {"Gunmen attacked a checkpoint near Culiacan , killing five soldiers .", "Culiacan", "Sinaloa Cartel"},
       }) {
    Article a(std::string("Members of the Sinaloa Cartel ambushed a police convoy near Culiacan on Tuesday .\n\n") +
                  c.second,
              "2024-05-08");
    auto out = a.extract();
    const Event* e = find(out, "ASSAULT", c.place);
    ASSERT_TRUE(e) << c.second;
    if (std::string(c.place) == "Culiacan")  // two attacks near Culiacan: the second is the one with a toll
      for (const auto& x : out.events)
        if (count(x, "killed")) e = &x;
    EXPECT_EQ(actor1(*e), c.actor) << c.second;
  }
}

// "Fighters of the National Resistance Front" are the Front (the party after "of the"), so
// they make the claim; and a sentence telling the fight from both sides — the attack and the
// defenders' killing of the attackers — is one fight with its toll.
TEST(Roles, OneSentenceTellingAFightFromBothSidesIsOneFight) {
  Article a("Fighters of the National Resistance Front in Panjshir said on Tuesday they had repelled a Taliban attack on the valley overnight , killing about 25 of the attackers .",
            "2021-08-31", {{0, R"(1	Fighters	fighter	NOUN	_	_	9	nsubj
2	of	of	ADP	_	_	6	case
3	the	the	DET	_	_	6	det
4	National	National	ADJ	_	_	5	amod
5	Resistance	Resistance	PROPN	_	_	6	compound
6	Front	Front	PROPN	_	_	1	nmod
7	in	in	ADP	_	_	8	case
8	Panjshir	Panjshir	PROPN	_	_	6	nmod
9	said	say	VERB	_	_	0	root
10	on	on	ADP	_	_	11	case
11	Tuesday	Tuesday	PROPN	_	_	9	obl
12	they	they	PRON	_	_	14	nsubj
13	had	have	AUX	_	_	14	aux
14	repelled	repel	VERB	_	_	9	ccomp
15	a	a	DET	_	_	17	det
16	Taliban	Taliban	PROPN	_	_	17	compound
17	attack	attack	NOUN	_	_	14	obj
18	on	on	ADP	_	_	20	case
19	the	the	DET	_	_	20	det
20	valley	valley	NOUN	_	_	17	nmod
21	overnight	overnight	ADV	_	_	14	advmod
22	,	,	PUNCT	_	_	23	punct
23	killing	kill	VERB	_	_	14	advcl
24	about	about	ADV	_	_	25	advmod
25	25	25	NUM	_	_	23	obj
26	of	of	ADP	_	_	28	case
27	the	the	DET	_	_	28	det
28	attackers	attacker	NOUN	_	_	25	nmod
29	.	.	PUNCT	_	_	9	punct)"}});
  auto out = a.extract();
  ASSERT_EQ(out.events.size(), 1u);
  const Event& e = out.events[0];
  EXPECT_EQ(actor1(e), "Taliban");
  EXPECT_EQ(actor2(e), "National Resistance Front");
  const EventCount* k = count(e, "killed");
  ASSERT_TRUE(k);
  EXPECT_EQ(*k->best, 25);
  EXPECT_EQ(k->of, "Taliban");
  EXPECT_EQ(k->claimed_by, "National Resistance Front");
}

TEST(Roles, PronounsStayNearAndPersonal) {
  Article a("Russia condemned the raid.\nHe was arrested in Nairobi on Tuesday.", "2024-03-06");
  auto out = a.extract();
  for (const auto& e : out.events) EXPECT_NE(actor2(e), "Russia") << e.type;
  Article b("The Taliban captured Faizabad on Sunday.\nThe city was calm.\nShops opened.\nMarkets were busy.\n"
            "They attacked Kunduz on Tuesday.",
            "2021-08-11");
  auto out_b = b.extract();
  for (const auto& e : out_b.events)
    if (e.location.name == "Kunduz") { EXPECT_EQ(actor1(e), "") << "a pronoun four sentences after its party"; }
  Article c("The Taliban captured Faizabad on Sunday.\nThey attacked Kunduz on Tuesday.", "2021-08-11");
  auto out_c = c.extract();
  const Event* kc = find(out_c, "ASSAULT", "Kunduz");
  ASSERT_TRUE(kc);
  EXPECT_EQ(actor1(*kc), "Taliban");
}

// --- a multi-conflict wire report (sentences of the kind of a Reuters round-up) ---------

// A dateline ("KYIV, May 14 (Reuters) -") says where and when the report was filed: its city is
// no party, its "May" is no modal, its day is the report's. A "may" in the story still is one.
const char* const kKyivStrikes =
    "KYIV, May 14 (Reuters) - Russian missile strikes killed at least 12 people and wounded 40 in the "
    "northeastern Kharkiv region on Monday, regional governor Oleh Syniehubov said.";

TEST(Dateline, IsNoPartOfTheStory) {
  struct Case {
    const char* text;
    const char* actor1;
    bool hypothetical;
  };
  for (const Case& c : std::vector<Case>{
           {kKyivStrikes, "Russian forces", false},
           {"MOSCOW (Reuters) - Ukrainian forces shelled Donetsk on Monday, the governor said.", "Ukrainian forces",
            false},
           {"KHARKIV, May 14 - Russian forces attacked Vovchansk on Monday, the army said.", "Russian forces", false},
           {"Russian troops may attack Kharkiv on Monday, officials said.", "Russian forces", true},
       }) {
    Article a(c.text, "2024-05-14");
    auto out = a.extract();
    ASSERT_FALSE(out.events.empty()) << c.text;
    const Event& e = out.events[0];
    EXPECT_EQ(actor1(e), c.actor1) << c.text;
    EXPECT_EQ(has_flag(e, "hypothetical"), c.hypothetical) << c.text;
    if (!c.hypothetical) { EXPECT_EQ(e.date.start, "2024-05-13") << c.text; }
    EXPECT_EQ(e.date.start, e.date.end) << c.text;
  }
  Article a(kKyivStrikes, "2024-05-14");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Kharkiv");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->mode, "heavy-weapons");
  EXPECT_EQ(e->acled_sub_event_type, "Shelling/artillery/missile attack");
  EXPECT_EQ(actor2(*e), "Civilians");
  ASSERT_TRUE(count(*e, "killed"));
  EXPECT_EQ(*count(*e, "killed")->best, 12);
  ASSERT_TRUE(count(*e, "injured"));
  EXPECT_EQ(*count(*e, "injured")->best, 40);
}

// "..., a claim Kyiv denied": the denial hangs on its own sentence's claim and disputes that one
// only; a denial standing alone ("Kyiv denied it.") disputes what was told before it.
TEST(Claims, ADenialOfItsOwnSentencesClaimStaysThere) {
  struct Case {
    const char* second;
    bool strike_disputed;
  };
  for (const Case& c : std::vector<Case>{
           {"Moscow said its troops had captured Vovchansk, a claim Kyiv denied.", false},
           {"Moscow said its troops had captured Vovchansk, which Kyiv denied.", false},
           {"Moscow said its troops had captured Vovchansk.\nKyiv denied the reports.", true},
       }) {
    Article a(std::string("Russian missile strikes killed 12 people in Kharkiv on Monday, the governor said.\n") +
                  c.second,
              "2024-05-14");
    auto out = a.extract();
    const Event* strike = find(out, "ASSAULT", "Kharkiv");
    const Event* capture = find(out, "ASSAULT", "Vovchansk");
    ASSERT_TRUE(strike) << c.second;
    ASSERT_TRUE(capture) << c.second;
    EXPECT_TRUE(has_flag(*capture, "disputed")) << c.second;
    EXPECT_EQ(has_flag(*strike, "disputed"), c.strike_disputed) << c.second;
  }
}

// "the city of Nyala", "the village of Vovchansk": a name follows, so "the city" stands for no
// earlier place; the attack on the city and the killing told with it are one happening, against
// civilians.
TEST(Places, TheCityOfANameIsNoAnaphor) {
  Article a("Ukraine's military said its forces had repelled a Russian assault near Vovchansk overnight.\n\n"
            "In Sudan, the paramilitary Rapid Support Forces attacked the city of Nyala on Friday, killing dozens of "
            "civilians, according to local activists.",
            "2024-05-14");
  auto out = a.extract();
  for (const auto& e : out.events)
    if (actor1(e) == "Rapid Support Forces") { EXPECT_EQ(e.location.name, "Nyala"); }
  const Event* e = find(out, "ASSAULT", "Nyala");
  ASSERT_TRUE(e);
  int at_nyala = 0;
  for (const auto& x : out.events) at_nyala += x.location.name == "Nyala";
  EXPECT_EQ(at_nyala, 1) << "the attack and the killing are one happening";
  EXPECT_EQ(actor2(*e), "Civilians");
  EXPECT_EQ(e->acled_event_type, "Violence against civilians");
  EXPECT_EQ(e->acled_sub_event_type, "Attack");
  EXPECT_EQ(e->date.start, "2024-05-10");
  Article b("Russian troops captured Pokrovsk on Sunday.\nMoscow said its troops had captured the village of "
            "Ocheretyne in the Donetsk region.",
            "2024-05-14");
  auto out_b = b.extract();
  for (const auto& x : out_b.events) EXPECT_NE(x.location.name, "Moscow");
  EXPECT_TRUE(find(out_b, "ASSAULT", "Donetsk")) << "an unknown village: its region";
}

// A generic "military", "soldiers" are the forces of the country the sentence is about (its
// place nearest to the words, before or after them); the article's main country only when the
// sentence names none.
TEST(Roles, GenericForcesAreOfTheSentencesCountry) {
  struct Case {
    const char* second;
    const char* actor2;
  };
  for (const Case& c : std::vector<Case>{
           {"Al-Shabaab militants stormed a military base in central Somalia on Sunday, the army said.",
            "Somali security forces"},
           {"In Sudan, gunmen attacked soldiers on Sunday.", "Sudanese Armed Forces"},
           {"Gunmen attacked soldiers on Sunday.", "Ukrainian forces"},
       }) {
    Article a(std::string("Russian missile strikes killed 12 people in Kharkiv on Monday.\n"
                          "Russian forces shelled Vovchansk overnight.\n\n") +
                  c.second,
              "2024-05-14");
    auto out = a.extract();
    const Event* e = nullptr;
    for (const auto& x : out.events)
      if (x.date.start == "2024-05-12") e = &x;
    ASSERT_TRUE(e) << c.second;
    EXPECT_EQ(actor2(*e), c.actor2) << c.second;
  }
}

// "Gunmen killed five soldiers in an attack on a checkpoint": the soldiers before the
// preposition are the verb's object, acted on; the attack is the gunmen's, the killing's
// happening (sentence parsed by the committed model).
TEST(Roles, ANounAfterTheObjectIsTheSubjectsDeed) {
  Article a("Gunmen killed five soldiers in an attack on a checkpoint in Nyala on Sunday .", "2024-05-14",
            {{0, R"(1	Gunmen	Gunmen	PROPN	NNP	_	2	nsubj
2	killed	kill	VERB	VBD	_	0	root
3	five	five	NUM	CD	_	4	nummod
4	soldiers	soldier	NOUN	NNS	_	2	obj
5	in	in	ADP	IN	_	7	case
6	an	a	DET	DT	_	7	det
7	attack	attack	NOUN	NN	_	4	nmod
8	on	on	ADP	IN	_	10	case
9	a	a	DET	DT	_	10	det
10	checkpoint	checkpoint	NOUN	NN	_	7	nmod
11	in	in	ADP	IN	_	12	case
12	Nyala	Nyala	PROPN	NNP	_	10	nmod
13	on	on	ADP	IN	_	14	case
14	Sunday	Sunday	PROPN	NNP	_	10	nmod
15	.	.	PUNCT	.	_	2	punct)"}});
  auto out = a.extract();
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(actor1(out.events[0]), "Unidentified armed group");
  EXPECT_EQ(actor2(out.events[0]), "Sudanese Armed Forces");
  ASSERT_TRUE(count(out.events[0], "killed"));
}

// "In Myanmar, the military bombed ...": the country said first is where, not a party listed
// with the subject by the comma.
TEST(Roles, APlaceSaidFirstIsNoPartyOfTheList) {
  for (const char* text : {"In Sudan, the military bombed a village near Nyala on Saturday, killing 11 people.",
                           "In Somalia, al-Shabaab militants attacked a military base on Sunday.",
                           "In Kandahar, Taliban fighters attacked a checkpoint on Sunday."}) {
    Article a(text, "2024-05-14");
    auto out = a.extract();
    ASSERT_FALSE(out.events.empty()) << text;
    for (const auto& e : out.events) EXPECT_EQ(e.actor1.size(), 1u) << text << ": " << actor1(e) << " and more";
  }
}

// "Ukrainian drones attacked a refinery": a demonym on the weapons that are the subject names
// the state that struck, and the attack is of the weapon's kind (remote violence, not a clash).
TEST(Roles, ADemonymOnTheWeaponsIsTheStateThatStruck) {
  struct Case {
    const char* text;
    const char* country;
    const char* mode;
    const char* sub_event;
  };
  for (const Case& c : std::vector<Case>{
           {"Ukrainian drones attacked an oil refinery near Moscow overnight.", "UA", "drone", "Air/drone strike"},
           {"Russian artillery attacked Vovchansk on Monday.", "RU", "heavy-weapons",
            "Shelling/artillery/missile attack"},
           {"Israeli jets attacked Gaza on Monday.", "IL", "aerial", "Air/drone strike"},
           {"Russian forces attacked Vovchansk on Monday.", "RU", "firearms", "Armed clash"},
       }) {
    Article a(c.text, "2024-05-14");
    auto out = a.extract();
    ASSERT_EQ(out.events.size(), 1u) << c.text;
    const Event& e = out.events[0];
    ASSERT_FALSE(e.actor1.empty()) << c.text;
    EXPECT_EQ(e.actor1[0].country, c.country) << c.text;
    EXPECT_NE(e.actor1[0].kind, "civilians") << c.text;
    EXPECT_EQ(e.mode, c.mode) << c.text;
    EXPECT_EQ(e.acled_sub_event_type, c.sub_event) << c.text;
  }
}

// "struck", "hit", "fired" are attacks only with a weapon in their clause ("Russian missiles
// struck an apartment block", "fired a missile at a ship"); a strike over pay, a storm that hit
// the coast or a man struck by a car are not.
TEST(Triggers, StrikeHitAndFireWithAWeapon) {
  struct Case {
    const char* text;
    const char* mode;  // "" = no event
  };
  for (const Case& c : std::vector<Case>{
           {"Russian missiles struck an apartment block in Kharkiv on Friday, killing five people.", "heavy-weapons"},
           {"Israeli jets struck a building in Gaza on Monday.", "aerial"},
           {"Russian drones hit Kharkiv on Friday.", "drone"},
           {"Militants fired rockets at Vovchansk on Monday.", "heavy-weapons"},
           {"Workers will strike in Kharkiv on Monday over pay.", ""},
           {"The storm hit Kharkiv on Monday, killing five people.", ""},
           {"He was struck by a car in Kyiv on Monday.", ""},
       }) {
    Article a(c.text, "2024-05-14");
    auto out = a.extract();
    const Event* e = find(out, "ASSAULT");
    if (!*c.mode) {
      EXPECT_FALSE(e) << c.text;
      continue;
    }
    ASSERT_TRUE(e) << c.text;
    EXPECT_EQ(e->mode, c.mode) << c.text;
    EXPECT_EQ(e->acled_event_type, "Explosions/Remote violence") << c.text;
  }
}

// "30 people were killed when the RSF shelled a market on Sunday": the day of the "when" clause
// is the killing's, and the killing and the shelling are one happening (sentence parsed by the
// committed model: "when" hangs on "shelled" as advmod).
TEST(Dates, AWhenClausesDayIsTheMainClauses) {
  Article a("At least 30 people were killed when the paramilitary Rapid Support Forces shelled a market in Nyala on "
            "Sunday .",
            "2024-05-14", {{0, R"(1	At	at	ADP	IN	_	2	case
2	least	least	ADJ	JJS	_	3	nmod
3	30	30	NUM	CD	_	4	nummod
4	people	people	NOUN	NNS	_	6	nsubj:pass
5	were	be	AUX	VBD	_	6	aux:pass
6	killed	kill	VERB	VBN	_	0	root
7	when	when	ADV	WRB	_	13	advmod
8	the	the	DET	DT	_	12	det
9	paramilitary	paramilitary	ADJ	JJ	_	12	amod
10	Rapid	rapid	ADJ	JJ	_	11	amod
11	Support	support	NOUN	NN	_	12	compound
12	Forces	force	NOUN	NNS	_	13	nsubj
13	shelled	shel	VERB	VBD	_	6	advcl
14	a	a	DET	DT	_	15	det
15	market	market	NOUN	NN	_	13	obj
16	in	in	ADP	IN	_	17	case
17	Nyala	Nyala	PROPN	NNP	_	15	nmod
18	on	on	ADP	IN	_	19	case
19	Sunday	Sunday	PROPN	NNP	_	15	nmod
20	.	.	PUNCT	.	_	6	punct)"}});
  auto out = a.extract();
  ASSERT_EQ(out.events.size(), 1u);
  const Event& e = out.events[0];
  EXPECT_EQ(e.date.start, "2024-05-12");
  EXPECT_EQ(e.date.end, "2024-05-12");
  EXPECT_EQ(actor1(e), "Rapid Support Forces");
  EXPECT_EQ(actor2(e), "Civilians");
  EXPECT_EQ(e.mode, "heavy-weapons");
  ASSERT_TRUE(count(e, "killed"));
  EXPECT_EQ(*count(e, "killed")->best, 30);
}

// ACLED's "Government regains territory" is a government retaking ground at home; a state's
// forces taking a place another state's forces hold is the two states' clash. The change of
// hands is still a control claim.
TEST(Acled, AnInterstateCaptureIsAClashNotARetaking) {
  Article a("Russian troops captured Pokrovsk on Sunday, the defence ministry said.", "2024-05-14");
  auto out = a.extract();
  const Event* e = find(out, "ASSAULT", "Pokrovsk");
  ASSERT_TRUE(e);
  EXPECT_EQ(actor2(*e), "Ukrainian forces");
  EXPECT_EQ(e->acled_sub_event_type, "Armed clash");
  ASSERT_EQ(out.control.size(), 1u);
  EXPECT_EQ(out.control[0].controller, "Russian forces");
  EXPECT_EQ(out.control[0].basis, "capture");
  Article b("Afghan forces recaptured Kunduz from the Taliban on Sunday.", "2021-08-11");
  auto out_b = b.extract();
  const Event* f = find(out_b, "ASSAULT", "Kunduz");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->acled_sub_event_type, "Government regains territory");
}

// --- furniture, merging, ids, control ----------------------------------------------------

TEST(Furniture, HeadlinesAndCaptionsYieldNothing) {
  Article a("Afghan Army Eliminated Over 570 Taliban Militants In Past 24 Hours - Military\n"
            "Watch: Afghans take up arms against Taliban across the country. #Afghanistan pic.twitter.com/mZtrNxAVKt\n"
            "Subscribe to the International Relations Updates by The Kootneeti",
            "2021-08-10");
  EXPECT_TRUE(a.extract().events.empty());
}

TEST(Merge, MentionsOfOneHappeningBecomeOneRecord) {
  Article a("Ghani arrived in Mazar as the Taliban captured Faizabad overnight.\n"
            "\n"
            "In Faizabad, a local lawmaker told AFP that security forces had retreated after days of heavy clashes.\n"
            "\xE2\x80\x9CThe Taliban have captured the city now,\xE2\x80\x9D said Zabihullah Attiq.",
            "2021-08-11");
  auto out = a.extract();
  int captures = 0;
  for (const auto& e : out.events)
    if (e.type == "ASSAULT" && e.location.name == "Faizabad") {
      ++captures;
      EXPECT_GE(e.evidence.size(), 2u);
      EXPECT_EQ(e.acled_sub_event_type, "Non-state actor overtakes territory");
    }
  EXPECT_EQ(captures, 1);
  EXPECT_TRUE(find(out, "CONSULT", "Mazar"));
  bool control = false;
  for (const auto& c : out.control)
    control = control || (c.place.name == "Faizabad" && c.controller == "Taliban" && c.basis == "capture");
  EXPECT_TRUE(control);
}

TEST(Ids, StableAndOrderedWhateverTheRun) {
  Article a("Government forces were also battling the Taliban in Kandahar and Helmand.\n"
            "Afghan soldiers recaptured two districts in Balkh and the nearby Baghlan province.",
            "2021-08-11");
  auto one = a.extract(), two = a.extract();
  ASSERT_EQ(one.events.size(), two.events.size());
  ASSERT_GE(one.events.size(), 4u) << "one event per place";
  for (size_t i = 0; i < one.events.size(); ++i) {
    EXPECT_EQ(to_json_line(one.events[i]), to_json_line(two.events[i]));
    EXPECT_EQ(one.events[i].event_id.size(), 16u);
  }
  EXPECT_EQ(event_id("d", 1, 2, "ASSAULT"), event_id("d", 1, 2, "ASSAULT"));
  EXPECT_NE(event_id("d", 1, 2, "ASSAULT"), event_id("d", 1, 2, "COERCE"));
}

TEST(Control, StatementNamesWhoHoldsThePlace) {
  Article a("Fahim Dashti is spokesperson for the National Resistance Front in Panjshir.\n"
            "Currently Panjshir is the only one out of the 34 Afghan provinces that remains outside the control of "
            "the Taliban.",
            "2021-08-31");
  auto out = a.extract();
  bool found = false;
  for (const auto& c : out.control)
    if (c.place.name == "Panjshir") {
      found = true;
      EXPECT_EQ(c.controller, "National Resistance Front");
      EXPECT_EQ(c.basis, "statement");
    }
  EXPECT_TRUE(found);
  for (const auto& e : out.events) EXPECT_FALSE(e.flags.empty()) << "a control statement is no event";
}

// Who holds which place after each kind of sentence: a capture or retaking of the place itself,
// a repelled attack (the defender holds it), and what gives no control at all.
TEST(Control, WhoHoldsThePlaceAfterEachKindOfSentence) {
  struct Case {
    const char* text;
    const char* published;
    std::set<std::string> want;  // "place|controller|basis"
  };
  const std::vector<Case> cases = {
      {"Ghani arrived in Mazar as the Taliban captured Faizabad overnight.", "2021-08-11",
       {"Faizabad|Taliban|capture"}},
      {"After conquering most of the north, the Taliban have now set their sights on Mazar-i-Sharif after capturing "
       "Sheberghan to its west, and Kunduz and Taloqan to its east.",
       "2021-08-11",
       {"Sheberghan|Taliban|capture", "Kunduz|Taliban|capture", "Taloqan|Taliban|capture"}},
      // A dateline's country is where the city is, not a party to the capture.
      {"KUNDUZ, Afghanistan, Aug 9 - The Taliban captured the northern city of Kunduz on Sunday after days of heavy "
       "fighting, a local lawmaker said.",
       "2021-08-09",
       {"Kunduz|Taliban|capture"}},
      {"Faizabad fell to the Taliban on Tuesday.", "2021-08-11", {"Faizabad|Taliban|capture"}},
      {"Kunduz was captured by the Taliban on Sunday.", "2021-08-09", {"Kunduz|Taliban|capture"}},
      // Retaking unnamed districts of a province does not give the province.
      {"Afghan soldiers recaptured two districts in Balkh and the nearby Baghlan province during a fierce overnight "
       "battle.",
       "2021-06-22",
       {}},
      {"The Afghan armed forces said on Tuesday that they have repulsed a Taliban offensive in Mazar-i-Sharif, the "
       "capital of the northern Balkh province.",
       "2021-08-10",
       {"Mazar-i-Sharif|Afghan National Army|repelled"}},
      // An attack is no capture; prisoners taken are no territory.
      {"The Taliban launched several major attacks overnight against the northern Panjshir province.\n"
       "Dashti claimed that around 30 of their fighters were killed, 15 injured and some captured by the resistance.",
       "2021-08-31",
       {}},
      // Intentions and threats change nothing.
      {"On Monday, the Taliban announced that they would soon capture Mazar-i-Sharif.", "2021-08-10", {}},
      // Forces that withdrew from a place leave it to the side the article says attacked it there;
      // a withdrawal before no named attacker gives no one the place.
      {"Russian forces attacked Pokrovsk overnight.\nUkrainian troops withdrew from the city on Tuesday.",
       "2024-08-21",
       {"Pokrovsk|Russian forces|withdrawal"}},
      {"Ukrainian troops withdrew from Pokrovsk on Tuesday.", "2024-08-21", {}},
      {"Russian forces attacked Pokrovsk overnight.\nCivilians fled the city on Tuesday.", "2024-08-21", {}},
  };
  for (const auto& c : cases) {
    Article a(c.text, c.published);
    auto out = a.extract();
    std::set<std::string> got;
    for (const auto& x : out.control) got.insert(x.place.name + "|" + x.controller + "|" + x.basis);
    EXPECT_EQ(got, c.want) << c.text;
    for (const auto& e : out.events)
      if (e.acled_sub_event_type == "Non-state actor overtakes territory") {
        EXPECT_NE(e.location.name, "Panjshir") << "an attack is not a capture: " << c.text;
      }
  }
}

}  // namespace
}  // namespace sitrep::events
