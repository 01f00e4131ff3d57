// `sitrep train syntax`: trains the tagger, lemmatiser and parser from UD CoNLL-U files.
#include <cstdio>

#include "cli/command.h"
#include "syntax/parser.h"
#include "syntax/train.h"

namespace sitrep::cli {
namespace {

Command train_command("train", "Train a model (syntax: tagger and dependency parser from UD CoNLL-U)", [](CLI::App& app) -> Runner {
  app.require_subcommand(1);
  CLI::App* syn = app.add_subcommand("syntax", "Train the POS tagger, lemmatiser and dependency parser");
  auto opt = std::make_shared<syntax::SyntaxTrainOptions>();
  opt->out = syntax::SyntaxModel::default_path();
  syn->add_option("--train", opt->train, "training treebank (CoNLL-U), e.g. ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu")->required();
  syn->add_option("--dev", opt->dev, "development treebank: progress figures while training");
  syn->add_option("--out", opt->out, "model file to write")->capture_default_str();
  syn->add_option("--tagger-epochs", opt->tagger_epochs)->capture_default_str();
  syn->add_option("--parser-epochs", opt->parser_epochs)->capture_default_str();
  syn->add_option("--folds", opt->folds, "jackknifing folds for the parser's training tags")->capture_default_str();
  syn->add_option("--threads", opt->threads, "threads: the fold taggers, or the BiLSTM's two directions (same model whatever the count)")->capture_default_str();
  syn->add_option("--seed", opt->seed)->capture_default_str();
  syn->add_option("--beam", opt->beam, "parser beam width (1: greedy; wider: beam search, trained globally)")
      ->capture_default_str();
  syn->add_option("--beam-threshold", opt->beam_threshold,
                  "with --beam: parsing drops beam items trailing the best by more than this many score units (0 = none)")
      ->capture_default_str();
  syn->add_option("--prune", opt->prune, "drop averaged weights smaller than this from the model")->capture_default_str();
  syn->add_option("--limit", opt->limit, "train on the first N sentences only (0 = all)")->capture_default_str();
  auto parser = std::make_shared<std::string>("perceptron");
  syn->add_option("--parser", *parser,
                  "perceptron (tagger + transition parser) or bilstm (tagger + BiLSTM parser: more accurate, ~17 min to train)")
      ->check(CLI::IsMember({"perceptron", "bilstm"}))
      ->capture_default_str();
  syn->add_option("--hidden", opt->bilstm.hidden, "bilstm: LSTM units per direction")->capture_default_str()
      ->check(CLI::Range(8, 1024));
  syn->add_option("--arc-dim", opt->bilstm.arc_dim, "bilstm: size of the arc scorer's word vectors")
      ->capture_default_str()->check(CLI::Range(8, 2048));
  syn->add_option("--label-dim", opt->bilstm.label_dim, "bilstm: size of the label scorer's word vectors")
      ->capture_default_str()->check(CLI::Range(4, 512));
  syn->add_option("--bilstm-epochs", opt->bilstm.epochs, "bilstm: passes over the training data (the best on --dev is kept)")
      ->capture_default_str()->check(CLI::Range(1, 1000));
  return [opt, parser] {
    opt->parser = *parser == "bilstm" ? syntax::SyntaxTrainOptions::Parser::kBilstm
                                      : syntax::SyntaxTrainOptions::Parser::kPerceptron;
    Diagnostics diag;
    diag.set_echo(true);
    std::string error;
    if (!syntax::train_syntax(*opt, diag, &error)) {
      std::fprintf(stderr, "sitrep train syntax: %s\n", error.c_str());
      return kExitFailed;
    }
    return diag.skipped_any() ? kExitSkipped : kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
