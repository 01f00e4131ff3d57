// Scoring the syntax model against gold-tokenised CoNLL-U (`sitrep parse --eval`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "syntax/conllu.h"
#include "syntax/parser.h"

namespace sitrep::syntax {

struct SyntaxScores {
  size_t sentences = 0, tokens = 0;
  double upos = 0, uas = 0, las = 0;  // accuracies over all tokens, punctuation included
  double lemma = 0;
  double seconds = 0;                 // CPU time (this thread) spent tagging, lemmatising and parsing
  double sentences_per_s() const { return seconds > 0 ? sentences / seconds : 0; }
  // "UPOS=0.xxx UAS=0.xxx LAS=0.xxx sentences_per_s=N"
  std::string summary() const;
};

// Parses every sentence on its gold tokens, compares with the gold annotation. When
// `parsed` is given it receives the analyses (for writing them out, error analysis).
SyntaxScores evaluate(const SyntaxModel& model, const std::vector<TreebankSentence>& gold,
                      std::vector<ParsedSentence>* parsed = nullptr);

}  // namespace sitrep::syntax
