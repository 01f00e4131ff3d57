#include "events/extractor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/civil_date.h"
#include "core/text.h"

namespace sitrep::events {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// ---------------------------------------------------------------------------------------
// Per-sentence working state.

struct ActorRef {
  std::string name, kind, country, text;
  bool empty() const { return name.empty(); }
};

struct ActorMention {
  uint32_t begin = 0, end = 0;  // tokens [begin, end)
  int entry = -1;               // actors.tsv row, -1 for a country or pronoun
  const PlaceMention* country = nullptr;  // a country's name ("Iran said"), from the gazetteer
  bool pronoun = false;
  bool locative = false;        // "in Afghanistan": a place, not a party
  ActorRef resolved;
};

struct CountMention {
  uint32_t begin = 0, end = 0;  // tokens covering number..term
  uint32_t number_tok = 0;
  std::string what;
  int64_t value = 0;
  std::string qualifier;
  ActorRef of;
  bool used = false;
};

struct SpeechMention {
  uint32_t verb = 0, verb_end = 0;
  bool denies = false;
  ActorRef speaker;
  std::string text;
};

struct Sent {
  const AnnotatedSentence* s = nullptr;
  std::vector<std::string> norms;
  std::vector<std::string_view> forms;
  std::vector<std::vector<int>> children;
  std::vector<char> boundary;  // is_clause_boundary() of each token
  std::vector<ActorMention> actors;
  std::vector<CountMention> counts;
  std::vector<SpeechMention> speech;
  bool furniture = false;
  uint32_t body = 0;  // first token after a dateline ("KYIV, May 14 (Reuters) -"), else 0
};

// One trigger occurrence with everything resolved for it; mentions merge into events.
struct Mention {
  uint32_t sent = 0;
  uint32_t tb = 0, te = 0;  // trigger tokens
  const TriggerEntry* trig = nullptr;
  std::string type, mode, cameo, acled_rule, acled_type, acled_sub;
  std::vector<ActorRef> actor1, actor2;
  std::vector<std::pair<std::string, std::string>> role_paths;  // role -> path, for --explain
  EventLocation location;
  bool specific_place = false;  // the place came from this sentence
  bool governed_place = false;  // ... after a locative preposition or as the object
  uint32_t place_tok = kNone;   // first token of that place in the sentence
  bool takes_place = false;     // the place is what the trigger takes ("captured the city of Kunduz"),
                                // not where it happened ("recaptured two districts in Balkh")
  uint32_t place_end = kNone;   // the place's last token + 1 when it is named in the trigger's sentence
  bool campaign = false;        // a campaign noun (cues.tsv "campaign")
  bool listed = false;          // placed as one item of a list ("in Kandahar and Helmand")
  EventDate date;
  int date_tie = 0;  // how the date is tied to the trigger (DateTie); 0: the publication fallback
  std::vector<EventCount> counts;
  std::vector<EventClaim> claims;
  std::set<std::string> flags;
  std::vector<EventEvidence> evidence;
  bool parse_roles = false;
  bool dropped = false;
  bool weak = false;  // joins a group, never starts one
  std::string claimed_by;
  size_t group = SIZE_MAX;  // the event it merged into (index into DocRun::group_events_)
};

bool is_punct(std::string_view n) {
  return n == "," || n == "." || n == ";" || n == ":" || n == "!" || n == "?" || n == "\xE2\x80\x94" ||
         n == "\xE2\x80\x93" || n == "-" || n == "(" || n == ")" || n == "\"" || n == "\xE2\x80\x9C" ||
         n == "\xE2\x80\x9D";
}

bool is_clause_boundary(std::string_view n) {
  static const std::set<std::string_view> words = {
      ",", ";", ":", "\xE2\x80\x94", "\xE2\x80\x93", "that", "which", "who", "while", "as", "but", "when",
      "after", "before", "because", "although", "though", "despite", "with", "whereas", "where",
      "said", "says", "told"};
  return words.count(n) > 0;
}

std::optional<int64_t> parse_number(std::string_view n) {
  std::string digits;
  for (char c : n) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == ',' && !digits.empty())
      continue;
    else
      return std::nullopt;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  return std::stoll(digits);
}

std::optional<int64_t> number_word(std::string_view n) {
  static const std::map<std::string_view, int64_t> words = {
      {"one", 1},      {"two", 2},        {"three", 3},      {"four", 4},       {"five", 5},
      {"six", 6},      {"seven", 7},      {"eight", 8},      {"nine", 9},       {"ten", 10},
      {"eleven", 11},  {"twelve", 12},    {"thirteen", 13},  {"fourteen", 14},  {"fifteen", 15},
      {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},  {"nineteen", 19},  {"twenty", 20},
      {"thirty", 30},  {"forty", 40},     {"fifty", 50},     {"sixty", 60},     {"seventy", 70},
      {"eighty", 80},  {"ninety", 90},    {"hundred", 100},  {"thousand", 1000}};
  auto it = words.find(n);
  if (it == words.end()) return std::nullopt;
  return it->second;
}

bool is_time_unit(std::string_view n) {
  static const std::set<std::string_view> u = {"hour", "hours", "day", "days", "week", "weeks", "month",
                                               "months", "year", "years", "decade", "decades", "minutes",
                                               "am", "pm", "a.m.", "p.m.", "percent", "%", "km", "kilometres",
                                               "kilometers", "miles"};
  return u.count(n) > 0;
}

bool is_long_unit(std::string_view n) {
  static const std::set<std::string_view> u = {"days", "week", "weeks", "month", "months", "year", "years",
                                               "decade", "decades", "half"};
  return u.count(n) > 0;
}

bool is_month_or_weekday(std::string_view n) {
  static const std::set<std::string_view> u = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "jan.", "feb.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (u.count(n)) return true;
  return n.rfind("mid-", 0) == 0;
}

bool is_nonstate_kind(std::string_view k) {
  return k == "rebel_group" || k == "political_militia" || k == "identity_militia";
}
bool is_state_kind(std::string_view k) { return k == "state_forces" || k == "government"; }
// A state's forces or government, its own or a foreign one.
bool is_statelike_kind(std::string_view k) { return is_state_kind(k) || k == "external_state"; }
bool is_armed_kind(std::string_view k) { return is_nonstate_kind(k) || k == "state_forces"; }

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string text_of(const Sent& st, uint32_t b, uint32_t e, std::string_view doc_text) {
  if (b >= e || e > st.s->tokens.size()) return {};
  uint32_t start = st.s->tokens[b].start, end = st.s->tokens[e - 1].end;
  return std::string(doc_text.substr(start, end - start));
}

int precision_rank(const std::string& p) {
  if (p == "day") return 0;
  if (p == "days") return 1;
  if (p == "week") return 2;
  if (p == "month") return 3;
  return 4;
}

std::set<std::string> reality(const std::set<std::string>& flags) {
  std::set<std::string> r;
  for (const char* f : {"historical", "future", "hypothetical", "negated", "aggregate"})
    if (flags.count(f)) r.insert(f);
  return r;
}

// How a date expression is tied to a trigger, weakest first. A date the trigger governs is
// the event's day; one on a verb above it ("launched an offensive on Tuesday") too; one on a
// report ("said on Tuesday that ...", "a statement on Monday said ...") is the day the event
// was told, so it bounds the event from above; one on another clause ("after capturing X on
// Monday", "the deployment on Tuesday comes as ...") belongs to that clause's event.
enum DateTie { kTieNone = 0, kTieOther = 1, kTieReport = 2, kTieAncestor = 3, kTieGoverned = 4 };
const char* tie_name(int t) {
  switch (t) {
    case kTieGoverned: return "governed";
    case kTieAncestor: return "head";
    case kTieReport: return "report";
    case kTieOther: return "other-clause";
    default: return "published";
  }
}

// ---------------------------------------------------------------------------------------

// The cue dictionaries the rules use (cues.tsv categories), looked up once per article.
struct Cues {
  explicit Cues(const Lexicon& l)
      : amount(l.cue("amount")),
        anaphor(l.cue("anaphor")),
        area(l.cue("area")),
        campaign(l.cue("campaign")),
        cause(l.cue("cause")),
        count(l.cue("count")),
        crime(l.cue("crime")),
        future(l.cue("future")),
        hypothetical(l.cue("hypothetical")),
        legal(l.cue("legal")),
        light(l.cue("light")),
        negation(l.cue("negation")),
        nonhuman(l.cue("nonhuman")),
        not_trigger(l.cue("not_trigger")),
        period(l.cue("period")),
        place_anaphor(l.cue("place_anaphor")),
        qualifier(l.cue("qualifier")),
        quantifier(l.cue("quantifier")),
        report(l.cue("report")),
        speech(l.cue("speech")),
        spread(l.cue("spread")),
        total(l.cue("total")),
        weapon(l.cue("weapon")) {}
  const PhraseDict &amount, &anaphor, &area, &campaign, &cause, &count, &crime, &future, &hypothetical, &legal, &light,
      &negation, &nonhuman, &not_trigger, &period, &place_anaphor, &qualifier, &quantifier, &report, &speech, &spread,
      &total, &weapon;
};

class DocRun {
 public:
  DocRun(const Lexicon& lex, const CountryLookup& countries, const AnnotatedDocument& doc, const ExtractOptions& opt)
      : lex_(lex), cues_(lex), countries_(countries), doc_(doc), opt_(opt) {}

  ArticleEvents run();

 private:
  const Lexicon& lex_;
  const Cues cues_;
  const CountryLookup& countries_;
  const AnnotatedDocument& doc_;
  const ExtractOptions& opt_;
  std::vector<Sent> sents_;
  std::vector<Mention> mentions_;
  std::vector<std::string> group_ids_;  // per merged group (Mention::group), its event's id
  std::string main_country_;
  std::optional<CivilDate> published_;
  // Discourse memory, in reading order.
  struct RecentActor {
    ActorRef ref;
    uint32_t sentence = 0;     // AnnotatedSentence::index
    bool place_named = false;  // named by a place ("the U.S.", "Kabul said"), not by a person's or group's name
  };
  std::vector<RecentActor> recent_actors_;  // resolved named actors, most recent last
  std::vector<std::pair<uint32_t, const PlaceMention*>> recent_places_;  // (paragraph, place)
  ActorMention demonym_actor_;  // the actor a demonym on a trigger noun stands for (see assign_roles)
  ActorRef paragraph_speaker_;  // the last speaker of the current paragraph: attribution carries
  uint32_t paragraph_speaker_para_ = kNone;

  void prepare(Sent& st, const AnnotatedSentence& s);
  void find_actors(Sent& st);
  ActorRef resolve(const Sent& st, const ActorMention& m, const ActorRef& speaker);
  void find_counts(Sent& st);
  void find_speech(Sent& st);
  void find_triggers(uint32_t si);
  uint32_t clause_start(const Sent& st, uint32_t tok) const;
  uint32_t clause_end(const Sent& st, uint32_t tok) const;
  bool cue_in(const Sent& st, const PhraseDict& dict, uint32_t b, uint32_t e, std::string* value = nullptr,
              uint32_t* at = nullptr) const;
  void assign_roles(const Sent& st, Mention& m);
  void assign_place(uint32_t si, Mention& m, std::vector<Mention>& extra);
  bool take_anaphor(const Sent& st, uint32_t at, Mention& m);
  bool takes(const Sent& st, const Mention& m, const PlaceMention& p) const;
  void assign_date(const Sent& st, Mention& m);
  void report_relative(const Sent& st, Mention& m, const DateMention& report, bool dated_by_report);
  void assign_holder(Mention& m);
  ActorRef armed_party_at(const std::string& place, const std::string& except) const;
  void assign_purpose(const Sent& st, Mention& m);
  int date_tie(const Sent& st, const Mention& m, const DateMention& d) const;
  int trigger_head(const Sent& st, const Mention& m) const;
  void assign_flags(const Sent& st, Mention& m);
  bool not_conflict(const Sent& st, const Mention& m) const;
  void derive_acled(Mention& m) const;
  std::vector<Event> merge(std::vector<EventExplanation>* explain);
  std::vector<ControlClaim> control(const std::vector<Event>& events);
  bool is_furniture(const Sent& st, uint32_t si) const;
  const ActorMention* actor_at(const Sent& st, uint32_t tok) const;
  const PlaceMention* demonym_before(const Sent& st, uint32_t tok, uint32_t reach) const;
  EventLocation country_place(const std::string& iso) const;
  const ActorMention* actor_in(const Sent& st, uint32_t b, uint32_t e) const;
  void subtree(const Sent& st, int h, uint32_t& b, uint32_t& e) const;
};

// A place the story names, not a country reference ("Afghan") nor the dateline's place
// ("ISLAMABAD (Reuters) -", where the report was filed).
bool story_place(const Sent& st, const PlaceMention& p) { return !p.demonym && p.begin >= st.body; }

// The words before a place's name inside its noun phrase ("the northern", "central", "nearby").
bool place_modifier(std::string_view w) {
  static const std::set<std::string_view> words = {
      "the",          "key",          "strategic",    "northern",     "southern",    "eastern",   "western",
      "central",      "northeastern", "northwestern", "southeastern", "southwestern", "nearby",   "neighbouring",
      "neighboring",  "important",    "border",       "regional",     "main",        "entire",    "whole",
      "provincial"};
  return words.count(w) > 0;
}

void DocRun::prepare(Sent& st, const AnnotatedSentence& s) {
  st.s = &s;
  st.norms.reserve(s.tokens.size());
  st.forms.reserve(s.tokens.size());
  for (const auto& t : s.tokens) {
    st.norms.push_back(t.norm.empty() ? normalize_token(t.form) : t.norm);
    st.forms.push_back(t.form);
    st.boundary.push_back(is_clause_boundary(st.norms.back()));
  }
  st.body = dateline_end(st.norms, st.forms, s.dates);
  if (s.parsed) {
    st.children.assign(s.tokens.size(), {});
    for (size_t i = 0; i < s.tokens.size(); ++i)
      if (s.tokens[i].head >= 0 && s.tokens[i].head < (int)s.tokens.size())
        st.children[s.tokens[i].head].push_back((int)i);
  }
}

bool DocRun::is_furniture(const Sent& st, uint32_t si) const {
  if (is_furniture_line(lex_, st.norms, st.forms)) return true;
  // The same line earlier in the article: a repeated headline or teaser.
  std::string_view here = doc_.text.substr(st.s->start, st.s->end - st.s->start);
  for (uint32_t j = 0; j < si; ++j) {
    const auto* o = sents_[j].s;
    if (doc_.text.substr(o->start, o->end - o->start) == here) return true;
  }
  return false;
}

