// A BiLSTM encoder with biaffine arc and label scorers and UPOS/XPOS heads (Kiperwasser &
// Goldberg 2016, Dozat & Manning 2017), trained and run in C++ with Eigen. Each word is
// the sum of learned vectors: its lower-cased form (words seen twice in training), eight
// hashed affixes (suffixes of 1-4 bytes, prefixes of 1-3, the form with its case) and its
// shape; two bidirectional LSTM layers read the sentence; the arc scorer gives every
// (dependent, head) pair a score and Eisner's algorithm picks the best projective tree;
// the label scorer names each arc; the tag heads read the same encoder.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syntax/binary_io.h"
#include "syntax/conllu.h"
#include "syntax/nn.h"
#include "syntax/quantized.h"

namespace sitrep::syntax {

struct BiaffineOptions {
  int word_dim = 100, affix_dim = 100, shape_dim = 16;
  int hidden = 128;  // per direction
  int layers = 2;
  int arc_dim = 256, label_dim = 64;
  float dropout = 0.33f, word_dropout = 0.25f;
  int epochs = 40;
  int batch = 32;  // sentences per update
  float learning_rate = 2e-3f, decay = 0.95f;  // the rate is multiplied by `decay` each epoch
  uint64_t seed = 1;
  int threads = 2;  // training runs the two directions of each layer side by side; same model either way
};

// The analysis of one sentence: per token, indexes into the model's tag and label names.
struct BiaffineParse {
  std::vector<int> upos, xpos, head, label;  // head: 0-based token index, -1 for the root
};

class BiaffineParser {
 public:
  static constexpr int kAffixes = 8;
  static constexpr int kAffixBuckets = 50000;

  // Trains on `train`; after each epoch reports dev accuracy to `log` (when `dev` is not
  // empty) and keeps the weights of the epoch with the best dev LAS (the last epoch
  // without dev). Deterministic for the same data and options.
  static std::unique_ptr<BiaffineParser> train(const std::vector<TreebankSentence>& train,
                                               const std::vector<TreebankSentence>& dev,
                                               const BiaffineOptions& options, std::ostream& log);

  // Compares the backward pass with central differences on `samples` weights of every
  // parameter (dropout off) and returns the largest relative error. For tests.
  static double gradient_check(const std::vector<TreebankSentence>& data, BiaffineOptions options, int samples);

  // Parses sentences (token forms), several at a time: `out[i]` for `sentences[i]`.
  void parse(std::span<const std::vector<std::string_view>> sentences, std::vector<BiaffineParse>& out) const;

  const std::vector<std::string>& upos_names() const { return upos_names_; }
  const std::vector<std::string>& xpos_names() const { return xpos_names_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  const BiaffineOptions& options() const { return opt_; }
  // "parataxis", for joining the pieces of an over-long sentence (the first label if the
  // treebank had none).
  std::string_view parataxis_label() const;

  void save(BinaryWriter& w) const;
  // Null (with `error`) for a damaged section.
  static std::unique_ptr<BiaffineParser> load(BinaryReader& r, std::string* error);

  // Internal: one sentence as the network's inputs (position 0 is the root) and gold
  // annotation where known (-1 otherwise).
  struct Encoded {
    std::vector<int32_t> word;
    std::vector<int32_t> affix;  // kAffixes per position
    std::vector<int32_t> shape;
    std::vector<int32_t> upos, xpos, head, label;
    int size() const { return static_cast<int>(word.size()); }
  };
  struct Batch;
  struct Gradients;

 private:
  BiaffineParser() = default;
  // Tag and label names and the word list from `train`, weights drawn from `rng`.
  static std::unique_ptr<BiaffineParser> untrained(const std::vector<TreebankSentence>& train,
                                                   const BiaffineOptions& options, SplitMix& rng);
  void allocate();                // every parameter at its shape, zero
  void randomize(SplitMix& rng);  // initial weights for training
  std::vector<nn::Param*> params();
  Encoded encode(std::span<const std::string_view> forms) const;
  Encoded encode(const TreebankSentence& s) const;
  // Forward pass over a batch; with `rng` (training) dropout is on and the trace for the
  // backward pass is kept. Returns the loss summed over tokens when gold is present.
  void forward(Batch& batch, SplitMix* rng) const;
  double backward(Batch& batch);
  void decode(Batch& batch, std::vector<BiaffineParse>& out) const;

  BiaffineOptions opt_;
  std::vector<std::string> upos_names_, xpos_names_, label_names_;
  int root_label_ = -1;  // "root": the label of the root's one dependent, and of no other
  void find_labels();
  std::unordered_map<uint64_t, int32_t> word_ids_;  // lower-cased form hash -> row (3..)
  std::vector<uint64_t> word_keys_;                 // row - 3 -> key, for saving

  nn::Param word_emb_, affix_emb_, shape_emb_;  // one column per entry
  std::vector<nn::LstmDirection> lstm_;         // layer-major, left-to-right then right-to-left
  nn::Param upos_w_, upos_b_, xpos_w_, xpos_b_;
  nn::Param arc_dep_w_, arc_dep_b_, arc_head_w_, arc_head_b_;
  nn::Param lab_dep_w_, lab_dep_b_, lab_head_w_, lab_head_b_;
  nn::Param arc_w_, arc_b_;  // arc_dim x arc_dim, arc_dim x 1
  nn::Param lab_w_;          // (label_dim+1)*labels x (label_dim+1), one block per label

  // The dense weights in 8 bits, which parsing multiplies with (training uses the floats).
  struct Quantized {
    std::vector<nn::LstmQuantized> lstm;
    nn::QuantizedMatrix upos, xpos, arc_dep, arc_head, lab_dep, lab_head, arc_wt, lab_w;
  };
  std::unique_ptr<Quantized> quantized_;
  void quantize();  // after loading, and after each training epoch
};

// The highest-scoring projective tree (Eisner 1996) in which the root (position 0) has
// exactly one dependent. `scores(h, d)` is the score of head h for dependent d over n
// positions. Returns heads per position, heads[0] = -1.
std::vector<int> eisner(const nn::Mat& scores);

}  // namespace sitrep::syntax
