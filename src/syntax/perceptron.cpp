#include "syntax/perceptron.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

namespace sitrep::syntax {

void RowIndex::reserve(size_t n) {
  while (keys_.size() < 2 * n + 2) grow();
}

void RowIndex::grow() {
  size_t cap = keys_.empty() ? 1024 : keys_.size() * 2;
  std::vector<uint64_t> old_keys(cap, 0);
  std::vector<uint32_t> old_rows(cap, 0);
  old_keys.swap(keys_);
  old_rows.swap(rows_);
  mask_ = cap - 1;
  shift_ = 64 - std::countr_zero(cap);
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == 0) continue;
    size_t s = slot_of(old_keys[i]);
    while (keys_[s] != 0) s = (s + 1) & mask_;
    keys_[s] = old_keys[i];
    rows_[s] = old_rows[i];
  }
}

uint32_t RowIndex::find_or_add(uint64_t key) {
  if ((size_ + 1) * 2 > keys_.size()) grow();
  size_t s = slot_of(key);
  for (;; s = (s + 1) & mask_) {
    if (keys_[s] == key) return rows_[s];
    if (keys_[s] == 0) break;
  }
  keys_[s] = key;
  rows_[s] = static_cast<uint32_t>(size_);
  return static_cast<uint32_t>(size_++);
}

std::vector<uint64_t> RowIndex::keys_by_row() const {
  std::vector<uint64_t> out(size_);
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] != 0) out[rows_[i]] = keys_[i];
  return out;
}

LinearModel::LinearModel(int n_classes, std::vector<uint64_t> keys, const std::vector<float>& weights)
    : n_classes_(n_classes), keys_(std::move(keys)) {
  // One scale for the table: the largest weight becomes 32767 (the rounding error, under
  // 1/65535 of the largest weight, does not change predictions measurably).
  float biggest = 0;
  for (float w : weights) biggest = std::max(biggest, std::fabs(w));
  scale_ = biggest > 0 ? biggest / 32767.0f : 1.0f;
  offsets_.reserve(keys_.size() + 1);
  offsets_.push_back(0);
  for (size_t r = 0; r < keys_.size(); ++r) {
    for (int c = 0; c < n_classes_; ++c)
      if (float w = weights[r * n_classes_ + c]; w != 0.0f) {
        classes_.push_back(static_cast<uint8_t>(c));
        weights_.push_back(static_cast<int16_t>(std::lround(w / scale_)));
      }
    offsets_.push_back(static_cast<uint32_t>(weights_.size()));
  }
  build_index();
}

void LinearModel::build_index() {
  size_t cap = 16;
  while (cap < keys_.size() + keys_.size() / 2 + 1) cap *= 2;
  mask_ = cap - 1;
  shift_ = 64 - std::countr_zero(cap);
  table_.clear();
  inline_table_.clear();
  entries_.clear();
  if (n_classes_ <= kInlineClasses) {
    inline_table_.assign(cap, InlineSlot{});
    for (size_t r = 0; r < keys_.size(); ++r) {
      size_t s = slot_of(keys_[r]);
      while (inline_table_[s].key != 0) s = (s + 1) & mask_;
      inline_table_[s].key = keys_[r];
      for (uint32_t i = offsets_[r]; i < offsets_[r + 1]; ++i) inline_table_[s].w[classes_[i]] = weights_[i];
    }
    return;
  }
  entries_.resize(weights_.size());
  for (size_t i = 0; i < weights_.size(); ++i) entries_[i] = {classes_[i], weights_[i]};
  table_.assign(cap, Slot{});
  for (size_t r = 0; r < keys_.size(); ++r) {
    size_t s = slot_of(keys_[r]);
    while (table_[s].key != 0) s = (s + 1) & mask_;
    table_[s] = {keys_[r], offsets_[r], offsets_[r + 1]};
  }
}

void LinearModel::score(std::span<const uint64_t> features, float* scores) const {
  std::fill(scores, scores + n_classes_, 0.0f);
  if (keys_.empty()) return;
  int32_t sums[256] = {};
  // Touch every feature's slot first so the cache misses overlap.
  if (!inline_table_.empty()) {
    for (uint64_t f : features) __builtin_prefetch(&inline_table_[slot_of(f)]);
    for (uint64_t f : features) {
      for (size_t s = slot_of(f);; s = (s + 1) & mask_) {
        const InlineSlot& slot = inline_table_[s];
        if (slot.key == f) {
          for (int c = 0; c < kInlineClasses; ++c) sums[c] += slot.w[c];
          break;
        }
        if (slot.key == 0) break;
      }
    }
  } else {
    // Find every feature's row (prefetching its entries), then add the rows up, so the
    // misses on the entries overlap too.
    thread_local std::vector<const Slot*> found;
    found.clear();
    for (uint64_t f : features) __builtin_prefetch(&table_[slot_of(f)]);
    for (uint64_t f : features) {
      for (size_t s = slot_of(f);; s = (s + 1) & mask_) {
        const Slot& slot = table_[s];
        if (slot.key == f) {
          __builtin_prefetch(&entries_[slot.begin]);
          found.push_back(&slot);
          break;
        }
        if (slot.key == 0) break;
      }
    }
    for (const Slot* slot : found)
      for (uint32_t i = slot->begin; i < slot->end; ++i) sums[entries_[i].cls] += entries_[i].w;
  }
  for (int c = 0; c < n_classes_; ++c) scores[c] = static_cast<float>(sums[c]) * scale_;
}