void DocRun::find_actors(Sent& st) {
  const uint32_t n = st.norms.size();
  // Country names come from the places stage (the gazetteer's countries: one list of names
  // and demonyms for the whole program), the other parties from actors.tsv; the longer wins.
  // A dateline's place ("KYIV, May 14 -") is where the report was filed, no party.
  for (uint32_t i = st.body; i < n;) {
    auto hit = lex_.actor_dict.match(st.norms, st.forms, i);
    const PlaceMention* chit = nullptr;
    for (const auto& p : st.s->places)
      if (p.begin == i && !p.demonym && p.place.feature == "country" && !chit) chit = &p;
    if (hit && (!chit || hit->end >= chit->end)) {
      ActorMention m;
      m.begin = hit->begin;
      m.end = hit->end;
      m.entry = hit->payload;
      st.actors.push_back(m);
      i = hit->end;
      continue;
    }
    if (chit) {
      ActorMention m;
      m.begin = chit->begin;
      m.end = chit->end;
      m.country = chit;
      st.actors.push_back(m);
      i = chit->end;
      continue;
    }
    if (cues_.anaphor.match(st.norms, st.forms, i)) {
      ActorMention m;
      m.begin = i;
      m.end = i + 1;
      m.pronoun = true;
      st.actors.push_back(m);
    }
    ++i;
  }
  // "killed 20 Palestinians", "dozens of Ukrainians": a plural demonym counted is people of that
  // country, civilians (not its state: the places stage marks it as a country reference only).
  for (const auto& p : st.s->places) {
    if (!p.demonym || p.begin == 0 || p.begin < st.body) continue;
    const std::string_view last = st.forms[p.end - 1];
    if (last.size() < 4 || last.back() != 's') continue;
    const std::string& prev = st.norms[p.begin - 1];
    if (!parse_number(prev) && !number_word(prev) && prev != "of" && !cues_.amount.match(st.norms, st.forms, p.begin - 1))
      continue;
    bool taken = false;
    for (const auto& a : st.actors) taken = taken || (a.begin < p.end && p.begin < a.end);
    if (lex_.civilians < 0 || taken) continue;
    ActorMention m;
    m.begin = p.begin;
    m.end = p.end;
    m.entry = lex_.civilians;
    st.actors.insert(std::upper_bound(st.actors.begin(), st.actors.end(), m,
                                      [](const ActorMention& x, const ActorMention& y) { return x.begin < y.begin; }),
                     m);
  }
  // "RSF fighters", "Hamas militants", "US troops": a generic description right beside a party's
  // name is that party, one mention (else "between RSF fighters and the army" reads three sides).
  // "an American man", "US citizens", "a British aid worker": private people of that country are
  // civilians, not their state.
  for (size_t k = 0; k + 1 < st.actors.size();) {
    ActorMention& a = st.actors[k];
    ActorMention& b = st.actors[k + 1];
    if (a.end == b.begin && a.entry >= 0 && b.entry >= 0 && lex_.actors[a.entry].kind != "generic" &&
        lex_.actors[a.entry].kind != "civilians" && lex_.actors[b.entry].kind == "civilians") {
      b.begin = a.begin;
      st.actors.erase(st.actors.begin() + k);
      continue;
    }
    if (a.end == b.begin && a.entry >= 0 && lex_.actors[a.entry].kind != "generic" && b.entry >= 0 &&
        lex_.actors[b.entry].kind == "generic" && lex_.actors[b.entry].resolve != "self") {
      a.end = b.end;
      st.actors.erase(st.actors.begin() + k + 1);
      continue;
    }
    // "Fighters of the National Resistance Front", "militants of the Islamic State": the same,
    // with the party after "of (the)".
    const bool of_the = (b.begin == a.end + 1 && st.norms[a.end] == "of") ||
                        (b.begin == a.end + 2 && st.norms[a.end] == "of" && st.norms[a.end + 1] == "the");
    if (of_the && a.entry >= 0 && lex_.actors[a.entry].kind == "generic" && lex_.actors[a.entry].resolve != "self" &&
        b.entry >= 0 && lex_.actors[b.entry].kind != "generic" && lex_.actors[b.entry].kind != "civilians") {
      b.begin = a.begin;
      st.actors.erase(st.actors.begin() + k);
      continue;
    }
    ++k;
  }
  static const std::set<std::string_view> locative = {"in", "into", "to", "from", "across", "near", "at",
                                                      "with", "of", "outside", "inside", "throughout", "toward",
                                                      "towards", "around", "on", "against", "over"};
  for (auto& m : st.actors) {
    bool country_like = m.country != nullptr;
    if (m.entry >= 0) {
      // City names that double as actors ("Washington", "Kabul") are places after a preposition.
      for (const auto& p : st.s->places)
        if (!p.demonym && p.begin <= m.begin && m.end <= p.end) country_like = true;
    }
    // "in Kunduz", "in the Panjshir valley", "in northwestern Pakistan", "in central Somalia".
    uint32_t k = m.begin;
    while (k > 0 && place_modifier(st.norms[k - 1])) --k;
    if (country_like && k > 0 && locative.count(st.norms[k - 1])) m.locative = true;
    // "KUNDUZ, Afghanistan, Aug 9 -", "in Mazar, Afghanistan": the country says where a place is.
    if (country_like && m.begin > 1 && st.norms[m.begin - 1] == ",")
      for (const auto& p : st.s->places)
        if (!p.demonym && p.end + 1 == m.begin) m.locative = true;
  }
}

// The demonym ending at most `reach` tokens before `tok` ("Afghan soldiers", "Israeli air
// strikes"), nearest first; the places stage marks demonyms as country references.
const PlaceMention* DocRun::demonym_before(const Sent& st, uint32_t tok, uint32_t reach) const {
  const PlaceMention* best = nullptr;
  for (const auto& p : st.s->places)
    if (p.demonym && p.end <= tok && p.end + reach > tok && (!best || p.begin > best->begin)) best = &p;
  return best;
}

// A country as a place: as the article names it, else from the gazetteer, else only its code.
EventLocation DocRun::country_place(const std::string& iso) const {
  for (const auto& s : doc_.sentences)
    for (const auto& p : s.places)
      if (!p.demonym && p.place.feature == "country" && p.place.country == iso) return p.place;
  if (countries_)
    if (auto c = countries_(iso)) return *c;
  EventLocation l;
  l.country = iso;
  return l;
}

const ActorMention* DocRun::actor_at(const Sent& st, uint32_t tok) const {
  for (const auto& m : st.actors)
    if (m.begin <= tok && tok < m.end && !m.locative) return &m;
  return nullptr;
}

const ActorMention* DocRun::actor_in(const Sent& st, uint32_t b, uint32_t e) const {
  for (const auto& m : st.actors)
    if (m.begin >= b && m.end <= e && !m.locative && !m.resolved.empty()) return &m;
  return nullptr;
}

ActorRef DocRun::resolve(const Sent& st, const ActorMention& m, const ActorRef& speaker) {
  ActorRef r;
  std::string text(doc_.text.substr(st.s->tokens[m.begin].start, st.s->tokens[m.end - 1].end - st.s->tokens[m.begin].start));
  auto from_entry = [&](int idx) {
    const auto& a = lex_.actors[idx];
    return ActorRef{a.name, a.kind, a.country, text};
  };
  if (m.pronoun) {
    // A pronoun reaches back two sentences at most; "he", "she" never stand for a party named by a
    // place ("the U.S.", "Washington"): a person, not a country, visits relatives.
    const std::string& w = st.norms[m.begin];
    const bool person = w == "he" || w == "him" || w == "his" || w == "she" || w == "her";
    for (size_t k = recent_actors_.size(); k-- > 0;) {
      const RecentActor& ra = recent_actors_[k];
      if (ra.sentence + 2 < st.s->index) break;
      if (ra.ref.kind == "civilians" || (person && ra.place_named)) continue;
      ActorRef x = ra.ref;
      x.text = text;
      return x;
    }
    return r;
  }
  if (m.country) {
    const auto& c = m.country->place;
    int g = lex_.government_of(c.country);
    if (g >= 0) return from_entry(g);
    return ActorRef{c.name, "external_state", c.country, text};
  }
  const auto& a = lex_.actors[m.entry];
  if (a.kind != "generic") return from_entry(m.entry);
  if (a.resolve == "self") {
    if (!speaker.empty()) {
      ActorRef x = speaker;
      x.text = text;
      return x;
    }
    return r;
  }
  if (a.resolve == "nonstate") {
    // "the group", "the militants": the armed group the story is about, i.e. the one that
    // acted in the last event, else the last one named — if it is at home where this
    // sentence is: militants in Borno are not the cartel of the Mexican story before them.
    std::vector<std::string_view> here;
    for (const auto& p : st.s->places)
      if (story_place(st, p) && !p.place.country.empty()) here.push_back(p.place.country);
    auto fits = [&](const ActorRef& x) {
      return is_nonstate_kind(x.kind) &&
             (x.country.empty() || here.empty() || std::find(here.begin(), here.end(), x.country) != here.end());
    };
    for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it)
      if (!it->actor1.empty() && fits(it->actor1[0])) {
        ActorRef x = it->actor1[0];
        x.text = text;
        return x;
      }
    for (auto it = recent_actors_.rbegin(); it != recent_actors_.rend(); ++it)
      if (fits(it->ref)) {
        ActorRef x = it->ref;
        x.text = text;
        return x;
      }
    return ActorRef{a.name, "rebel_group", "", text};
  }
  if (a.resolve == "state") {
    // A demonym right before it ("Afghan soldiers", "Tajik reservists") names the country.
    std::string iso;
    if (const PlaceMention* d = demonym_before(st, m.begin, 3)) {
      iso = d->place.country;
      text = text_of(st, d->begin, m.end, doc_.text);
    }
    if (iso.empty()) {
      // "the Tajik government said Rakhmon ordered the mobilisation of 20,000 reservists"
      for (const auto& o : st.actors)
        if (o.end <= m.begin && !o.resolved.empty() && !o.locative &&
            is_statelike_kind(o.resolved.kind))
          iso = o.resolved.country;
    }
    if (iso.empty()) {
      // The country the sentence is about: its place nearest to the words, before or after
      // ("across the border in Tajikistan, reservists are being called up"; "stormed a military
      // base in central Somalia"); the article's main country only when the sentence names none.
      uint32_t best = UINT32_MAX;
      for (const auto& p : st.s->places) {
        if (!story_place(st, p) || p.place.country.empty()) continue;
        uint32_t d = p.end <= m.begin ? m.begin - p.end : p.begin >= m.end ? p.begin - m.end : 0;
        if (d < best) {
          best = d;
          iso = p.place.country;
        }
      }
    }
    if (iso.empty()) iso = main_country_;
    int f = lex_.forces_of(iso);
    if (f >= 0) return from_entry(f);
    for (size_t k = 0; k < lex_.actors.size(); ++k)
      if (lex_.actors[k].country == iso && lex_.actors[k].kind == "external_state") return from_entry((int)k);
    const EventLocation c = country_place(iso);
    return ActorRef{c.name.empty() ? a.name : c.name + " state forces", "state_forces", iso, text};
  }
  return ActorRef{a.name, "other", "", text};
}

void DocRun::find_counts(Sent& st) {
  const auto& count_dict = cues_.count;
  const uint32_t n = st.norms.size();
  // Count terms and their positions.
  std::vector<std::pair<PhraseHit, std::string>> terms;
  for (uint32_t i = 0; i < n; ++i)
    if (auto h = count_dict.match(st.norms, st.forms, i)) {
      terms.push_back({*h, lex_.cue_values[h->payload]});
      i = h->end - 1;
    }
  if (terms.empty()) return;
  // Numbers: digits, number words, amount words ("dozens"), with a qualifier before.
  struct Num {
    uint32_t b, e;
    int64_t v;
    std::string qualifier;
  };
  std::vector<Num> nums;
  for (uint32_t i = 0; i < n; ++i) {
    std::optional<int64_t> v;
    uint32_t e = i + 1;
    std::string qual;
    if (auto h = cues_.amount.match(st.norms, st.forms, i)) {
      v = std::stoll(lex_.cue_values[h->payload]);
      e = h->end;
      qual = st.norms[i];
      if (qual == "a" && e > i + 1) qual = st.norms[i + 1];
    } else if ((v = parse_number(st.norms[i])) || (v = number_word(st.norms[i]))) {
      if (i + 1 < n && (st.norms[i + 1] == "thousand" || st.norms[i + 1] == "million")) {
        *v *= st.norms[i + 1] == "thousand" ? 1000 : 1000000;
        e = i + 2;
      }
    }
    if (!v) continue;
    // Not a count: years, times, durations, ordinals.
    if (e < n && is_time_unit(st.norms[e])) continue;
    if (*v >= 1900 && *v <= 2100 && st.norms[i].find(',') == std::string::npos) continue;
    if (i > 0 && is_month_or_weekday(st.norms[i - 1])) continue;
    bool in_date = false;
    for (const auto& d : st.s->dates)
      if (d.begin <= i && i < d.end) in_date = true;
    if (in_date) continue;
    // Not people: "160,000 birds", "195,600 full-time-equivalent jobs", "3,000 kilos".
    bool things = false;
    for (uint32_t k = e; k < n && k < e + 3 && !is_punct(st.norms[k]) && !things; ++k)
      things = cues_.nonhuman.match(st.norms, st.forms, k).has_value();
    if (things) continue;
    uint32_t b = i;
    for (uint32_t k = i; k > 0 && k + 4 > i; --k)
      if (auto q = cues_.qualifier.match(st.norms, st.forms, k - 1); q && q->end == i) {
        qual = lex_.cue_values[q->payload];
        b = k - 1;
        break;
      }
    nums.push_back({b, e, *v, qual});
    i = e - 1;
  }
  std::vector<bool> term_used(terms.size(), false);
  static const std::set<std::string_view> stop = {",", ";", ".", "and", "but", "while", "as", "after", "with",
                                                  "who", "which", "that", "in", "during", "when"};
  for (const auto& num : nums) {
    int chosen = -1;
    bool after = true;
    // Pattern A: NUMBER [words] TERM  ("over 80 militants killed", "80 Taliban fighters dead").
    for (size_t t = 0; t < terms.size(); ++t) {
      if (term_used[t] || terms[t].first.begin < num.e || terms[t].first.begin > num.e + 7) continue;
      bool clean = true;
      for (uint32_t k = num.e; k < terms[t].first.begin; ++k)
        if (stop.count(st.norms[k]) || parse_number(st.norms[k])) clean = false;
      if (clean) {
        chosen = (int)t;
        break;
      }
    }
    // Pattern B: TERM [words] NUMBER  ("killing at least 12", "death toll rose to 13", "mobilisation of 20,000").
    if (chosen < 0)
      for (size_t t = terms.size(); t-- > 0;) {
        const uint32_t reach = terms[t].first.end - terms[t].first.begin > 1 ? 10 : 4;  // "death toll ... rose to 13"
        if (term_used[t] || terms[t].first.end > num.b || terms[t].first.end + reach < num.b) continue;
        bool clean = true;
        for (uint32_t k = terms[t].first.end; k < num.b; ++k)
          if (st.norms[k] == "," || st.norms[k] == ";" || st.norms[k] == "." || parse_number(st.norms[k]))
            clean = false;
        if (clean) {
          chosen = (int)t;
          after = false;
          break;
        }
      }
    if (chosen < 0) continue;
    term_used[chosen] = true;
    CountMention c;
    c.number_tok = num.b;
    c.begin = std::min(num.b, terms[chosen].first.begin);
    c.end = std::max(num.e, terms[chosen].first.end);
    c.what = terms[chosen].second;
    if (c.what.find(' ') != std::string::npos) c.what = "killed";  // "killed or injured"
    c.value = num.v;
    c.qualifier = num.qualifier;
    // Whose: the words between the number and the term (A) or after the number (B).
    uint32_t wb = after ? num.e : num.e, we = after ? terms[chosen].first.begin : std::min<uint32_t>(n, num.e + 5);
    for (const auto& m : st.actors)
      if (m.begin >= wb && m.end <= we && !m.locative) {
        c.of = m.resolved;
        break;
      }
    if (c.of.empty()) {
      for (uint32_t k = wb; k < we; ++k)
        if (st.norms[k] == "others" || st.norms[k] == "other")
          if (!st.counts.empty()) c.of = st.counts.back().of;
    }
    // "killed at least 12 people and wounded 40": a figure naming nobody, joined by "and" to the
    // figure just before, counts the same people.
    if (c.of.empty() && !st.counts.empty() && c.begin >= st.counts.back().end &&
        c.begin <= st.counts.back().end + 3) {
      bool joined = false;
      for (uint32_t k = st.counts.back().end; k < c.begin; ++k) joined = joined || st.norms[k] == "and";
      if (joined) c.of = st.counts.back().of;
    }
    st.counts.push_back(c);
  }
}

