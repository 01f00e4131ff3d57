#include "syntax/biaffine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "syntax/features.h"

namespace sitrep::syntax {

using nn::Mat;

namespace {

constexpr int32_t kPad = 0, kUnk = 1, kRoot = 2;
constexpr int kShapes = 33;  // five shape bits, and the root

int32_t shape_of(std::string_view w) {
  bool first_upper = !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  bool any_upper = false, any_lower = false, digit = false, hyphen = false, alnum = false;
  for (unsigned char c : w) {
    any_upper |= c >= 'A' && c <= 'Z';
    any_lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
    hyphen |= c == '-';
    alnum |= std::isalnum(c) || c >= 0x80;
  }
  int32_t s = 0;
  if (first_upper) s |= 1;
  if (any_upper && !any_lower && w.size() > 1) s |= 2;
  if (digit) s |= 4;
  if (hyphen) s |= 8;
  if (!alnum) s |= 16;
  return s;
}

void affixes_of(std::string_view form, int32_t* out) {
  TokenKeys k = token_keys(form);
  const uint64_t n = BiaffineParser::kAffixBuckets;
  for (int i = 0; i < 4; ++i) out[i] = static_cast<int32_t>(mix64(k.suffix[i] ^ 0x5AFF1Aull) % n);
  for (int i = 0; i < 3; ++i) out[4 + i] = static_cast<int32_t>(mix64(k.prefix[i] ^ 0x9E3779ull) % n);
  out[7] = static_cast<int32_t>(text_hash(form) % n);  // the form with its case
}

int index_of(const std::vector<std::string>& names, const std::string& s) {
  auto it = std::lower_bound(names.begin(), names.end(), s);
  return it != names.end() && *it == s ? static_cast<int>(it - names.begin()) : -1;
}

// Softmax cross-entropy over each listed column of `logits` (classes in rows) against
// `gold`; adds scale * d(loss)/d(logits) to `dlogits` and returns the summed loss.
double softmax_xent(const Mat& logits, const std::vector<int>& cols, const std::vector<int>& gold,
                    float scale, Mat& dlogits) {
  double loss = 0;
  Eigen::VectorXf p;
  for (size_t i = 0; i < cols.size(); ++i) {
    const int c = cols[i];
    const float mx = logits.col(c).maxCoeff();
    p = (logits.col(c).array() - mx).exp().matrix();
    const float z = p.sum();
    loss += std::log(z) - (logits(gold[i], c) - mx);
    p /= z;
    p(gold[i]) -= 1;
    dlogits.col(c) += scale * p;
  }
  return loss;
}

void log_softmax_columns(Mat& s) {
  for (Eigen::Index c = 0; c < s.cols(); ++c) {
    const float mx = s.col(c).maxCoeff();
    const float lz = mx + std::log((s.col(c).array() - mx).exp().sum());
    s.col(c).array() -= lz;
  }
}

int argmax(const Mat& m, Eigen::Index col) {
  Eigen::Index r;
  m.col(col).maxCoeff(&r);
  return static_cast<int>(r);
}

// Runs f(0) and f(1), the two directions of an LSTM layer, on two threads when
// `parallel`: they share no output, so the result is the same either way.
template <class F>
void both_directions(bool parallel, F&& f) {
  if (!parallel) {
    f(0);
    f(1);
    return;
  }
  std::thread other([&] { f(1); });
  f(0);
  other.join();
}

// y = w x, with the 8-bit weights when given.
void product(const Mat& w, const nn::QuantizedMatrix* quantized, const Mat& x, Mat& y) {
  if (quantized) quantized->multiply(x, y);
  else y.noalias() = w * x;
}

// Label scores: s(r, i) = [ld_i;1]' W_r [lh_i;1] for the stacked blocks W_r of `w`.
// `q` receives w * heads (kept for the backward pass).
void label_scores(const Mat& w, const nn::QuantizedMatrix* quantized, const Mat& deps, const Mat& heads, int labels,
                  Mat& q, Mat& s) {
  const int k = static_cast<int>(deps.rows());
  product(w, quantized, heads, q);
  s.resize(labels, deps.cols());
  for (Eigen::Index i = 0; i < deps.cols(); ++i)  // column i of q holds the labels' k-blocks
    s.col(i).noalias() = Eigen::Map<const Mat>(q.col(i).data(), k, labels).transpose() * deps.col(i);
}

// One dense layer's output, leaky ReLU, dropout: y = drop(leaky(w x + b)).
void mlp_forward(const nn::Param& w, const nn::QuantizedMatrix* quantized, const nn::Param& b, const Mat& x,
                 SplitMix* rng, float p, Mat& y, Mat& mask) {
  product(w.w, quantized, x, y);
  y.colwise() += b.w.col(0);
  nn::leaky_relu(y);
  if (rng) nn::dropout(y, p, *rng, mask);
}

void mlp_backward(nn::Param& w, nn::Param& b, const Mat& x, const Mat& y, const Mat& mask, Mat dy, Mat& dx) {
  nn::dropout_backward(dy, mask);
  nn::leaky_relu_backward(dy, y);
  w.g.noalias() += dy * x.transpose();
  b.g += dy.rowwise().sum();
  dx.noalias() += w.w.transpose() * dy;
}

void linear_forward(const nn::Param& w, const nn::QuantizedMatrix* quantized, const nn::Param& b, const Mat& x,
                    Mat& y) {
  product(w.w, quantized, x, y);
  y.colwise() += b.w.col(0);
}

void linear_backward(nn::Param& w, nn::Param& b, const Mat& x, const Mat& dy, Mat& dx) {
  w.g.noalias() += dy * x.transpose();
  b.g += dy.rowwise().sum();
  dx.noalias() += w.w.transpose() * dy;
}

}  // namespace

namespace {

// Weights are stored as IEEE half floats (training rounds them to half precision at the
// end, so a loaded model computes exactly what the trained one did).
void write_matrix(BinaryWriter& w, const Mat& m) {
  w.pod<int32_t>(static_cast<int32_t>(m.rows()));
  w.pod<int32_t>(static_cast<int32_t>(m.cols()));
  std::vector<uint16_t> half(m.size());
  for (Eigen::Index i = 0; i < m.size(); ++i) half[i] = Eigen::numext::bit_cast<uint16_t>(Eigen::half(m.data()[i]));
  w.array(half);
}

bool read_matrix(BinaryReader& r, Mat& m, int rows, int cols) {
  const int32_t rr = r.pod<int32_t>(), cc = r.pod<int32_t>();
  std::vector<uint16_t> half;
  r.array(half, uint64_t(1) << 28);
  if (!r.ok() || rr != rows || cc != cols || half.size() != static_cast<size_t>(rows) * cols) return false;
  m.resize(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(half[i]));
  return true;
}

void round_to_half(Mat& m) {
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(Eigen::half(m.data()[i]));
}

}  // namespace

struct BiaffineParser::Batch {
  std::vector<const Encoded*> sents;
  nn::BatchShape shape;
  std::vector<int32_t> words;  // per column, after word dropout
  std::vector<Mat> in;         // in[0]: embeddings; in[l+1]: layer l's output after dropout
  std::vector<Mat> in_mask;
  std::vector<Mat> raw;        // layer outputs before dropout
  std::vector<nn::LstmTrace> trace;
  Mat upos, xpos, arc_dep, arc_head, lab_dep, lab_head;
  Mat arc_dep_mask, arc_head_mask, lab_dep_mask, lab_head_mask;
  int width() const { return shape.width(); }
  int col(int b, int t) const { return t * width() + b; }
  const Mat& top() const { return in.back(); }
};

void BiaffineParser::quantize() {
  auto q = std::make_unique<Quantized>();
  for (const auto& d : lstm_) {
    q->lstm.emplace_back();
    q->lstm.back().w_in.set(d.w_in.w);
    q->lstm.back().w_rec.set(d.w_rec.w);
  }
  q->upos.set(upos_w_.w);
  q->xpos.set(xpos_w_.w);
  q->arc_dep.set(arc_dep_w_.w);
  q->arc_head.set(arc_head_w_.w);
  q->lab_dep.set(lab_dep_w_.w);
  q->lab_head.set(lab_head_w_.w);
  q->arc_wt.set(arc_w_.w.transpose());
  q->lab_w.set(lab_w_.w);
  quantized_ = std::move(q);
}

void BiaffineParser::find_labels() { root_label_ = index_of(label_names_, "root"); }

std::string_view BiaffineParser::parataxis_label() const {
  const int i = index_of(label_names_, "parataxis");
  return label_names_[i < 0 ? 0 : i];
}

void BiaffineParser::allocate() {
  const BiaffineOptions& o = opt_;
  word_emb_.resize(o.word_dim, static_cast<int>(word_keys_.size()) + 3);
  affix_emb_.resize(o.affix_dim, kAffixBuckets);
  shape_emb_.resize(o.shape_dim, kShapes);
  lstm_.assign(2 * o.layers, {});
  for (int l = 0; l < o.layers; ++l)
    for (int d = 0; d < 2; ++d)
      lstm_[2 * l + d].allocate(l == 0 ? o.word_dim + o.affix_dim + o.shape_dim : 2 * o.hidden, o.hidden);
  const int top = 2 * o.hidden;
  auto linear = [&](nn::Param& w, nn::Param& b, int out) {
    w.resize(out, top);
    b.resize(out, 1);
  };
  linear(upos_w_, upos_b_, static_cast<int>(upos_names_.size()));
  linear(xpos_w_, xpos_b_, static_cast<int>(xpos_names_.size()));
  linear(arc_dep_w_, arc_dep_b_, o.arc_dim);
  linear(arc_head_w_, arc_head_b_, o.arc_dim);
  linear(lab_dep_w_, lab_dep_b_, o.label_dim);
  linear(lab_head_w_, lab_head_b_, o.label_dim);
  arc_w_.resize(o.arc_dim, o.arc_dim);
  arc_b_.resize(o.arc_dim, 1);
  lab_w_.resize((o.label_dim + 1) * static_cast<int>(label_names_.size()), o.label_dim + 1);
}

void BiaffineParser::randomize(SplitMix& rng) {
  // PyTorch's defaults: embeddings N(0, 1); LSTM and linear weights and biases uniform in
  // +-1/sqrt(fan-in); the biaffine weights start at zero.
  word_emb_.normal(1, rng);
  word_emb_.w.col(kPad).setZero();
  affix_emb_.normal(1, rng);
  shape_emb_.normal(1, rng);
  for (auto& d : lstm_) d.randomize(rng);
  const float a = 1 / std::sqrt(static_cast<float>(2 * opt_.hidden));
  for (nn::Param* q : {&upos_w_, &upos_b_, &xpos_w_, &xpos_b_, &arc_dep_w_, &arc_dep_b_, &arc_head_w_, &arc_head_b_,
                       &lab_dep_w_, &lab_dep_b_, &lab_head_w_, &lab_head_b_})
    q->uniform(a, rng);
}

std::vector<nn::Param*> BiaffineParser::params() {
  std::vector<nn::Param*> p = {&word_emb_, &affix_emb_, &shape_emb_};
  for (auto& d : lstm_)
    for (nn::Param* q : d.params()) p.push_back(q);
  for (nn::Param* q : {&upos_w_, &upos_b_, &xpos_w_, &xpos_b_, &arc_dep_w_, &arc_dep_b_, &arc_head_w_,
                       &arc_head_b_, &lab_dep_w_, &lab_dep_b_, &lab_head_w_, &lab_head_b_, &arc_w_, &arc_b_,
                       &lab_w_})
    p.push_back(q);
  return p;
}

BiaffineParser::Encoded BiaffineParser::encode(std::span<const std::string_view> forms) const {
  Encoded e;
  const size_t n = forms.size() + 1;
  e.word.reserve(n);
  e.affix.assign(n * kAffixes, 0);
  e.shape.reserve(n);
  e.word.push_back(kRoot);
  e.shape.push_back(kShapes - 1);
  for (size_t i = 0; i < forms.size(); ++i) {
    auto it = word_ids_.find(token_keys(forms[i]).lower);
    e.word.push_back(it == word_ids_.end() ? kUnk : it->second);
    affixes_of(forms[i], &e.affix[(i + 1) * kAffixes]);
    e.shape.push_back(shape_of(forms[i]));
  }
  e.upos.assign(n, -1);
  e.xpos.assign(n, -1);
  e.head.assign(n, -1);
  e.label.assign(n, -1);
  return e;
}

BiaffineParser::Encoded BiaffineParser::encode(const TreebankSentence& s) const {
  std::vector<std::string_view> forms(s.forms.begin(), s.forms.end());
  Encoded e = encode(std::span<const std::string_view>(forms));
  for (size_t i = 0; i < s.size(); ++i) {
    e.upos[i + 1] = index_of(upos_names_, s.upos[i]);
    e.xpos[i + 1] = index_of(xpos_names_, s.xpos[i]);
    e.head[i + 1] = s.heads[i] + 1;
    e.label[i + 1] = index_of(label_names_, s.deprels[i]);
  }
  return e;
}

void BiaffineParser::forward(Batch& bt, SplitMix* rng) const {
  const BiaffineOptions& o = opt_;
  const int B = static_cast<int>(bt.sents.size());
  bt.shape.lengths.resize(B);
  bt.shape.steps = 0;
  for (int b = 0; b < B; ++b) {
    bt.shape.lengths[b] = bt.sents[b]->size();
    bt.shape.steps = std::max(bt.shape.steps, bt.shape.lengths[b]);
  }
  const int T = bt.shape.columns();
  const float p = rng ? o.dropout : 0;
  const Quantized* q = rng ? nullptr : quantized_.get();  // training runs on the floats
  bt.in.resize(o.layers + 1);
  bt.in_mask.resize(o.layers + 1);
  bt.raw.resize(o.layers);
  bt.trace.resize(2 * o.layers);

  Mat& x = bt.in[0];
  x = Mat::Zero(o.word_dim + o.affix_dim + o.shape_dim, T);
  bt.words.assign(T, kPad);
  for (int b = 0; b < B; ++b) {
    const Encoded& e = *bt.sents[b];
    for (int t = 0; t < e.size(); ++t) {
      const int c = bt.col(b, t);
      int32_t w = e.word[t];
      if (rng && w > kRoot && rng->unit() < o.word_dropout) w = kUnk;
      bt.words[c] = w;
      x.col(c).head(o.word_dim) = word_emb_.w.col(w);
      auto a = x.col(c).segment(o.word_dim, o.affix_dim);
      for (int k = 0; k < kAffixes; ++k) a += affix_emb_.w.col(e.affix[t * kAffixes + k]);
      x.col(c).tail(o.shape_dim) = shape_emb_.w.col(e.shape[t]);
    }
  }
  if (rng) nn::dropout(x, p, *rng, bt.in_mask[0]);
  for (int l = 0; l < o.layers; ++l) {
    Mat& out = bt.raw[l];
    out.resize(2 * o.hidden, T);
    both_directions(rng && o.threads > 1, [&](int d) {
      nn::lstm_forward(lstm_[2 * l + d], bt.in[l], bt.shape, d == 1, out, d * o.hidden,
                       rng ? &bt.trace[2 * l + d] : nullptr, q ? &q->lstm[2 * l + d] : nullptr);
    });
    bt.in[l + 1] = out;
    if (rng) nn::dropout(bt.in[l + 1], p, *rng, bt.in_mask[l + 1]);
  }
  const Mat& top = bt.top();
  linear_forward(upos_w_, q ? &q->upos : nullptr, upos_b_, top, bt.upos);
  linear_forward(xpos_w_, q ? &q->xpos : nullptr, xpos_b_, top, bt.xpos);
  mlp_forward(arc_dep_w_, q ? &q->arc_dep : nullptr, arc_dep_b_, top, rng, p, bt.arc_dep, bt.arc_dep_mask);
  mlp_forward(arc_head_w_, q ? &q->arc_head : nullptr, arc_head_b_, top, rng, p, bt.arc_head, bt.arc_head_mask);
  mlp_forward(lab_dep_w_, q ? &q->lab_dep : nullptr, lab_dep_b_, top, rng, p, bt.lab_dep, bt.lab_dep_mask);
  mlp_forward(lab_head_w_, q ? &q->lab_head : nullptr, lab_head_b_, top, rng, p, bt.lab_head, bt.lab_head_mask);
}

double BiaffineParser::backward(Batch& bt) {
  const BiaffineOptions& o = opt_;
  const int B = bt.width(), T = bt.shape.columns();
  const int labels = static_cast<int>(label_names_.size());
  // The dependents: every token but the roots.
  std::vector<int> cols, up, xp, heads, rels;
  for (int b = 0; b < B; ++b) {
    const Encoded& e = *bt.sents[b];
    for (int t = 1; t < e.size(); ++t) {
      cols.push_back(bt.col(b, t));
      up.push_back(e.upos[t]);
      xp.push_back(e.xpos[t]);
      heads.push_back(bt.col(b, e.head[t]));
      rels.push_back(e.label[t]);
    }
  }
  const int n = static_cast<int>(cols.size());
  const float scale = 1.0f / static_cast<float>(n);
  double loss = 0;  // summed over tokens, divided by n at the end
  Mat dtop = Mat::Zero(2 * o.hidden, T);

  // Tags.
  Mat d = Mat::Zero(bt.upos.rows(), T);
  loss += softmax_xent(bt.upos, cols, up, scale, d);
  linear_backward(upos_w_, upos_b_, bt.top(), d, dtop);
  d = Mat::Zero(bt.xpos.rows(), T);
  loss += softmax_xent(bt.xpos, cols, xp, scale, d);
  linear_backward(xpos_w_, xpos_b_, bt.top(), d, dtop);

  // Arcs, sentence by sentence: s(h, d) = dep_d' W head_h + b' head_h.
  Mat d_arc_dep = Mat::Zero(o.arc_dim, T), d_arc_head = Mat::Zero(o.arc_dim, T);
  {
    Mat dep, head, wdep, s, ds;
    std::vector<int> dcols, gold;
    for (int b = 0; b < B; ++b) {
      const Encoded& e = *bt.sents[b];
      const int len = e.size();
      if (len < 2) continue;
      head.resize(o.arc_dim, len);
      dep.resize(o.arc_dim, len - 1);
      for (int t = 0; t < len; ++t) head.col(t) = bt.arc_head.col(bt.col(b, t));
      for (int t = 1; t < len; ++t) dep.col(t - 1) = bt.arc_dep.col(bt.col(b, t));
      wdep.noalias() = arc_w_.w.transpose() * dep;
      s.noalias() = head.transpose() * wdep;
      s.colwise() += head.transpose() * arc_b_.w.col(0);
      ds = Mat::Zero(len, len - 1);
      dcols.resize(len - 1);
      gold.resize(len - 1);
      std::iota(dcols.begin(), dcols.end(), 0);
      for (int t = 1; t < len; ++t) gold[t - 1] = e.head[t];
      loss += softmax_xent(s, dcols, gold, scale, ds);
      // s = head' W' dep + (head' b) 1'
      Mat d_head = wdep * ds.transpose();
      d_head.noalias() += arc_b_.w.col(0) * ds.rowwise().sum().transpose();
      Mat d_wdep = head * ds;  // d(loss)/d(W' dep)
      arc_w_.g.noalias() += dep * d_wdep.transpose();
      arc_b_.g.noalias() += head * ds.rowwise().sum();
      Mat d_dep = arc_w_.w * d_wdep;
      for (int t = 0; t < len; ++t) d_arc_head.col(bt.col(b, t)) += d_head.col(t);
      for (int t = 1; t < len; ++t) d_arc_dep.col(bt.col(b, t)) += d_dep.col(t - 1);
    }
  }
  mlp_backward(arc_dep_w_, arc_dep_b_, bt.top(), bt.arc_dep, bt.arc_dep_mask, std::move(d_arc_dep), dtop);
  mlp_backward(arc_head_w_, arc_head_b_, bt.top(), bt.arc_head, bt.arc_head_mask, std::move(d_arc_head), dtop);

  // Labels of the gold arcs.
  {
    const int k = o.label_dim + 1;
    Mat deps = Mat::Ones(k, n), hds = Mat::Ones(k, n), q, s;
    for (int i = 0; i < n; ++i) {
      deps.col(i).head(k - 1) = bt.lab_dep.col(cols[i]);
      hds.col(i).head(k - 1) = bt.lab_head.col(heads[i]);
    }
    label_scores(lab_w_.w, nullptr, deps, hds, labels, q, s);
    std::vector<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    Mat ds = Mat::Zero(labels, n);
    loss += softmax_xent(s, all, rels, scale, ds);
    Mat dq(q.rows(), n), d_deps = Mat::Zero(k, n);
    for (int r = 0; r < labels; ++r) {
      dq.middleRows(r * k, k) = deps.array().rowwise() * ds.row(r).array();
      d_deps.array() += q.middleRows(r * k, k).array().rowwise() * ds.row(r).array();
    }
    lab_w_.g.noalias() += dq * hds.transpose();
    Mat d_hds = lab_w_.w.transpose() * dq;
    Mat d_lab_dep = Mat::Zero(o.label_dim, T), d_lab_head = Mat::Zero(o.label_dim, T);
    for (int i = 0; i < n; ++i) {
      d_lab_dep.col(cols[i]) += d_deps.col(i).head(k - 1);
      d_lab_head.col(heads[i]) += d_hds.col(i).head(k - 1);
    }
    mlp_backward(lab_dep_w_, lab_dep_b_, bt.top(), bt.lab_dep, bt.lab_dep_mask, std::move(d_lab_dep), dtop);
    mlp_backward(lab_head_w_, lab_head_b_, bt.top(), bt.lab_head, bt.lab_head_mask, std::move(d_lab_head), dtop);
  }

  // The encoder, top down.
  for (int l = o.layers - 1; l >= 0; --l) {
    nn::dropout_backward(dtop, bt.in_mask[l + 1]);
    Mat dx[2] = {Mat::Zero(bt.in[l].rows(), T), Mat::Zero(bt.in[l].rows(), T)};
    both_directions(o.threads > 1, [&](int d) {
      nn::lstm_backward(lstm_[2 * l + d], bt.in[l], bt.shape, d == 1, bt.raw[l], d * o.hidden, bt.trace[2 * l + d],
                        dtop, dx[d]);
    });
    dtop = dx[0] + dx[1];
  }
  nn::dropout_backward(dtop, bt.in_mask[0]);
  for (int b = 0; b < B; ++b) {
    const Encoded& e = *bt.sents[b];
    for (int t = 0; t < e.size(); ++t) {
      const int c = bt.col(b, t);
      word_emb_.g.col(bt.words[c]) += dtop.col(c).head(o.word_dim);
      for (int k = 0; k < kAffixes; ++k)
        affix_emb_.g.col(e.affix[t * kAffixes + k]) += dtop.col(c).segment(o.word_dim, o.affix_dim);
      shape_emb_.g.col(e.shape[t]) += dtop.col(c).tail(o.shape_dim);
    }
  }
  word_emb_.g.col(kPad).setZero();
  return loss * scale;
}

void BiaffineParser::decode(Batch& bt, std::vector<BiaffineParse>& out) const {
  const BiaffineOptions& o = opt_;
  const int B = bt.width(), A = o.arc_dim;
  const int labels = static_cast<int>(label_names_.size());
  const int k = o.label_dim + 1;
  out.resize(B);
  // s(h, d) = head_h' (W' dep_d) + b' head_h: the products for the whole batch at once,
  // then each sentence's block (its columns are B apart in the time-major layout).
  const Quantized* quant = quantized_.get();
  Mat wdep;
  product(arc_w_.w.transpose(), quant ? &quant->arc_wt : nullptr, bt.arc_dep, wdep);
  const Eigen::RowVectorXf head_bias = arc_b_.w.col(0).transpose() * bt.arc_head;
  using Strided = Eigen::Map<const Mat, 0, Eigen::OuterStride<>>;
  const Eigen::OuterStride<> stride(static_cast<Eigen::Index>(B) * A);
  Mat s, full;
  std::vector<int> dep_cols, head_cols;  // every word's column, its head's column
  for (int b = 0; b < B; ++b) {
    const int len = bt.sents[b]->size();
    BiaffineParse& r = out[b];
    r.upos.resize(len - 1);
    r.xpos.resize(len - 1);
    r.head.resize(len - 1);
    r.label.resize(len - 1);
    if (len < 2) continue;
    for (int t = 1; t < len; ++t) {
      r.upos[t - 1] = argmax(bt.upos, bt.col(b, t));
      r.xpos[t - 1] = argmax(bt.xpos, bt.col(b, t));
    }
    const Strided heads(bt.arc_head.data() + static_cast<Eigen::Index>(b) * A, A, len, stride);
    const Strided deps(wdep.data() + static_cast<Eigen::Index>(B + b) * A, A, len - 1, stride);
    s.noalias() = heads.transpose() * deps;
    for (int t = 0; t < len; ++t) s.row(t).array() += head_bias(bt.col(b, t));
    log_softmax_columns(s);
    full = Mat::Constant(len, len, -1e9f);
    full.rightCols(len - 1) = s;
    const std::vector<int> tree = eisner(full);
    for (int t = 1; t < len; ++t) {
      r.head[t - 1] = tree[t] - 1;
      dep_cols.push_back(bt.col(b, t));
      head_cols.push_back(bt.col(b, tree[t]));
    }
  }
  // The labels of the chosen arcs, a slice of arcs at a time (each arc's product with
  // every label's matrix takes labels * (label_dim+1) floats: keep them in the cache).
  const int n = static_cast<int>(dep_cols.size());
  constexpr int kSlice = 128;
  Mat deps, hds, q, slice, ls(labels, n);
  for (int i0 = 0; i0 < n; i0 += kSlice) {
    const int m = std::min(kSlice, n - i0);
    deps = Mat::Ones(k, m);
    hds = Mat::Ones(k, m);
    for (int i = 0; i < m; ++i) {
      deps.col(i).head(k - 1) = bt.lab_dep.col(dep_cols[i0 + i]);
      hds.col(i).head(k - 1) = bt.lab_head.col(head_cols[i0 + i]);
    }
    label_scores(lab_w_.w, quant ? &quant->lab_w : nullptr, deps, hds, labels, q, slice);
    ls.middleCols(i0, m) = slice;
  }
  int i = 0;
  for (int b = 0; b < B; ++b) {
    BiaffineParse& r = out[b];
    for (size_t t = 0; t < r.head.size(); ++t, ++i) {
      if (root_label_ >= 0) {  // "root" for the root's dependent and no other word
        if (r.head[t] == -1) {
          r.label[t] = root_label_;
          continue;
        }
        ls(root_label_, i) = -std::numeric_limits<float>::infinity();
      }
      r.label[t] = argmax(ls, i);
    }
  }
}

void BiaffineParser::parse(std::span<const std::vector<std::string_view>> sentences,
                           std::vector<BiaffineParse>& out) const {
  out.assign(sentences.size(), {});
  std::vector<Encoded> enc;
  enc.reserve(sentences.size());
  for (const auto& s : sentences) enc.push_back(encode(std::span<const std::string_view>(s)));
  std::vector<size_t> order(enc.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return enc[a].size() < enc[b].size(); });
  constexpr size_t kBatch = 64;
  Batch bt;
  std::vector<BiaffineParse> part;
  for (size_t i = 0; i < order.size(); i += kBatch) {
    bt.sents.clear();
    for (size_t j = i; j < std::min(order.size(), i + kBatch); ++j) bt.sents.push_back(&enc[order[j]]);
    forward(bt, nullptr);
    decode(bt, part);
    for (size_t j = 0; j < part.size(); ++j) out[order[i + j]] = std::move(part[j]);
  }
}