void LinearModel::write(BinaryWriter& w) const {
  w.pod<int32_t>(n_classes_);
  w.array(keys_);
  w.array(offsets_);
  w.pod<float>(scale_);
  w.array(classes_);
  w.array(weights_);
}

bool LinearModel::read(BinaryReader& r) {
  n_classes_ = r.pod<int32_t>();
  if (!r.ok() || n_classes_ <= 0 || n_classes_ > 256) return false;
  r.array(keys_);
  r.array(offsets_);
  scale_ = r.pod<float>();
  r.array(classes_);
  r.array(weights_);
  if (!r.ok() || !(scale_ > 0) || offsets_.size() != keys_.size() + 1 || classes_.size() != weights_.size() ||
      offsets_.front() != 0 || offsets_.back() != weights_.size())
    return false;
  for (size_t i = 0; i + 1 < offsets_.size(); ++i)
    if (offsets_[i] > offsets_[i + 1]) return false;
  for (uint8_t c : classes_)
    if (c >= n_classes_) return false;
  for (size_t i = 0; i < keys_.size(); ++i)  // keys are written in ascending order: no zero, no duplicate
    if (keys_[i] == 0 || (i > 0 && keys_[i] <= keys_[i - 1])) return false;
  build_index();
  return true;
}

void PerceptronTrainer::score(std::span<const uint64_t> features, float* scores) const {
  const int n = n_classes_;
  std::fill(scores, scores + n, 0.0f);
  for (uint64_t f : features) {
    uint32_t row = index_.find(f);
    if (row == RowIndex::kMissing) continue;
    const float* w = w_.data() + static_cast<size_t>(row) * n;
    for (int c = 0; c < n; ++c) scores[c] += w[c];
  }
}

void PerceptronTrainer::bump(uint32_t row, int cls, float delta) {
  size_t i = static_cast<size_t>(row) * n_classes_ + cls;
  total_[i] += static_cast<double>(clock_ - stamp_[i]) * w_[i];
  stamp_[i] = clock_;
  w_[i] += delta;
}

void PerceptronTrainer::update(std::span<const uint64_t> features, int gold, int guess) {
  if (gold == guess) return;
  add(features, gold, 1.0f);
  add(features, guess, -1.0f);
}

void PerceptronTrainer::add(std::span<const uint64_t> features, int cls, float delta) {
  for (uint64_t f : features) {
    uint32_t row = index_.find_or_add(f);
    if (static_cast<size_t>(row + 1) * n_classes_ > w_.size()) {
      w_.resize(static_cast<size_t>(row + 1) * n_classes_, 0.0f);
      total_.resize(w_.size(), 0.0);
      stamp_.resize(w_.size(), clock_);
    }
    bump(row, cls, delta);
  }
}

LinearModel PerceptronTrainer::average(float prune) const {
  const int n = n_classes_;
  std::vector<uint64_t> keys = index_.keys_by_row();
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<uint64_t> out_keys;
  std::vector<float> out_w;
  std::vector<float> row_avg(n);
  const double clock = std::max<uint64_t>(clock_, 1);
  for (uint32_t r : order) {
    float biggest = 0;
    for (int c = 0; c < n; ++c) {
      size_t i = static_cast<size_t>(r) * n + c;
      double t = total_[i] + static_cast<double>(clock_ - stamp_[i]) * w_[i];
      row_avg[c] = static_cast<float>(t / clock);
      if (std::fabs(row_avg[c]) < prune) row_avg[c] = 0.0f;
      biggest = std::max(biggest, std::fabs(row_avg[c]));
    }
    if (biggest == 0.0f) continue;
    out_keys.push_back(keys[r]);
    out_w.insert(out_w.end(), row_avg.begin(), row_avg.end());
  }
  return LinearModel(n, std::move(out_keys), out_w);
}

}  // namespace sitrep::syntax