void DocRun::find_speech(Sent& st) {
  const auto& dict = cues_.speech;
  const uint32_t n = st.norms.size();
  for (uint32_t i = 0; i < n; ++i) {
    auto h = dict.match(st.norms, st.forms, i);
    if (!h) continue;
    SpeechMention sp;
    sp.verb = h->begin;
    sp.verb_end = h->end;
    sp.denies = lex_.cue_values[h->payload] == "denies";
    const ActorMention* who = nullptr;
    bool according = st.norms[i] == "according";
    if (st.s->parsed && !according) {
      for (int c : st.children[i])
        if (st.s->tokens[c].deprel == "nsubj") {
          uint32_t b, e;
          subtree(st, c, b, e);
          who = actor_in(st, b, e);
          if (!who) sp.text = text_of(st, b, e, doc_.text);
        }
    }
    if (!who && sp.text.empty()) {
      if (according) {
        for (const auto& m : st.actors)
          if (m.begin >= h->end && m.begin <= h->end + 2 && !m.resolved.empty()) who = &m;
        if (!who) {
          uint32_t e = h->end;
          while (e < n && !is_punct(st.norms[e]) && e < h->end + 6) ++e;
          sp.text = text_of(st, h->end, e, doc_.text);
        }
      } else {
        // "X said": nearest actor ending just before; "said X": right after.
        for (const auto& m : st.actors) {
          if (m.end > i || m.end + 6 < i || m.resolved.empty() || m.locative) continue;
          bool apart = false;  // "security forces, with heavy fighting being reported": not the speaker
          for (uint32_t k = m.end; k < i; ++k) apart = apart || st.norms[k] == "," || st.norms[k] == "with";
          if (!apart || (m.end < i && st.norms[i - 1] == "\xE2\x80\x9D")) who = &m;
        }
        if (!who)
          for (const auto& m : st.actors)
            if (m.begin >= h->end && m.begin <= h->end + 1 && !m.resolved.empty()) who = &m;
        if (!who) {
          // An unknown speaker: the proper-name run right before or after ("said Zabihullah Attiq").
          uint32_t b = i;
          while (b > 0 && i - b < 5 && !is_punct(st.norms[b - 1]) && st.norms[b - 1] != "that") --b;
          // An unnamed speaker must still look like one: a name, or officials, sources, a spokesman.
          static const std::set<std::string_view> sayers = {
              "officials", "official", "sources", "source", "spokesman", "spokesperson", "spokeswoman", "witnesses",
              "residents", "police", "ministry", "statement", "governor", "lawmaker", "commander", "activists",
              "medics", "doctors", "newspaper", "agency", "media"};
          bool looks = false;
          for (uint32_t k = b; k < i; ++k)
            looks = looks || sayers.count(st.norms[k]) || (k > 0 && std::isupper((unsigned char)st.forms[k][0]));
          if (b < i && looks) sp.text = text_of(st, b, i, doc_.text);
          if (sp.text.empty() || (b > 0 && st.norms[b - 1] == "\xE2\x80\x9D")) {
            uint32_t e = h->end;
            while (e < n && !is_punct(st.norms[e]) && e < h->end + 4 && std::isupper((unsigned char)st.forms[e][0])) ++e;
            if (e > h->end) sp.text = text_of(st, h->end, e, doc_.text);
          }
        }
      }
    }
    if (who) {
      sp.speaker = who->resolved;
      sp.text = who->resolved.text;
    }
    if (sp.speaker.empty() && sp.text.empty()) continue;

    if (sp.speaker.empty()) sp.speaker = ActorRef{sp.text, "other", "", sp.text};
    st.speech.push_back(sp);
    i = h->end - 1;
  }
}

uint32_t DocRun::clause_start(const Sent& st, uint32_t tok) const {
  uint32_t b = tok;
  while (b > 0 && !st.boundary[b - 1]) --b;
  return b;
}

uint32_t DocRun::clause_end(const Sent& st, uint32_t tok) const {
  uint32_t e = tok;
  while (e < st.norms.size() && !st.boundary[e]) ++e;
  return e;
}

bool DocRun::cue_in(const Sent& st, const PhraseDict& dict, uint32_t b, uint32_t e, std::string* value,
                    uint32_t* at) const {
  for (uint32_t i = b; i < e && i < st.norms.size(); ++i)
    if (auto h = dict.match(st.norms, st.forms, i); h && h->end <= e) {
      if (value) *value = lex_.cue_values[h->payload];
      if (at) *at = i;
      return true;
    }
  return false;
}

void DocRun::subtree(const Sent& st, int h, uint32_t& b, uint32_t& e) const {
  b = e = (uint32_t)h;
  std::vector<int> stack{h};
  while (!stack.empty()) {
    int x = stack.back();
    stack.pop_back();
    b = std::min<uint32_t>(b, x);
    e = std::max<uint32_t>(e, x);
    for (int c : st.children[x]) stack.push_back(c);
  }
  ++e;
}

// Roles from the dependency parse: who acts (active subject, passive agent), who is acted
// on (object, passive subject, "against X"), and both sides of "clashes between X and Y".
void DocRun::assign_roles(const Sent& st, Mention& m) {
  const auto& toks = st.s->tokens;
  const std::string& frame = m.trig->frame;
  struct Found {
    const ActorMention* a = nullptr;
    std::string path;
  };
  Found agent, patient, between1, between2, fall_to;
  // The state forces a demonym stands for ("Israeli air strikes", "Ukrainian drones"): a stand-in
  // mention whose words run from the demonym to `text_end`.
  auto demonym_forces = [&](const PlaceMention* d, uint32_t text_end) -> const ActorMention* {
    const int f = d ? lex_.forces_of(d->place.country) : -1;
    if (f < 0) return nullptr;
    demonym_actor_.begin = d->begin;
    demonym_actor_.end = d->end;
    demonym_actor_.entry = f;
    const auto& e = lex_.actors[f];
    demonym_actor_.resolved = {e.name, e.kind, e.country, text_of(st, d->begin, text_end, doc_.text)};
    return &demonym_actor_;
  };
  auto actor_of = [&](int tok, const std::string& path) -> Found {
    uint32_t b, e;
    subtree(st, tok, b, e);
    if (const ActorMention* am = actor_at(st, tok); am && !am->resolved.empty()) return {am, path};
    if (const ActorMention* am = actor_in(st, b, e)) return {am, path};
    return {};
  };
  auto case_of = [&](int tok) -> std::string {
    for (int c : st.children[tok])
      if (toks[c].deprel == "case") return st.norms[c];
    return {};
  };
  bool passive = false;
  int inherited_from = -1;  // the verb whose subject a subjectless clause's trigger took
  if (st.s->parsed) {
    const int h = trigger_head(st, m);
    const bool nominal = toks[h].upos == "NOUN" || toks[h].upos == "PROPN";
    auto scan = [&](int x, const std::string& via) {
      for (int c : st.children[x]) {
        const std::string& rel = toks[c].deprel;
        std::string cs = case_of(c);
        if (rel == "aux:pass" || rel == "nsubj:pass") passive = true;
        if ((rel == "nsubj" || rel == "nsubj:pass" || rel == "csubj") && !agent.a && !patient.a) {
          Found f = actor_of(c, via + rel);
          if (rel == "nsubj:pass")
            patient = f;
          else
            agent = f;
        } else if (rel == "obj" && !patient.a) {
          patient = actor_of(c, via + rel);
        } else if ((rel == "obl" || rel == "nmod" || rel == "obl:agent") && (cs == "by" || rel == "obl:agent")) {
          if (!agent.a) agent = actor_of(c, via + rel + ":by");
          passive = passive || !nominal;
        } else if ((rel == "obl" || rel == "nmod") && (cs == "against" || cs == "on" || cs == "with")) {
          if (!patient.a) patient = actor_of(c, via + rel + ":" + cs);
        } else if ((rel == "obl" || rel == "nmod") && cs == "between") {
          between1 = actor_of(c, via + rel + ":between");
          for (int cc : st.children[c])
            if (toks[cc].deprel == "conj") between2 = actor_of(cc, via + rel + ":between:conj");
        } else if ((rel == "obl" || rel == "nmod") && cs == "to") {
          fall_to = actor_of(c, via + rel + ":to");
        } else if ((rel == "nmod:poss" || rel == "compound" || rel == "amod") && nominal && !agent.a) {
          Found f = actor_of(c, via + rel);
          if (f.a) agent = f;
        }
      }
    };
    scan(h, "");
    const int head = toks[h].head;
    const std::string& hrel = toks[h].deprel;
    if (head >= 0) {
      if (nominal && (hrel == "obj" || hrel == "nsubj" || hrel == "nsubj:pass")) {
        // "launched an offensive" (light verb) / "clashes erupted between X and Y".
        bool light = cue_in(st, cues_.light, head, head + 1);
        Found save_agent = agent;
        if (light || hrel != "obj") {
          Found a2 = agent, p2 = patient;
          agent = {};
          patient = {};
          scan(head, "head:");
          if (hrel != "obj" || !light) agent = save_agent.a ? save_agent : Found{};
          if (light && !save_agent.a) {
            // the light verb's subject acts
          }
          if (save_agent.a) agent = save_agent;
          if (p2.a) patient = p2;
          if (!agent.a && light) scan(head, "head:");
        }
      } else if (!agent.a && (hrel == "conj" || hrel == "xcomp" || hrel == "advcl" || hrel == "acl" ||
                              hrel == "acl:relcl")) {
        // A clause without a subject of its own acts through its head's: "militants ambushed a
        // convoy, killing eight officers" (the officers are the patient; the militants kill).
        if ((hrel == "acl" || hrel == "acl:relcl") && !patient.a) {
          Found f = actor_of(head, "antecedent:");
          // "the city captured by ...", "districts seized": a participle's antecedent was acted on.
          const bool participle = hrel == "acl" && st.norms[h].size() > 2 &&
                                  st.norms[h].compare(st.norms[h].size() - 2, 2, "ed") == 0;
          if (f.a) (passive || participle ? patient : agent) = f;
        } else if (hrel != "acl" && hrel != "acl:relcl") {
          for (int c : st.children[head])
            if (toks[c].deprel == "nsubj" || toks[c].deprel == "nsubj:pass") {
              Found f = actor_of(c, hrel + ":head:" + toks[c].deprel);
              if (!passive) {
                agent = f;
                inherited_from = head;
              } else if (!patient.a) {
                patient = f;
              }
            }
        }
      }
    }
    m.parse_roles = agent.a || patient.a || between1.a;
  }
  // Word-order fallback for what the parse did not give.
  const uint32_t cs = clause_start(st, m.tb);
  uint32_t ce = clause_end(st, m.te);
  if (ce == m.te && ce < st.norms.size() && st.norms[ce] == "with") ce = clause_end(st, m.te + 1);  // "clashed with police"
  // The parse's roles win; word order fills the roles the parse left empty.
  const Found p_agent = agent, p_patient = patient, p_b1 = between1, p_b2 = between2, p_fall = fall_to;
  agent = patient = between1 = between2 = fall_to = Found{};
  passive = false;
  {
    static const std::set<std::string_view> be = {"was", "were", "been", "being", "be", "is", "are", "get", "got"};
    const std::string& form = st.norms[m.tb];
    const bool progressive = form.size() > 4 && form.compare(form.size() - 3, 3, "ing") == 0;
    for (uint32_t k = m.tb; k > 0 && k + 3 > m.tb; --k)
      if (be.count(st.norms[k - 1]) && !progressive) passive = true;
    // "between X and Y"
    for (uint32_t k = m.te; k < st.norms.size() && k < m.te + 4; ++k)
      if (st.norms[k] == "between") {
        for (const auto& a : st.actors)
          if (a.begin > k && !a.locative && !a.resolved.empty()) {
            if (!between1.a)
              between1 = {&a, "order:between"};
            else if (!between2.a) {
              between2 = {&a, "order:between-and"};
              break;
            }
          }
        break;
      }
    const ActorMention* before = nullptr;
    for (const auto& a : st.actors)
      if (a.end <= m.tb && a.begin >= cs && !a.locative && !a.resolved.empty()) before = &a;
    if (!before && cs > 0) {
      // The clause began with a connective ("as the Taliban captured"): look one clause back
      // only for a subject right before a conjunction-less verb chain.
    }
    if (!before && cs > 0 && progressive && cs == m.tb) {
      // "..., seizing dozens of districts": the participle's subject is the main clause's.
      for (const auto& a : st.actors)
        if (a.end <= cs && !a.locative && !a.resolved.empty() && !a.pronoun) before = &a;
    }
    if (!before && cs > 0 && cs + 1 < st.norms.size() && (st.norms[cs] == "but" || st.norms[cs] == "and") &&
        cs + 1 <= m.tb) {
      // "The Taliban launched attacks ..., but were pushed back": the sentence's subject.
      for (const auto& a : st.actors)
        if (a.end <= cs && !a.locative && !a.resolved.empty()) {
          before = &a;
          break;
        }
    }
    const ActorMention* after_by = nullptr;
    const ActorMention* after = nullptr;
    for (const auto& a : st.actors) {
      if (a.begin < m.te || a.locative || a.resolved.empty()) continue;
      if (a.begin > m.te + 6 || a.begin >= ce + 1) break;
      if ((a.begin > 0 && st.norms[a.begin - 1] == "by") ||
          (a.begin > 1 && st.norms[a.begin - 1] == "the" && st.norms[a.begin - 2] == "by")) {
        if (!after_by) after_by = &a;
      } else if (!after) {
        after = &a;
      }
    }
    // A noun trigger, or one of either kind the parse tags as a noun ("crushed the protests").
    const bool noun_use = (m.trig->noun && !m.trig->verb) ||
                          (m.trig->noun && st.s->parsed &&
                           (st.s->tokens[m.tb].upos == "NOUN" || st.s->tokens[m.tb].upos == "PROPN"));
    if (noun_use) {
      // "the Taliban's offensive", "Taliban attack", "attacks by X against Y"
      if (before && before->end + 1 >= m.tb) agent = {before, "order:possessor"};
      // "Israeli air strikes": a demonym on the noun names the state that struck.
      if (!agent.a && m.tb > 0)
        if (const PlaceMention* d = demonym_before(st, m.tb, 1); d && d->end == m.tb)
          if (const ActorMention* forces = demonym_forces(d, d->end)) agent = {forces, "order:demonym"};
      if (after_by) agent = {after_by, "order:by"};
      // The clause's subject acts through a light verb ("the Taliban launched an offensive"), not
      // through any verb ("China crushed the pro-reform protests", "he deflected the attacks").
      // A noun after a preposition is still the subject's ("recaptured two districts during a
      // fierce battle").
      if (!agent.a && before) {
        static const std::set<std::string_view> preps = {"during", "in", "amid", "after", "at", "throughout",
                                                         "with", "of", "following", "before"};
        bool light = false, prep = false;
        for (uint32_t k = before->end; k < m.tb && !light; ++k) {
          light = cues_.light.match(st.norms, st.forms, k).has_value();
          prep = prep || preps.count(st.norms[k]);
        }
        if (light || prep || !m.trig->verb) agent = {before, "order:subject"};
        // "Gunmen killed five soldiers in an attack on a checkpoint": the party before the
        // preposition is the verb's object, acted on; the noun is its subject's deed.
        if (prep && st.s->parsed) {
          const auto& toks = st.s->tokens;
          for (uint32_t k = before->begin; k < before->end; ++k) {
            const int h = toks[k].head;
            if (h >= (int)before->begin && h < (int)before->end) continue;
            if (toks[k].deprel == "obj" && h >= 0)
              for (int c : st.children[h])
                if (toks[c].deprel == "nsubj") {
                  uint32_t b, e;
                  subtree(st, c, b, e);
                  if (const ActorMention* subj = actor_in(st, b, e)) agent = {subj, "order:subject-of-verb"};
                }
            break;
          }
        }
      }
      if (after && after != agent.a) patient = {after, "order:after"};
    } else if (passive) {
      if (before) patient = {before, "order:passive-subject"};
      if (after_by) agent = {after_by, "order:by-agent"};
    } else {
      if (before) agent = {before, "order:subject"};
      if (after) patient = {after, "order:object"};
      if (after_by && !agent.a) agent = {after_by, "order:by"};
    }
    if (frame == "fall") {
      for (const auto& a : st.actors)
        if (a.begin >= m.te - 1 && a.begin <= m.te + 2 && !a.resolved.empty()) fall_to = {&a, "order:to"};
    }
  }
  // A subject the parse only inherited from another verb ("arrived ... as the Taliban captured")
  // yields to one word order finds in the trigger's own clause.
  // But not to a party inside that verb's object: "ambushed a police convoy near Culiacan,
  // killing eight officers" — the police were ambushed; the ambushers kill. (Not its oblique:
  // "arrived in Mazar as the Taliban captured Faizabad" is often parsed with the Taliban
  // inside "in Mazar ...", and they are the ones who capture.)
  auto acted_on_by = [&](int verb, const ActorMention* a) {
    if (verb < 0 || !a) return false;
    for (int c : st.children[verb]) {
      if (toks[c].deprel != "obj" && toks[c].deprel != "iobj") continue;
      uint32_t b, e;
      subtree(st, c, b, e);
      if (a->begin >= b && a->end <= e) return true;
    }
    return false;
  };
  const bool inherited = p_agent.path.find("head:") != std::string::npos;
  if (inherited && agent.a && agent.path == "order:subject" && !acted_on_by(inherited_from, agent.a)) {
    // keep the word-order agent; the parse's object, if any, still counts
    if (p_patient.a && p_patient.a != agent.a) patient = p_patient;
  } else if (p_agent.a || p_patient.a) {
    // A parse that found a party decides both sides: a lone word-order guess would contradict it.
    agent = p_agent.a ? p_agent : (p_patient.a && agent.a == p_patient.a ? Found{} : agent);
    patient = p_patient.a ? p_patient : (patient.a == agent.a ? Found{} : patient);
  }
  if (p_b1.a) {
    between1 = p_b1;
    between2 = p_b2;
  }
  if (p_fall.a) fall_to = p_fall;
  // "Ukrainian drones attacked a refinery", "Russian missiles had hit Kharkiv": with no party as
  // the subject, a demonym on the weapons right before the trigger names the state that struck.
  if (!agent.a && frame != "sym" && frame != "fall") {
    static const std::set<std::string_view> aux = {"have", "has", "had", "also", "then", "reportedly"};
    uint32_t k = m.tb;
    while (k > 0 && aux.count(st.norms[k - 1])) --k;
    uint32_t w = k;
    std::string weapon_mode;
    for (bool more = true; more && w > 0;) {
      more = false;
      for (uint32_t b = w >= 2 ? w - 2 : 0; b < w && !more; ++b)
        if (auto h = cues_.weapon.match(st.norms, st.forms, b); h && h->end == w) {
          if (weapon_mode.empty()) weapon_mode = lex_.cue_values[h->payload];
          w = b;
          more = true;
        }
    }
    // A general attack told of weapons is of their kind: remote violence, not a clash.
    if (w < k && m.mode == "firearms" && (m.acled_rule == "battle" || m.acled_rule == "violence")) {
      m.mode = weapon_mode;
      m.acled_rule = weapon_mode == "heavy-weapons" ? "shelling" : "air";
      m.cameo = weapon_mode == "heavy-weapons" ? "194" : "195";  // as triggers.tsv's shelling / air strike
    }
    if (w < k)
      if (const PlaceMention* d = demonym_before(st, w, 1); d && d->end == w)
        if (const ActorMention* forces = demonym_forces(d, k)) agent = {forces, "order:demonym-weapon"};
  }
  auto push = [&](std::vector<ActorRef>& out, const Found& f, const char* role) {
    if (!f.a || f.a->resolved.empty()) return;
    auto add = [&](const ActorMention& a) {
      for (const auto& x : out)
        if (x.name == a.resolved.name) return;
      out.push_back(a.resolved);
    };
    add(*f.a);
    m.role_paths.push_back({role, f.path});
    if (f.path.find("between") != std::string::npos) return;  // "between X and Y" are two sides
    // A list is one side ("the consulates of Turkey and Russia", "Uzbekistan, Tajikistan, India
    // and Pakistan"): the parties joined to it by commas and "and" only.
    const auto& acts = st.actors;
    // x before y; the one added to the side is a party, no pronoun, and no place said first with
    // a comma ("In Myanmar, the military bombed ..."; but "the consulates of Turkey and Russia").
    auto joined = [&](const ActorMention& x, const ActorMention& y, const ActorMention& added) {
      if (y.begin < x.end || y.begin > x.end + 2 || added.resolved.empty() || added.pronoun) return false;
      bool conj = false, and_ = false;
      for (uint32_t k = x.end; k < y.begin; ++k) {
        const std::string& w = st.norms[k];
        if (w != "," && w != "and" && w != "&" && w != "the") return false;
        conj = conj || w == "," || w == "and" || w == "&";
        and_ = and_ || w == "and" || w == "&";
      }
      return conj && (!added.locative || and_);
    };
    size_t at = f.a - acts.data();
    if (at >= acts.size()) return;  // a stand-in (demonym), not one of the sentence's mentions
    for (size_t k = at; k > 0 && joined(acts[k - 1], acts[k], acts[k - 1]); --k) add(acts[k - 1]);
    for (size_t k = at; k + 1 < acts.size() && joined(acts[k], acts[k + 1], acts[k + 1]); ++k) add(acts[k + 1]);
  };
  if (frame == "sym" && between1.a) {
    push(m.actor1, between1, "actor1");
    push(m.actor2, between2, "actor2");
  } else if (frame == "pa") {
    push(m.actor1, patient, "actor1");
    push(m.actor2, agent, "actor2");
  } else if (frame == "fall") {
    push(m.actor1, fall_to, "actor1");
  } else if (frame == "a") {
    push(m.actor1, agent.a ? agent : patient, "actor1");
  } else {
    push(m.actor1, agent, "actor1");
    push(m.actor2, patient, "actor2");
  }
  // The same party on both sides means one of the readings was wrong: keep actor1.
  if (!m.actor1.empty() && !m.actor2.empty() && m.actor1[0].name == m.actor2[0].name) m.actor2.clear();
}

