#include "clean/metadata.h"

#include "core/civil_date.h"

namespace sitrep::clean {

void find_published_date(Document& doc, const std::vector<DateCandidate>& html_dates) {
  if (!doc.published.empty()) return;
  for (const auto& c : html_dates) {
    if (auto d = CivilDate::parse_iso(c.value)) {
      doc.published = d->iso();
      doc.published_from = c.from;
      return;
    }
  }
}

}  // namespace sitrep::clean
