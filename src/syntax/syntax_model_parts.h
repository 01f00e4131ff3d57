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
  // The perceptron tagger, and either the transition parser or (when `bilstm` is set) the
  // BiLSTM parser.
  Tagger tagger;
  TransitionParser parser;
  std::unique_ptr<BiaffineParser> bilstm;
  Lemmatizer lemmatizer;
  // By tag id, the two halves of the tagger's "UPOS\tXPOS" tag names (views into them).
  std::vector<std::string_view> upos, xpos;
  void split_tag_names();
};

}  // namespace sitrep::syntax
