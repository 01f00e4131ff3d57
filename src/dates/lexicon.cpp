#include "dates/lexicon.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <mutex>

#include "core/paths.h"
#include "core/text.h"

namespace sitrep::dates {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) { return split_fields(s, sep); }

bool to_int(std::string_view s, int* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

const std::unordered_map<std::string_view, Unit>& unit_names() {
  static const std::unordered_map<std::string_view, Unit> names = {
      {"hour", Unit::hour},       {"day", Unit::day},         {"night", Unit::night},
      {"week", Unit::week},       {"fortnight", Unit::fortnight}, {"month", Unit::month},
      {"quarter", Unit::quarter}, {"year", Unit::year},       {"decade", Unit::decade},
      {"century", Unit::century}, {"weekend", Unit::weekend}};
  return names;
}

}  // namespace

std::optional<DateLexicon> DateLexicon::load(const std::filesystem::path& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = path.string() + ": cannot open the date lexicon";
    return std::nullopt;
  }
  DateLexicon lx;
  std::string line;
  uint64_t lineno = 0;
  auto fail = [&](const std::string& why) {
    if (error) *error = path.string() + ":" + std::to_string(lineno) + ": " + why;
    return std::nullopt;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() < 2) return fail("expected category<TAB>word<TAB>value");
    std::string_view cat = f[0];
    std::string word(f[1]);
    std::string_view value = f.size() > 2 ? f[2] : std::string_view();
    std::string_view notes = f.size() > 3 ? f[3] : std::string_view();
    if (!word.empty() && word[0] == '\'') word.erase(0, 1);  // "'ll" is tokenised as ' + ll
    if (word.empty()) return fail("empty word");
    int v = 0;
    if (cat == "dated_event") {
      auto md = split(word, '-');
      int m = 0, d = 0;
      if (md.size() != 2 || !to_int(md[0], &m) || !to_int(md[1], &d) || !to_int(value, &v))
        return fail("dated_event wants month-day<TAB>year");
      lx.dated_events_[m * 100 + d] = v;
      continue;
    }
    std::vector<std::string> phrase;
    for (auto w : split(word, ' '))
      if (!w.empty()) phrase.emplace_back(w);
    LexEntry& e = lx.words_[phrase[0]];
    if (cat == "month") {
      if (!to_int(value, &v) || v < 1 || v > 12) return fail("month wants 1..12");
      e.month = static_cast<int8_t>(v);
      e.month_abbrev = notes == "abbrev";
      e.month_ambiguous = notes == "ambiguous";
    } else if (cat == "weekday") {
      if (!to_int(value, &v) || v < 0 || v > 6) return fail("weekday wants 0 (Monday)..6");
      e.weekday = static_cast<int8_t>(v);
      e.weekday_abbrev = notes == "abbrev";
    } else if (cat == "number") {
      if (!to_int(value, &v) || v < 0 || v > 10000) return fail("number wants 0..10000");
      e.number = static_cast<int16_t>(v);
      e.number_vague = notes == "vague";
    } else if (cat == "unit") {
      auto it = unit_names().find(value);
      if (it == unit_names().end()) return fail("unknown unit '" + std::string(value) + "'");
      e.unit = it->second;
    } else if (cat == "season") {
      if (!to_int(value, &v) || v < 1 || v > 12) return fail("season wants its first month 1..12");
      e.season_month = static_cast<int8_t>(v);
    } else if (cat == "part_of_day") {
      e.part_of_day = true;
    } else if (cat == "relative_day") {
      if (!to_int(value, &v) || v < -7 || v > 7) return fail("relative_day wants an offset -7..7");
      e.relative_day = true;
      e.day_offset = static_cast<int8_t>(v);
    } else if (cat == "future_cue") {
      if (phrase.size() == 1)
        e.future_cue = true;
      else
        e.future_phrases.emplace_back(phrase.begin() + 1, phrase.end());
    } else if (cat == "past_cue") {
      e.past_cue = true;
    } else if (cat == "event_noun") {
      e.event_noun = true;
    } else if (cat == "abbreviation") {
      e.abbreviation = true;
    } else if (cat == "weekday_name_after") {
      e.weekday_name_after = true;
    } else if (cat == "weekday_name_before") {
      e.weekday_name_before = true;
    } else {
      return fail("unknown category '" + std::string(cat) + "'");
    }
  }
  return lx;
}

const DateLexicon* DateLexicon::shared(std::string* error) {
  static std::once_flag once;
  static std::optional<DateLexicon> lexicon;
  static std::string load_error;
  std::call_once(once, [] {
    lexicon = load(data_dir() / "dates" / "lexicon.tsv", &load_error);
    if (!lexicon) return;
    // The words the grammar in temporal.cpp starts a pattern with (besides lexicon words).
    for (const char* w : {"since", "by", "until", "till", "before", "in", "over", "during", "within", "for", "the",
                          "early", "mid", "late", "every", "each", "earlier", "later", "overnight", "throughout",
                          "this", "last", "next", "past", "previous", "coming", "recent"})
      lexicon->add_grammar_word(w);
    lexicon->build_index();
  });
  if (!lexicon && error) *error = load_error;
  return lexicon ? &*lexicon : nullptr;
}

void DateLexicon::build_index() {
  std::fill(std::begin(first_len_), std::end(first_len_), 0);
  size_t cap = 16;
  while (cap < words_.size() * 4) cap *= 2;
  slots_.assign(cap, Slot{});
  for (const auto& [w, e] : words_) {
    if (w.size() < 32) {
      unsigned a = static_cast<unsigned char>(w[0]) & 31, b = w.size() > 1 ? static_cast<unsigned char>(w[1]) & 31 : 0;
      first_len_[a * 32 + b] |= 1u << w.size();
    }
    if (w.size() > 16) continue;
    Slot s;
    pack(w, &s.k0, &s.k1);
    s.entry = &e;
    size_t h = hash(s.k0, s.k1) & (cap - 1);
    while (slots_[h].entry) h = (h + 1) & (cap - 1);
    slots_[h] = s;
  }
}

int DateLexicon::dated_event_year(int month, int day) const {
  auto it = dated_events_.find(month * 100 + day);
  return it == dated_events_.end() ? 0 : it->second;
}

}  // namespace sitrep::dates