namespace {

struct Accuracy {
  double upos = 0, uas = 0, las = 0;
};

Accuracy score(const BiaffineParser& p, const std::vector<TreebankSentence>& gold) {
  std::vector<std::vector<std::string_view>> forms;
  for (const auto& s : gold) forms.emplace_back(s.forms.begin(), s.forms.end());
  std::vector<BiaffineParse> out;
  p.parse(forms, out);
  size_t n = 0, u = 0, a = 0, l = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    for (size_t t = 0; t < gold[i].size(); ++t) {
      ++n;
      u += p.upos_names()[out[i].upos[t]] == gold[i].upos[t];
      if (out[i].head[t] == gold[i].heads[t]) {
        ++a;
        l += p.label_names()[out[i].label[t]] == gold[i].deprels[t];
      }
    }
  }
  if (n == 0) return {};
  return {double(u) / n, double(a) / n, double(l) / n};
}

}  // namespace

std::unique_ptr<BiaffineParser> BiaffineParser::untrained(const std::vector<TreebankSentence>& train,
                                                          const BiaffineOptions& options, SplitMix& rng) {
  std::unique_ptr<BiaffineParser> p(new BiaffineParser);
  p->opt_ = options;
  p->upos_names_ = sorted_values(train, &TreebankSentence::upos);
  p->xpos_names_ = sorted_values(train, &TreebankSentence::xpos);
  p->label_names_ = sorted_values(train, &TreebankSentence::deprels);
  p->find_labels();
  // Words seen at least twice, numbered in order of first appearance.
  std::unordered_map<uint64_t, int> count;
  for (const auto& s : train)
    for (const auto& f : s.forms)
      if (++count[token_keys(f).lower] == 2) p->word_keys_.push_back(token_keys(f).lower);
  for (size_t i = 0; i < p->word_keys_.size(); ++i) p->word_ids_[p->word_keys_[i]] = static_cast<int32_t>(i + 3);
  p->allocate();
  p->randomize(rng);
  for (nn::Param* q : p->params()) q->start_training();
  return p;
}

