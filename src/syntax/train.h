// Training the syntax model from CoNLL-U treebanks (`sitrep train syntax`): tagger,
// lemmatiser and parser, deterministic for a given seed and data.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/diagnostics.h"
#include "syntax/biaffine.h"

namespace sitrep::syntax {

struct SyntaxTrainOptions {
  enum class Parser { kPerceptron, kBilstm };
  Parser parser = Parser::kPerceptron;  // kBilstm: the BiLSTM parser (options in `bilstm`)
  std::filesystem::path train;     // CoNLL-U, e.g. en_ewt-ud-train.conllu
  std::filesystem::path dev;       // optional: progress figures after some parser epochs
  std::filesystem::path out;       // model file to write
  int tagger_epochs = 8;
  int parser_epochs = 15;          // perceptron parser
  int folds = 4;                   // jackknifing: the parser trains on tags predicted by a tagger that did not see the sentence
  int threads = 2;                 // taggers of the folds train in parallel; results do not depend on it
  uint64_t seed = 1;
  int beam = 1;                    // parser beam width: 1 = greedy (dynamic oracle), > 1 = beam search with global training
  float beam_threshold = 200;      // parsing with the beam drops items trailing the best by more than this
  float prune = 0.0f;              // averaged weights below this magnitude are dropped from the model
  size_t limit = 0;                // use only the first `limit` training sentences (0 = all): quick experiments
  BiaffineOptions bilstm;          // with Parser::kBilstm (its seed is `seed`)
};

// Trains and writes the model; false with `error` when the data cannot be read or the
// model cannot be written. Malformed sentences are reported to `diag` and skipped.
bool train_syntax(const SyntaxTrainOptions& opt, Diagnostics& diag, std::string* error);

}  // namespace sitrep::syntax