// The side acted on when the trigger's object is a place, not a party: whoever the article
// says took it earlier, else the armed party the article places there ("the National
// Resistance Front in Panjshir"), else its defenders -- the state forces of the place's
// country against anyone else ("the Taliban captured Faizabad": Afghan forces held it), the
// last armed group named against those forces ("Afghan soldiers recaptured two districts").
// A default, so it is applied to a happening only when none of its mentions named the side
// (after merging); only what the article told before the mention counts as evidence.
const std::string& a1_kind(const Mention& m) {
  static const std::string none;
  return m.actor1.empty() ? none : m.actor1[0].kind;
}

void DocRun::assign_holder(Mention& m) {
  const Sent& st = sents_[m.sent];
  auto before = [&](const Mention& o) { return o.sent < m.sent || (o.sent == m.sent && o.tb < m.tb); };
  if (!m.actor2.empty() || m.actor1.empty()) return;
  const bool assault = (m.type == "ASSAULT" || m.type == "THREATEN") &&
                       (m.acled_rule == "territory" || m.acled_rule == "battle");
  const bool blockade = m.type == "COERCE" && m.mode == "restrict";  // "cut supply routes to Panjshir"
  if (!assault && !blockade) return;
  // A fight for a place with one side named ("the militants fight for control of a crucial
  // northern city", "battling to take the town"): the other side is whoever holds it, the
  // state forces of the country when the place is not named.
  bool contest = false;
  if (m.trig->frame == "sym" && m.te + 1 < st.norms.size()) {
    if (st.norms[m.te] == "for") contest = true;
    if (st.norms[m.te] == "to")
      if (auto h = lex_.trigger_dict.match(st.norms, st.forms, m.te + 1))
        contest = lex_.triggers[h->payload].acled == "territory";
  }
  const bool placed = m.specific_place && m.place_tok != kNone && m.location.feature != "country";
  if (contest && !placed) {
    if (m.location.country.empty() || is_state_kind(a1_kind(m))) return;
    if (int f = lex_.forces_of(m.location.country); f >= 0 && lex_.actors[f].name != m.actor1[0].name) {
      const auto& e = lex_.actors[f];
      m.actor2.push_back({e.name, e.kind, e.country, ""});
      m.role_paths.push_back({"actor2", "holder:contest-state-forces"});
    }
    return;
  }
  if (m.trig->frame == "pa" || !placed) return;
  if (contest) {
    // the place fought for holds the answer below
  } else if (m.acled_rule == "battle") {
    // An attack on the place itself ("attacked Kunduz", "attacks overnight against Panjshir"),
    // not an attack somewhere on someone ("attacked a wedding in Kunduz").
    if (m.place_tok < m.te || m.place_tok > m.te + 5) return;
    bool on = m.place_tok == m.te;
    for (uint32_t k = m.te; k < m.place_tok; ++k) {
      const std::string& w = st.norms[k];
      if (is_punct(w) || lex_.trigger_dict.match(st.norms, st.forms, k)) return;
      on = on || w == "on" || w == "against" || w == "of";
    }
    if (!on) return;
  } else if (!m.governed_place) {
    return;
  }
  const ActorRef& a1 = m.actor1[0];
  ActorRef holder;
  std::string path;
  // The article's own account: the last party that took this place before.
  for (auto o_it = mentions_.rbegin(); o_it != mentions_.rend() && holder.empty(); ++o_it) {
    const Mention& o = *o_it;
    if (before(o) && o.acled_rule == "territory" && reality(o.flags).empty() && o.location.name == m.location.name &&
        !o.actor1.empty() && o.actor1[0].name != a1.name) {
      holder = o.actor1[0];
      path = "holder:taken-earlier";
    }
  }
  if (holder.empty()) {
    holder = armed_party_at(m.location.name, a1.name);
    path = "holder:placed-there";
  }
  const std::string& iso = m.location.country;
  const bool own_state = is_state_kind(a1.kind) && a1.country == iso;
  if (holder.empty() && !own_state && !iso.empty()) {
    if (int f = lex_.forces_of(iso); f >= 0 && lex_.actors[f].name != a1.name) {
      const auto& e = lex_.actors[f];
      holder = {e.name, e.kind, e.country, ""};
      path = "holder:state-forces";
    }
  }
  if (holder.empty() && own_state) {
    for (auto o = mentions_.rbegin(); o != mentions_.rend() && holder.empty(); ++o)
      if (before(*o) && !o->actor1.empty() && is_nonstate_kind(o->actor1[0].kind)) holder = o->actor1[0];
    for (uint32_t k = m.sent + 1; k-- > 0 && holder.empty();)
      for (auto a = sents_[k].actors.rbegin(); a != sents_[k].actors.rend() && holder.empty(); ++a)
        if (!a->locative && is_nonstate_kind(a->resolved.kind)) holder = a->resolved;
    path = "holder:armed-group";
  }
  if (holder.empty()) return;
  holder.text.clear();
  m.actor2.push_back(holder);
  m.role_paths.push_back({"actor2", path});
}

// The armed party the article places at a place ("the National Resistance Front in Panjshir",
// "Taliban fighters in Kunduz"), other than `except`; empty when none.
ActorRef DocRun::armed_party_at(const std::string& place, const std::string& except) const {
  for (const auto& s2 : sents_)
    for (const auto& a : s2.actors) {
      if (a.resolved.empty() || a.resolved.name == except || !is_armed_kind(a.resolved.kind)) continue;
      for (const auto& p : s2.s->places)
        if (!p.demonym && p.place.name == place && p.begin >= a.end && p.begin <= a.end + 3) return a.resolved;
    }
  return {};
}

// Whom troops are sent against: the party of the purpose clause ("deployed hundreds of
// commandos to counter the Taliban's offensive", "took up arms to push back against the Taliban").
void DocRun::assign_purpose(const Sent& st, Mention& m) {
  if (m.type != "MOBILIZE" || !m.actor2.empty() || !st.s->parsed) return;
  const auto& toks = st.s->tokens;
  const int h = trigger_head(st, m);
  // "to VERB" on the trigger, or on what is deployed ("hundreds of commandos ... to counter").
  // The clause may hang anywhere in what is deployed: "hundreds of commandos and pro-government
  // militiamen to counter ..." attaches it to the last conjunct as often as to the head.
  std::vector<int> clauses;
  for (int c : st.children[h]) {
    if (toks[c].deprel == "advcl" || toks[c].deprel == "xcomp") clauses.push_back(c);
    if (toks[c].deprel != "obj") continue;
    std::vector<int> stack(st.children[c].begin(), st.children[c].end());
    while (!stack.empty()) {
      int x = stack.back();
      stack.pop_back();
      if (toks[x].deprel == "acl" || toks[x].deprel == "advcl") {
        clauses.push_back(x);
        continue;
      }
      for (int cc : st.children[x]) stack.push_back(cc);
    }
  }
  for (int c : clauses) {
    bool to = false;
    for (int cc : st.children[c]) to = to || (toks[cc].deprel == "mark" && st.norms[cc] == "to");
    if (!to) continue;
    uint32_t b, e;
    subtree(st, c, b, e);
    for (const auto& a : st.actors) {
      if (a.begin < b || a.end > e || a.locative || a.resolved.empty() || a.pronoun) continue;
      if (!is_armed_kind(a.resolved.kind) && a.resolved.kind != "government") continue;
      if (!m.actor1.empty() && m.actor1[0].name == a.resolved.name) continue;
      m.actor2.push_back(a.resolved);
      m.role_paths.push_back({"actor2", "purpose:" + toks[c].deprel});
      return;
    }
  }
}

// The place a place anaphor at token `at` stands for ("the city": the last city or town named,
// earlier in this sentence or before it; "the province": the last province; "the country": the
// last country), set as the mention's place; false when none fits.
bool DocRun::take_anaphor(const Sent& st, uint32_t at, Mention& m) {
  auto h = cues_.place_anaphor.match(st.norms, st.forms, at);
  if (!h) return false;
  // "the city of El Fasher", "the village of Ocheretyne": a name follows, no earlier place meant.
  if (h->end + 1 < st.norms.size() && st.norms[h->end] == "of" && !st.forms[h->end + 1].empty() &&
      std::isupper((unsigned char)st.forms[h->end + 1][0]))
    return false;
  const std::string& noun = st.norms[h->end - 1];
  auto kind_fits = [&](const std::string& f) {
    if (noun == "country") return f == "country";  // "withdrawing from the country"
    if (f == "country") return false;
    if (noun == "city" || noun == "town" || noun == "capital" || noun == "village")
      return f == "city" || f == "town" || f == "village";
    if (noun == "province") return f == "province";
    if (noun == "district") return f == "district";
    return true;
  };
  const PlaceMention* found = nullptr;
  for (const auto& p : st.s->places)
    if (!p.demonym && p.end <= at && kind_fits(p.place.feature)) found = &p;
  for (auto it = recent_places_.rbegin(); it != recent_places_.rend() && !found; ++it)
    if (kind_fits(it->second->place.feature)) found = it->second;
  if (!found) return false;
  m.location = found->place;
  m.location.precision = std::max(m.location.precision, noun == "country" ? 3 : 1);
  m.specific_place = true;
  m.governed_place = true;
  if (found->end <= at && found >= st.s->places.data() && found < st.s->places.data() + st.s->places.size())
    m.place_tok = found->begin;
  m.role_paths.push_back({"location", "anaphor:" + noun});
  return true;
}