double BiaffineParser::gradient_check(const std::vector<TreebankSentence>& data, BiaffineOptions options,
                                      int samples) {
  options.dropout = options.word_dropout = 0;
  SplitMix rng(options.seed);
  auto p = untrained(data, options, rng);
  // Non-zero biaffine weights, so that every path carries gradient.
  p->arc_w_.normal(0.1f, rng);
  p->arc_b_.normal(0.1f, rng);
  p->lab_w_.normal(0.1f, rng);
  std::vector<Encoded> enc;
  for (const auto& s : data) enc.push_back(p->encode(s));
  Batch bt;
  for (const auto& e : enc) bt.sents.push_back(&e);
  auto loss = [&] {
    p->forward(bt, &rng);
    double l = p->backward(bt);
    return l;
  };
  const std::vector<nn::Param*> params = p->params();
  loss();
  std::vector<Mat> grads;
  for (nn::Param* q : params) {
    grads.push_back(q->g);
    q->g.setZero();
  }
  double worst = 0;
  const float eps = 3e-3f;  // small enough to stay off the leaky ReLUs' kinks, large for float noise
  for (size_t i = 0; i < params.size(); ++i) {
    nn::Param& q = *params[i];
    // Entries that take part in this batch's loss: those with a gradient.
    std::vector<Eigen::Index> live;
    for (Eigen::Index j = 0; j < q.w.size(); ++j)
      if (grads[i].data()[j] != 0) live.push_back(j);
    for (int k = 0; k < samples && !live.empty(); ++k) {
      const Eigen::Index j = live[rng.below(live.size())];
      const float w0 = q.w.data()[j];
      q.w.data()[j] = w0 + eps;
      const double up = loss();
      q.w.data()[j] = w0 - eps;
      const double down = loss();
      q.w.data()[j] = w0;
      for (nn::Param* r : params) r->g.setZero();
      const double numeric = (up - down) / (2 * eps), analytic = grads[i].data()[j];
      const double err = std::abs(numeric - analytic) / std::max(1e-3, std::abs(numeric) + std::abs(analytic));
      worst = std::max(worst, err);
    }
  }
  return worst;
}

