// `sitrep parse`: POS tags, lemmas and dependency trees (CoNLL-U), or --eval against a
// gold-tokenised treebank.
#include <cstdio>
#include <fstream>

#include "clean/reader.h"
#include "cli/command.h"
#include "syntax/evaluate.h"
#include "syntax/parser.h"

namespace sitrep::cli {
namespace {

struct ParseArgs {
  std::vector<std::string> inputs;
  std::string eval;
  std::string model;
  int beam = 0;
  float beam_threshold = -1;
  std::string output;
};

Command parse_command("parse", "Tag and parse sentences (CoNLL-U out); --eval FILE scores against a treebank", [](CLI::App& app) -> Runner {
  auto args = std::make_shared<ParseArgs>();
  app.add_option("--eval", args->eval, "gold CoNLL-U file: print UPOS, UAS, LAS and speed on its tokens");
  app.add_option("--output", args->output, "with --eval: also write the parses of the gold tokens as CoNLL-U to this file");
  app.add_option("--model", args->model, "syntax model (default: models/syntax/en_ewt.model)");
  app.add_option("--beam", args->beam, "parser beam width (default: the width the model was trained with; 1 = greedy)")
      ->check(CLI::Range(1, 256));
  app.add_option("--beam-threshold", args->beam_threshold,
                 "drop beam items trailing the best by more than this many score units (default: the model's; 0 = none)")
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("inputs", args->inputs, "articles to parse: files, directories, or - for standard input (as `sitrep clean`)");
  return [args] {
    std::string error;
    auto path = args->model.empty() ? syntax::SyntaxModel::default_path() : std::filesystem::path(args->model);
    auto model = syntax::SyntaxModel::load(path, &error);
    if (model && args->beam > 0) model->set_beam(args->beam);
    if (model && args->beam_threshold >= 0) model->set_beam_threshold(args->beam_threshold);
    if (!model) {
      std::fprintf(stderr, "sitrep parse: %s\n", error.c_str());
      return kExitFailed;
    }
    if (model->is_bilstm() && (args->beam > 0 || args->beam_threshold >= 0))
      std::fprintf(stderr, "sitrep parse: %s is a BiLSTM model, which has no beam: --beam and --beam-threshold ignored\n",
                   path.string().c_str());
    Diagnostics diag;
    diag.set_echo(true);
    if (args->eval.empty()) {
      if (args->inputs.empty()) {
        std::fprintf(stderr, "sitrep parse: give INPUTS to parse or --eval FILE.conllu\n");
        return kExitUsage;
      }
      std::vector<syntax::ParsedSentence> parsed;
      std::string out;
      read_documents(args->inputs, diag, [&](Document&& doc) {
        out.clear();
        out += "# newdoc id = " + doc.id + "\n";
        model->parse_all(doc, parsed);
        for (size_t s = 0; s < doc.sentences.size(); ++s) syntax::append_conllu(doc, s, parsed[s], out);
        std::fwrite(out.data(), 1, out.size(), stdout);
      });
      std::fflush(stdout);
      return diag.skipped_any() ? kExitSkipped : kExitOk;
    }
    std::vector<syntax::TreebankSentence> gold;
    if (!syntax::read_conllu(args->eval, gold, diag, &error)) {
      std::fprintf(stderr, "sitrep parse: %s\n", error.c_str());
      return kExitFailed;
    }
    std::vector<syntax::ParsedSentence> parsed;
    syntax::SyntaxScores scores = syntax::evaluate(*model, gold, &parsed);
    if (!args->output.empty()) {
      std::string text;
      for (size_t s = 0; s < gold.size(); ++s) syntax::append_conllu(gold[s], parsed[s], text);
      std::ofstream out(args->output, std::ios::binary | std::ios::trunc);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      out.close();
      if (!out) {
        std::fprintf(stderr, "sitrep parse: cannot write %s\n", args->output.c_str());
        return kExitFailed;
      }
    }
    std::printf("%s\n", scores.summary().c_str());
    return diag.skipped_any() ? kExitSkipped : kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
