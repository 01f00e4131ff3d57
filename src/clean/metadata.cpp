#include "clean/metadata.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "core/data_file.h"
#include "core/civil_date.h"
#include "dates/temporal.h"

namespace sitrep::clean {
namespace {

// The first full date (day, month and year written) in a removed "Published: ..." line.
std::optional<CivilDate> date_in_published_line(std::string_view line) {
  for (const auto& e : tag_dates_unanchored(line))
    if (e.has_year && e.year > 0 && e.month > 0 && e.day > 0)
      if (auto d = CivilDate::from_ymd(e.year, e.month, e.day)) return d;
  return std::nullopt;
}

struct YearWindow {
  int first = 0, last = 0;
};

const YearWindow& year_window() {
  static const YearWindow w = [] {
    YearWindow w;
    for (const auto& line : read_data_file("clean/dateline_years.tsv"))
      if (line.fields.size() >= 2) {
        w.first = std::atoi(line.fields[0].c_str());
        w.last = std::atoi(line.fields[1].c_str());
      }
    return w;
  }();
  return w;
}

// Dateline: a paragraph that opens with a place and a date before the dateline mark,
// "Kabul, Aug. 31 (EFE).- ...", "KABUL, Afghanistan (Jan. 25, 2013) — ...".
// First words that make a candidate a sentence rather than a dateline.
bool is_nonplace_word(std::string_view w) {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> v;
    for (const auto& line : read_data_file("clean/dateline_nonplace.txt"))
      if (!line.fields.empty()) {
        std::string x = line.fields[0];
        for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        v.push_back(std::move(x));
      }
    return v;
  }();
  std::string lw(w);
  for (char& c : lw) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(words.begin(), words.end(), lw) != words.end();
}

struct Dateline {
  DateExpression date;
  std::string_view paragraph;
};

std::optional<Dateline> find_dateline(std::string_view text) {
  size_t pos = 0;
  for (int para = 0; para < 4 && pos < text.size(); ++para) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view p = text.substr(pos, end - pos);
    pos = end + 2;
    if (p.empty() || !(p[0] >= 'A' && p[0] <= 'Z')) continue;
    // The dateline ends at its mark: ".-", an em or en dash, " - ", or ":" within 90 bytes.
    std::string_view head = p.substr(0, 90);
    size_t mark = std::string_view::npos;
    for (std::string_view m : {std::string_view(".-"), std::string_view(" \xE2\x80\x94"), std::string_view(" \xE2\x80\x93"),
                               std::string_view(" - "), std::string_view(" -- "), std::string_view(": ")}) {
      size_t k = head.find(m);
      if (k != std::string_view::npos && k < mark) mark = k;
    }
    if (mark == std::string_view::npos) continue;
    std::string_view prefix = p.substr(0, mark);
    // A dateline has no sentence inside it: at most a place, a country, a date and an agency.
    if (std::count(prefix.begin(), prefix.end(), ' ') > 9) continue;
    size_t first_end = prefix.find_first_of(" ,(");
    if (is_nonplace_word(prefix.substr(0, first_end))) continue;
    for (const auto& e : tag_dates_unanchored(prefix)) {
      // The place comes first: "Kabul, Aug. 31", "KABUL, Afghanistan (Jan. 25, 2013)".
      if (e.span.start == 0) break;
      if (e.month > 0 && e.day > 0 && e.kind == DateKind::date) return Dateline{e, p};
    }
  }
  return std::nullopt;
}

// Whether a weekday in the paragraph resolves to the anchor day itself; such evidence
// counts only if it tells candidate years apart (a "today" fits every year).
bool weekday_fits(std::string_view paragraph, CivilDate anchor, Span dateline_span) {
  for (const auto& e : tag_dates(paragraph, anchor)) {
    if (e.span.start < dateline_span.end) continue;
    if (e.resolved && e.precision == DatePrecision::day && e.kind == DateKind::date && e.start == anchor && e.end == anchor)
      return true;
  }
  return false;
}

}  // namespace

void find_published_date(Document& doc, const std::vector<DateCandidate>& html_dates) {
  if (!doc.published.empty()) return;
  for (const auto& c : html_dates) {
    if (auto d = CivilDate::parse_iso(c.value)) {
      doc.published = d->iso();
      doc.published_from = c.from;
      return;
    }
  }
  for (const auto& r : doc.removed) {
    if (r.rule != "published-line") continue;
    if (auto d = date_in_published_line(r.text)) {
      doc.published = d->iso();
      doc.published_from = "published-line";
      return;
    }
  }
  auto dl = find_dateline(doc.text);
  if (!dl) return;
  const DateExpression& e = dl->date;
  if (e.has_year && e.year > 0) {
    if (auto d = CivilDate::from_ymd(e.year, e.month, e.day)) {
      doc.published = d->iso();
      doc.published_from = "dateline";
    }
    return;
  }
  // No year in the dateline: a year written in the article (the latest one), checked
  // against a weekday when there is one; else a weekday within the corpus window.
  int written = 0;
  for (const auto& x : tag_dates_unanchored(doc.text))
    if (x.has_year && x.year > written && x.year <= 9999) written = x.year;
  std::vector<int> candidates;
  if (written > 0) {
    candidates = {written, written + 1};
  } else {
    for (int y = year_window().last; y >= year_window().first && y > 0; --y) candidates.push_back(y);
  }
  // The weekday test depends only on the candidate day's weekday: run the tagger once
  // per weekday, not once per year.
  std::vector<CivilDate> fits;
  size_t valid = 0;
  int verdict[7] = {-1, -1, -1, -1, -1, -1, -1};
  for (int y : candidates) {
    auto d = CivilDate::from_ymd(y, e.month, e.day);
    if (!d) continue;
    ++valid;
    int& v = verdict[d->weekday()];
    if (v < 0) v = weekday_fits(dl->paragraph, *d, e.span) ? 1 : 0;
    if (v == 1) fits.push_back(*d);
  }
  bool discriminates = !fits.empty() && fits.size() < valid;
  if (discriminates) {
    // Candidates run newest first in the window and oldest first after a written year:
    // prefer the written year, else the latest fitting year.
    CivilDate best = written > 0 ? fits.front() : *std::max_element(fits.begin(), fits.end());
    doc.published = best.iso();
    doc.published_from = written > 0 ? "dateline+text-year+weekday" : "dateline+weekday";
  } else if (written > 0) {
    if (auto d = CivilDate::from_ymd(written, e.month, e.day)) {
      doc.published = d->iso();
      doc.published_from = "dateline+text-year";
    }
  }
}

}  // namespace sitrep::clean