std::unique_ptr<BiaffineParser> BiaffineParser::train(const std::vector<TreebankSentence>& train,
                                                      const std::vector<TreebankSentence>& dev,
                                                      const BiaffineOptions& options, std::ostream& log) {
  SplitMix rng(options.seed);
  auto p = untrained(train, options, rng);
  std::vector<Encoded> enc;
  enc.reserve(train.size());
  for (const auto& s : train) enc.push_back(p->encode(s));
  std::vector<size_t> order(enc.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return enc[a].size() < enc[b].size(); });
  std::vector<std::vector<size_t>> batches;
  for (size_t i = 0; i < order.size(); i += options.batch)
    batches.emplace_back(order.begin() + i, order.begin() + std::min(order.size(), i + options.batch));

  log << fmt::format("biaffine parser: {} words, {} UPOS, {} XPOS, {} labels, {} sentences in {} batches\n",
                     p->word_keys_.size(), p->upos_names_.size(), p->xpos_names_.size(), p->label_names_.size(),
                     train.size(), batches.size());
  nn::Adam adam(options.learning_rate, 0.9f, 0.9f, 5.0f);
  const std::vector<nn::Param*> params = p->params();
  std::vector<Mat> best;
  double best_las = -1;
  Batch bt;
  for (int ep = 1; ep <= options.epochs; ++ep) {
    const auto t0 = std::chrono::steady_clock::now();
    adam.set_lr(options.learning_rate * std::pow(options.decay, static_cast<float>(ep - 1)));
    shuffle(batches, rng);
    double loss = 0;
    for (const auto& idx : batches) {
      bt.sents.clear();
      for (size_t i : idx) bt.sents.push_back(&enc[i]);
      p->forward(bt, &rng);
      loss += p->backward(bt);
      adam.step(params);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string line = fmt::format("  epoch {:2}: loss {:.3f}, {:.0f} s", ep, loss / batches.size(), secs);
    if (!dev.empty()) {
      p->quantize();  // dev is parsed as it will be after training
      Accuracy a = score(*p, dev);
      line += fmt::format("; dev UPOS {:.4f} UAS {:.4f} LAS {:.4f}", a.upos, a.uas, a.las);
      if (a.las > best_las) {
        best_las = a.las;
        best.clear();
        for (const nn::Param* q : params) best.push_back(q->w);
        line += " *";
      }
    }
    log << line << '\n' << std::flush;
  }
  if (!best.empty())
    for (size_t i = 0; i < params.size(); ++i) params[i]->w = std::move(best[i]);
  for (nn::Param* q : params) {  // training state is not part of the model
    round_to_half(q->w);
    q->stop_training();
  }
  p->quantize();
  return p;
}

