// `sitrep clean [--format json|text] [--explain] INPUTS...`: reads articles in any
// supported form, removes page furniture, finds metadata, splits sentences, and prints
// one JSON object per document (or the cleaned text).
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "clean/reader.h"
#include "cli/command.h"

namespace sitrep::cli {
namespace {

struct CleanArgs {
  std::vector<std::string> inputs;
  std::string format = "json";
  bool explain = false;
};

void print_json(const Document& d, bool explain) {
  nlohmann::ordered_json j;
  j["id"] = d.id;
  j["title"] = d.title;
  j["published"] = d.published;
  j["published_from"] = d.published_from;
  if (!d.source.empty()) j["source"] = d.source;
  if (!d.url.empty()) j["url"] = d.url;
  j["text"] = d.text;
  nlohmann::ordered_json sents = nlohmann::ordered_json::array();
  for (const auto& s : d.sentences) sents.push_back({s.span.start, s.span.end});
  j["sentences"] = std::move(sents);
  j["removed"] = d.removed.size();
  if (explain) {
    nlohmann::ordered_json rem = nlohmann::ordered_json::array();
    for (const auto& r : d.removed) rem.push_back({{"rule", r.rule}, {"text", r.text}});
    j["removed_blocks"] = std::move(rem);
  }
  std::string line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stdout);
}

void print_text(const Document& d, bool explain) {
  std::string out = "### " + d.id;
  if (!d.title.empty()) out += " | " + d.title;
  if (!d.published.empty()) out += " | " + d.published + " (" + d.published_from + ")";
  out += "\n" + d.text + "\n";
  if (explain)
    for (const auto& r : d.removed) out += "--- removed [" + r.rule + "] " + r.text + "\n";
  out += "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

Command clean_command("clean", "Read articles (txt, html, jsonl, warc, dirs, -), remove page furniture, split sentences",
                      [](CLI::App& app) -> Runner {
  auto args = std::make_shared<CleanArgs>();
  app.add_option("--format", args->format, "Output: json (one object per document) or text")
      ->check(CLI::IsMember({"json", "text"}));
  app.add_flag("--explain", args->explain, "Also show each removed block and the rule that removed it");
  app.add_option("inputs", args->inputs, "Files, directories, or - for standard input")->required();
  return [args] {
    Diagnostics diags;
    diags.set_echo(true);
    bool json = args->format == "json";
    clean::read_documents(args->inputs, diags, [&](Document&& d) {
      if (json) print_json(d, args->explain);
      else print_text(d, args->explain);
    });
    std::fflush(stdout);
    return diags.skipped_any() ? kExitSkipped : kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