void DocRun::assign_place(uint32_t si, Mention& m, std::vector<Mention>& extra) {
  const Sent& st = sents_[si];
  const auto& places = st.s->places;
  static const std::set<std::string_view> locative = {"in", "into", "at", "near", "across", "outside", "around",
                                                      "against", "on", "of", "inside", "toward", "towards", "to",
                                                      "from", "over", "for"};
  // A party of the event is not where it happened ("Iran said", "called on Russia").
  auto is_party = [&](const PlaceMention& p) {
    for (const auto& a : st.actors) {
      if (a.locative || a.resolved.empty() || a.begin > p.begin || p.end > a.end) continue;
      for (const auto* side : {&m.actor1, &m.actor2})
        for (const auto& x : *side)
          if (x.name == a.resolved.name) return true;
    }
    return false;
  };
  const uint32_t cs = clause_start(st, m.tb), ce = clause_end(st, m.te);
  // "withdrew from the city", "entered the town": the place the trigger governs is the one
  // "the city" stands for, whatever other places the sentence names.
  if (m.te < st.norms.size()) {
    uint32_t at = m.te;
    if (locative.count(st.norms[at]) && at + 1 < st.norms.size()) ++at;
    if (cues_.place_anaphor.match(st.norms, st.forms, at) && take_anaphor(st, at, m)) return;
  }
  int best = -1;
  int best_score = -1000;
  for (size_t i = 0; i < places.size(); ++i) {
    const auto& p = places[i];
    // A dateline's place is where the report was filed ("ISLAMABAD (Reuters) - ... in northwestern
    // Pakistan"), not where the event happened.
    if (!story_place(st, p) || is_party(p)) continue;
    // Not an event place: "its border with Afghanistan", "Afghanistan's fourth-largest city".
    if (p.begin > 1 && st.norms[p.begin - 1] == "with" && st.norms[p.begin - 2] == "border") continue;
    // A place inside a party's name is no place of the event ("US President Joe Biden", "Iran said").
    bool prep_before = p.begin > 0 && locative.count(st.norms[p.begin - 1]);
    bool in_actor = false;
    for (const auto& a : st.actors)
      if (!a.locative && a.entry >= 0 && a.begin <= p.begin && p.end <= a.end) in_actor = true;
    if (in_actor && !prep_before) continue;
    int score = 0;
    int dist = p.begin >= m.te ? (int)(p.begin - m.te) : (int)(m.tb - p.end);
    score -= dist;
    bool prep = p.begin > 0 && locative.count(st.norms[p.begin - 1]);
    bool prep2 = p.begin > 1 && st.norms[p.begin - 1] == "the" && locative.count(st.norms[p.begin - 2]);
    if (prep || prep2 || (p.begin >= m.te && p.begin <= m.te + 1)) score += 20;
    if (p.begin >= cs && p.end <= ce + 1) score += 10;
    if (p.place.feature != "country") score += 3;
    if (p.end < st.norms.size() && st.norms[p.end] == "'s") score -= 15;
    // "Badakhshan's capital Faizabad", "the city of Mazar-i-Sharif": the place itself.
    if (p.begin > 0 && (st.norms[p.begin - 1] == "capital" ||
                        (p.begin > 1 && st.norms[p.begin - 1] == "of" &&
                         (st.norms[p.begin - 2] == "city" || st.norms[p.begin - 2] == "town" ||
                          st.norms[p.begin - 2] == "province" || st.norms[p.begin - 2] == "district"))))
      score += 20;
    if (score > best_score) {
      best_score = score;
      best = (int)i;
    }
  }
  auto set_from = [&](const PlaceMention& p, int min_precision) {
    m.location = p.place;
    m.location.precision = std::max(m.location.precision, min_precision);
    m.place_end = kNone;
  };
  auto set_from_sentence = [&](const PlaceMention& p) {
    set_from(p, 1);
    m.place_end = p.end;
  };
  if (best >= 0) {
    set_from_sentence(places[best]);
    m.place_tok = places[best].begin;
    m.specific_place = true;
    m.governed_place = best_score >= 10;
    m.role_paths.push_back({"location", best_score >= 20 ? "sentence:governed" : "sentence"});
    m.takes_place = takes(st, m, places[best]);
    // Coordinated places: "in Kandahar and Helmand", "in Balkh and the nearby Baghlan province",
    // "capturing Sheberghan to its west, and Kunduz and Taloqan to its east".
    uint32_t end = places[best].end;
    std::vector<int> coord;
    for (size_t i = best + 1; i < places.size(); ++i) {
      const auto& p = places[i];
      if (p.demonym || p.begin < end || p.begin > end + 8) break;
      // A list: only commas, "and", articles and "nearby" between ("Balkh and the nearby Baghlan province"),
      // and where each item is, "to its west".
      bool joined = false, list_only = true;
      static const std::set<std::string_view> list_words = {"and", ",", "&", "the", "nearby", "neighbouring",
                                                            "neighboring", "province", "district", "city"};
      static const std::set<std::string_view> directions = {"north", "south", "east", "west", "northeast",
                                                            "northwest", "southeast", "southwest"};
      uint32_t words = 0;
      for (uint32_t k = end; k < p.begin; ++k) {
        if (st.norms[k] == "to" && k + 2 < p.begin && (st.norms[k + 1] == "its" || st.norms[k + 1] == "the") &&
            directions.count(st.norms[k + 2])) {
          k += 2;
          continue;
        }
        ++words;
        if (st.norms[k] == "and" || st.norms[k] == "," || st.norms[k] == "&") joined = true;
        if (!list_words.count(st.norms[k])) list_only = false;
      }
      if (words > 4) list_only = false;
      joined = joined && list_only;
      bool other_trigger = false;
      for (uint32_t k = end; k < p.begin; ++k)
        if (lex_.trigger_dict.match(st.norms, st.forms, k)) other_trigger = true;
      if (!joined || other_trigger) break;
      coord.push_back((int)i);
      end = p.end;
    }
    if (coord.size() + 1 >= 4) {
      m.flags.insert("aggregate");
    } else {
      if (!coord.empty()) m.listed = true;
      for (int i : coord) {
        Mention copy = m;
        copy.counts.clear();  // a figure for the whole operation stays with the first place
        copy.place_tok = places[i].begin;
        set_from_sentence(places[i]);
        std::swap(copy.location, m.location);
        std::swap(copy.place_end, m.place_end);
        extra.push_back(copy);
        std::swap(copy.location, m.location);
        std::swap(copy.place_end, m.place_end);
      }
      if (!coord.empty()) set_from_sentence(places[best]);
    }
    return;
  }
  // "the city", "the province": the last place of that kind named before.
  for (uint32_t i = cs; i < st.norms.size(); ++i)
    if (cues_.place_anaphor.match(st.norms, st.forms, i)) {
      if (take_anaphor(st, i, m)) return;
      break;
    }
  // The paragraph's last place, then the article's.
  for (auto it = recent_places_.rbegin(); it != recent_places_.rend(); ++it)
    if (it->first == st.s->paragraph && it->second->place.feature != "country") {
      set_from(*it->second, 2);
      m.role_paths.push_back({"location", "paragraph"});
      return;
    }
  for (auto it = recent_places_.rbegin(); it != recent_places_.rend(); ++it)
    if (it->second->place.feature != "country") {
      set_from(*it->second, 2);
      m.role_paths.push_back({"location", "article"});
      return;
    }
  std::string iso = !m.actor1.empty() && !m.actor1[0].country.empty() ? m.actor1[0].country : main_country_;
  if (!iso.empty()) {
    for (auto it = recent_places_.rbegin(); it != recent_places_.rend(); ++it)
      if (it->second->place.country == iso) {
        set_from(*it->second, 3);
        m.role_paths.push_back({"location", "country"});
        return;
      }
    m.location = country_place(iso);
    m.location.country = iso;
    m.location.feature = "country";
    m.location.precision = 3;
    m.role_paths.push_back({"location", m.location.lat ? "country:gazetteer" : "country:no-coordinates"});
  }
}

int DocRun::trigger_head(const Sent& st, const Mention& m) const {
  // For a phrase, the token whose head lies outside it.
  const auto& toks = st.s->tokens;
  for (uint32_t k = m.tb; k < m.te; ++k)
    if (toks[k].head < (int)m.tb || toks[k].head >= (int)m.te) return (int)k;
  return (int)m.tb;
}

// The date's tie to the trigger, from the dependency path between them (parse), else from
// word order (the trigger's clause, or elsewhere in the sentence).
int DocRun::date_tie(const Sent& st, const Mention& m, const DateMention& d) const {
  const uint32_t n = st.norms.size();
  // A dateline ("KABUL, Aug 11 - Taliban fighters seized ..."): the day of the report.
  if (d.end <= st.body) return kTieReport;
  if (!st.s->parsed) {
    const uint32_t cs = clause_start(st, m.tb), ce = clause_end(st, m.te);
    return d.begin >= cs && d.end <= ce + 1 ? kTieAncestor : kTieOther;
  }
  const auto& toks = st.s->tokens;
  // The trigger's chain of heads up to the root.
  std::vector<int> chain;
  for (int x = trigger_head(st, m); x >= 0 && x < (int)n && chain.size() <= n; x = toks[x].head) chain.push_back(x);
  // Where the date attaches: the head of its own head token.
  int g = -1;
  for (uint32_t k = d.begin; k < d.end && k < n; ++k)
    if (toks[k].head < (int)d.begin || toks[k].head >= (int)d.end) {
      g = toks[k].head;
      break;
    }
  if (g < 0) return kTieOther;
  // Up from the date's governor to the trigger's chain.
  std::vector<int> side;
  size_t meet = chain.size();
  for (int x = g; x >= 0 && x < (int)n && side.size() <= n; x = toks[x].head) {
    auto it = std::find(chain.begin(), chain.end(), x);
    if (it != chain.end()) {
      meet = it - chain.begin();
      break;
    }
    side.push_back(x);
  }
  if (meet == chain.size()) return kTieOther;
  // A report on the way ("said", "a statement", "according to ... reports on Tuesday").
  const auto& speech = cues_.speech;
  const auto& report = cues_.report;
  auto reports = [&](int x) {
    if (speech.match(st.norms, st.forms, x) || report.match(st.norms, st.forms, x)) return true;
    for (int c : st.children[x])
      if (toks[c].deprel == "case" && speech.match(st.norms, st.forms, c)) return true;
    return false;
  };
  // Up the trigger's chain: a clause that only hangs on the verb the date is on ("the
  // deployment on Tuesday comes as countries said they restricted ...") is another happening;
  // "a statement ... said" is one report.
  static const std::set<std::string_view> clause_rels = {"advcl", "acl", "acl:relcl", "conj", "parataxis",
                                                         "csubj", "ccomp", "appos", "list", "dep"};
  // "attacked Lashkar Gah last week, killing 20 civilians": a participle with no subject or
  // connective of its own tells the same happening as the verb it hangs on.
  auto same_happening = [&](int x) {
    const std::string& w = st.norms[x];
    if (toks[x].deprel != "advcl" || w.size() < 5 || w.compare(w.size() - 3, 3, "ing") != 0) return false;
    for (int c : st.children[x])
      if (toks[c].deprel == "nsubj" || toks[c].deprel == "nsubj:pass" || toks[c].deprel == "mark") return false;
    return true;
  };
  for (size_t k = 0; k < meet; ++k) {
    const std::string& rel = toks[chain[k]].deprel;
    if (rel == "ccomp" || rel == "xcomp" || !clause_rels.count(rel) || same_happening(chain[k])) continue;
    if (!(reports(chain[k]) && reports(chain[k + 1]))) return kTieOther;
  }
  // Another clause on the date's side ("after capturing X on Monday", "..., while reservists
  // are being called up ... on Tuesday"); a purpose ("to reinforce the border") is this one's,
  // and so is the time of a "when" clause ("30 people were killed when the RSF shelled a
  // market on Sunday": the same happening told from its cause).
  for (int x : side) {
    if (toks[x].upos != "VERB" && !clause_rels.count(toks[x].deprel)) continue;
    bool own = false;
    for (int c : st.children[x])
      own = own || (toks[c].deprel == "mark" && st.norms[c] == "to") ||
            ((toks[c].deprel == "mark" || toks[c].deprel == "advmod") && st.norms[c] == "when");
    if (!own) return kTieOther;
  }
  // The date on a report the trigger's clause hangs from ("said on Tuesday that ..."), or
  // on a report on the date's side ("according to officials and reports on Tuesday").
  for (size_t k = 1; k <= meet; ++k)
    if (reports(chain[k])) return kTieReport;
  for (int x : side)
    if (reports(x)) return kTieReport;
  return meet == 0 ? kTieGoverned : kTieAncestor;
}

// Is the place what the trigger takes, rather than where it happened? The object right after
// the trigger ("seized Faizabad", "captured the northern city of Kunduz", "took control of
// Kunduz"), or the subject of a passive or of "fall" ("Kunduz was captured", "Faizabad fell to
// the Taliban"). Not "recaptured two districts in Balkh", "attacked a stronghold in Nahr-e Shahi".
bool DocRun::takes(const Sent& st, const Mention& m, const PlaceMention& p) const {
  static const std::set<std::string_view> noun_phrase = {"of",       "city",     "town",  "village", "capital",
                                                         "province", "district", "valley"};
  if (p.begin >= m.te) {
    if (p.begin > m.te + 6) return false;
    for (uint32_t k = m.te; k < p.begin; ++k)
      if (!noun_phrase.count(st.norms[k]) && !place_modifier(st.norms[k])) return false;
    // "was captured in Kunduz": after a passive the place is where, not what.
    static const std::set<std::string_view> be = {"was", "were", "been", "being", "is", "are"};
    return !(m.tb > 0 && be.count(st.norms[m.tb - 1]));
  }
  if (p.end > m.tb || p.end + 4 < m.tb) return false;
  static const std::set<std::string_view> aux = {"was", "were", "has", "had", "have", "been", "is", "are",
                                                 "city", "province", "also", "finally", "reportedly", "already"};
  bool passive = false;
  for (uint32_t k = p.end; k < m.tb; ++k) {
    if (!aux.count(st.norms[k])) return false;
    passive = passive || st.norms[k] == "was" || st.norms[k] == "were" || st.norms[k] == "been" ||
              st.norms[k] == "is" || st.norms[k] == "are";
  }
  return passive || m.trig->frame == "fall";
}

// A date reached through a report ("said on Wednesday that ...") is the day the event was told.
// The event's own clause can say it happened before: "N days earlier", "a day before", "the
// previous night" count back from the report's day (not from publication, as the date tagger
// resolves them); a past perfect ("had withdrawn") puts it on or before that day.
void DocRun::report_relative(const Sent& st, Mention& m, const DateMention& report, bool dated_by_report) {
  auto told = CivilDate::parse_iso(report.start);
  if (!told || report.precision != "day") return;
  const uint32_t cs = clause_start(st, m.tb), ce = clause_end(st, m.te);
  const uint32_t n = st.norms.size();
  auto unit_days = [](std::string_view u) -> int {
    if (u == "day" || u == "days" || u == "night" || u == "nights" || u == "evening") return 1;
    if (u == "week" || u == "weeks") return 7;
    return 0;
  };
  // "before" counts back from the report only when nothing follows it ("two days before the
  // vote" is before the vote).
  auto back_word = [&](uint32_t k) {
    if (st.norms[k] == "earlier" || st.norms[k] == "previously") return true;
    return st.norms[k] == "before" && (k + 1 >= n || is_punct(st.norms[k + 1]) || st.boundary[k + 1]);
  };
  for (uint32_t i = cs; i < ce && i < n; ++i) {
    int back = 0;
    std::string unit;
    // "two days earlier", "a day before", "a week earlier"
    if (i + 2 < n && back_word(i + 2)) {
      std::optional<int64_t> k = st.norms[i] == "a" || st.norms[i] == "one" ? std::optional<int64_t>(1)
                                                                                : number_word(st.norms[i]);
      if (!k) k = parse_number(st.norms[i]);
      if (k && *k > 0 && *k < 60 && unit_days(st.norms[i + 1])) {
        back = (int)*k * unit_days(st.norms[i + 1]);
        unit = st.norms[i + 1];
      }
    }
    // "the day before", "the night before", "the previous day", "the previous night"
    if (!back && i + 2 < n && st.norms[i] == "the") {
      if (unit_days(st.norms[i + 1]) && back_word(i + 2)) {
        back = unit_days(st.norms[i + 1]);
        unit = st.norms[i + 1];
      } else if ((st.norms[i + 1] == "previous" || st.norms[i + 1] == "preceding") && unit_days(st.norms[i + 2])) {
        back = unit_days(st.norms[i + 2]);
        unit = st.norms[i + 2];
      }
    }
    if (!back) continue;
    const CivilDate d = told->plus_days(-back);
    const std::string words = report.text + ", " + text_of(st, i, i + 3, doc_.text);
    m.date = {d.iso(), d.iso(), "day", words, "published"};
    if (unit == "night" || unit == "nights" || unit == "evening") {
      m.date.end = told->iso();  // the night before the day it was told runs into that day
      m.date.precision = "days";
    } else if (unit == "week" || unit == "weeks") {
      m.date = {d.plus_days(-3).iso(), d.plus_days(3).iso(), "week", words, "published"};
    }
    m.date_tie = kTieGoverned;
    for (auto& [role, path] : m.role_paths)
      if (role == "date") path = "report-minus:" + std::to_string(back) + "d";
    return;
  }
  // "said on Wednesday that security forces had withdrawn": by then, not that day.
  if (!dated_by_report) return;
  for (uint32_t i = cs; i < m.tb && i < n; ++i)
    if (st.norms[i] == "had" && (i + 1 == m.tb || (i + 2 == m.tb && st.norms[i + 1] == "been") ||
                                 (i + 2 == m.tb && (st.norms[i + 1] == "already" || st.norms[i + 1] == "also")))) {
      m.date = {told->plus_days(-1).iso(), told->iso(), "days", report.text, "published"};
      for (auto& [role, path] : m.role_paths)
        if (role == "date") path = "report:past-perfect";
      return;
    }
}

