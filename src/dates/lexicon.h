// The date tagger's word knowledge, loaded once from data/dates/lexicon.tsv: month and
// weekday names, number words, units, parts of the day, relative days, tense cues,
// abbreviations that do not end a sentence, and events named by their date ("9/11").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sitrep::dates {

enum class Unit : uint8_t { none, hour, day, night, week, fortnight, month, quarter, year, decade, century, weekend };

struct LexEntry {
  int8_t month = 0;            // 1..12
  bool month_abbrev = false;   // "Aug", "Sept": needs a following "." or number
  bool month_ambiguous = false;  // "May", "March": also ordinary words, need date context
  int8_t weekday = -1;         // 0 = Monday .. 6 = Sunday
  bool weekday_abbrev = false;
  int16_t number = -1;         // "two" = 2, "a" = 1
  bool number_vague = false;   // "several", "few": a range, not a count
  Unit unit = Unit::none;
  bool part_of_day = false;    // morning, afternoon, evening, night
  int8_t season_month = 0;     // the month a season starts in: spring 3, summer 6, autumn 9, winter 12
  bool relative_day = false;   // today, yesterday, ...
  int8_t day_offset = 0;       // with relative_day
  bool future_cue = false;     // the word alone marks future ("will")
  std::vector<std::vector<std::string>> future_phrases;  // "set" + {"to"}: the words that must follow
  bool past_cue = false;
  bool event_noun = false;     // "attacks" in "the Sept. 11 attacks"
  bool abbreviation = false;   // "Gen." does not end a sentence
  bool weekday_name_after = false;   // "Times" in "The Sunday Times": the weekday is a name
  bool weekday_name_before = false;  // "Bloody" in "Bloody Sunday"
  bool grammar_word = false;   // a function word the grammar starts patterns with ("since", "the")
  // Whether a pattern can start at this word: the tagger tries its grammar only there.
  bool starts_pattern() const {
    return month || weekday >= 0 || number >= 0 || unit != Unit::none || relative_day || season_month || grammar_word;
  }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class DateLexicon {
 public:
  // Reads the TSV; on failure returns nullopt and says which line was wrong in *error.
  static std::optional<DateLexicon> load(const std::filesystem::path& path, std::string* error);
  // The lexicon from data_dir(), loaded once per process; nullptr (and why, in *error) when it failed.
  static const DateLexicon* shared(std::string* error);

  // `lower` must already be lower case. Words up to 16 bytes go through a flat
  // open-addressing index keyed by the word's bytes (the tokenizer asks once per word).
  const LexEntry* find(std::string_view lower) const {
    if (lower.size() > 16 || slots_.empty()) {
      auto it = words_.find(lower);
      return it == words_.end() ? nullptr : &it->second;
    }
    uint64_t k0 = 0, k1 = 0;
    pack(lower, &k0, &k1);
    size_t mask = slots_.size() - 1;
    for (size_t h = hash(k0, k1) & mask;; h = (h + 1) & mask) {
      const Slot& s = slots_[h];
      if (!s.entry) return nullptr;
      if (s.k0 == k0 && s.k1 == k1) return s.entry;
    }
  }
  // The year of an event named by its month and day ("9/11" -> 2001), 0 when none.
  int dated_event_year(int month, int day) const;
  // The grammar's own function words, marked so the tagger can skip every other word.
  void add_grammar_word(std::string_view lower) { words_[std::string(lower)].grammar_word = true; }
  // A cheap pre-filter before hashing: is there any entry of this length starting with
  // these two letters (any case)? `w` is the word as written, at least one byte long.
  bool may_contain(std::string_view w) const {
    if (w.size() >= 32) return false;
    unsigned a = static_cast<unsigned char>(w[0]) & 31, b = w.size() > 1 ? static_cast<unsigned char>(w[1]) & 31 : 0;
    return first_len_[a * 32 + b] >> w.size() & 1;
  }
  // Builds the fast index and the first-letter filter; call after the last change to the words.
  void build_index();

 private:
  std::unordered_map<std::string, LexEntry, StringHash, std::equal_to<>> words_;
  std::unordered_map<int, int> dated_events_;  // month*100+day -> year
  uint32_t first_len_[32 * 32] = {};           // by first two letters (& 31): bit per word length
  struct Slot {
    uint64_t k0 = 0, k1 = 0;
    const LexEntry* entry = nullptr;
  };
  std::vector<Slot> slots_;
  static void pack(std::string_view w, uint64_t* k0, uint64_t* k1) {
    char buf[16] = {};
    for (size_t i = 0; i < w.size(); ++i) buf[i] = w[i];
    __builtin_memcpy(k0, buf, 8);
    __builtin_memcpy(k1, buf + 8, 8);
    *k0 ^= w.size();  // "a" and "a\0" differ
  }
  static size_t hash(uint64_t k0, uint64_t k1) {
    uint64_t h = (k0 ^ (k1 * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

}  // namespace sitrep::dates
