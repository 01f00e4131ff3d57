#include "syntax/nn.h"

#include <cmath>

#include "syntax/quantized.h"

namespace sitrep::syntax::nn {

void Param::resize(int rows, int cols) { w = Mat::Zero(rows, cols); }

void Param::start_training() {
  g = Mat::Zero(w.rows(), w.cols());
  m = Mat::Zero(w.rows(), w.cols());
  v = Mat::Zero(w.rows(), w.cols());
}

void Param::stop_training() { g = m = v = Mat(); }

void Param::uniform(float a, SplitMix& rng) {
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>((2 * rng.unit() - 1) * a);
}

void Param::normal(float sd, SplitMix& rng) {
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    // Box-Muller from the project's own generator, so weights are the same everywhere.
    double u1 = 1.0 - rng.unit(), u2 = rng.unit();
    w.data()[i] = static_cast<float>(sd * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
  }
}

void Adam::step(const std::vector<Param*>& params) {
  double norm2 = 0;
  for (const Param* p : params) norm2 += static_cast<double>(p->g.squaredNorm());
  double norm = std::sqrt(norm2);
  float scale = norm > clip_ ? static_cast<float>(clip_ / (norm + 1e-6)) : 1.0f;
  ++t_;
  const float bc1 = 1 - std::pow(b1_, static_cast<float>(t_));
  const float bc2 = 1 - std::pow(b2_, static_cast<float>(t_));
  const float step = lr_ / bc1, root_bc2 = std::sqrt(bc2);
  for (Param* p : params) {
    auto g = p->g.array() * scale;
    p->m.array() = b1_ * p->m.array() + (1 - b1_) * g;
    p->v.array() = b2_ * p->v.array() + (1 - b2_) * g * g;
    p->w.array() -= step * p->m.array() / (p->v.array().sqrt() / root_bc2 + eps_);
    p->g.setZero();
  }
}

void dropout(Mat& x, float p, SplitMix& rng, Mat& mask) {
  if (p <= 0) {
    mask.resize(0, 0);
    return;
  }
  mask.resize(x.rows(), x.cols());
  const float keep = 1 / (1 - p);
  for (Eigen::Index i = 0; i < mask.size(); ++i) mask.data()[i] = rng.unit() < p ? 0.0f : keep;
  x.array() *= mask.array();
}

void LstmDirection::allocate(int input, int hidden) {
  w_in.resize(4 * hidden, input);
  w_rec.resize(4 * hidden, hidden);
  bias.resize(4 * hidden, 1);
}

void LstmDirection::randomize(SplitMix& rng) {
  const float a = 1 / std::sqrt(static_cast<float>(hidden()));
  w_in.uniform(a, rng);
  w_rec.uniform(a, rng);
  bias.uniform(a, rng);
}

namespace {

// The time step whose state feeds step t, or -1 at the start.
inline int previous_step(int t, int steps, bool reverse) {
  int p = reverse ? t + 1 : t - 1;
  return p < 0 || p >= steps ? -1 : p;
}

}  // namespace

void lstm_forward(const LstmDirection& dir, const Mat& x, const BatchShape& shape, bool reverse,
                  Mat& out, int row0, LstmTrace* trace, const LstmQuantized* quantized) {
  const int h = dir.hidden(), B = shape.width(), L = shape.steps;
  Mat pre, rec;
  if (quantized) {
    quantized->w_in.multiply(x, pre);
    rec.resize(4 * h, B);
  } else {
    pre.noalias() = dir.w_in.w * x;
  }
  pre.colwise() += dir.bias.w.col(0);
  if (trace) {
    trace->gates.resize(4 * h, L * B);
    trace->cell.resize(h, L * B);
  }
  Mat state = Mat::Zero(h, B), cell = Mat::Zero(h, B), g(4 * h, B);
  for (int s = 0; s < L; ++s) {
    const int t = reverse ? L - 1 - s : s;
    g = pre.middleCols(t * B, B);
    if (quantized) {
      quantized->w_rec.multiply(state, rec);
      g += rec;
    } else {
      g.noalias() += dir.w_rec.w * state;
    }
    g.topRows(2 * h) = g.topRows(2 * h).array().logistic().matrix();
    g.middleRows(2 * h, h) = g.middleRows(2 * h, h).array().tanh().matrix();
    g.bottomRows(h) = g.bottomRows(h).array().logistic().matrix();
    cell = g.middleRows(h, h).cwiseProduct(cell) + g.topRows(h).cwiseProduct(g.middleRows(2 * h, h));
    state = g.bottomRows(h).cwiseProduct(cell.array().tanh().matrix());
    for (int b = 0; b < B; ++b) {
      if (t >= shape.lengths[b]) {
        cell.col(b).setZero();
        state.col(b).setZero();
      }
    }
    out.block(row0, t * B, h, B) = state;
    if (trace) {
      trace->gates.middleCols(t * B, B) = g;
      trace->cell.middleCols(t * B, B) = cell;
    }
  }
}

void lstm_backward(LstmDirection& dir, const Mat& x, const BatchShape& shape, bool reverse,
                   const Mat& out, int row0, const LstmTrace& trace, const Mat& dout, Mat& dx) {
  const int h = dir.hidden(), B = shape.width(), L = shape.steps;
  Mat dpre(4 * h, L * B);
  Mat prev_state = Mat::Zero(h, L * B);  // the state each step started from
  Mat dstate = Mat::Zero(h, B), dcell = Mat::Zero(h, B), dg(4 * h, B);
  Eigen::ArrayXXf prev_cell(h, B);
  for (int s = L - 1; s >= 0; --s) {
    const int t = reverse ? L - 1 - s : s;
    const int p = previous_step(t, L, reverse);
    if (p >= 0) {
      prev_cell = trace.cell.middleCols(p * B, B).array();
      prev_state.middleCols(t * B, B) = out.block(row0, p * B, h, B);
    } else {
      prev_cell.setZero();
    }
    auto gates = trace.gates.middleCols(t * B, B).array();
    auto in = gates.topRows(h), forget = gates.middleRows(h, h);
    auto cand = gates.middleRows(2 * h, h), output = gates.bottomRows(h);
    Eigen::ArrayXXf tc = trace.cell.middleCols(t * B, B).array().tanh();
    Eigen::ArrayXXf dh = dout.block(row0, t * B, h, B).array() + dstate.array();
    Eigen::ArrayXXf dc = dcell.array() + dh * output * (1 - tc * tc);
    dg.topRows(h) = (dc * cand * in * (1 - in)).matrix();
    dg.middleRows(h, h) = (dc * prev_cell * forget * (1 - forget)).matrix();
    dg.middleRows(2 * h, h) = (dc * in * (1 - cand * cand)).matrix();
    dg.bottomRows(h) = (dh * tc * output * (1 - output)).matrix();
    dcell = (dc * forget).matrix();
    for (int b = 0; b < B; ++b) {
      if (t >= shape.lengths[b]) {  // padding: its state was reset, nothing flows through it
        dg.col(b).setZero();
        dcell.col(b).setZero();
      }
    }
    dpre.middleCols(t * B, B) = dg;
    dstate.noalias() = dir.w_rec.w.transpose() * dg;
  }
  dir.w_rec.g.noalias() += dpre * prev_state.transpose();
  dir.w_in.g.noalias() += dpre * x.transpose();
  dir.bias.g += dpre.rowwise().sum();
  dx.noalias() += dir.w_in.w.transpose() * dpre;
}

}  // namespace sitrep::syntax::nn
