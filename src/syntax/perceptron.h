// Averaged perceptron over hashed sparse features (Collins 2002; Freund & Schapire's
// averaging done lazily with per-weight time stamps). Features are 64-bit hashes of a
// template id and its values (see feature_hash.h); each feature owns one row of
// n_classes weights. Training uses PerceptronTrainer, which grows rows on first
// update; `average()` freezes it into a LinearModel, the compact, read-only table used
// for prediction and stored in the model file.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "syntax/binary_io.h"

namespace sitrep::syntax {

// Open-addressing map from a non-zero 64-bit key to a dense row number.
class RowIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;
  void reserve(size_t n);
  uint32_t find(uint64_t key) const {
    if (keys_.empty()) return kMissing;
    for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return rows_[i];
      if (keys_[i] == 0) return kMissing;
    }
  }
  // Returns the row of `key`, giving it the next free row number when it is new.
  uint32_t find_or_add(uint64_t key);
  size_t size() const { return size_; }
  // Keys in row order.
  std::vector<uint64_t> keys_by_row() const;

 private:
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_ & mask_; }
  void grow();
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> rows_;
  size_t size_ = 0, mask_ = 0;
  int shift_ = 0;
};

// Rows are sparse: a feature keeps only the classes it has a non-zero weight for (the
// perceptron only ever touches a feature's gold and predicted classes, so most of a
// row is zero), which keeps the model small and scoring fast. Weights are 16-bit
// integers with one scale per table, in memory as in the file, and scores are summed
// as integers. A table of at most four classes (the parser's moves) keeps each row
// inside its hash slot, so a feature costs one cache line.
class LinearModel {
 public:
  LinearModel() = default;
  // `weights` is dense, row-major (keys.size() x n_classes); zeros are dropped.
  LinearModel(int n_classes, std::vector<uint64_t> keys, const std::vector<float>& weights);
  int n_classes() const { return n_classes_; }
  size_t n_features() const { return keys_.size(); }
  size_t n_weights() const { return weights_.size(); }
  // scores[c] = sum over known features of w[f][c]; scores must hold n_classes floats.
  void score(std::span<const uint64_t> features, float* scores) const;
  void write(BinaryWriter& w) const;
  bool read(BinaryReader& r);

  static constexpr int kInlineClasses = 4;

 private:
  // Open-addressing table from feature key straight to its entries, so a lookup costs
  // one cache line for the slot and one for the weights.
  struct Slot {
    uint64_t key = 0;
    uint32_t begin = 0, end = 0;
  };
  struct Entry {  // class and weight side by side: one cache line per row
    uint16_t cls;
    int16_t w;
  };
  struct InlineSlot {  // tables of <= kInlineClasses classes: the row itself
    uint64_t key = 0;
    int16_t w[kInlineClasses] = {};
  };
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_; }
  void build_index();
  int n_classes_ = 0;
  float scale_ = 1.0f;
  std::vector<Slot> table_;
  std::vector<InlineSlot> inline_table_;
  std::vector<Entry> entries_;  // classes_ and weights_ interleaved, for scoring
  size_t mask_ = 0;
  int shift_ = 64;
  std::vector<uint64_t> keys_;     // in row order, kept for writing
  std::vector<uint32_t> offsets_;  // row r's weights are classes_/weights_[offsets_[r] .. offsets_[r + 1])
  std::vector<uint8_t> classes_;
  std::vector<int16_t> weights_;
};

class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int n_classes) : n_classes_(n_classes) {}
  int n_classes() const { return n_classes_; }
  void score(std::span<const uint64_t> features, float* scores) const;
  // One training instance seen: advances the clock that the averages are taken over.
  void tick() { ++clock_; }
  // Perceptron update: features gain 1 for `gold` and lose 1 for `guess`.
  void update(std::span<const uint64_t> features, int gold, int guess);
  // Structured update, one step of a sequence: features gain `delta` for class `cls`.
  void add(std::span<const uint64_t> features, int cls, float delta);
  // The averaged weights; weights with |w| < `prune` are dropped.
  // Rows are written in ascending key order, so the result does not depend on the
  // order features were first seen.
  LinearModel average(float prune) const;

 private:
  void bump(uint32_t row, int cls, float delta);
  int n_classes_;
  RowIndex index_;
  std::vector<float> w_;
  std::vector<double> total_;
  std::vector<uint64_t> stamp_;
  uint64_t clock_ = 0;
};

}  // namespace sitrep::syntax