std::vector<int> eisner(const Mat& scores) {
  const int n = static_cast<int>(scores.rows());
  std::vector<int> heads(n, -1);
  if (n < 2) return heads;
  // complete/incomplete spans [s, t], direction 0: head at t (left arcs), 1: head at s.
  const double kNeg = -1e300;
  auto at = [n](int s, int t, int d) { return (static_cast<size_t>(s) * n + t) * 2 + d; };
  std::vector<double> comp(static_cast<size_t>(n) * n * 2, kNeg), inc(comp.size(), kNeg);
  std::vector<int> comp_bp(comp.size(), 0), inc_bp(comp.size(), 0);
  for (int i = 0; i < n; ++i) comp[at(i, i, 0)] = comp[at(i, i, 1)] = 0;
  for (int k = 1; k < n; ++k) {
    for (int s = 1; s + k < n; ++s) {  // spans of the words; the root is joined below
      const int t = s + k;
      double best = kNeg;
      int arg = s;
      for (int r = s; r < t; ++r) {
        double v = comp[at(s, r, 1)] + comp[at(r + 1, t, 0)];
        if (v > best) best = v, arg = r;
      }
      inc[at(s, t, 0)] = best + scores(t, s);
      inc[at(s, t, 1)] = best + scores(s, t);
      inc_bp[at(s, t, 0)] = inc_bp[at(s, t, 1)] = arg;
      best = kNeg;
      arg = s;
      for (int r = s; r < t; ++r) {
        double v = comp[at(s, r, 0)] + inc[at(r, t, 0)];
        if (v > best) best = v, arg = r;
      }
      comp[at(s, t, 0)] = best;
      comp_bp[at(s, t, 0)] = arg;
      best = kNeg;
      arg = s + 1;
      for (int r = s + 1; r <= t; ++r) {
        double v = inc[at(s, r, 1)] + comp[at(r, t, 1)];
        if (v > best) best = v, arg = r;
      }
      comp[at(s, t, 1)] = best;
      comp_bp[at(s, t, 1)] = arg;
    }
  }
  // The root takes exactly one dependent r, whose subtree spans the whole sentence.
  int root_word = 1;
  double best_root = kNeg;
  for (int r = 1; r < n; ++r) {
    const double v = comp[at(1, r, 0)] + comp[at(r, n - 1, 1)] + scores(0, r);
    if (v > best_root) best_root = v, root_word = r;
  }
  heads[root_word] = 0;
  // Backtrack without recursion.
  struct Span { int s, t, d; bool complete; };
  std::vector<Span> stack = {{1, root_word, 0, true}, {root_word, n - 1, 1, true}};
  while (!stack.empty()) {
    Span sp = stack.back();
    stack.pop_back();
    if (sp.s == sp.t) continue;
    if (sp.complete) {
      const int r = comp_bp[at(sp.s, sp.t, sp.d)];
      if (sp.d == 0) {
        stack.push_back({sp.s, r, 0, true});
        stack.push_back({r, sp.t, 0, false});
      } else {
        stack.push_back({sp.s, r, 1, false});
        stack.push_back({r, sp.t, 1, true});
      }
    } else {
      const int r = inc_bp[at(sp.s, sp.t, sp.d)];
      if (sp.d == 0) heads[sp.s] = sp.t;
      else heads[sp.t] = sp.s;
      stack.push_back({sp.s, r, 1, true});
      stack.push_back({r + 1, sp.t, 0, true});
    }
  }
  return heads;
}