void DocRun::assign_date(const Sent& st, Mention& m) {
  const auto& dates = st.s->dates;
  const DateMention* best = nullptr;
  int best_tie = kTieNone, best_dist = 0;
  const DateMention* report = nullptr;  // the day the event was told, if the sentence says
  for (const auto& d : dates) {
    if (d.start.empty() || d.kind == "duration" || d.kind == "set") continue;
    const int tie = date_tie(st, m, d);
    if (tie == kTieReport && !report) report = &d;
    // Another clause's deadline or stretch ("by August 31", "over the last two months")
    // belongs to that clause's event; a point ("said on Tuesday") dates the report.
    // With a parse, another clause's day is not this event's ("attacked X after the militants
    // captured Y on Monday"), unless it makes the whole account old ("massacring ... after
    // capturing the city in 1998"); by word order the clause is only a guess, so a point counts.
    if (tie == kTieOther && (d.deadline || d.kind == "interval")) continue;
    if (tie == kTieOther && st.s->parsed) {
      auto end = CivilDate::parse_iso(d.end_date.empty() ? d.start : d.end_date);
      if (!published_ || !end || end->year() >= published_->year() - 1) continue;
    }
    int dist = d.begin >= m.te ? (int)(d.begin - m.te) : (int)(m.tb - d.end);
    if (!best || tie > best_tie || (tie == best_tie && dist < best_dist)) {
      best = &d;
      best_tie = tie;
      best_dist = dist;
    }
  }
  if (best) {
    m.date = {best->start, best->end_date.empty() ? best->start : best->end_date,
              best->precision.empty() ? "day" : best->precision, best->text, "published"};
    m.date_tie = best_tie;
    if (best->deadline) {
      // "by Sept. 11": some time from now until then.
      if (published_ && best->end_date > published_->iso()) m.date.start = published_->iso();
      m.date.precision = "month";
      m.flags.insert("future");
    }
    if (best->kind == "interval" && best->start < best->end_date) {
      // A range ("from Monday to Wednesday", "between June 1 and 5") is many days; a vague point
      // ("earlier this week", "the previous night") is one happening not known to the day.
      auto s = CivilDate::parse_iso(best->start), e = CivilDate::parse_iso(best->end_date);
      std::string t = ascii_lower(best->text);
      bool range = false;
      for (const char* w : {" to ", " through ", " until ", " till ", " and ", "between ", "from ", "since ", "-",
                            "\xE2\x80\x93"})
        range = range || t.find(w) != std::string::npos;
      if (s && e && e->days() - s->days() >= 2 && range) m.flags.insert("aggregate");
    }
    m.role_paths.push_back({"date", tie_name(best_tie)});
    if (report) report_relative(st, m, *report, best_tie == kTieReport);
    return;
  }
  if (published_) {
    // Reported with no date of its own: on the day of the article or the day before.
    m.date = {published_->plus_days(-1).iso(), published_->iso(), "days", "", "published"};
    m.role_paths.push_back({"date", "published"});
  } else {
    m.date = {"", "", "year", "", "none"};
  }
}

// Words of violence that tell no conflict event: deaths with no perpetrator but a disease, an
// accident or a disaster ("the cholera outbreak has killed 292 people", "killed in a helicopter
// crash", "the battle against the virus"); animals culled and things seized, cut or withdrawn
// ("160,000 birds killed", "seized 3,000 kilos of meat", "withdrawing its S-1 filing"); a deed
// told as a charge or a record ("charged with assault", "a history of attacking officers");
bool DocRun::not_conflict(const Sent& st, const Mention& m) const {
  const uint32_t n = st.norms.size();
  const uint32_t cs = clause_start(st, m.tb), ce = clause_end(st, m.te);
  if (cue_in(st, cues_.legal, m.tb >= 6 ? std::max(cs, m.tb - 6) : cs, m.tb)) return true;
  auto human = [](const std::vector<ActorRef>& side) {
    return !side.empty() && side[0].kind != "other";
  };
  // The patient: after an active trigger, before a passive one ("thousands of birds have been killed").
  // After the trigger only its object counts ("fled with their livestock" took no animals).
  static const std::set<std::string_view> preps = {"with", "from", "to", "into", "in", "on", "at", "by",
                                                   "for", "across", "through", "near", "toward", "towards"};
  const uint32_t pb = m.tb >= 5 ? std::max(cs, m.tb - 5) : cs;
  uint32_t pe = m.te;
  while (pe < std::min({ce, n, m.te + 5}) && !preps.count(st.norms[pe]) && !is_punct(st.norms[pe])) ++pe;
  if ((m.type == "ASSAULT" || m.type == "COERCE" || m.type == "RETREAT" || m.type == "MOBILIZE") &&
      !human(m.actor2) && (cue_in(st, cues_.nonhuman, pb, m.tb) || cue_in(st, cues_.nonhuman, m.te, pe)))
    return true;
  const bool armed = !m.actor1.empty() && is_armed_kind(m.actor1[0].kind);
  // Ordinary crime: an arrest in a sentence about drugs or theft, a killing by no armed party in
  // one about a robbery (not political violence: ACLED and UCDP leave it out).
  if (m.type == "COERCE" && m.mode == "arrest" && cue_in(st, cues_.crime, 0, n)) return true;
  if (m.type != "ASSAULT" || armed) return false;
  if (cue_in(st, cues_.crime, cs, ce)) return true;
  // The cause as the subject, or after the trigger before any party ("killed in a crash",
  // "have been killed in the West Midlands from the disease", "fighting the epidemic").
  // Back from the trigger to the nearest party (victims do not stop it): "The virus, first found in
  // China, has killed 100 people", "fearing a repeat of the 2008 epidemic that killed thousands".
  for (uint32_t k = m.tb; k-- > 0;) {
    if (const ActorMention* a = actor_at(st, k); a && !a->resolved.empty() && a->resolved.kind != "civilians") break;
    if (auto h = cues_.cause.match(st.norms, st.forms, k); h && h->end <= m.tb) return true;
  }
  // ... also across a connective of cause: "were killed ... on Saturday after an outbreak of cholera".
  uint32_t end = ce;
  if (end < n && (st.norms[end] == "after" || st.norms[end] == "amid" || st.norms[end] == "following"))
    end = clause_end(st, end + 1);
  for (uint32_t k = m.te; k < end && k < n && k < m.te + 16; ++k) {
    if (actor_at(st, k)) break;
    if (auto h = cues_.cause.match(st.norms, st.forms, k); h && h->end <= end) return true;
  }
  // The parse's subject, however far ("H5N1, which has spread throughout Europe, ... has killed").
  if (st.s->parsed) {
    const auto& toks = st.s->tokens;
    int v = trigger_head(st, m);
    if ((toks[v].deprel == "conj" || toks[v].deprel == "acl:relcl") && toks[v].head >= 0) {
      // "the 2008 epidemic that killed thousands": the noun the clause is on; "hit ... and has killed".
      const int up = toks[v].head;
      if (toks[v].deprel == "acl:relcl" && cues_.cause.match(st.norms, st.forms, (uint32_t)up)) return true;
      bool own = false;
      for (int c : st.children[v]) own = own || toks[c].deprel == "nsubj";
      if (!own) v = up;
    }
    for (int c : st.children[v])
      if (toks[c].deprel == "nsubj") {
        uint32_t b, e;
        subtree(st, c, b, e);
        if (cue_in(st, cues_.cause, b, e)) return true;
      }
  }
  return false;
}

void DocRun::assign_flags(const Sent& st, Mention& m) {
  const uint32_t cs = clause_start(st, m.tb), ce = clause_end(st, m.te);
  std::string v;
  uint32_t at = 0;
  // Modality reaches over minor joints ("asking to keep ... with Afghanistan on deportation").
  uint32_t ms = m.tb;
  while (ms > st.body) {
    std::string_view w = st.norms[ms - 1];
    if (w == "," || w == ";" || w == ":" || w == "that" || w == "said" || w == "told" || w == "but" ||
        w == "\xE2\x80\x94" || w == "\xE2\x80\x93")
      break;
    --ms;
  }
  uint32_t fut_at = kNone;
  if (cue_in(st, cues_.future, ms, m.tb, nullptr, &fut_at)) m.flags.insert("future");
  if (m.trig->noun && !m.trig->verb && cue_in(st, cues_.future, m.te, std::min<uint32_t>(m.te + 4, ce)))
    m.flags.insert("future");  // "a withdrawal set to be completed"
  if (cue_in(st, cues_.hypothetical, ms, m.tb, &v, &at) && at != fut_at) m.flags.insert("hypothetical");
  // "to withdraw", "to capture": an aim, not a deed, unless caused or begun ("forced them to retreat").
  uint32_t before_trigger = m.tb;
  while (before_trigger > 0 && (st.norms[before_trigger - 1] == "\xE2\x80\x9C" || st.norms[before_trigger - 1] == "\""))
    --before_trigger;
  if (before_trigger > 0 && st.norms[before_trigger - 1] == "to" && m.trig->verb) {
    static const std::set<std::string_view> factive = {"caused", "forced", "prompted", "led", "began", "begun",
                                                       "started", "continued", "continue", "begin", "compelled",
                                                       "managed", "went", "had", "used"};
    bool real = false;
    for (uint32_t k = before_trigger - 1; k > 0 && k + 5 > before_trigger; --k)
      real = real || factive.count(st.norms[k - 1]);
    if (!real) m.flags.insert("hypothetical");
  }
  // "captured cities", "control of key transportation routes": a plural with no article is many places.
  for (uint32_t k = m.te; m.acled_rule == "territory" && k < m.te + 5 && k < st.norms.size(); ++k) {
    if (st.norms[k] == "the" || st.norms[k] == "a" || st.norms[k] == "an" || parse_number(st.norms[k]) ||
        number_word(st.norms[k]) || is_punct(st.norms[k]))
      break;
    if (auto h = cues_.area.match(st.norms, st.forms, k)) {
      m.flags.insert("aggregate");
      break;
    }
  }
  {
    uint32_t nb = m.tb >= 3 ? std::max(cs, m.tb - 3) : cs;
    if (cue_in(st, cues_.negation, nb, m.tb)) m.flags.insert("negated");
  }
  // A total over a period: "in the past two months", "since mid-April", "in less than a week".
  for (uint32_t i = cs; i < ce && i < st.norms.size(); ++i) {
    auto h = cues_.period.match(st.norms, st.forms, i);
    if (!h) continue;
    bool agg = false;
    for (uint32_t k = h->end; k < h->end + 4 && k < st.norms.size(); ++k)
      if (is_long_unit(st.norms[k]) || (st.norms[i] == "since" && k == h->end &&
                                         (is_month_or_weekday(st.norms[k]) || parse_number(st.norms[k]))))
        agg = true;
    if (st.norms[i] == "since" && h->end < st.norms.size() && st.norms[h->end] == "the") agg = true;
    if (agg) m.flags.insert("aggregate");
  }
  if (cue_in(st, cues_.spread, cs, ce)) m.flags.insert("aggregate");
  // "dozens of districts", "more than a quarter of the country's provincial capitals".
  for (uint32_t i = cs; i < ce && i < st.norms.size(); ++i) {
    auto h = cues_.area.match(st.norms, st.forms, i);
    if (!h) continue;
    for (uint32_t k = i >= 7 ? i - 7 : 0; k < i; ++k) {
      auto q = cues_.quantifier.match(st.norms, st.forms, k);
      auto n = parse_number(st.norms[k]);
      if (q || (n && *n >= 5) || cues_.amount.match(st.norms, st.forms, k)) m.flags.insert("aggregate");
    }
  }
  if (cue_in(st, cues_.total, cs, ce)) m.flags.insert("aggregate");
  // Long ago: a year well before the article, "in the 1990s", "20 years ago".
  int pub_year = published_ ? published_->year() : 0;
  for (uint32_t i = cs; i < ce && i < st.norms.size(); ++i) {
    const std::string& w = st.norms[i];
    std::string digits = w.size() == 5 && w.back() == 's' ? w.substr(0, 4) : w;
    auto y = parse_number(digits);
    if (y && *y >= 1900 && *y <= 2100 && pub_year && *y < pub_year - 1 && w.find(',') == std::string::npos)
      m.flags.insert("historical");
    if (w == "ago" && i >= 2 && (st.norms[i - 1] == "years" || st.norms[i - 1] == "decades"))
      m.flags.insert("historical");
  }
  if (published_ && !m.date.end.empty()) {
    auto end = CivilDate::parse_iso(m.date.end);
    auto start = CivilDate::parse_iso(m.date.start);
    if (end && end->year() < pub_year - 1) m.flags.insert("historical");
    if (start && *start > *published_) m.flags.insert("future");
  }
}

// ACLED event / sub-event type from the trigger's rule and the actors' kinds.
void DocRun::derive_acled(Mention& m) const {
  const std::string& r = m.acled_rule;
  const std::string k1 = m.actor1.empty() ? "" : m.actor1[0].kind;
  const std::string k2 = m.actor2.empty() ? "" : m.actor2[0].kind;
  auto set = [&](const char* t, const char* s) {
    m.acled_type = t;
    m.acled_sub = s;
  };
  if (r == "territory") {
    // ACLED's "Government regains territory" is government forces retaking ground at home; a
    // state's forces taking a place from another state's (interstate war: "Russian troops captured
    // the village" held by Ukraine's) is the two states' armed clash (the control claim stays).
    if (is_statelike_kind(k1) && is_statelike_kind(k2) && !m.actor1[0].country.empty() && !m.actor2[0].country.empty() &&
        m.actor1[0].country != m.actor2[0].country)
      set("Battles", "Armed clash");
    else if (is_statelike_kind(k1))
      set("Battles", "Government regains territory");
    else
      set("Battles", "Non-state actor overtakes territory");
  } else if (r == "battle" && (k1 == "protesters" || k1 == "rioters")) {
    set("Riots", "Violent demonstration");
  } else if (r == "battle") {
    if (k2 == "civilians" || (k2.empty() && k1 == "civilians"))
      set("Violence against civilians", "Attack");
    else
      set("Battles", "Armed clash");
  } else if (r == "violence") {
    if (k2 == "civilians" || k2.empty())
      set("Violence against civilians", "Attack");
    else
      set("Battles", "Armed clash");
  } else if (r == "air") {
    set("Explosions/Remote violence", "Air/drone strike");
  } else if (r == "shelling") {
    set("Explosions/Remote violence", "Shelling/artillery/missile attack");
  } else if (r == "ied") {
    set("Explosions/Remote violence", "Remote explosive/landmine/IED");
  } else if (r == "suicide") {
    set("Explosions/Remote violence", "Suicide bomb");
  } else if (r == "abduction") {
    set("Violence against civilians", "Abduction/forced disappearance");
  } else if (r == "arrest") {
    set("Strategic developments", "Arrests");
  } else if (r == "protest") {
    set("Protests", "Peaceful protest");
  } else if (r == "riot") {
    set("Riots", "Violent demonstration");
  } else if (r == "agreement") {
    set("Strategic developments", "Agreement");
  } else if (r == "strategic") {
    set("Strategic developments", "Other");
  }
}

