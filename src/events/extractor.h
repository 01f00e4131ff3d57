// Rules that turn an annotated article (tokens + parse + places + dates) into events:
// triggers from data/events/triggers.tsv, roles from the dependency parse (with a
// word-order fallback for sentences without one), counts, claims, flags, places and dates,
// then one record per happening (mentions of the same happening merged) and the
// territorial-control claims the article makes.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "events/annotated.h"
#include "events/lexicon.h"
#include "events/pipeline.h"

namespace sitrep::events {

struct ExtractOptions {
  bool explain = false;
  // Emit events flagged historical, future, hypothetical, negated or aggregate (flagged).
  // Off by default: such mentions are not happenings an analyst counts.
  bool emit_flagged = false;
};

// A country by ISO 3166-1 alpha-2 code as a place (name, centre), or nullopt: the places
// stage's gazetteer, so country names are known in one place for the whole program.
using CountryLookup = std::function<std::optional<EventLocation>(const std::string& iso2)>;

class EventExtractor {
 public:
  // Country names and demonyms come from the places layer of the article (PlaceMention
  // with feature "country" or `demonym`); `countries` names a country the article does not.
  explicit EventExtractor(std::shared_ptr<const Lexicon> lexicon, CountryLookup countries = {})
      : lex_(std::move(lexicon)), countries_(std::move(countries)) {}
  // Pure function of its input: thread-safe, deterministic.
  ArticleEvents extract(const AnnotatedDocument& doc, const ExtractOptions& options) const;

 private:
  std::shared_ptr<const Lexicon> lex_;
  CountryLookup countries_;
};

// A line of page furniture rather than of the story (a headline, caption, byline, tweet
// signature, "Watch:"): never the source of an event, so the pipeline does not parse it.
// `norms` are normalize_token() of `forms`.
bool is_furniture_line(const Lexicon& lex, const std::vector<std::string>& norms,
                       const std::vector<std::string_view>& forms);

// The first token after a dateline at the head of a sentence ("KYIV, May 14 (Reuters) -",
// "ISLAMABAD (Reuters) -", "KABUL, Aug 11 -" with its date among `dates`), else 0: where and
// when the report was filed, no part of what it tells (the pipeline parses the rest alone).
uint32_t dateline_end(const std::vector<std::string>& norms, const std::vector<std::string_view>& forms,
                      const std::vector<DateMention>& dates);

// Stable id: FNV-1a 64 of (doc_id, first evidence span, type), as 16 hex digits.
std::string event_id(std::string_view doc_id, uint32_t start, uint32_t end, std::string_view type);

}  // namespace sitrep::events
