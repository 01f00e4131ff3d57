#include "places/geocoder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/paths.h"
#include "places/normalize.h"

namespace sitrep::places {
namespace {

enum class Cue : uint8_t { none, province, district, city, region, near, in, capital_of, city_of };

const char* cue_name(Cue c) {
  switch (c) {
    case Cue::province: return "province";
    case Cue::district: return "district";
    case Cue::city: return "city";
    case Cue::region: return "region";
    case Cue::near: return "near";
    case Cue::in: return "in";
    case Cue::capital_of: return "capital_of";
    case Cue::city_of: return "city";
    case Cue::none: break;
  }
  return "";
}

constexpr uint32_t kNoKey = 0xFFFFFFFFu;

struct Tok {
  uint32_t start, end;     // bytes of the word in the text (possessive 's excluded)
  uint32_t key_off, key_len;  // its key in the per-document key arena (kNoKey: not yet keyed)
  bool upper = false;      // starts with a capital
  bool has_upper = false;  // has a capital somewhere ("d'Ivoire")
  uint8_t letters = 0;
  bool all_caps = false;   // two or more letters, all capitals
  bool sent_start = false; // first word of a sentence, line or headline
  bool hyphen_before = false;
};

constexpr auto kAlnum = [] {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return t;
}();

bool is_alnum_ascii(unsigned char c) { return c < 128 && kAlnum[c]; }

// Length of a UTF-8 punctuation/space sequence at s[i] (0 when s[i] starts a letter).
size_t punct_len(std::string_view s, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return is_alnum_ascii(c) ? 0 : 1;
  if (c == 0xC2 && i + 1 < s.size() && (unsigned char)s[i + 1] < 0xC0) return 2;  // U+0080..U+00BF
  if (c == 0xC3 && i + 1 < s.size() && ((unsigned char)s[i + 1] == 0x97 || (unsigned char)s[i + 1] == 0xB7))
    return 2;  // × ÷
  if (c == 0xE2 && i + 2 < s.size() && ((unsigned char)s[i + 1] == 0x80 || (unsigned char)s[i + 1] == 0x81))
    return 3;  // U+2000..U+207F general punctuation, spaces, quotes, dashes
  if (c == 0xE3 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80) return 3;  // CJK punctuation
  if (c == 0xEF && i + 2 < s.size() && (unsigned char)s[i + 1] == 0xBB) return 3;  // BOM
  return 0;
}

bool is_apostrophe_at(std::string_view s, size_t i, size_t* len) {
  if (s[i] == '\'') { *len = 1; return true; }
  if ((unsigned char)s[i] == 0xE2 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x98)) {
    *len = 3;
    return true;
  }
  return false;
}

// Splits the text into words: letters/digits with inner apostrophes and the dots of
// abbreviations ("U.S."); hyphens split words but are remembered; a possessive 's is
// not part of the word.
void tokenize(std::string_view text, std::vector<Tok>& toks) {
  size_t i = 0, n = text.size();
  bool sent = true, hyphen = false;
  while (i < n) {
    size_t pl = punct_len(text, i);
    if (pl) {
      unsigned char c = text[i];
      if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' || c == '|') sent = true;
      hyphen = (c == '-' && i > 0 && i + 1 < n && punct_len(text, i - 1) == 0 && punct_len(text, i + 1) == 0);
      i += pl;
      continue;
    }
    size_t s = i;
    bool possessive = false;
    while (i < n) {
      unsigned char c = text[i];
      if (c < 0x80 ? is_alnum_ascii(c) : punct_len(text, i) == 0) {
        i += c < 0x80 ? 1 : (c >= 0xC0 && c < 0xE0) ? 2 : (c >= 0xE0 && c < 0xF0) ? 3 : (c >= 0xF0 && c < 0xF8) ? 4 : 1;
        continue;
      }
      size_t al;
      if (is_apostrophe_at(text, i, &al) && i + al < n && punct_len(text, i + al) == 0) {
        // Possessive: "Afghanistan's" -> "Afghanistan"
        bool poss = (text[i + al] == 's' || text[i + al] == 'S') && (i + al + 1 >= n || punct_len(text, i + al + 1) != 0);
        if (poss) {
          possessive = true;
          break;
        }
        i += al;
        continue;
      }
      if (text[i] == '.' && i + 1 < n && is_alnum_ascii(text[i + 1]) && i - s >= 1 &&
          (i - s == 1 || text[i - 2] == '.') && text[i + 1] >= 'A' && text[i + 1] <= 'Z') {
        i += 1;  // U.S, U.K, U.A.E
        continue;
      }
      break;
    }
    size_t e = std::min(i, n);
    if (e < n && text[e] == '.' && e - s >= 3 && text[e - 2] == '.') ++e;  // the last dot of "U.S."
    Tok t;
    t.start = uint32_t(s), t.end = uint32_t(e);
    std::string_view w = text.substr(s, e - s);
    t.upper = starts_upper(w);
    int letters = 0, caps = 0;
    for (unsigned char c : w) {
      if (c >= 'A' && c <= 'Z') ++caps, ++letters;
      else if (c >= 'a' && c <= 'z') ++letters;
    }
    t.all_caps = letters >= 2 && caps == letters;
    t.has_upper = t.upper || caps > 0;
    t.letters = uint8_t(std::min(letters, 255));
    t.sent_start = sent;
    t.hyphen_before = hyphen;
    t.key_off = 0;
    t.key_len = kNoKey;  // keyed lazily: most words are never looked up
    toks.push_back(t);
    sent = false;
    hyphen = false;
    // skip the possessive suffix
    size_t al;
    if (possessive && is_apostrophe_at(text, i, &al)) i += al + 1;
  }
}

struct Mention {
  uint32_t first, last;  // token range
  Span span;
  const uint32_t* postings;
  uint32_t count;
  bool ref_only = false;
  Cue cue = Cue::none;
  Cue pre = Cue::none;   // in/near/city of/capital of
  bool feature_follows = false;  // "Swat Valley", "Kandahar Airport", "Plum Island"
  bool landform_follows = false;  // "Ural Mountains", "Plum Island"
  bool name_follows = false;      // another capitalised word: "David Heymann", "Thomas Frieden"
  uint64_t key_hash = 0;
  // resolution
  std::vector<double> base;
  int best = -1;
  double best_score = -1e9;
  bool in_parent = false;  // the best place lies in the place the text names as its parent
};

}  // namespace

