// Small neural-network pieces for the BiLSTM parser (src/syntax/biaffine.*): parameters
// with Adam state, dropout, leaky ReLU and one direction of an LSTM layer, each with its
// forward and backward pass written out. Matrices are Eigen, column-major, one column per
// token; a batch of B sentences padded to length L is laid out time-major (column t*B+b),
// so one time step of the whole batch is a contiguous block of B columns.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "syntax/random.h"

namespace sitrep::syntax::nn {

using Mat = Eigen::MatrixXf;
using Vec = Eigen::VectorXf;

// A weight matrix with its gradient and Adam moments.
struct Param {
  Mat w, g, m, v;
  void resize(int rows, int cols);  // weights zero, no training state
  void start_training();            // gradient and moments zero
  void stop_training();             // frees them
  // Uniform in [-a, a] (PyTorch's default for linear and LSTM weights with a = 1/sqrt(fan_in)).
  void uniform(float a, SplitMix& rng);
  void normal(float sd, SplitMix& rng);
};

// Adam (Kingma & Ba 2015) with the whole gradient's norm clipped first, as
// torch.nn.utils.clip_grad_norm_ then torch.optim.Adam do.
class Adam {
 public:
  Adam(float lr, float beta1, float beta2, float clip) : lr_(lr), b1_(beta1), b2_(beta2), clip_(clip) {}
  void set_lr(float lr) { lr_ = lr; }
  // Updates every parameter from its gradient and zeroes the gradients.
  void step(const std::vector<Param*>& params);

 private:
  float lr_, b1_, b2_, clip_;
  float eps_ = 1e-8f;
  int64_t t_ = 0;
};

// Inverted dropout: keeps each entry with probability 1-p, scaled by 1/(1-p). `mask`
// remembers the factors for the backward pass (empty when p == 0 or not training).
void dropout(Mat& x, float p, SplitMix& rng, Mat& mask);
inline void dropout_backward(Mat& dx, const Mat& mask) {
  if (mask.size()) dx.array() *= mask.array();
}

constexpr float kLeak = 0.1f;
inline void leaky_relu(Mat& x) { x = x.cwiseMax(kLeak * x); }
// dx *= f'(x) where `y` is the activation's output (same sign as its input).
inline void leaky_relu_backward(Mat& dx, const Mat& y) {
  dx.array() *= (y.array() > 0).select(Mat::Ones(y.rows(), y.cols()).array(), kLeak);
}

// Which columns of a time-major batch hold tokens: sentence b has lengths[b] positions.
struct BatchShape {
  int steps = 0;             // L, the longest sentence
  std::vector<int> lengths;  // per sentence, B entries
  int width() const { return static_cast<int>(lengths.size()); }
  int columns() const { return steps * width(); }
  bool valid(int column) const { return column / width() < lengths[column % width()]; }
};

class QuantizedMatrix;
struct LstmQuantized;

// One direction of an LSTM layer (gates in PyTorch's order: input, forget, cell, output;
// one bias).
struct LstmDirection {
  Param w_in;   // 4h x input
  Param w_rec;  // 4h x h
  Param bias;   // 4h x 1
  int hidden() const { return static_cast<int>(w_rec.w.cols()); }
  void allocate(int input, int hidden);
  void randomize(SplitMix& rng);
  std::vector<Param*> params() { return {&w_in, &w_rec, &bias}; }
};

// What the backward pass needs from the forward pass.
struct LstmTrace {
  Mat gates;  // 4h x columns, after the nonlinearities
  Mat cell;   // h x columns
};

// Runs one direction over the batch (right to left when `reverse`), writing its output
// to rows [row0, row0+h) of `out`. Padding columns get zero state, so a right-to-left
// pass starts fresh at each sentence's own last token. `trace` may be null at prediction;
// with `quantized` the products use its 8-bit weights (prediction only).
void lstm_forward(const LstmDirection& dir, const Mat& x, const BatchShape& shape, bool reverse,
                  Mat& out, int row0, LstmTrace* trace, const LstmQuantized* quantized = nullptr);
// Given d(loss)/d(out rows [row0, row0+h)), accumulates the direction's gradients and
// adds d(loss)/d(x) to `dx`. `out` is the forward output.
void lstm_backward(LstmDirection& dir, const Mat& x, const BatchShape& shape, bool reverse,
                   const Mat& out, int row0, const LstmTrace& trace, const Mat& dout, Mat& dx);

}  // namespace sitrep::syntax::nn
