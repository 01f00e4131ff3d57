// What a SyntaxModel is made of (internal to src/syntax: training builds one, the
// model file stores one, in this order).
#pragma once

#include <memory>

#include "syntax/biaffine.h"
#include "syntax/lemmatizer.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "syntax/transition_parser.h"

namespace sitrep::syntax {

struct SyntaxModel::Parts {
  // Either the perceptron tagger and transition parser, or (when `bilstm` is set) the
  // BiLSTM parser, which predicts tags and trees together.
  Tagger tagger;
  TransitionParser parser;
  std::unique_ptr<BiaffineParser> bilstm;
  std::vector<std::string> joint_tags;  // with bilstm: the lemmatiser's tags, "UPOS\tXPOS"
  Lemmatizer lemmatizer;
  // By tag id, the two halves of the tagger's "UPOS\tXPOS" tag names (views into them).
  std::vector<std::string_view> upos, xpos;
  // With bilstm: the lemmatiser's tag for UPOS u and XPOS x, at u * |XPOS| + x.
  std::vector<uint16_t> lemma_tag;
  const std::vector<std::string>& tag_names() const { return bilstm ? joint_tags : tagger.tag_names(); }
  void split_tag_names();
};

}  // namespace sitrep::syntax