void DocRun::find_triggers(uint32_t si) {
  Sent& st = sents_[si];
  const uint32_t n = st.norms.size();
  std::vector<Mention> found;
  for (uint32_t i = 0; i < n; ++i) {
    auto h = lex_.trigger_dict.match(st.norms, st.forms, i);
    if (!h) continue;
    const TriggerEntry& t = lex_.triggers[h->payload];
    // Part of speech: with a parse, a verb trigger must be a verb and a noun trigger a noun.
    if (st.s->parsed) {
      const std::string& up = st.s->tokens[i].upos;
      bool v = up == "VERB" || up == "AUX", nn = up == "NOUN" || up == "PROPN";
      if (h->end - h->begin > 1) v = v || up == "NOUN";  // "air strike", "death toll" heads vary
      // A gerund tagged VERB still names the noun trigger ("fighting", "shelling").
      const bool gerund = up == "VERB" && st.norms[i].size() > 4 &&
                          st.norms[i].compare(st.norms[i].size() - 3, 3, "ing") == 0;
      if (!((t.verb && v) || (t.noun && (nn || gerund))) && !(t.noun && t.verb)) continue;
    } else if (!t.verb && i > 0 && st.norms[i - 1] == "to") {
      continue;  // "to rally" is a verb, not the noun trigger
    }
    if (t.verb && !t.noun && i > 0) {
      // "the besieged city", "a negotiated end": a participle used as an adjective.
      static const std::set<std::string_view> det = {"the", "a", "an", "its", "their", "his", "her", "our"};
      if (det.count(st.norms[i - 1]) && h->end - h->begin == 1) continue;
    }
    // Part of a title or name ("Attack on Titan: Final Battle 2", "the Battle Creek plant"): a
    // capitalised trigger beside another capitalised word, not at the start of the sentence.
    // "Attack on Titan", "the Battle of Britain" too, after a comma of a list.
    if (i > 0 && std::isupper((unsigned char)st.forms[i][0]) && st.norms[i - 1] != "." && st.norms[i - 1] != "\"" &&
        st.norms[i - 1] != "\xE2\x80\x9C") {
      const bool after_punct = is_punct(st.norms[i - 1]);
      bool upper_prev = !after_punct && std::isupper((unsigned char)st.forms[i - 1][0]);
      bool upper_next = !after_punct && h->end < n && std::isupper((unsigned char)st.forms[h->end][0]);
      bool named_of = h->end + 1 < n && (st.norms[h->end] == "on" || st.norms[h->end] == "of") &&
                      std::isupper((unsigned char)st.forms[h->end + 1][0]);
      if (upper_prev || upper_next || named_of) {
        i = h->end - 1;
        continue;
      }
    }
    // The word in another sense: "heart attack", "sexual assault", "assault rifles".
    bool other_sense = false;
    for (uint32_t k = i >= 2 ? i - 2 : 0; k <= i && !other_sense; ++k)
      if (auto o = cues_.not_trigger.match(st.norms, st.forms, k); o && o->end > i) other_sense = true;
    if (other_sense) {
      i = h->end - 1;
      continue;
    }
    // Inside an actor's name ("Rapid Support Forces") it is no trigger.
    bool in_actor = false;
    for (const auto& a : st.actors)
      if (a.begin <= i && i < a.end && a.entry >= 0) in_actor = true;
    if (in_actor) continue;
    if (!t.requires_any.empty()) {
      bool ok = false;
      uint32_t b = i >= 8 ? i - 8 : 0, e = std::min(n, h->end + 8);
      for (uint32_t k = b; k < e && !ok; ++k)
        for (const auto& w : t.requires_any)
          if (st.norms[k] == w) ok = true;
      if (!ok) continue;
    }
    Mention m;
    m.sent = si;
    m.tb = h->begin;
    m.te = h->end;
    m.trig = &t;
    m.type = t.type;
    m.mode = t.mode;
    m.cameo = t.cameo;
    m.acled_rule = t.acled;
    m.campaign = cues_.campaign.match(st.norms, st.forms, h->begin).has_value() && !t.verb;
    found.push_back(std::move(m));
    i = h->end - 1;
  }
  // The sentence's speaker (or the paragraph's last one) makes the claim.
  const SpeechMention* asserting = nullptr;
  const SpeechMention* denying = nullptr;
  for (const auto& sp : st.speech) {
    if (sp.denies && !denying) denying = &sp;
    if (!sp.denies && !asserting) asserting = &sp;
  }
  // A denial in this sentence disputes what the previous sentences asserted, unless it
  // hangs on a claim of its own sentence ("..., a claim Kyiv denied", "..., which the army denied").
  bool own_claim = false;
  if (denying) {
    static const std::set<std::string_view> claim_nouns = {"claim", "claims", "which", "allegation", "allegations",
                                                           "accusation", "accusations", "account", "version"};
    const uint32_t cs = clause_start(st, denying->verb);
    for (uint32_t k = cs > 0 ? cs - 1 : 0; k < denying->verb; ++k)  // from the joint: "which"
      own_claim = own_claim || claim_nouns.count(st.norms[k]);
  }
  if (denying && !own_claim)
    for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it) {
      if (it->sent + 2 < si) break;
      if (it->claimed_by == denying->speaker.name) continue;
      it->claims.push_back({denying->speaker.name, "denies", denying->text});
      it->flags.insert("disputed");
    }
  if (found.empty()) return;
  std::vector<Mention> extra;
  for (auto& m : found) {
    // A preposition that is part of the trigger ("called on the EU", "appealed to Russia")
    // introduces the addressee, not a place.
    if (m.te > m.tb + 1 && m.trig->frame != "a" && m.trig->frame != "fall")
      for (auto& a : st.actors)
        if (a.locative && (a.begin == m.te || (a.begin == m.te + 1 && st.norms[m.te] == "the"))) a.locative = false;
  }
  for (auto& m : found) {
    assign_roles(st, m);
    assign_purpose(st, m);
    assign_date(st, m);
    assign_flags(st, m);
    assign_place(si, m, extra);
    if (not_conflict(st, m)) m.dropped = true;
    // A capture with no place of its own and no territory named ("some captured by the
    // resistance") took people, not ground: part of the fighting, not a change of hands.
    if (m.acled_rule == "territory" && !m.specific_place &&
        !cue_in(st, cues_.area, clause_start(st, m.tb), clause_end(st, m.te)))
      m.acled_rule = "battle";
  }
  for (auto& e : extra) found.push_back(std::move(e));
  for (auto& m : found) {
    const SpeechMention* sp = asserting;
    // A reporting verb inside the event's own clause is the event ("announced"), not its source.
    if (sp && sp->verb >= m.tb && sp->verb < m.te) sp = nullptr;
    if (sp) {
      m.claimed_by = sp->speaker.name;
      // "Ukraine said", but "according to local activists" (the speaker after its words).
      const std::string verb = text_of(st, sp->verb, sp->verb_end, doc_.text);
      m.claims.push_back({sp->speaker.name, "asserts",
                          verb.empty()                       ? sp->text
                          : st.norms[sp->verb] == "according" ? verb + " " + sp->text
                                                              : sp->text + " " + verb});
      m.role_paths.push_back({"claim", "speech:" + std::string(st.norms[sp->verb])});
    } else if (!paragraph_speaker_.empty() && paragraph_speaker_para_ == st.s->paragraph) {
      m.claimed_by = paragraph_speaker_.name;
      m.claims.push_back({paragraph_speaker_.name, "asserts", paragraph_speaker_.text});
      m.role_paths.push_back({"claim", "paragraph-speaker"});
    }
    if (denying) {
      m.claims.push_back({denying->speaker.name, "denies", denying->text});
      m.flags.insert("disputed");
    }
    // Counts of this sentence go to the nearest event that can carry them.
    derive_acled(m);
  }
  // Counts: each to the nearest compatible trigger mention.
  for (auto& c : st.counts) {
    int best = -1;
    int best_d = 1 << 30;
    for (size_t k = 0; k < found.size(); ++k) {
      const auto& m = found[k];
      if (!m.counts.empty() && m.location.name != found[0].location.name) continue;
      bool fits = (c.what == "mobilized") == (m.type == "MOBILIZE") &&
                  ((c.what == "fled" || c.what == "surrendered") == (m.type == "RETREAT"));
      if (!fits) continue;
      int d = std::abs((int)m.tb - (int)c.number_tok);
      if (d < best_d) {
        best_d = d;
        best = (int)k;
      }
    }
    if (best < 0) continue;
    EventCount ec;
    ec.what = c.what;
    ec.best = c.value;
    if (c.qualifier == "over" || c.qualifier == "at least" || c.qualifier == "dozens" || c.qualifier == "hundreds" ||
        c.qualifier == "thousands" || c.qualifier == "several" || c.qualifier == "scores")
      ec.low = c.value;
    if (c.qualifier == "up to" || c.qualifier == "nearly") ec.high = c.value;
    if (c.qualifier.empty()) ec.low = ec.high = c.value;
    ec.qualifier = c.qualifier;
    ec.of = c.of.name;
    ec.claimed_by = found[best].claimed_by;
    ec.text = text_of(st, c.begin, c.end, doc_.text);
    found[best].counts.push_back(ec);
    c.used = true;
  }
  for (auto& m : found) {
    // Evidence: the trigger's clause (the words the event was read from), else the sentence.
    EventEvidence ev;
    ev.sentence = st.s->index;
    ev.start = st.s->start;
    ev.end = st.s->end;
    {
      uint32_t cb = clause_start(st, m.tb), ce = clause_end(st, m.te);
      while (ce > cb && is_punct(st.norms[ce - 1])) --ce;
      if (ce >= cb + 4) {
        ev.start = st.s->tokens[cb].start;
        ev.end = st.s->tokens[ce - 1].end;
      }
    }
    m.evidence.push_back(ev);
    // An actor announcing what it will do to others is a threat (CAMEO 138), made today.
    if (m.flags.count("future") && (m.type == "ASSAULT" || m.type == "COERCE") && asserting &&
        !m.actor1.empty() && asserting->speaker.name == m.actor1[0].name) {
      m.type = "THREATEN";
      m.mode.clear();
      m.cameo = "138";
      m.acled_type.clear();
      m.acled_sub.clear();
      m.flags.erase("future");
      m.role_paths.push_back({"rule", "future attack announced by its actor -> THREATEN"});
    }
    mentions_.push_back(std::move(m));
  }
}

bool places_compatible(const Mention& a, const Mention& b) {
  const auto& la = a.location;
  const auto& lb = b.location;
  if (!la.name.empty() && la.name == lb.name && la.admin1 == lb.admin1) return true;
  if (la.lat && lb.lat) {
    const double r = 6371.0, p1 = *la.lat * M_PI / 180, p2 = *lb.lat * M_PI / 180;
    const double dp = p2 - p1, dl = (*lb.lon - *la.lon) * M_PI / 180;
    double h = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    double km = 2 * r * std::asin(std::min(1.0, std::sqrt(h)));
    if (km <= 30) return true;
  }
  // A mention placed only by its paragraph or article joins a happening in the same country.
  if ((!a.specific_place || !b.specific_place) && la.country == lb.country) {
    if (la.admin1.empty() || lb.admin1.empty() || la.admin1 == lb.admin1 || la.feature == "country" ||
        lb.feature == "country")
      return true;
  }
  return false;
}

bool dates_overlap(const EventDate& a, const EventDate& b) {
  auto as = CivilDate::parse_iso(a.start), ae = CivilDate::parse_iso(a.end);
  auto bs = CivilDate::parse_iso(b.start), be = CivilDate::parse_iso(b.end);
  if (!as || !ae || !bs || !be) return true;
  return as->plus_days(-1) <= *be && bs->plus_days(-1) <= *ae;
}



int acled_rank(const Mention& m) {
  if (m.acled_sub == "Non-state actor overtakes territory" || m.acled_sub == "Government regains territory") return 3;
  if (m.acled_type == "Explosions/Remote violence") return 2;
  return m.acled_type.empty() ? 0 : 1;
}

void absorb(Mention& into, const Mention& m_in) {
  // The mention that names who acted speaks for the group (trigger, roles, explanation); one
  // that tells the happening on its own over one that names its place in a list ("battling ...
  // in Kandahar and Helmand", then "In Kandahar, fierce clashes erupted between X and Y").
  Mention m = m_in;
  if (!m.actor1.empty() && (into.actor1.empty() || (into.listed && !m.listed))) std::swap(into, m);
  for (const auto& ev : m.evidence) {
    bool dup = false;
    for (const auto& e : into.evidence) dup = dup || (e.start == ev.start && e.end == ev.end);
    if (!dup) into.evidence.push_back(ev);
  }
  // A party already on the other side stays there (clashes told in either order).
  auto add_actors = [](std::vector<ActorRef>& to, const std::vector<ActorRef>& other, const std::vector<ActorRef>& from) {
    for (const auto& a : from) {
      bool have = false;
      for (const auto& x : to) have = have || x.name == a.name;
      for (const auto& x : other) have = have || x.name == a.name;
      if (!have) to.push_back(a);
    }
  };
  add_actors(into.actor1, into.actor2, m.actor1);
  if (into.actor2.empty()) add_actors(into.actor2, into.actor1, m.actor2);
  for (const auto& c : m.counts) {
    bool merged = false;
    for (auto& x : into.counts)
      if (x.what == c.what && (x.of == c.of || x.of.empty() || c.of.empty())) {
        // The same figure told twice, or sources that differ: keep the conservative best
        // and the range both give.
        if (c.best && x.best && *c.best != *x.best) {
          int64_t lo = std::min(*c.best, *x.best), hi = std::max(*c.best, *x.best);
          x.low = x.low ? std::min(*x.low, lo) : lo;
          x.high = x.high ? std::max(*x.high, hi) : hi;
          x.best = lo;
        }
        if (x.of.empty()) x.of = c.of;
        merged = true;
      }
    if (!merged) into.counts.push_back(c);
  }
  for (const auto& c : m.claims) {
    bool have = false;
    for (const auto& x : into.claims) have = have || (x.by == c.by && x.stance == c.stance);
    if (!have) into.claims.push_back(c);
  }
  for (const auto& f : m.flags) into.flags.insert(f);
  if (into.claimed_by.empty()) into.claimed_by = m.claimed_by;
  if (!into.specific_place && m.specific_place) {
    into.location = m.location;
    into.specific_place = true;
  } else if (into.specific_place && m.specific_place && m.location.precision < into.location.precision) {
    into.location = m.location;
  }
  // The date tied closest to its trigger wins; then the finer one; between two report days,
  // the earlier (the happening was told by then).
  if (m.date.anchor != "none" &&
      (m.date_tie > into.date_tie ||
       (m.date_tie == into.date_tie &&
        (precision_rank(m.date.precision) < precision_rank(into.date.precision) ||
         (precision_rank(m.date.precision) == precision_rank(into.date.precision) && m.date_tie == kTieReport &&
          m.date.end < into.date.end))))) {
    into.date = m.date;
    into.date_tie = m.date_tie;
    for (auto& [role, path] : into.role_paths)
      if (role == "date") path = tie_name(m.date_tie);
  }
  // The more telling code wins: a capture over the clash that led to it, an air strike over "killed".
  if (acled_rank(m) > acled_rank(into)) {
    into.acled_type = m.acled_type;
    into.acled_sub = m.acled_sub;
    into.mode = m.mode;
    into.cameo = m.cameo;
  }
}

std::vector<Event> DocRun::merge(std::vector<EventExplanation>* explain) {
  std::vector<Mention> groups;
  for (int pass = 0; pass < 2; ++pass)
  for (auto& m : mentions_) {
    if (m.dropped || m.weak != (pass == 1)) continue;
    Mention* target = nullptr;
    for (auto& g : groups) {
      if (g.type != m.type || reality(g.flags) != reality(m.flags)) continue;
      if (!places_compatible(g, m) || !dates_overlap(g.date, m.date)) continue;
      auto same = [&](const ActorRef& a, const ActorRef& b) {
        return a.name == b.name ||
               (is_statelike_kind(a.kind) && is_statelike_kind(b.kind) && !a.country.empty() && a.country == b.country);
      };
      // Some party of one side is some party of the other.
      auto meet = [&](const std::vector<ActorRef>& xs, const std::vector<ActorRef>& ys) {
        for (const auto& a : xs)
          for (const auto& b : ys)
            if (same(a, b)) return true;
        return false;
      };
      bool actors_ok = g.actor1.empty() || m.actor1.empty() || meet(g.actor1, m.actor1);
      // Both sides of a clash are told in either order ("X battled Y" / "clashes between Y and X").
      const bool gs = g.trig->frame == "sym", ms = m.trig->frame == "sym";
      if (!actors_ok && ((gs && ms) || ((gs || ms) && (!g.specific_place || !m.specific_place))))
        actors_ok = meet(g.actor1, m.actor2);
      // One sentence telling a fight from both sides is one fight: "they had repelled a Taliban
      // attack on the valley, killing about 25 of the attackers".
      if (!actors_ok && g.sent == m.sent)
        actors_ok = meet(g.actor1, m.actor2) && meet(g.actor2, m.actor1);
      if (!actors_ok) continue;
      target = &g;
      break;
    }
    if (target) {
      m.group = static_cast<size_t>(target - groups.data());
      absorb(*target, m);
    } else if (!m.weak) {
      m.group = groups.size();
      groups.push_back(m);
    }
  }
  // The code from the sides the whole happening has ("attacked the city ..., killing dozens of
  // civilians": an attack on civilians; a capture from another state's forces: a clash), unless
  // another mention's code outranks the group's own rule; a verbal event (a threat) has none.
  for (auto& g : groups) {
    assign_holder(g);
    if (!g.acled_type.empty() && (acled_rank(g) <= 1 || g.acled_rule == "territory")) derive_acled(g);
  }
  // Forces that withdrew, fled or surrendered at a place retreated before whoever the article
  // says attacked or took it ("security forces had retreated" from Faizabad, which the Taliban
  // captured).
  for (auto& g : groups) {
    if (g.type != "RETREAT" || !g.actor2.empty() || g.actor1.empty() || !is_armed_kind(g.actor1[0].kind) ||
        !g.specific_place || !reality(g.flags).empty())
      continue;
    for (const auto& o : groups)
      if (o.type == "ASSAULT" && reality(o.flags).empty() && !o.actor1.empty() &&
          o.actor1[0].name != g.actor1[0].name && o.location.name == g.location.name &&
          is_armed_kind(o.actor1[0].kind)) {
        ActorRef a = o.actor1[0];
        a.text.clear();
        g.actor2.push_back(a);
        g.role_paths.push_back({"actor2", "retreat-before:attacker-there"});
        break;
      }
  }
  group_ids_.assign(groups.size(), {});
  std::vector<std::pair<Event, EventExplanation>> out;
  for (auto& g : groups) {
    Event e;
    e.doc_id = doc_.doc_id;
    e.type = g.type;
    e.mode = g.mode;
    e.acled_event_type = g.acled_type;
    e.acled_sub_event_type = g.acled_sub;
    e.cameo = g.cameo;
    e.date = g.date;
    for (const auto& a : g.actor1) e.actor1.push_back({a.name, a.kind, a.country, a.text});
    for (const auto& a : g.actor2) e.actor2.push_back({a.name, a.kind, a.country, a.text});
    e.location = g.location;
    e.counts = g.counts;
    e.claims = g.claims;
    e.flags.assign(g.flags.begin(), g.flags.end());
    std::sort(g.evidence.begin(), g.evidence.end(),
              [](const EventEvidence& a, const EventEvidence& b) { return a.start < b.start; });
    e.evidence = g.evidence;
    e.event_id = event_id(doc_.doc_id, e.evidence[0].start, e.evidence[0].end, e.type);
    group_ids_[&g - groups.data()] = e.event_id;
    double conf = 0.45;
    if (!e.actor1.empty()) conf += 0.15;
    if (!e.actor2.empty()) conf += 0.05;
    if (g.specific_place) conf += 0.1;
    if (g.date.precision == "day") conf += 0.05;
    if (g.parse_roles) conf += 0.05;
    if (e.evidence.size() > 1) conf += 0.05;
    if (!g.flags.empty()) conf -= 0.1;
    e.confidence = std::round(std::min(0.95, conf) * 100) / 100;
    EventExplanation x;
    if (explain) {
      const Sent& st = sents_[g.sent];
      x.trigger = text_of(st, g.tb, g.te, doc_.text);
      x.rule = g.trig->phrase + " -> " + g.trig->type + (g.trig->mode.empty() ? "" : "/" + g.trig->mode) +
               " (triggers.tsv line " + std::to_string(g.trig->line) + ", frame " + g.trig->frame + ")";
      for (const auto& [role, path] : g.role_paths) {
        std::string value;
        if (role == "actor1" && !g.actor1.empty()) value = g.actor1[0].name;
        if (role == "actor2" && !g.actor2.empty()) value = g.actor2[0].name;
        if (role == "location") value = g.location.name;
        if (role == "date") value = g.date.start + ".." + g.date.end;
        x.roles.push_back({role, value, path});
      }
    }
    out.push_back({std::move(e), std::move(x)});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.first.evidence[0].start != b.first.evidence[0].start)
      return a.first.evidence[0].start < b.first.evidence[0].start;
    if (a.first.type != b.first.type) return a.first.type < b.first.type;
    return a.first.location.name < b.first.location.name;
  });
  std::vector<Event> events;
  for (auto& [e, x] : out) {
    events.push_back(std::move(e));
    if (explain) explain->push_back(std::move(x));
  }
  return events;
}

