// Lemmas learned from a treebank's lemma column: an exception list (irregular forms
// seen in training: "fled" -> "flee", "was" -> "be") plus suffix rules per part of
// speech ("-ured" VERB: drop "d"; "-ces" NOUN: drop "s"), the longest matching suffix
// winning. Good enough to match trigger words ("killed" -> "kill", "forces" -> "force").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/binary_io.h"
#include "syntax/perceptron.h"

namespace sitrep::syntax {

struct TreebankSentence;

class Lemmatizer {
 public:
  // An extra exception from project data: `form` tagged `xpos` (any UPOS) has `lemma`.
  struct Exception {
    std::string form, lemma, xpos;
  };
  // `tags` are the tagger's tag names (TreebankSentence::tag) the tag ids below refer to.
  // `extra` exceptions are used where the treebank does not show the form with that tag.
  static Lemmatizer train(const std::vector<TreebankSentence>& data, const std::vector<std::string>& tags,
                          const std::vector<Exception>& extra = {});
  // Writes the lemma of `form` tagged `tag` into `out` (reusing its storage).
  void lemmatize(std::string_view form, int tag, std::string& out) const;
  void write(BinaryWriter& w) const;
  bool read(BinaryReader& r, size_t n_tags);

 private:
  struct Rule {
    uint32_t strip = 0;   // bytes removed from the end of the form
    uint32_t append = 0;  // index into strings_ of what is added
  };
  void build_index();
  std::vector<std::string> strings_;
  std::vector<uint8_t> keep_case_;       // per tag: lemmas keep the form's capitals (PROPN)
  std::vector<uint64_t> exception_keys_;  // hash(tag, form) -> strings_ index
  std::vector<uint32_t> exception_lemmas_;
  std::vector<uint64_t> rule_keys_;       // hash(tag, lower-cased suffix) -> rule
  std::vector<Rule> rules_;
  RowIndex exception_index_, rule_index_;
};

}  // namespace sitrep::syntax