struct Geocoder::Lexicon {
  std::unordered_set<uint64_t> stop, person, title, modifier, feature, landform;
  std::unordered_set<uint64_t> appositive;  // "capital", "town": "X, the capital of Y"
  uint64_t of = 0, in = 0, the = 0;
  std::unordered_map<uint64_t, Cue> suffix;  // after a name: province, district, city
  std::unordered_map<uint64_t, Cue> prefix;  // before: "city of", "near", "in", "capital of"
};

Geocoder::~Geocoder() = default;

std::filesystem::path Geocoder::default_path() { return build_dir() / "gazetteer.bin"; }

std::unique_ptr<Geocoder> Geocoder::load(const std::filesystem::path& file, std::string* error) {
  auto gaz = Gazetteer::open(file, error);
  if (!gaz) return nullptr;
  std::unique_ptr<Geocoder> g(new Geocoder());
  g->lex_ = std::make_unique<Lexicon>();
  Lexicon& L = *g->lex_;
  std::string_view lex = gaz->lexicon();
  while (!lex.empty()) {
    size_t nl = lex.find('\n');
    std::string_view line = lex.substr(0, nl);
    lex.remove_prefix(nl == std::string_view::npos ? lex.size() : nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view kind = line.substr(0, tab), phrase = line.substr(tab + 1);
    uint64_t h = key_hash(name_key(phrase));
    if (kind == "stop") L.stop.insert(h);
    else if (kind == "person") L.person.insert(h);
    else if (kind == "title") L.title.insert(h);
    else if (kind == "modifier") L.modifier.insert(h);
    else if (kind == "feature") L.feature.insert(h);
    else if (kind == "landform") L.feature.insert(h), L.landform.insert(h);
    else if (kind == "appositive") L.appositive.insert(h);
    else if (kind == "cue_province") L.suffix[h] = Cue::province;
    else if (kind == "cue_district") L.suffix[h] = Cue::district;
    else if (kind == "cue_city") L.suffix[h] = Cue::city;
    else if (kind == "cue_region") L.suffix[h] = Cue::region;
    else if (kind == "cue_near") L.prefix[h] = Cue::near;
    else if (kind == "cue_in") L.prefix[h] = Cue::in;
    else if (kind == "cue_capital_of") L.prefix[h] = Cue::capital_of;
    else if (kind == "cue_city_of") L.prefix[h] = Cue::city_of;
  }
  L.of = key_hash(name_key("of"));
  L.in = key_hash(name_key("in"));
  L.the = key_hash(name_key("the"));
  g->gaz_ = std::move(gaz);
  return g;
}

Place Geocoder::make_place(uint32_t index, int precision) const {
  const PlaceRecord& r = gaz_->place(index);
  Place p;
  p.name = std::string(gaz_->name(index));
  p.lat = std::round(double(r.lat) * 1e5) / 1e5;
  p.lon = std::round(double(r.lon) * 1e5) / 1e5;
  Feature f = Feature(r.feature);
  if (r.admin1 != kNone && f != Feature::province) p.admin1 = std::string(gaz_->name(r.admin1));
  if (f == Feature::province) p.admin1 = p.name;
  if (r.admin2 != kNone) p.admin2 = std::string(gaz_->name(r.admin2));
  p.country = std::string(r.cc, r.cc[0] ? 2 : 0);
  p.feature = feature_name(f);
  int own = (f == Feature::country || f == Feature::province || f == Feature::region) ? 3
            : f == Feature::district                                                ? 2
                                                                                    : 1;
  if (r.flags & kFallbackCoords) own = std::max(own, 2);
  p.precision = std::max(own, precision);
  p.population = r.population;
  p.geonameid = r.geonameid;
  p.index = index;
  return p;
}

std::vector<Toponym> Geocoder::geocode(const Document& doc) const {
  const Lexicon& L = *lex_;
  const Gazetteer& G = *gaz_;
  std::string_view text = doc.text;
  std::vector<Tok> toks;
  std::string keys;
  toks.reserve(text.size() / 5 + 8);
  // A word's key is never longer than the word, so the arena never reallocates and the
  // views handed out below stay valid.
  keys.reserve(text.size() + 16);
  tokenize(text, toks);
  // The splitter's sentences, when the document has them, mark sentence starts too
  // (the tokenizer's own guess covers ". ", line breaks and headlines).
  if (!doc.sentences.empty()) {
    size_t si = 0;
    for (auto& t : toks) {
      while (si < doc.sentences.size() && doc.sentences[si].span.start < t.start) ++si;
      if (si < doc.sentences.size() && doc.sentences[si].span.start == t.start) t.sent_start = true;
    }
  }
  auto key = [&](size_t t) -> std::string_view {
    Tok& k = toks[t];
    if (k.key_len == kNoKey) {
      k.key_off = uint32_t(keys.size());
      if (!append_word_key(text.substr(k.start, k.end - k.start), keys)) {
        keys.resize(k.key_off);
        keys.push_back('\x01');  // a word with non-Latin letters: never matches
      }
      k.key_len = uint32_t(keys.size() - k.key_off);
    }
    return std::string_view(keys).substr(k.key_off, k.key_len);
  };
  auto hash_of = [&](size_t t) { return key_hash(key(t)); };
  // Only spaces (or one hyphen) may separate the words of one name.
  auto joined = [&](size_t a, size_t b) {
    if (toks[b].hyphen_before) return true;
    std::string_view gap = text.substr(toks[a].end, toks[b].start - toks[a].end);
    if (gap == " " || gap == "  ") return true;
    return gap == "'s " || gap == "\xE2\x80\x99s ";  // "People's Republic of China"
  };

  // 1. Recognition.
  std::vector<Mention> ms;
  std::string buf;
  size_t prev_mention_end = size_t(-1);  // token after the last recognised name
  std::unordered_set<uint64_t> people;   // names seen as a person's ("Dr. Michael Dunn" ... "Dunn said")
  for (size_t i = 0; i < toks.size();) {
    const Tok& t = toks[i];
    if (!t.upper) { ++i; continue; }
    buf.clear();
    size_t best_end = 0;
    Gazetteer::Hit best_hit;
    uint64_t best_hash = 0;
    for (size_t j = i; j < toks.size() && j < i + 8; ++j) {
      if (j > i && !joined(j - 1, j)) break;
      std::string_view k = key(j);
      if (j > i && is_izafe(k)) continue;
      if (!buf.empty()) buf.push_back(' ');
      buf.append(k);
      uint64_t h = key_hash(buf);
      auto hit = G.find(h);
      if (!hit.found()) break;
      if (hit.count > 0 && (toks[j].has_upper || j == i)) best_end = j + 1, best_hit = hit, best_hash = h;
      if (!hit.prefix) break;
    }
    if (!best_end) { ++i; continue; }
    size_t last = best_end - 1;
    bool reject = false;
    if (L.stop.count(best_hash) || L.person.count(best_hash)) reject = true;
    // A personal title or a first name before it makes it a person: "President Ghani",
    // "Atta Mohammad Noor". Sentence-initial words and function words don't count.
    // A title or a lone direction word is not a place ("Qari", "Eastern" in "Eastern Creek").
    if (!reject && last == i && (L.title.count(best_hash) || L.modifier.count(best_hash))) reject = true;
    // Part of a hyphenated compound name we don't know ("Pul-e-Imam Bukhari").
    if (!reject && best_end < toks.size() && toks[best_end].hyphen_before &&
        (toks[best_end].upper || is_izafe(key(best_end))))
      reject = true;
    if (!reject && i > 0 && joined(i - 1, i) && !toks[i].hyphen_before) {
      uint64_t ph = hash_of(i - 1);
      bool only_towns = true;
      for (uint32_t k = 0; k < best_hit.count && only_towns; ++k) {
        Feature f = Feature(G.place(best_hit.postings[k] & kPostIndexMask).feature);
        only_towns = f == Feature::town || f == Feature::city || f == Feature::district;
      }
      // The dot of a title ("Dr. Michael Dunn") does not end a sentence.
      bool after_title = i >= 2 && L.title.count(hash_of(i - 2));
      if (L.title.count(ph)) reject = true;
      else if (only_towns && toks[i - 1].upper && (!toks[i - 1].sent_start || after_title) && !toks[i - 1].all_caps &&
               last == i &&
               !L.stop.count(ph) && !L.modifier.count(ph) && !(prev_mention_end == i) && !toks[i].all_caps)
        reject = true;
      if (reject && last == i) people.insert(best_hash);
    }
    if (!reject && last == i && people.count(best_hash)) reject = true;
    // A lone all-capital word that only a town's alternate name matches is an acronym
    // ("NICU" is not Nice); datelines ("KABUL") and abbreviations sitrep knows (curated
    // aliases, "DRC", "UAE") match a primary name or a country, province or region.
    if (!reject && t.all_caps && last == i) {
      bool known = false;
      for (uint32_t k = 0; k < best_hit.count && !known; ++k) {
        Feature f = Feature(G.place(best_hit.postings[k] & kPostIndexMask).feature);
        known = (best_hit.postings[k] & kPostPrimary) || f == Feature::country || f == Feature::province ||
                f == Feature::region;
      }
      if (!known) reject = true;
    }
    // Shouted furniture ("SIX-WEEK ONLINE COURSE"): long all-capital words between others.
    if (!reject && t.all_caps && t.letters >= 4 &&
        ((i > 0 && toks[i - 1].all_caps && joined(i - 1, i)) ||
         (best_end < toks.size() && toks[best_end].all_caps && joined(last, best_end))))
      reject = true;
    if (!reject && t.letters < 2 && last == i) reject = true;  // "I", "A"
    // A feature word after another name is that feature's name ("Danube Delta", "Central
    // Plateau"), not the place called Delta or Plateau.
    if (!reject && last == i && i > 0 && L.feature.count(best_hash) && toks[i - 1].upper &&
        text.substr(toks[i - 1].end, toks[i].start - toks[i - 1].end) == " ")
      reject = true;
    if (reject) { i = best_end; continue; }
    Mention m;
    m.first = uint32_t(i), m.last = uint32_t(last);
    m.span = {toks[i].start, toks[last].end};
    m.postings = best_hit.postings;
    m.count = best_hit.count;
    m.key_hash = best_hash;
    m.ref_only = true;
    for (uint32_t k = 0; k < m.count; ++k)
      if (!(m.postings[k] & kPostCountryRef)) m.ref_only = false;
    if (best_end < toks.size() && toks[best_end].upper && joined(last, best_end) &&
        L.feature.count(hash_of(best_end)))
      m.feature_follows = true, m.landform_follows = L.landform.count(hash_of(best_end)) > 0;
    else if (best_end < toks.size() && toks[best_end].upper && !toks[best_end].all_caps &&
             text.substr(toks[last].end, toks[best_end].start - toks[last].end) == " ") {
      uint64_t nh = hash_of(best_end);
      m.name_follows = !L.suffix.count(nh) && !L.title.count(nh) && !L.modifier.count(nh);
    }
    // Cues: the word after ("province", "district", "city") and the words before.
    if (best_end < toks.size()) {
      auto it = L.suffix.find(hash_of(best_end));
      if (it != L.suffix.end() && !toks[best_end].upper) m.cue = it->second;
      else if (it != L.suffix.end() && toks[best_end].upper && joined(last, best_end)) m.cue = it->second;
    }
    if (i >= 1) {
      auto it = L.prefix.find(hash_of(i - 1));
      if (it != L.prefix.end()) m.pre = it->second;
      if (i >= 2) {
        std::string two = std::string(key(i - 2)) + " " + std::string(key(i - 1));
        auto it2 = L.prefix.find(key_hash(two));
        if (it2 != L.prefix.end()) m.pre = it2->second;
      }
    }
    ms.push_back(std::move(m));
    i = best_end;
    prev_mention_end = best_end;
  }
  // Coordination: "Kandahar and Helmand provinces", "Laghman, Nangarhar ... & Kapisa provinces".
  for (size_t k = ms.size(); k-- > 1;) {
    if (ms[k].cue != Cue::province && ms[k].cue != Cue::district) continue;
    const Mention& prev = ms[k - 1];
    if (prev.cue != Cue::none) continue;
    std::string_view gap = text.substr(prev.span.end, ms[k].span.start - prev.span.end);
    // ", ", " and ", " & ", " or ", then at most a few lower-case words ("the nearby").
    size_t rest = std::string_view::npos;
    for (std::string_view sep : {", and ", " and ", ", ", " & ", " or ", ","})
      if (gap.substr(0, sep.size()) == sep) { rest = sep.size(); break; }
    if (rest == std::string_view::npos || gap.size() > 24) continue;
    bool lower_words = true;
    for (char c : gap.substr(rest)) lower_words &= (c >= 'a' && c <= 'z') || c == ' ';
    if (lower_words) ms[k - 1].cue = ms[k].cue;
  }

  // Where a mention's words end, with its cue word ("Ghazni province").
  auto end_of = [&](const Mention& a) {
    bool cue = a.cue == Cue::province || a.cue == Cue::district || a.cue == Cue::city;
    return cue && a.last + 1 < toks.size() ? size_t(toks[a.last + 1].end) : size_t(a.span.end);
  };
  // Lists: "Delaware, Illinois, Kentucky, South Carolina, and Tennessee": three or more names
  // linked by commas and one "and"/"or" before the last. Inside a list a comma separates, it
  // does not name a parent ("Virginia, Washington, West Virginia and Wyoming"), and the items
  // tend to be the same kind of place in the same country.
  std::vector<uint32_t> list_of(ms.size(), kNone);
  {
    auto link = [&](size_t k) {  // between ms[k-1] and ms[k]: 0 none, 1 comma, 2 conjunction
      size_t a = end_of(ms[k - 1]);
      if (a > ms[k].span.start) return 0;
      std::string_view gap = text.substr(a, ms[k].span.start - a);
      if (gap == ", " || gap == ",") return 1;
      for (std::string_view conj : {" and ", ", and ", " or ", ", or ", " & "})
        if (gap == conj) return 2;
      return 0;
    };
    for (size_t s = 0, k = 1; k <= ms.size(); ++k) {
      int l = k < ms.size() ? link(k) : 0;
      if (l == 1) continue;  // the list goes on
      if (l == 2 && k - s >= 2)
        for (size_t q = s; q <= k; ++q) list_of[q] = uint32_t(s);
      s = k;
    }
  }

  // Explicit hierarchy: does mention `b` name the parent of mention `a`? "Andar district,
  // Ghazni province", "Pandi, Bulacan", "Kunduz in the north", "Faizabad, the capital of the
  // northeastern Badakhshan province", "Dadaab, a town in northern Kenya". Between them: a
  // comma, or "in"/"of", or a comma and an appositive ("the capital of"); then at most "the"
  // and two lower-case words (adjectives).
  auto names_parent = [&](const Mention& a, const Mention& b) {
    size_t after = end_of(a);
    size_t t = after == a.span.end ? a.last + 1 : a.last + 2;
    if (after > b.span.start) return false;
    // The lower-case words between them, every one joined to the next by a space.
    std::vector<uint64_t> words;
    size_t first_word = t;
    for (; t < b.first; ++t) {
      if (toks[t].has_upper || words.size() == 8) return false;
      if (t > first_word && !joined(t - 1, t)) return false;
      words.push_back(hash_of(t));
    }
    std::string_view lead = text.substr(after, (words.empty() ? b.span.start : toks[first_word].start) - after);
    bool comma = lead == ", " || lead == ",";
    if (words.empty()) return comma && !(list_of[&a - ms.data()] != kNone && list_of[&a - ms.data()] == list_of[&b - ms.data()]);
    if (lead != " " && lead != ", ") return false;
    if (!joined(b.first - 1, b.first)) return false;
    // Where the parent-introducing "of"/"in" is: first word, or after an appositive head.
    size_t rel = words.size();
    if (words[0] == L.in || words[0] == L.of) rel = 0;
    else if (comma)
      for (size_t k = 0; k + 1 < words.size() && k <= 3; ++k)
        if (L.appositive.count(words[k]) && (words[k + 1] == L.of || words[k + 1] == L.in)) { rel = k + 1; break; }
    if (rel == words.size()) return false;
    size_t k = rel + 1;
    if (k < words.size() && words[k] == L.the) ++k;
    if (words.size() - k > 2) return false;
    for (; k < words.size(); ++k)
      if (words[k] == L.of || words[k] == L.in || words[k] == L.the) return false;
    return true;
  };

  std::vector<bool> has_parent(ms.size(), false);  // the next mention names its parent
  for (size_t mi = 0; mi + 1 < ms.size(); ++mi) has_parent[mi] = names_parent(ms[mi], ms[mi + 1]);

  // 2. Resolution.
  auto bonus_cue = [&](const Mention& m, const PlaceRecord& r) {
    Feature f = Feature(r.feature);
    double b = 0;
    switch (m.cue) {
      case Cue::province: b += f == Feature::province ? 6 : -2; break;
      case Cue::district: b += f == Feature::district ? 6 : (f == Feature::town || f == Feature::city) ? 0 : -2; break;
      case Cue::city: b += (f == Feature::city || f == Feature::town) ? 2 : -2; break;
      case Cue::region: b += (f == Feature::province || f == Feature::region) ? 2 : 0; break;
      default: break;
    }
    if (m.pre == Cue::city_of) b += (f == Feature::city || f == Feature::town) ? 3 : -2;
    if (m.pre == Cue::capital_of) b += (f == Feature::country || f == Feature::province) ? 2 : 0;
    return b;
  };
  for (auto& m : ms) {
    m.base.resize(m.count);
    std::string folded = m.count > 1 ? fold_name(text.substr(m.span.start, m.span.end - m.span.start)) : std::string();
    for (uint32_t k = 0; k < m.count; ++k) {
      uint32_t p = m.postings[k] & kPostIndexMask;
      const PlaceRecord& r = G.place(p);
      double s = r.importance + ((m.postings[k] & kPostPrimary) ? 1.0 : 0) + bonus_cue(m, r);
      // A town named like its own province: the town when it is the seat or holds half
      // the province's people (Kandahar, Kunduz, New York), else the province (Balkh).
      Feature f = Feature(r.feature);
      if ((f == Feature::city || f == Feature::town) && r.admin1 != kNone) {
        for (uint32_t q = 0; q < m.count; ++q)
          if ((m.postings[q] & kPostIndexMask) == r.admin1 && m.cue == Cue::none) {
            const PlaceRecord& a = G.place(r.admin1);
            if ((r.flags & (kAdminSeat | kCapital)) || r.population * 2ull >= a.population) s += 2.0;
          }
      }
      if (m.postings[k] & kPostCountryRef) s -= 0.5;
      // Spelled exactly like the place's own name (Pittsburgh, not Pittsburg).
      if (m.count > 1 && fold_name(G.name(p)) == folded) s += 0.5;
      m.base[k] = s;
    }
  }
  std::unordered_map<uint32_t, double> country_votes, admin1_votes;
  std::unordered_set<uint32_t> countries_named;
  // What each mention's own name voted for, so that a name is not its own evidence.
  std::vector<std::pair<uint32_t, double>> own_a1(ms.size(), {kNone, 0}), own_cc(ms.size(), {kNone, 0});
  // Each name votes once, by its first mention: a name repeated through an article
  // ("Faizabad" three times) must not outvote the other places that say where it is.
  std::unordered_map<uint64_t, size_t> voter;
  for (size_t mi = 0; mi < ms.size(); ++mi) voter.emplace(ms[mi].key_hash, mi);
  // The country with the most votes, not counting `own`, and its bonus: full when it has at
  // least half the votes, less in a story that spans several countries ("Canada, Mexico and
  // the United States").
  auto focus_of = [&](std::pair<uint32_t, double> own) {
    uint32_t f = kNone;
    double fv = 0, total = 0;
    for (auto& [c, v0] : country_votes) {
      double v = c == own.first ? v0 - own.second : v0;
      total += v;
      if (v > fv || (v == fv && v > 0 && c < f)) fv = v, f = c;
    }
    return std::pair{f, total > 0 ? 3.0 * std::min(1.0, 2 * fv / total) : 0.0};
  };
  for (int pass = 0; pass < 3; ++pass) {
    if (pass > 0) {
      country_votes.clear();
      admin1_votes.clear();
      countries_named.clear();
      for (size_t mi = 0; mi < ms.size(); ++mi) {
        const Mention& m = ms[mi];
        own_a1[mi] = own_cc[mi] = {kNone, 0};
        if (size_t v = voter[m.key_hash]; v != mi) {
          own_a1[mi] = own_a1[v];
          own_cc[mi] = own_cc[v];
          continue;
        }
        if (m.best < 0) continue;
        uint32_t p = m.postings[m.best] & kPostIndexMask;
        const PlaceRecord& r = G.place(p);
        // A named country counts double; a demonym or adjective ("Japanese encephalitis")
        // is weaker evidence of where the story is.
        bool ref = (m.postings[m.best] & kPostCountryRef) != 0;
        double w = (r.feature == uint8_t(Feature::country) && !ref) ? 2.0 : 1.0;
        if (r.country != kNone) country_votes[r.country] += w, own_cc[mi] = {r.country, w};
        if (r.feature == uint8_t(Feature::country)) countries_named.insert(p);
        uint32_t a1 = r.feature == uint8_t(Feature::province) ? p : r.admin1;
        if (a1 != kNone) admin1_votes[a1] += 1.0, own_a1[mi] = {a1, 1.0};
      }
    }
    for (size_t mi = 0; mi < ms.size(); ++mi) {
      Mention& m = ms[mi];
      const Mention* parent = has_parent[mi] ? &ms[mi + 1] : nullptr;
      auto [m_focus, focus_bonus] = pass > 0 ? focus_of(own_cc[mi]) : std::pair{kNone, 0.0};
      m.best = -1;
      m.best_score = -1e9;
      for (uint32_t k = 0; k < m.count; ++k) {
        uint32_t p = m.postings[k] & kPostIndexMask;
        const PlaceRecord& r = G.place(p);
        double s = m.base[k];
        if (pass > 0) {
          if (r.country != kNone && r.country == m_focus) s += focus_bonus;
          if (r.country != kNone && countries_named.count(r.country) && r.feature != uint8_t(Feature::country)) s += 1.0;
          // Co-mentioned province ("Faizabad ... Badakhshan"), not counting this mention
          // itself nor a province of the same name (Balkh town vs Balkh province).
          bool namesake = false;
          for (uint32_t q = 0; q < m.count && !namesake; ++q) namesake = (m.postings[q] & kPostIndexMask) == r.admin1;
          // A list's items are alike: states among states, countries among countries.
          if (list_of[mi] != kNone) {
            auto kind = [](uint8_t f) {
              return f == uint8_t(Feature::country) ? 0 : f == uint8_t(Feature::province) ? 1
                                                    : f == uint8_t(Feature::region)     ? 2
                                                                                        : 3;
            };
            int same = 0, others = 0;
            for (size_t q = list_of[mi]; q < ms.size() && list_of[q] == list_of[mi]; ++q) {
              if (q == mi || ms[q].best < 0) continue;
              ++others;
              const PlaceRecord& o = G.place(ms[q].postings[ms[q].best] & kPostIndexMask);
              same += kind(o.feature) == kind(r.feature) && (kind(r.feature) == 0 || o.country == r.country);
            }
            if (same > 0 && 2 * same >= others) s += 1.5;
          }
          // A province whose towns the document names ("Toronto ... Ontario") likewise.
          bool province = r.feature == uint8_t(Feature::province);
          uint32_t a1 = province ? p : r.admin1;
          if (a1 != kNone && (province || !namesake)) {
            auto it = admin1_votes.find(a1);
            double v = it == admin1_votes.end() ? 0 : it->second;
            if (own_a1[mi].first == a1) v -= own_a1[mi].second;
            if (v > 0.5) s += 1.5;
          }
        }
        bool in_parent = false;
        if (parent)
          for (uint32_t q = 0; q < parent->count && !in_parent; ++q) {
            uint32_t pp = parent->postings[q] & kPostIndexMask;
            in_parent = pp != p && (pp == r.admin1 || pp == r.admin2 || pp == r.country);
          }
        if (in_parent) s += 6.0;
        if (s > m.best_score || (s == m.best_score && m.best >= 0 && p < (m.postings[m.best] & kPostIndexMask)))
          m.best_score = s, m.best = int(k), m.in_parent = in_parent;
      }
    }
  }

  // One sense per story: a name the text once placed in its parent ("Austin, in Scott County,
  // Indiana") is that place again where it comes back bare ("35 miles south of Austin").
  {
    std::unordered_map<uint64_t, size_t> placed;
    for (size_t mi = 0; mi < ms.size(); ++mi)
      if (ms[mi].in_parent && ms[mi].best >= 0) placed.emplace(ms[mi].key_hash, mi);
    for (auto& m : ms) {
      auto it = placed.find(m.key_hash);
      if (it == placed.end() || m.in_parent || m.cue != Cue::none || m.best < 0) continue;
      const Mention& first = ms[it->second];
      if (m.postings != first.postings) continue;
      m.best = first.best, m.in_parent = true;
    }
  }

  // 3. Output, dropping weak matches with no support.
  std::vector<Toponym> out;
  out.reserve(ms.size());
  std::unordered_set<uint32_t> kept;  // places an earlier mention was kept for
  for (auto& m : ms) {
    if (m.best < 0) continue;
    uint32_t posting = m.postings[m.best];
    uint32_t p = posting & kPostIndexMask;
    const PlaceRecord& r = G.place(p);
    Feature f = Feature(r.feature);
    // A town abroad that nothing in the article points to must be a large one, larger
    // still when only an alternate name matched ("Air" is not Ayr, "Bloomberg" not Blomberg).
    uint32_t others_focus = focus_of(own_cc[&m - ms.data()]).first;  // not counting this name
    bool supported = m.cue != Cue::none || m.pre != Cue::none || (others_focus != kNone && r.country == others_focus) ||
                     (r.country != kNone && countries_named.count(r.country)) ||
                     (r.admin1 != kNone && admin1_votes.count(r.admin1) && own_a1[&m - ms.data()].first != r.admin1) ||
                     kept.count(p);
    double needed = (posting & kPostPrimary) ? 5.0 : 5.7;
    bool local = f == Feature::town || f == Feature::city || f == Feature::district;
    if (local && !supported && r.importance < needed) continue;
    bool small = local && r.importance < 4.0;
    if (small && !supported) continue;
    // "Plum Island", "Rice Lake", "Centennial Park": a feature named after a small town is
    // not the town, nor is one named like a town's alternate name ("St. Peter's Square" is not
    // Saint Petersburg); "Kandahar Airport" is near the city.
    if (m.feature_follows && local && (r.importance < 5.0 || m.landform_follows || !(posting & kPostPrimary)))
      continue;
    // A town name that runs on into another capitalised word is a first name ("David
    // Nabarro", "Mike Leavitt"), unless it is a large town matched by its own name that the
    // story points to ("Kandahar Taliban").
    if (m.name_follows && local && m.first == m.last && m.cue == Cue::none && !m.in_parent &&
        (r.importance < 5.0 || !(posting & kPostPrimary) || !supported))
      continue;
    if (toks[m.first].sent_start && m.first == m.last && small && m.cue == Cue::none && !m.in_parent) continue;
    Toponym t;
    t.span = m.span;
    t.country_ref = (posting & kPostCountryRef) != 0;
    t.place = make_place(p, (m.pre == Cue::near || m.feature_follows) ? 2 : 1);
    t.cue = (m.cue != Cue::none) ? cue_name(m.cue) : cue_name(m.pre);
    t.score = m.best_score;
    out.push_back(std::move(t));
    kept.insert(p);
  }
  return out;
}

std::optional<Place> Geocoder::resolve_name(std::string_view name, const ResolveContext& ctx) const {
  const Lexicon& L = *lex_;
  std::string key = name_key(name);
  std::string feature = ctx.feature;
  // A trailing cue word ("Panjshir province", "Dihdadi district") says which kind.
  size_t sp = key.rfind(' ');
  if (sp != std::string::npos) {
    auto it = L.suffix.find(key_hash(key.substr(sp + 1)));
    if (it != L.suffix.end()) {
      if (feature.empty()) feature = cue_name(it->second);
      key.erase(sp);
    }
  }
  auto hit = gaz_->find(key_hash(key));
  if (!hit.count) return std::nullopt;
  std::vector<std::string> a1keys;
  for (auto& a : ctx.admin1) a1keys.push_back(name_key(a));
  uint32_t want_country = ctx.country.empty() ? kNone : gaz_->country(ctx.country);
  double best = -1e9;
  uint32_t best_p = kNone;
  for (uint32_t k = 0; k < hit.count; ++k) {
    uint32_t p = hit.postings[k] & kPostIndexMask;
    const PlaceRecord& r = gaz_->place(p);
    double s = r.importance + ((hit.postings[k] & kPostPrimary) ? 1.0 : 0);
    if (want_country != kNone && r.country == want_country) s += 3;
    std::string_view f = feature_name(Feature(r.feature));
    if (!feature.empty()) s += (f == feature || (feature == "city" && f == "town")) ? 6 : -2;
    if (r.admin1 != kNone) {
      std::string a1 = name_key(gaz_->name(r.admin1));
      for (auto& k2 : a1keys)
        if (k2 == a1) s += 3;
    }
    if (s > best) best = s, best_p = p;
  }
  return make_place(best_p, 1);
}

std::optional<Place> Geocoder::country(std::string_view q) const {
  if (q.size() == 2 && q[0] >= 'A' && q[0] <= 'Z' && q[1] >= 'A' && q[1] <= 'Z') {
    uint32_t c = gaz_->country(q);
    if (c != kNone) return make_place(c, 3);
  }
  auto hit = gaz_->find(key_hash(name_key(q)));
  for (uint32_t k = 0; k < hit.count; ++k) {
    uint32_t p = hit.postings[k] & kPostIndexMask;
    if (gaz_->place(p).feature == uint8_t(Feature::country)) return make_place(p, 3);
  }
  return std::nullopt;
}

}  // namespace sitrep::places