// Who holds which place: from captures, retakings, surrenders and handovers of the place itself,
// from attacks on it that were repelled (the defender holds it), and from statements of control.
std::vector<ControlClaim> DocRun::control(const std::vector<Event>& events) {
  std::vector<ControlClaim> out;
  std::map<std::string, const Event*> by_id;
  for (const auto& e : events) by_id[e.event_id] = &e;
  for (const auto& m : mentions_) {
    if (m.dropped || !reality(m.flags).empty() || m.group >= group_ids_.size() || !m.specific_place) continue;
    if (m.location.name.empty() || m.location.feature == "country") continue;
    auto ev = by_id.find(group_ids_[m.group]);
    if (ev == by_id.end()) continue;
    const ActorRef* holder = nullptr;
    ActorRef before_whom;
    std::string basis;
    const Sent& ms = sents_[m.sent];
    if (m.type == "RETREAT" && (m.mode == "withdraw" || m.mode == "flee") && !m.actor1.empty() &&
        is_armed_kind(m.actor1[0].kind) && !ev->second->actor2.empty() &&
        (m.takes_place || (m.governed_place && m.te < ms.norms.size() &&
                           (ms.norms[m.te] == "from" || (ms.norms[m.te] == "out" && m.te + 1 < ms.norms.size() &&
                                                          ms.norms[m.te + 1] == "of"))))) {
      // "government troops withdrew from the city" the Taliban attacked: the place passes to the
      // side they withdrew before, when the article names it (the event's actor2).
      const EventActor& a = ev->second->actor2[0];
      if (a.name != m.actor1[0].name && is_armed_kind(a.kind)) {
        before_whom = {a.name, a.kind, a.country, a.text};
        holder = &before_whom;
        basis = "withdrawal";
      }
    } else if (m.acled_rule == "territory" && !m.acled_sub.empty() && m.takes_place && !m.actor1.empty()) {
      holder = &m.actor1[0];  // "the Taliban captured Faizabad"; "Faizabad fell to the Taliban"
      basis = ev->second->acled_sub_event_type == "Government regains territory" ? "retake" : "capture";
    } else if (m.trig->frame == "pa" && !m.actor2.empty()) {
      holder = &m.actor2[0];  // "Afghan forces repulsed a Taliban offensive in Mazar-i-Sharif"
      basis = "repelled";
    } else if ((m.mode == "surrender" || m.mode == "handover") && m.takes_place && !m.actor2.empty()) {
      holder = &m.actor2[0];  // the place passes to the side it was given up to
      basis = m.mode;
    }
    if (!holder || !(is_armed_kind(holder->kind) || holder->kind == "government")) continue;
    bool seen = false;  // one claim per place, holder and basis in an article
    for (const auto& c : out)
      seen = seen || (c.place.name == m.location.name && c.place.admin1 == m.location.admin1 &&
                      c.controller == holder->name && c.basis == basis);
    if (seen) continue;
    ControlClaim c;
    c.place = m.location;
    c.controller = holder->name;
    c.controller_kind = holder->kind;
    c.date = m.date;
    c.basis = basis;
    c.event_id = ev->second->event_id;
    c.evidence = m.evidence[0];
    // The words reach the place ("capturing Sheberghan to its west, and Kunduz and Taloqan").
    const Sent& st = sents_[m.sent];
    if (m.place_end != kNone && m.place_end > 0 && m.place_end <= st.s->tokens.size())
      c.evidence.end = std::max(c.evidence.end, st.s->tokens[m.place_end - 1].end);
    c.text = std::string(doc_.text.substr(c.evidence.start, c.evidence.end - c.evidence.start));
    out.push_back(c);
  }
  // Statements: "Panjshir ... remains outside the control of the Taliban", "under Taliban control".
  for (const auto& st : sents_) {
    if (st.furniture) continue;
    for (uint32_t i = 0; i < st.norms.size(); ++i) {
      if (st.norms[i] != "control") continue;
      bool outside = false, under = false;
      for (uint32_t k = i >= 4 ? i - 4 : 0; k < i; ++k) {
        if (st.norms[k] == "outside" || st.norms[k] == "beyond") outside = true;
        if (st.norms[k] == "under") under = true;
      }
      if (!outside && !under) continue;
      // The party named at "control": "control of the Taliban", "the insurgents' control", "Taliban control".
      const ActorMention* named = nullptr;
      for (const auto& a : st.actors)
        if (!a.resolved.empty() && ((a.begin > i && a.begin <= i + 3) || (a.end <= i && a.end + 2 >= i)))
          named = &a;
      if (!named || (!is_armed_kind(named->resolved.kind) && named->resolved.kind != "government")) continue;
      const PlaceMention* place = nullptr;
      for (const auto& p : st.s->places)
        if (!p.demonym && p.end <= i && p.place.feature != "country") place = place ? place : &p;
      if (!place) continue;
      ActorRef holder;
      if (under) {
        holder = named->resolved;
      } else {
        // Outside X's control: held by the armed party the article places there.
        holder = armed_party_at(place->place.name, named->resolved.name);
      }
      if (holder.empty()) continue;
      ControlClaim c;
      c.place = place->place;
      c.controller = holder.name;
      c.controller_kind = holder.kind;
      if (published_) c.date = {published_->iso(), published_->iso(), "day", "", "published"};
      c.basis = "statement";
      c.evidence = {st.s->index, st.s->start, st.s->end};
      c.text = std::string(doc_.text.substr(st.s->start, st.s->end - st.s->start));
      out.push_back(c);
      break;
    }
  }
  return out;
}

ArticleEvents DocRun::run() {
  published_ = CivilDate::parse_iso(doc_.published);
  sents_.resize(doc_.sentences.size());
  std::map<std::string, int> country_votes;
  for (size_t i = 0; i < doc_.sentences.size(); ++i) {
    prepare(sents_[i], doc_.sentences[i]);
    // The article's main country is where its places are; a demonym ("Russian missile strikes"
    // on Kharkiv) names a party more often than the setting, and counts half.
    for (const auto& p : doc_.sentences[i].places)
      if (!p.place.country.empty()) country_votes[p.place.country] += p.demonym ? 1 : 2;
  }
  int best = 0;
  for (const auto& [c, v] : country_votes)
    if (v > best) {
      best = v;
      main_country_ = c;
    }
  for (uint32_t si = 0; si < sents_.size(); ++si) {
    Sent& st = sents_[si];
    st.furniture = is_furniture(st, si);
    find_actors(st);
    ActorRef none;
    for (auto& a : st.actors) {
      if (a.entry >= 0 && lex_.actors[a.entry].resolve == "self") continue;
      a.resolved = resolve(st, a, none);
      if (!a.resolved.empty() && !a.locative && !a.pronoun) {
        bool place_named = a.country != nullptr;
        for (const auto& p : st.s->places) place_named = place_named || (p.begin < a.end && a.begin < p.end);
        recent_actors_.push_back({a.resolved, st.s->index, place_named});
      }
    }
    find_speech(st);
    for (auto& a : st.actors)
      if (a.entry >= 0 && lex_.actors[a.entry].resolve == "self")
        a.resolved = resolve(st, a, st.speech.empty() ? none : st.speech[0].speaker);
    find_counts(st);
    if (paragraph_speaker_para_ != st.s->paragraph) paragraph_speaker_ = {};
    if (!st.furniture) find_triggers(si);
    for (const auto& sp : st.speech)
      if (!sp.denies) {
        paragraph_speaker_ = sp.speaker;
        paragraph_speaker_para_ = st.s->paragraph;
      }
    if (!st.furniture)
      for (const auto& p : st.s->places) {
        // A name used as a party ("called on the European Union", "Kabul said") is no place
        // later sentences happen in.
        bool party = false;
        for (const auto& a : st.actors)
          party = party || (a.entry >= 0 && !a.locative && a.begin <= p.begin && p.end <= a.end);
        if (story_place(st, p) && !party) recent_places_.push_back({st.s->paragraph, &p});
      }
  }
  // An event needs a party, a figure or a place of its own; what has none of these
  // ("with another 190 being fought over") is not a record an analyst can use.
  for (auto& m : mentions_) {
    // Weak mentions may join a happening told elsewhere in the article, never stand alone.
    if (m.actor1.empty() && m.actor2.empty() && m.counts.empty()) m.weak = true;
    // A deployment of no party is not one on its own, whatever its figure ("medical staff were
    // deployed", "15,000 extra staff are deployed"); it may join one told with its party.
    if (m.type == "MOBILIZE" && m.actor1.empty() && m.actor2.empty()) m.weak = true;
    // Talk, visits and requests need a place of their own; the article's is no evidence.
    static const std::set<std::string_view> verbal = {"AGREE",   "CONSULT", "SUPPORT", "CONCEDE",  "COOPERATE", "AID",
                                                      "REQUEST", "ACCUSE",  "REJECT",  "THREATEN", "SANCTION"};
    if (verbal.count(m.type) && !m.specific_place) m.weak = true;
    // ... and a party that speaks for a state or a group: a person visiting relatives, patients
    // evacuated, residents urged to stay home are no political events.
    if (verbal.count(m.type) &&
        (m.actor1.empty() || m.actor1[0].kind == "civilians" || m.actor1[0].kind == "other"))
      m.weak = true;
    // A campaign noun ("offensive", "fighting", "hostilities") is one event only where it is placed.
    if (m.campaign && !m.governed_place && m.counts.empty()) m.weak = true;
    // A month or more, somewhere in a country, no figure: background, not a record.
    if (!m.specific_place && m.counts.empty() && precision_rank(m.date.precision) >= 3 && m.flags.empty())
      m.weak = true;
    // Nowhere more precise than a whole country, no day of its own, no figure: a trend told as
    // background ("civilians in Afghanistan have taken up arms", "as foreign troops began
    // withdrawing from the country"), not a happening an analyst can place.
    if ((m.location.feature == "country" || m.location.name.empty()) && m.counts.empty() &&
        m.date_tie <= kTieOther && m.flags.empty())
      m.weak = true;
    if (!opt_.emit_flagged && !reality(m.flags).empty()) m.dropped = true;
  }
  ArticleEvents out;
  out.events = merge(opt_.explain ? &out.explanations : nullptr);
  out.control = control(out.events);
  return out;
}

}  // namespace

// A dateline ("KYIV, May 14 (Reuters) -", "ISLAMABAD (Reuters) -", "KABUL, Aug 11 -"): where and
// when the report was filed. Its words are no party, no modal ("May") and its day is the report's.
// Capitalised words, commas, an agency in brackets and a date, then a dash, within 12 tokens;
// the place in capitals, an agency or a date tells it from a name before a dash ("Hamas - ...").
uint32_t dateline_end(const std::vector<std::string>& norms, const std::vector<std::string_view>& forms,
                      const std::vector<DateMention>& dates) {
  const uint32_t n = std::min<uint32_t>(norms.size(), 12);
  bool marked = false;
  for (uint32_t k = 0; k < n; ++k) {
    const std::string& w = norms[k];
    if (w == "-" || w == "\xE2\x80\x94" || w == "\xE2\x80\x93") {
      for (const auto& d : dates) marked = marked || d.end == k;
      return k > 0 && k + 1 < norms.size() && marked ? k + 1 : 0;
    }
    if (w == "," || w == ")" || w == ".") continue;
    if (w == "(") {
      marked = marked || k > 0;
      continue;
    }
    std::string_view f = forms[k];
    if (f.empty() || !(std::isupper((unsigned char)f[0]) || std::isdigit((unsigned char)f[0]))) return 0;
    if (k == 0 && f.size() >= 3 && std::all_of(f.begin(), f.end(), [](unsigned char c) { return !std::islower(c); }))
      marked = true;
  }
  return 0;
}

bool is_furniture_line(const Lexicon& lex, const std::vector<std::string>& norms,
                       const std::vector<std::string_view>& forms) {
  if (norms.empty()) return true;
  if (lex.cue("furniture").match(norms, forms, 0)) return true;
  for (const auto& n : norms)
    if (n.find("pic.twitter.com") != std::string::npos) return true;
  if (norms[0] == "\xE2\x80\x94" || norms[0] == "\xE2\x80\x93") return true;  // tweet signature
  // Headlines, captions, bylines: no closing punctuation and short or in Title Case.
  std::string_view last = norms.back();
  bool closed = last == "." || last == "!" || last == "?" || last == "\"" || last == "\xE2\x80\x9D" ||
                last == "'" || last == "\xE2\x80\x99" || last == ")";
  if (!closed) {
    int words = 0, capital = 0;
    for (auto f : forms)
      if (f.size() > 3 && std::isalpha((unsigned char)f[0])) {
        ++words;
        capital += std::isupper((unsigned char)f[0]) ? 1 : 0;
      }
    if (norms.size() <= 16 || (words > 0 && capital * 10 >= words * 6)) return true;
  }
  return false;
}

ArticleEvents EventExtractor::extract(const AnnotatedDocument& doc, const ExtractOptions& options) const {
  DocRun run(*lex_, countries_, doc, options);
  return run.run();
}

std::string event_id(std::string_view doc_id, uint32_t start, uint32_t end, std::string_view type) {
  uint64_t h = fnv1a(doc_id);
  h = fnv1a("\x1f", h);
  h = fnv1a(std::to_string(start) + ":" + std::to_string(end), h);
  h = fnv1a("\x1f", h);
  h = fnv1a(type, h);
  return hex64(h);
}

}  // namespace sitrep::events
