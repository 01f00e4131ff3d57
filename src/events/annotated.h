// The article as the events stage reads it: every earlier stage's layer, per sentence,
// in one flat form (tokens with their parse, place mentions, date expressions). The
// pipeline fills it from the clean/syntax/places/dates stages; tests fill it by hand
// from CoNLL-U rows of real sentences, so the rules are testable on their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dates/temporal.h"
#include "events/event.h"

namespace sitrep::events {

struct TokenInfo {
  std::string_view form;  // into the document text
  uint32_t start = 0;     // byte offsets into the document text
  uint32_t end = 0;
  std::string norm;       // normalize_token(form)
  // From the dependency parse (UD); empty / -2 when the sentence has no parse.
  std::string upos;
  std::string lemma;
  int head = -2;          // sentence-local index, -1 for the root
  std::string deprel;
};

struct PlaceMention {
  uint32_t begin = 0;  // sentence-local tokens [begin, end)
  uint32_t end = 0;
  EventLocation place;  // name, feature, admin1, country, lat/lon, precision, gazetteer_id, text
  bool demonym = false; // "Afghan": a country reference, not a place of an event
};

struct DateMention {
  uint32_t begin = 0;  // sentence-local tokens [begin, end)
  uint32_t end = 0;
  std::string start, end_date;  // YYYY-MM-DD
  std::string precision;        // day, days, week, month, year
  std::string tense;            // past, present, future, or empty
  std::string kind;             // date, interval, duration, set
  bool deadline = false;        // "by Sept. 11": a limit, not the day of the event
  std::string text;
};

// A resolved date expression as a mention over tokens [begin, end); `text` its words.
DateMention date_mention(const DateExpression& d, std::string text, uint32_t begin, uint32_t end);

struct AnnotatedSentence {
  uint32_t index = 0;      // sentence index in the document
  uint32_t paragraph = 0;
  uint32_t start = 0, end = 0;  // byte span
  std::vector<TokenInfo> tokens;
  std::vector<PlaceMention> places;
  std::vector<DateMention> dates;
  bool parsed = false;
};

struct AnnotatedDocument {
  std::string doc_id;
  std::string published;  // YYYY-MM-DD or empty
  std::string_view text;
  std::vector<AnnotatedSentence> sentences;
};

}  // namespace sitrep::events
