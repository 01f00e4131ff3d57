// `sitrep dates`: tag and resolve the date expressions of a text or of articles.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "clean/reader.h"
#include "cli/command.h"
#include "core/diagnostics.h"
#include "dates/temporal.h"

namespace sitrep::cli {
namespace {

struct DatesOptions {
  std::string anchor;
  std::string text;
  std::vector<std::string> inputs;
};

// One JSON line per expression; for articles the line also names the article and its anchor.
void print(std::string_view text, CivilDate anchor, const std::string& origin, const std::string* doc_id,
           Diagnostics& diag) {
  std::vector<DateProblem> problems;
  for (const auto& e : tag_dates(text, anchor, &problems)) {
    std::string line = date_expression_json(e, text);
    if (doc_id) {
      line.pop_back();
      line += ",\"doc\":" + nlohmann::json(*doc_id).dump() + ",\"anchor\":\"" + anchor.iso() + "\"}";
    }
    std::printf("%s\n", line.c_str());
  }
  for (const auto& p : problems) diag.warn(origin, 0, p.message);
}

Command dates_command(
    "dates", "Find and resolve the date expressions of a text against an anchor date", [](CLI::App& app) -> Runner {
      auto o = std::make_shared<DatesOptions>();
      app.add_option("--anchor", o->anchor,
                     "the date relative expressions are resolved against (YYYY-MM-DD); for INPUTS it overrides "
                     "each article's own date");
      auto* text = app.add_option("--text", o->text, "the text to tag (needs --anchor)");
      app.add_option("inputs", o->inputs,
                     "articles (.txt, .html, .jsonl, .warc[.gz], directories, -), each resolved against its own "
                     "publication date")
          ->excludes(text);
      return [o] {
        Diagnostics diag;
        diag.set_echo(true);
        if (std::string err = date_lexicon_error(); !err.empty()) {
          std::fprintf(stderr, "sitrep dates: %s\n", err.c_str());
          return kExitFailed;
        }
        std::optional<CivilDate> anchor;
        if (!o->anchor.empty()) {
          std::string err;
          anchor = parse_anchor(o->anchor, &err);
          if (!anchor) {
            std::fprintf(stderr, "sitrep dates: --anchor %s\n", err.c_str());
            return kExitUsage;
          }
        }
        if (o->inputs.empty()) {
          if (!anchor) {
            std::fprintf(stderr, "sitrep dates: --text needs --anchor YYYY-MM-DD (nothing reads the clock)\n");
            return kExitUsage;
          }
          print(o->text, *anchor, "--text", nullptr, diag);
          return diag.skipped_any() ? kExitSkipped : kExitOk;
        }
        read_documents(o->inputs, diag, [&](Document&& doc) {
          std::optional<CivilDate> a = anchor;
          if (!a) {
            std::string err;
            if (!doc.published.empty()) a = parse_anchor(doc.published, &err);
            if (!a) {
              diag.skip(doc.origin, 0,
                        doc.published.empty() ? "no publication date found: give --anchor YYYY-MM-DD"
                                              : "publication date " + err + ": give --anchor YYYY-MM-DD");
              return;
            }
          }
          print(doc.text, *a, doc.origin, &doc.id, diag);
        });
        return diag.skipped_any() ? kExitSkipped : kExitOk;
      };
    });

}  // namespace
}  // namespace sitrep::cli
