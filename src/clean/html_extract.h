// Main-text extraction from an HTML page in one streaming pass (html_tokenizer.h and a
// stack of open elements; no DOM): page metadata (title, canonical URL, site name,
// publication-date candidates from meta tags, JSON-LD and <time>) and the article's
// text blocks, chosen by content scoring in the manner of Readability:
// paragraphs vote for their containers by length and commas, containers are weighed by
// link density and by class/id hints (data/clean/html_hints.tsv), and the best
// container with its related siblings is kept. Furniture rules run afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean {

struct DateCandidate {
  std::string from;   // "meta", "jsonld" or "time"
  std::string value;  // as written, e.g. "2021-06-22T16:31:00-07:00"
};

struct HtmlPage {
  std::string title;
  std::string url;
  std::string site_name;
  std::vector<DateCandidate> dates;  // best first: meta, then JSON-LD, then <time>
  std::vector<std::string> blocks;   // article blocks in page order, whitespace-normalised
};

// `html` must be UTF-8 (see to_utf8_from_declared_charset).
HtmlPage extract_html(std::string_view html);

// Converts an HTML byte string to UTF-8 when it is not valid UTF-8 and declares (or,
// failing that, is assumed to be in) a legacy charset such as windows-1252.
// Returns true when it converted.
bool to_utf8_from_declared_charset(std::string& html);

}  // namespace sitrep::clean
