// `sitrep dates`: tag and resolve the date expressions of a text or of articles.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

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

void print(std::string_view text, CivilDate anchor, const std::string& origin, Diagnostics& diag) {
  std::vector<DateProblem> problems;
  for (const auto& e : tag_dates(text, anchor, &problems)) std::printf("%s\n", date_expression_json(e, text).c_str());
  for (const auto& p : problems) diag.warn(origin, 0, p.message);
}

Command dates_command(
    "dates", "Find and resolve the date expressions of a text against an anchor date", [](CLI::App& app) -> Runner {
      auto o = std::make_shared<DatesOptions>();
      app.add_option("--anchor", o->anchor, "the date relative expressions are resolved against (YYYY-MM-DD)");
      auto* text = app.add_option("--text", o->text, "the text to tag");
      app.add_option("inputs", o->inputs, "text files to tag (each needs --anchor)")->excludes(text);
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
          print(o->text, *anchor, "--text", diag);
          return diag.skipped_any() ? kExitSkipped : kExitOk;
        }
        for (const auto& path : o->inputs) {
          if (!anchor) {
            diag.skip(path, 0, "no anchor: give --anchor YYYY-MM-DD (reading each article's own date needs the input reader)");
            continue;
          }
          std::ifstream in(path, std::ios::binary);
          if (!in) {
            diag.skip(path, 0, "cannot open");
            continue;
          }
          std::ostringstream ss;
          ss << in.rdbuf();
          print(ss.str(), *anchor, path, diag);
        }
        return diag.skipped_any() ? kExitSkipped : kExitOk;
      };
    });

}  // namespace
}  // namespace sitrep::cli
