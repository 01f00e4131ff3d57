#include "syntax/evaluate.h"

#include <time.h>

#include <cstdio>

namespace sitrep::syntax {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

}  // namespace

std::string SyntaxScores::summary() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "UPOS=%.3f UAS=%.3f LAS=%.3f sentences_per_s=%.0f", upos, uas, las, sentences_per_s());
  return buf;
}

SyntaxScores evaluate(const SyntaxModel& model, const std::vector<TreebankSentence>& gold,
                      std::vector<ParsedSentence>* keep) {
  SyntaxScores sc;
  std::vector<ParsedSentence> local;
  std::vector<ParsedSentence>& parsed = keep ? *keep : local;
  parsed.assign(gold.size(), ParsedSentence());
  std::vector<std::vector<std::string_view>> forms(gold.size());
  for (size_t s = 0; s < gold.size(); ++s) forms[s].assign(gold[s].forms.begin(), gold[s].forms.end());
  // Speed is the CPU time of this thread spent tagging, lemmatising and parsing: one
  // core's throughput, not disturbed by other work on a shared machine. It is the only
  // figure that reads a clock, and no other output depends on it.
  sc.seconds = -thread_cpu_seconds();
  model.parse_all(forms, parsed);
  sc.seconds += thread_cpu_seconds();
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