void BiaffineParser::save(BinaryWriter& w) const {
  const BiaffineOptions& o = opt_;
  for (int v : {o.word_dim, o.affix_dim, o.shape_dim, o.hidden, o.layers, o.arc_dim, o.label_dim})
    w.pod<int32_t>(v);
  w.strings(upos_names_);
  w.strings(xpos_names_);
  w.strings(label_names_);
  w.array(word_keys_);
  for (const nn::Param* p : const_cast<BiaffineParser*>(this)->params()) write_matrix(w, p->w);
}

std::unique_ptr<BiaffineParser> BiaffineParser::load(BinaryReader& r, std::string* error) {
  auto fail = [&](const char* why) -> std::unique_ptr<BiaffineParser> {
    if (error) *error = why;
    return nullptr;
  };
  std::unique_ptr<BiaffineParser> p(new BiaffineParser);
  BiaffineOptions& o = p->opt_;
  for (int* v : {&o.word_dim, &o.affix_dim, &o.shape_dim, &o.hidden, &o.layers, &o.arc_dim, &o.label_dim})
    *v = r.pod<int32_t>();
  if (!r.ok() || o.layers < 1 || o.layers > 8) return fail("damaged BiLSTM parser dimensions");
  for (int v : {o.word_dim, o.affix_dim, o.shape_dim, o.hidden, o.arc_dim, o.label_dim})
    if (v < 1 || v > 4096) return fail("damaged BiLSTM parser dimensions");
  p->upos_names_ = r.strings();
  p->xpos_names_ = r.strings();
  p->label_names_ = r.strings();
  r.array(p->word_keys_, uint64_t(1) << 24);
  if (!r.ok() || p->upos_names_.empty() || p->xpos_names_.empty() || p->label_names_.empty())
    return fail("damaged BiLSTM parser names");
  p->find_labels();
  for (size_t i = 0; i < p->word_keys_.size(); ++i) p->word_ids_[p->word_keys_[i]] = static_cast<int32_t>(i + 3);
  p->allocate();  // the shapes; the weights are read next
  for (nn::Param* q : p->params()) {
    Mat m;
    if (!read_matrix(r, m, static_cast<int>(q->w.rows()), static_cast<int>(q->w.cols())))
      return fail("damaged BiLSTM parser weights");
    q->w = std::move(m);
  }
  p->quantize();
  return p;
}

}  // namespace sitrep::syntax
