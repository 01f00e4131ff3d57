// Part-of-speech tagger: greedy left-to-right averaged perceptron (Collins 2002) over
// the word, its affixes and shape, neighbouring words and the two previous tags, with
// a tag dictionary that settles frequent unambiguous words without scoring. Two passes:
// the second, with weights of its own, also sees the first pass's tags of the next two
// words, and re-tags only the words the first pass was unsure of.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "syntax/features.h"
#include "syntax/perceptron.h"

namespace sitrep::syntax {

struct TreebankSentence;

// Appends the features of token i given the two previous predicted tags (-1 = none).
// `classes[j]` is token j's ambiguity class: a hash of the set of tags the training data
// gave its word, 0 when unknown; it lets the tagger look at the words ahead.
// `first_pass` is empty in the first pass; in the second it holds the first pass's tags,
// so the tagger sees the likely tags of the words ahead as well as those behind.
void tagger_features(std::span<const TokenKeys> toks, std::span<const uint64_t> classes, int i, int prev1, int prev2,
                     std::span<const uint16_t> first_pass, std::vector<uint64_t>& out);

class Tagger {
 public:
  const std::vector<std::string>& tag_names() const { return tags_; }
  const LinearModel& model() const { return model_; }
  // Writes one tag id per token into `out`. `feats` and `scores` are scratch space.
  struct Scratch {
    std::vector<uint64_t> feats;
    std::vector<float> scores;
    std::vector<uint64_t> classes;
    std::vector<uint16_t> first;  // first-pass tags
    std::vector<float> margin;    // first-pass score margins
  };
  // `alt`, when not empty, gets each token's runner-up tag where the tagger was unsure of
  // its choice (best beat the runner-up by less than kAltMargin score units), else the
  // chosen tag itself: the parser reads it so that it can hedge against tagging errors.
  void tag(std::span<const TokenKeys> toks, std::span<uint16_t> out, Scratch& scratch,
           std::span<uint16_t> alt = {}) const;
  static constexpr float kAltMargin = 10.0f;
  void write(BinaryWriter& w) const;
  bool read(BinaryReader& r);

  struct TrainOptions {
    int epochs = 8;
    uint64_t seed = 1;
    float prune = 0.0f;
  };
  // `tag_of(sentence, i)` names the gold tag of token i; `tag_names` lists every tag.
  static Tagger train(const std::vector<const TreebankSentence*>& data, const std::vector<std::string>& tag_names,
                      const std::vector<std::vector<uint16_t>>& gold, const TrainOptions& opt);

 private:
  std::vector<std::string> tags_;
  LinearModel model_;
  std::vector<uint64_t> dict_keys_;  // word (lower) hash -> tag, for frequent unambiguous words
  std::vector<uint16_t> dict_tags_;
  RowIndex dict_index_;
  std::vector<uint64_t> lexicon_keys_;  // word (lower) hash -> ambiguity class
  std::vector<uint64_t> lexicon_classes_;
  RowIndex lexicon_index_;
  void build_indexes();
  void ambiguity_classes(std::span<const TokenKeys> toks, std::vector<uint64_t>& out) const;
};

}  // namespace sitrep::syntax
