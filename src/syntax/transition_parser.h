// The dependency parser behind SyntaxModel: greedy arc-eager parsing (arc_eager.h)
// scored by two averaged perceptrons, one choosing the move (shift, reduce, left-arc,
// right-arc) from Zhang & Nivre (2011)-style features, one choosing the relation of each
// new arc from features of its head and dependent. Trained with the dynamic oracle of
// Goldberg & Nivre (2012), exploring the model's own mistakes after the first epoch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "syntax/arc_eager.h"
#include "syntax/features.h"
#include "syntax/perceptron.h"

namespace sitrep::syntax {

// A sentence as the parser sees it: word w (1..n) is keys[w-1] tagged tags[w-1].
// `coarse[t]` is the UPOS class of tag t (the parser fills it in); features on the coarse
// class stay right when the tagger confuses XPOS tags of one UPOS (VBD/VBN, NN/NNS).
// `alt[w-1]` is the tagger's runner-up tag where it was unsure of tags[w-1], else tags[w-1]
// itself (see Tagger::tag); empty means sure everywhere.
struct ParserInput {
  std::span<const TokenKeys> keys;
  std::span<const uint16_t> tags;
  std::span<const uint16_t> alt = {};
  std::span<const uint16_t> coarse = {};
  std::span<const uint8_t> punct = {};  // by tag id: 1 for punctuation (the parser fills it in)
};

// Appends the move features of a state.
void move_features(const ArcEagerState& st, const ParserInput& in, std::vector<uint64_t>& out);
// Appends the relation features of the arc head -> dep about to be added in state `st`.
void label_features(const ArcEagerState& st, const ParserInput& in, int head, int dep, std::vector<uint64_t>& out);

// Beam search (TransitionParser::beam() > 1): the states kept after each move.
struct BeamItem {
  ArcEagerState state;
  double score = 0;
  int parent = -1;   // index of the item it came from in the previous beam
  int move = -1;
  int label = -1;
  bool gold = false;  // training: every move so far was the oracle's
};
struct BeamCandidate {
  int item, move;
  double score;
};

struct ParserScratch {
  ArcEagerState state;
  std::vector<uint64_t> feats;
  std::vector<float> scores;
  std::vector<BeamItem> beam, next;
  std::vector<BeamCandidate> candidates;
};

class TransitionParser {
 public:
  const std::vector<std::string>& label_names() const { return labels_; }
  int parataxis_label() const { return parataxis_label_; }
  // Beam width: 1 is greedy; wider beams keep that many highest-scoring move sequences
  // (the model must have been trained with the same search, TrainOptions::beam).
  int beam() const { return beam_; }
  void set_beam(int width) { beam_ = width < 1 ? 1 : width; }
  // Beam items that trail the best by more than this many score units are dropped (0:
  // keep all `beam()`): most steps have one clear best, so the search narrows there.
  float beam_threshold() const { return beam_threshold_; }
  void set_beam_threshold(float t) { beam_threshold_ = t > 0 ? t : 0; }
  // The tagger's "UPOS\tXPOS" tag names, by tag id (training and loading call it).
  void set_tag_names(const std::vector<std::string>& tag_names);
  const LinearModel& moves() const { return moves_; }
  const LinearModel& relations() const { return relations_; }
  // Parses a sentence of in.keys.size() words: heads[i] is the 0-based head of word i
  // (-1 for the root), rels[i] its relation id. Words the moves leave unattached are
  // attached to the root word (as "parataxis", or "punct" for punctuation tags).
  void parse(const ParserInput& in, ParserScratch& scratch, std::span<int> heads, std::span<uint16_t> rels) const;
  void write(BinaryWriter& w) const;
  bool read(BinaryReader& r);

  struct Example {
    std::vector<TokenKeys> keys;
    std::vector<uint16_t> tags;        // predicted (jackknifed) tags, as at parse time
    std::vector<uint16_t> alt;         // the tagger's runner-up tags (ParserInput::alt)
    std::vector<int> heads;            // gold, 1-based by word with 0 = root, index 0 unused
    std::vector<uint16_t> rels;        // gold relation ids, by word, index 0 unused
  };
  struct TrainOptions {
    int epochs = 15;
    uint64_t seed = 1;
    double explore = 0.9;  // after epoch 1: chance of following a wrong predicted move
    float prune = 0.0f;
    // > 1: beam search with global training (Zhang & Clark 2008, Zhang & Nivre 2011): the
    // whole move sequence is scored, and each sentence updates on the prefix where the
    // beam's best sequence beat the oracle's by the most (max-violation, Huang et al. 2012).
    int beam = 1;
    float beam_threshold = 0;  // stored for parsing (beam_threshold()); training searches the full beam
    std::vector<std::string> labels;
    std::vector<std::string> tag_names;  // to find punctuation (names starting "PUNCT")
  };
  static TransitionParser train(const std::vector<Example>& data, const TrainOptions& opt,
                                const std::vector<Example>* dev = nullptr);
  // Labelled and unlabelled attachment over `data` (for progress reports during training).
  std::pair<double, double> attachment(const std::vector<Example>& data) const;

 private:
  int predict_label(const ArcEagerState& st, const ParserInput& in, int head, int dep, ParserScratch& sc) const;
  void parse_greedy(const ParserInput& in, ParserScratch& sc) const;
  void parse_beam(const ParserInput& in, ParserScratch& sc) const;
  int beam_ = 1;
  float beam_threshold_ = 0;
  void finish(const ParserInput& in, const ArcEagerState& st, std::span<int> heads, std::span<uint16_t> rels) const;
  std::vector<std::string> labels_;
  int root_label_ = 0, punct_label_ = 0, parataxis_label_ = 0;
  std::vector<uint8_t> punct_tags_;  // by tag id: 1 for punctuation tags ("PUNCT...")
  std::vector<uint16_t> coarse_;     // by tag id: its UPOS class (see ParserInput)
  LinearModel moves_, relations_;
};

}  // namespace sitrep::syntax
