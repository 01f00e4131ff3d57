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
  bool relative_day = false;   // today, yesterday, ...
  int8_t day_offset = 0;       // with relative_day
  bool future_cue = false;     // the word alone marks future ("will")
  std::vector<std::vector<std::string>> future_phrases;  // "set" + {"to"}: the words that must follow
  bool past_cue = false;
  bool event_noun = false;     // "attacks" in "the Sept. 11 attacks"
  bool abbreviation = false;   // "Gen." does not end a sentence
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

  // `lower` must already be lower case.
  const LexEntry* find(std::string_view lower) const {
    auto it = words_.find(lower);
    return it == words_.end() ? nullptr : &it->second;
  }
  // The year of an event named by its month and day ("9/11" -> 2001), 0 when none.
  int dated_event_year(int month, int day) const;

 private:
  std::unordered_map<std::string, LexEntry, StringHash, std::equal_to<>> words_;
  std::unordered_map<int, int> dated_events_;  // month*100+day -> year
};

}  // namespace sitrep::dates
