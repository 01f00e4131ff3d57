// Article metadata found in the page when the input record does not give it: the
// publication date, from (in order) the record, HTML meta tags, JSON-LD datePublished,
// <time datetime>, a "Published: June 22, 2021" line, and a dateline ("Kabul, Aug. 31
// (EFE).-", "KABUL, Afghanistan (Jan. 25, 2013)"). A page's render or crawl date never
// wins over these, and the clock is never a source. Document::published_from names the
// source: record, meta, jsonld, time, published-line, dateline (+ how a missing year was
// found: "dateline+text-year", "dateline+weekday").
#pragma once

#include <string>
#include <vector>

#include "clean/html_extract.h"
#include "core/document.h"

namespace sitrep::clean {

// Fills doc.published and doc.published_from when empty. Reads doc.text (cleaned),
// doc.removed (for published lines) and the HTML date candidates.
void find_published_date(Document& doc, const std::vector<DateCandidate>& html_dates);

}  // namespace sitrep::clean
