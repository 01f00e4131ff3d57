#include "events/annotated.h"

namespace sitrep::events {

DateMention date_mention(const DateExpression& d, std::string text, uint32_t begin, uint32_t end) {
  DateMention m;
  m.begin = begin;
  m.end = end;
  m.start = d.start.iso();
  m.end_date = d.end.iso();
  m.precision = precision_name(d.precision);
  m.kind = kind_name(d.kind);
  m.tense = tense_name(d.tense);
  m.deadline = d.deadline;
  m.text = std::move(text);
  return m;
}

}  // namespace sitrep::events
