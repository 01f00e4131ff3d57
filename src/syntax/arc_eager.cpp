#include "syntax/arc_eager.h"

namespace sitrep::syntax {

void ArcEagerState::reset(int n_words) {
  n_ = n_words;
  b_ = 1;
  const size_t size = static_cast<size_t>(n_) + 1;
  stack_.clear();
  on_stack_.assign(size, 0);
  head_.assign(size, -1);
  label_.assign(size, -1);
  lc_.assign(2 * size, -1);
  rc_.assign(2 * size, -1);
  lval_.assign(size, 0);
  rval_.assign(size, 0);
  lset_.assign(size, 0);
  rset_.assign(size, 0);
}

bool ArcEagerState::can(Move m) const {
  const int s0 = stack(0);
  switch (m) {
    case kShift: return b_ <= n_;
    case kRight: return b_ <= n_ && s0 > 0;
    case kLeft: return b_ <= n_ + 1 && s0 > 0 && head_[s0] < 0;
    case kReduce: return s0 > 0 && head_[s0] >= 0;
  }
  return false;
}

void ArcEagerState::add_arc(int h, int d, int label) {
  head_[d] = h;
  label_[d] = label;
  const uint64_t bit = label >= 0 && label < 64 ? uint64_t{1} << label : 0;
  if (d < h) {
    if (lc_[2 * h] < 0 || d < lc_[2 * h]) { lc_[2 * h + 1] = lc_[2 * h]; lc_[2 * h] = d; }
    else if (lc_[2 * h + 1] < 0 || d < lc_[2 * h + 1]) lc_[2 * h + 1] = d;
    ++lval_[h];
    lset_[h] |= bit;
  } else {
    if (rc_[2 * h] < 0 || d > rc_[2 * h]) { rc_[2 * h + 1] = rc_[2 * h]; rc_[2 * h] = d; }
    else if (rc_[2 * h + 1] < 0 || d > rc_[2 * h + 1]) rc_[2 * h + 1] = d;
    ++rval_[h];
    rset_[h] |= bit;
  }
}

void ArcEagerState::apply(Move m, int label) {
  const int s0 = stack(0);
  switch (m) {
    case kShift:
      stack_.push_back(b_);
      on_stack_[b_] = 1;
      ++b_;
      break;
    case kRight:
      add_arc(s0, b_, label);
      stack_.push_back(b_);
      on_stack_[b_] = 1;
      ++b_;
      break;
    case kLeft:
      add_arc(buffer(0), s0, label);
      stack_.pop_back();
      on_stack_[s0] = 0;
      break;
    case kReduce:
      stack_.pop_back();
      on_stack_[s0] = 0;
      break;
  }
}

int ArcEagerState::cost(Move m, const std::vector<int>& gold) const {
  const int s = stack(0), b = b_;
  auto pos = [&](int w) { return w == 0 ? n_ + 1 : w; };  // the root is the last buffer item
  int c = 0;
  switch (m) {
    case kLeft:  // s leaves with head b: loses its head in b+1.. and its dependents in the buffer
      if (pos(gold[s]) > b) ++c;
      for (int k = b; k <= n_; ++k) c += gold[k] == s;
      break;
    case kRight:  // b gets head s: loses another head in stack or buffer, and headless stack dependents
      if (gold[b] != s && (pos(gold[b]) > b || on_stack_[gold[b]])) ++c;
      for (int k : stack_) c += k > 0 && gold[k] == b && head_[k] < 0;
      break;
    case kReduce:  // s leaves: loses its dependents in the buffer
      for (int k = b; k <= n_; ++k) c += gold[k] == s;
      break;
    case kShift:  // b goes on the stack: loses its head in the stack and headless stack dependents
      if (on_stack_[gold[b]]) ++c;
      for (int k : stack_) c += k > 0 && gold[k] == b && head_[k] < 0;
      break;
  }
  return c;
}

}  // namespace sitrep::syntax
