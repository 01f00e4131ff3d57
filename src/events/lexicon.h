// The events stage's knowledge, loaded from data/events/*.tsv (see data/events/README.md):
// actors with kinds, countries and aliases; trigger words mapped to PLOVER/CAMEO/ACLED;
// cue words for claims, flags and counts. Mechanism lives in the extractor; every word
// it reacts to is a line in these files, so users extend sitrep without recompiling.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sitrep::events {

struct ActorEntry {
  std::string name;
  std::string kind;     // spec kinds, or "generic"
  std::string country;  // ISO2 or empty
  std::string resolve;  // "", forces, government, nonstate, state, self
};

struct TriggerEntry {
  std::string phrase;  // as written in triggers.tsv
  bool verb = true;
  bool noun = false;
  std::string type, mode, cameo, frame, acled;
  std::vector<std::string> requires_any;  // [a|b] words that must be near
  int line = 0;
};

// One match of a phrase dictionary at a token position.
struct PhraseHit {
  uint32_t begin = 0;  // first token
  uint32_t end = 0;    // one past the last token
  int32_t payload = -1;
};

// Phrases over normalized tokens (lower case, '#'/'@' stripped, curly apostrophes straightened).
// A phrase may allow a gap of up to `max_gap` tokens after its first word (verb + particle).
class PhraseDict {
 public:
  void add(const std::vector<std::string>& words, int32_t payload, bool case_sensitive = false, int max_gap = 0);
  // Longest phrase starting at token i; `norms` and `forms` are the sentence's tokens.
  std::optional<PhraseHit> match(const std::vector<std::string>& norms, const std::vector<std::string_view>& forms,
                                 uint32_t i) const;
  bool empty() const { return first_.empty(); }

 private:
  struct Phrase {
    std::vector<std::string> words;
    int32_t payload;
    bool case_sensitive;
    int max_gap;
  };
  std::unordered_map<std::string, std::vector<Phrase>> first_;
  // Bit min(length, 31) of a first word's length, per first byte: most tokens start no phrase
  // and are turned away here without hashing (match() runs on every token for every dictionary).
  std::vector<uint32_t> first_lengths_ = std::vector<uint32_t>(256, 0);
};

// Lower case, '#'/'@' stripped, ’ -> ', trailing possessive 's removed.
std::string normalize_token(std::string_view form);

class Lexicon {
 public:
  // Reads actors.tsv, triggers.tsv and cues.tsv from `dir` (country names and demonyms are the
  // places stage's: data/places/countries.tsv via the gazetteer). A malformed line
  // is an error naming the file and line: a dictionary that silently drops entries is worse
  // than one that refuses to load.
  static std::unique_ptr<Lexicon> load(const std::filesystem::path& dir, std::string* error);

  std::vector<ActorEntry> actors;
  std::vector<TriggerEntry> triggers;

  PhraseDict actor_dict;    // payload: index into actors
  PhraseDict trigger_dict;  // payload: index into triggers

  // Cue categories (cues.tsv): each a dictionary whose payload indexes `cue_values`.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, PhraseDict, NameHash, std::equal_to<>> cues;
  std::vector<std::string> cue_values;

  // The first actor of kind "civilians" (people counted by their country: "20 Palestinians"),
  // -1 when none.
  int civilians = -1;

  // Default forces / government actor index per country (-1 when none).
  int forces_of(std::string_view iso2) const;
  int government_of(std::string_view iso2) const;

  const PhraseDict& cue(std::string_view category) const;

 private:
  std::unordered_map<std::string, int> forces_, government_;
  PhraseDict empty_;
};

}  // namespace sitrep::events
