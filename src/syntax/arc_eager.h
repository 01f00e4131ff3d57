// The arc-eager transition system (Nivre 2003) with the dynamic oracle of Goldberg &
// Nivre (2012). Words are numbered 1..n; 0 is the artificial root, which comes last in
// the buffer, after word n (Ballesteros & Nivre 2013): the root word is chosen once the
// whole sentence has been read, not when its first word is. Arcs are labelled with label ids; the state also keeps what the feature
// templates of Zhang & Nivre (2011) need: leftmost/rightmost children, valencies and
// the sets of child labels on each side.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sitrep::syntax {

enum Move : int { kShift = 0, kReduce = 1, kLeft = 2, kRight = 3 };
inline constexpr int kMoveCount = 4;

class ArcEagerState {
 public:
  void reset(int n_words);
  int n() const { return n_; }
  // Top of stack (0 = root, -1 = empty) and the next buffer words (-1 when past the end).
  int stack(int depth) const {
    return depth < static_cast<int>(stack_.size()) ? stack_[stack_.size() - 1 - depth] : -1;
  }
  // The root (0) comes after the last word: the buffer is 1..n then 0.
  int buffer(int ahead) const { return b_ + ahead <= n_ ? b_ + ahead : b_ + ahead == n_ + 1 ? 0 : -1; }
  size_t stack_size() const { return stack_.size(); }
  bool terminal() const { return b_ > n_ && stack_.empty(); }
  bool in_stack(int w) const { return on_stack_[w] != 0; }
  bool can(Move m) const;
  // Applies a valid move; `label` is used by kLeft and kRight.
  void apply(Move m, int label);

  int head(int w) const { return head_[w]; }   // -1 while unattached
  int label(int w) const { return label_[w]; }  // -1 while unattached
  int leftmost(int w, int k = 0) const { return lc_[2 * w + k]; }   // k = 0: leftmost, 1: second leftmost
  int rightmost(int w, int k = 0) const { return rc_[2 * w + k]; }
  int left_valency(int w) const { return lval_[w]; }
  int right_valency(int w) const { return rval_[w]; }
  uint64_t left_labels(int w) const { return lset_[w]; }  // bit l set when a left child has label l
  uint64_t right_labels(int w) const { return rset_[w]; }

  // Unlabelled cost of a valid move: gold arcs it makes unreachable. `gold_heads` is
  // indexed by word (1..n) and gives 0 for the root word; index 0 is ignored.
  int cost(Move m, const std::vector<int>& gold_heads) const;

 private:
  void add_arc(int h, int d, int label);
  int n_ = 0, b_ = 1;
  std::vector<int> stack_;
  std::vector<uint8_t> on_stack_;
  std::vector<int> head_, label_, lc_, rc_;
  std::vector<uint16_t> lval_, rval_;
  std::vector<uint64_t> lset_, rset_;
};

}  // namespace sitrep::syntax
