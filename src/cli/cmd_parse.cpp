// `sitrep parse`: POS tags, lemmas and dependency trees (CoNLL-U), or --eval against a
// gold-tokenised treebank.
#include <cstdio>

#include "cli/command.h"
#include "syntax/evaluate.h"
#include "syntax/parser.h"

namespace sitrep::cli {
namespace {

struct ParseArgs {
  std::string eval;
  std::string model;
};

Command parse_command("parse", "Tag and parse sentences (CoNLL-U out); --eval FILE scores against a treebank", [](CLI::App& app) -> Runner {
  auto args = std::make_shared<ParseArgs>();
  app.add_option("--eval", args->eval, "gold CoNLL-U file: print UPOS, UAS, LAS and speed on its tokens");
  app.add_option("--model", args->model, "syntax model (default: models/syntax/en_ewt.model)");
  return [args] {
    std::string error;
    auto path = args->model.empty() ? syntax::SyntaxModel::default_path() : std::filesystem::path(args->model);
    auto model = syntax::SyntaxModel::load(path, &error);
    if (!model) {
      std::fprintf(stderr, "sitrep parse: %s\n", error.c_str());
      return kExitFailed;
    }
    if (args->eval.empty()) {
      std::fprintf(stderr, "sitrep parse: give --eval FILE.conllu (parsing articles needs the reader, not yet wired)\n");
      return kExitUsage;
    }
    Diagnostics diag;
    diag.set_echo(true);
    std::vector<syntax::TreebankSentence> gold;
    if (!syntax::read_conllu(args->eval, gold, diag, &error)) {
      std::fprintf(stderr, "sitrep parse: %s\n", error.c_str());
      return kExitFailed;
    }
    syntax::SyntaxScores scores = syntax::evaluate(*model, gold);
    std::printf("%s\n", scores.summary().c_str());
    return diag.skipped_any() ? kExitSkipped : kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
