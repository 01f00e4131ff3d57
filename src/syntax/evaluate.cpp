#include "syntax/evaluate.h"

#include <chrono>
#include <cstdio>

namespace sitrep::syntax {

std::string SyntaxScores::summary() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "UPOS=%.3f UAS=%.3f LAS=%.3f sentences_per_s=%.0f", upos, uas, las, sentences_per_s());
  return buf;
}

SyntaxScores evaluate(const SyntaxModel& model, const std::vector<TreebankSentence>& gold) {
  SyntaxScores sc;
  std::vector<ParsedSentence> parsed(gold.size());
  std::vector<std::vector<std::string_view>> forms(gold.size());
  for (size_t s = 0; s < gold.size(); ++s) forms[s].assign(gold[s].forms.begin(), gold[s].forms.end());
  // Timing covers tagging, lemmatising and parsing only (the monotonic clock measures
  // speed; no output depends on it except the sentences_per_s figure).
  auto t0 = std::chrono::steady_clock::now();
  for (size_t s = 0; s < gold.size(); ++s) model.parse(forms[s], parsed[s]);
  auto t1 = std::chrono::steady_clock::now();
  sc.seconds = std::chrono::duration<double>(t1 - t0).count();
  size_t upos = 0, uas = 0, las = 0, lemma = 0;
  for (size_t s = 0; s < gold.size(); ++s) {
    const auto& g = gold[s];
    const auto& p = parsed[s];
    for (size_t i = 0; i < g.size(); ++i) {
      upos += p.upos[i] == g.upos[i];
      lemma += p.lemma[i] == g.lemmas[i];
      if (p.head[i] == g.heads[i]) {
        ++uas;
        las += p.deprel[i] == g.deprels[i];
      }
    }
    sc.tokens += g.size();
  }
  sc.sentences = gold.size();
  if (sc.tokens) {
    sc.upos = double(upos) / sc.tokens;
    sc.uas = double(uas) / sc.tokens;
    sc.las = double(las) / sc.tokens;
    sc.lemma = double(lemma) / sc.tokens;
  }
  return sc;
}

}  // namespace sitrep::syntax
