#include "syntax/transition_parser.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>

#include "syntax/random.h"

namespace sitrep::syntax {
namespace {

constexpr uint64_t kNoWord = 0x0123456789ABCDEFull, kRootWord = 0x0FEDCBA987654321ull;
constexpr uint64_t kNoTag = 1000, kRootTag = 1001, kNoLabel = 999;

struct View {
  const ArcEagerState& st;
  const ParserInput& in;
  uint64_t w(int p) const { return p < 0 ? kNoWord : p == 0 ? kRootWord : in.keys[p - 1].lower; }
  uint64_t t(int p) const { return p < 0 ? kNoTag : p == 0 ? kRootTag : in.tags[p - 1]; }
  uint64_t c(int p) const {
    return p < 0 ? kNoTag : p == 0 ? kRootTag : in.coarse.empty() ? in.tags[p - 1] : 2000 + in.coarse[in.tags[p - 1]];
  }
  // The runner-up tag where the tagger was unsure, else one value for "sure".
  uint64_t a(int p) const {
    if (p <= 0 || in.alt.empty() || in.alt[p - 1] == in.tags[p - 1]) return 3000;
    return 4000 + in.alt[p - 1];
  }
  uint64_t l(int p) const { return p <= 0 || st.label(p) < 0 ? kNoLabel : static_cast<uint64_t>(st.label(p)); }
  uint64_t suf(int p) const { return p <= 0 ? kNoWord : in.keys[p - 1].suffix[2]; }
  // Punctuation between words a < b: 0, 1 or 2 and more (3 when they are far apart).
  uint64_t punct_between(int a, int b) const {
    if (a <= 0 || b <= 0 || in.punct.empty()) return 4;
    if (b - a > 40) return 3;
    int n = 0;
    for (int k = a + 1; k < b && n < 2; ++k) n += in.punct[in.tags[k - 1]];
    return static_cast<uint64_t>(n);
  }
};

uint64_t distance_bucket(int a, int b) {
  if (a < 0 || b < 0) return 0;
  if (a == 0) return 9;  // from the root
  if (b == 0) return 8;  // to the root (last in the buffer)
  int d = std::abs(b - a);
  return d <= 4 ? d : d <= 6 ? 5 : d <= 9 ? 6 : 7;
}

// One step of beam search: every valid move of every item, scored by `score_moves(state,
// scores)`, and the `width` best (ties: earlier item, then lower move) become the new
// beam, less those that trail the best by more than `threshold` (0: no threshold).
// `pick_label(state, head, dep)` labels the arcs. States are copied into `next`, whose
// storage is reused from step to step.
template <class ScoreMoves, class PickLabel>
void advance_beam(std::vector<BeamItem>& beam, std::vector<BeamItem>& next, std::vector<BeamCandidate>& cands,
                  int width, double threshold, ScoreMoves&& score_moves, PickLabel&& pick_label) {
  cands.clear();
  float scores[kMoveCount];
  for (size_t i = 0; i < beam.size(); ++i) {
    score_moves(beam[i].state, scores);
    for (int m = 0; m < kMoveCount; ++m)
      if (beam[i].state.can(static_cast<Move>(m)))
        cands.push_back({static_cast<int>(i), m, beam[i].score + scores[m]});
  }
  size_t k = std::min(cands.size(), static_cast<size_t>(width));
  std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(k), cands.end(),
                    [](const BeamCandidate& a, const BeamCandidate& b) {
                      if (a.score != b.score) return a.score > b.score;
                      return a.item != b.item ? a.item < b.item : a.move < b.move;
                    });
  if (threshold > 0)
    while (k > 1 && cands[k - 1].score < cands[0].score - threshold) --k;
  if (next.size() < k) next.resize(k);
  for (size_t j = 0; j < k; ++j) {
    const BeamCandidate& c = cands[j];
    const BeamItem& from = beam[c.item];
    BeamItem& to = next[j];
    to.state = from.state;
    to.label = -1;
    if (c.move == kLeft) to.label = pick_label(from.state, from.state.buffer(0), from.state.stack(0));
    else if (c.move == kRight) to.label = pick_label(from.state, from.state.stack(0), from.state.buffer(0));
    to.state.apply(static_cast<Move>(c.move), to.label);
    to.score = c.score;
    to.parent = c.item;
    to.move = c.move;
    to.gold = false;
  }
  next.resize(k);
  std::swap(beam, next);
}

}  // namespace

void move_features(const ArcEagerState& st, const ParserInput& in, std::vector<uint64_t>& out) {
  View v{st, in};
  const int s0 = st.stack(0), s1 = st.stack(1), n0 = st.buffer(0), n1 = st.buffer(1), n2 = st.buffer(2);
  const int s0h = s0 > 0 ? st.head(s0) : -1;
  const int s0h2 = s0h > 0 ? st.head(s0h) : -1;
  const int s0l = s0 >= 0 ? st.leftmost(s0) : -1, s0l2 = s0 >= 0 ? st.leftmost(s0, 1) : -1;
  const int s0r = s0 >= 0 ? st.rightmost(s0) : -1, s0r2 = s0 >= 0 ? st.rightmost(s0, 1) : -1;
  const int n0l = n0 >= 0 ? st.leftmost(n0) : -1, n0l2 = n0 >= 0 ? st.leftmost(n0, 1) : -1;
  const uint64_t S0w = v.w(s0), S0p = v.t(s0), N0w = v.w(n0), N0p = v.t(n0), N1w = v.w(n1), N1p = v.t(n1);
  const uint64_t N2w = v.w(n2), N2p = v.t(n2), S1w = v.w(s1), S1p = v.t(s1);
  const uint64_t d = distance_bucket(s0, n0);
  const uint64_t s0vl = s0 >= 0 ? st.left_valency(s0) : 0, s0vr = s0 >= 0 ? st.right_valency(s0) : 0;
  const uint64_t n0vl = n0 >= 0 ? st.left_valency(n0) : 0;
  const uint64_t s0sl = s0 >= 0 ? st.left_labels(s0) : 0, s0sr = s0 >= 0 ? st.right_labels(s0) : 0;
  const uint64_t n0sl = n0 >= 0 ? st.left_labels(n0) : 0;
  const uint64_t s0has = s0 > 0 && st.head(s0) >= 0;
  uint32_t t = 0;
  auto add = [&](uint64_t a, uint64_t b = 0, uint64_t c = 0) { out.push_back(feature(++t, a, b, c)); };
  // single words
  add(S0w, S0p); add(S0w); add(S0p); add(N0w, N0p); add(N0w); add(N0p);
  add(N1w, N1p); add(N1w); add(N1p); add(N2w, N2p); add(N2w); add(N2p);
  // pairs
  add(S0w * 31 + S0p, N0w * 31 + N0p); add(S0w * 31 + S0p, N0w); add(S0w, N0w * 31 + N0p);
  add(S0w * 31 + S0p, N0p); add(S0p, N0w * 31 + N0p); add(S0w, N0w); add(S0p, N0p); add(N0p, N1p);
  // triples of tags
  add(N0p, N1p, N2p); add(S0p, N0p, N1p); add(v.t(s0h), S0p, N0p); add(S0p, v.t(s0l), N0p);
  add(S0p, v.t(s0r), N0p); add(S0p, N0p, v.t(n0l));
  // distance
  add(S0w, d); add(S0p, d); add(N0w, d); add(N0p, d); add(S0w * 31 + N0w, d); add(S0p, N0p, d);
  // valency
  add(S0w, s0vr); add(S0p, s0vr); add(S0w, s0vl); add(S0p, s0vl); add(N0w, n0vl); add(N0p, n0vl);
  // second-order: head and children
  add(v.w(s0h)); add(v.t(s0h)); add(v.l(s0)); add(v.w(s0l)); add(v.t(s0l)); add(v.l(s0l));
  add(v.w(s0r)); add(v.t(s0r)); add(v.l(s0r)); add(v.w(n0l)); add(v.t(n0l)); add(v.l(n0l));
  // third-order
  add(v.w(s0h2)); add(v.t(s0h2)); add(v.l(s0h)); add(v.w(s0l2)); add(v.t(s0l2)); add(v.l(s0l2));
  add(v.w(s0r2)); add(v.t(s0r2)); add(v.l(s0r2)); add(v.w(n0l2)); add(v.t(n0l2)); add(v.l(n0l2));
  add(S0p, v.t(s0l), v.t(s0l2)); add(S0p, v.t(s0r), v.t(s0r2)); add(S0p, v.t(s0h), v.t(s0h2));
  add(N0p, v.t(n0l), v.t(n0l2));
  // label sets
  add(S0w, s0sr); add(S0p, s0sr); add(S0w, s0sl); add(S0p, s0sl); add(N0w, n0sl); add(N0p, n0sl);
  // second stack word and whether s0 already has its head (decides reduce vs left-arc)
  add(S1w, S1p); add(S1p); add(S1p, S0p, N0p); add(S1p, S0p); add(S0p, N0p, s0has); add(s0has, v.l(s0), N0p);
  add(v.suf(s0), N0p); add(S0p, v.suf(n0)); add(S0w, N0p, N1p); add(v.t(n0 - 1), N0p, S0p);
  // coarse (UPOS) classes
  const uint64_t S0c = v.c(s0), N0c = v.c(n0), N1c = v.c(n1);
  add(S0c, N0c); add(S0c, N0c, N1c); add(N0c, N1c, v.c(n2)); add(v.c(s1), S0c, N0c); add(v.c(s0h), S0c, N0c);
  add(S0c, v.c(s0l), N0c); add(S0c, v.c(s0r), N0c); add(S0c, N0c, d); add(S0w, N0c); add(S0c, N0w);
  // the tagger's runner-up tags of unsure words
  const uint64_t S0a = v.a(s0), N0a = v.a(n0);
  add(S0a, S0p, N0p); add(S0p, N0a, N0p); add(S0a, N0a); add(N0a, N0p, N1p); add(S1p, S0a, S0p);
  // punctuation between s0 and n0 (a comma between them argues against an arc)
  const uint64_t pb = v.punct_between(s0, n0);
  add(S0p, N0p, pb); add(S0w, N0c, pb); add(S0c, N0w, pb); add(S0c * 131 + N0c, pb, d);
}

void label_features(const ArcEagerState& st, const ParserInput& in, int head, int dep, std::vector<uint64_t>& out) {
  View v{st, in};
  const uint64_t dir = head < dep ? 1 : 2;
  const uint64_t Hw = v.w(head), Hp = v.t(head), Dw = v.w(dep), Dp = v.t(dep);
  const uint64_t dist = distance_bucket(std::min(head, dep), std::max(head, dep));
  const int dl = st.leftmost(dep), dr = st.rightmost(dep);
  const int hh = head > 0 ? st.head(head) : -1;
  uint32_t t = 100;
  auto add = [&](uint64_t a, uint64_t b = 0, uint64_t c = 0) { out.push_back(feature(++t, dir, a * 131 + b, c)); };
  add(0); add(Hw); add(Hp); add(Dw); add(Dp); add(Hw, Dp); add(Hp, Dw); add(Hp, Dp); add(Hw, Dw);
  add(Hp, Dp, dist); add(Dp, dist); add(v.suf(dep), Dp); add(v.suf(head), Hp);
  add(Dp, v.w(dl)); add(Dp, v.l(dl)); add(Dp, v.w(dl), Hp); add(Dp, v.t(dl)); add(Dp, v.w(dr)); add(Dp, v.l(dr));
  add(Dp, st.left_labels(dep)); add(Dp, st.right_labels(dep)); add(Hp, st.left_labels(head), Dp);
  add(Hp, st.right_labels(head), Dp); add(Hw, st.left_labels(head), Dp);
  add(v.l(head), Hp, Dp); add(v.t(hh), Hp, Dp);
  add(Dp, v.t(dep - 1), v.t(dep + 1 <= st.n() ? dep + 1 : -1)); add(Hp, v.t(head - 1), Dp);
  add(Dw, v.t(dep + 1 <= st.n() ? dep + 1 : -1)); add(Dp, v.w(dep - 1));
  add(v.w(dl), v.w(dr), Dp);
  const uint64_t Hc = v.c(head), Dc = v.c(dep);
  add(Hc, Dc); add(Hc, Dc, dist); add(Hw, Dc); add(Hc, Dw); add(Dc, st.left_labels(dep));
  add(v.a(head), Hp, Dp); add(Hp, v.a(dep), Dp);
}

void TransitionParser::set_tag_names(const std::vector<std::string>& tag_names) {
  std::vector<std::string_view> upos;
  for (const auto& t : tag_names) upos.push_back(std::string_view(t).substr(0, t.find('\t')));
  std::vector<std::string_view> classes = upos;
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  coarse_.clear();
  for (auto u : upos)
    coarse_.push_back(static_cast<uint16_t>(std::lower_bound(classes.begin(), classes.end(), u) - classes.begin()));
}

int TransitionParser::predict_label(const ArcEagerState& st, const ParserInput& in, int head, int dep,
                                    ParserScratch& sc) const {
  if (head == 0) return root_label_;
  sc.feats.clear();
  label_features(st, in, head, dep, sc.feats);
  sc.scores.resize(labels_.size());
  relations_.score(sc.feats, sc.scores.data());
  sc.scores[root_label_] = -std::numeric_limits<float>::infinity();
  return static_cast<int>(std::max_element(sc.scores.begin(), sc.scores.end()) - sc.scores.begin());
}

void TransitionParser::finish(const ParserInput& in, const ArcEagerState& st, std::span<int> heads,
                              std::span<uint16_t> rels) const {
  const int n = st.n();
  int root = -1;
  for (int w = 1; w <= n; ++w)
    if (st.head(w) == 0) { root = w; break; }
  if (root < 0)  // no root word: the first unattached word becomes it
    for (int w = 1; w <= n; ++w)
      if (st.head(w) < 0) { root = w; break; }
  for (int w = 1; w <= n; ++w) {
    int h = st.head(w), l = st.label(w);
    if (w == root) { h = 0; l = root_label_; }
    else if (h < 0 || h == 0) { h = root; l = in.tags[w - 1] < punct_tags_.size() && punct_tags_[in.tags[w - 1]] ? punct_label_ : parataxis_label_; }
    heads[w - 1] = h - 1;
    rels[w - 1] = static_cast<uint16_t>(l);
  }
}

void TransitionParser::parse(const ParserInput& input, ParserScratch& sc, std::span<int> heads,
                             std::span<uint16_t> rels) const {
  const ParserInput in{input.keys, input.tags, input.alt, coarse_, punct_tags_};
  sc.state.reset(static_cast<int>(in.keys.size()));
  if (beam_ > 1 && !in.keys.empty()) parse_beam(in, sc);
  else parse_greedy(in, sc);
  finish(in, sc.state, heads, rels);
}

void TransitionParser::parse_greedy(const ParserInput& in, ParserScratch& sc) const {
  ArcEagerState& st = sc.state;
  float scores[kMoveCount];
  while (!st.terminal()) {
    sc.feats.clear();
    move_features(st, in, sc.feats);
    moves_.score(sc.feats, scores);
    int best = -1;
    for (int m = 0; m < kMoveCount; ++m)
      if (st.can(static_cast<Move>(m)) && (best < 0 || scores[m] > scores[best])) best = m;
    int label = -1;
    if (best == kLeft) label = predict_label(st, in, st.buffer(0), st.stack(0), sc);
    else if (best == kRight) label = predict_label(st, in, st.stack(0), st.buffer(0), sc);
    st.apply(static_cast<Move>(best), label);
  }
}

void TransitionParser::parse_beam(const ParserInput& in, ParserScratch& sc) const {
  sc.beam.resize(1);
  sc.beam[0].state = sc.state;
  sc.beam[0].score = 0;
  auto score_moves = [&](const ArcEagerState& st, float* scores) {
    sc.feats.clear();
    move_features(st, in, sc.feats);
    moves_.score(sc.feats, scores);
  };
  auto pick_label = [&](const ArcEagerState& st, int h, int d) { return predict_label(st, in, h, d, sc); };
  // With the root last, every sentence takes exactly 2n moves, so the items finish together.
  while (!sc.beam[0].state.terminal())
    advance_beam(sc.beam, sc.next, sc.candidates, beam_, beam_threshold_, score_moves, pick_label);
  sc.state = sc.beam[0].state;
}

void TransitionParser::write(BinaryWriter& w) const {
  w.strings(labels_);
  w.pod<int32_t>(root_label_);
  w.pod<int32_t>(punct_label_);
  w.pod<int32_t>(parataxis_label_);
  w.pod<int32_t>(beam_);
  w.pod<float>(beam_threshold_);
  w.array(punct_tags_);
  moves_.write(w);
  relations_.write(w);
}

bool TransitionParser::read(BinaryReader& r) {
  labels_ = r.strings();
  root_label_ = r.pod<int32_t>();
  punct_label_ = r.pod<int32_t>();
  parataxis_label_ = r.pod<int32_t>();
  beam_ = r.pod<int32_t>();
  beam_threshold_ = r.pod<float>();
  r.array(punct_tags_);
  const int nl = static_cast<int>(labels_.size());
  if (!r.ok() || nl == 0 || nl > 64 || root_label_ < 0 || root_label_ >= nl || punct_label_ < 0 ||
      punct_label_ >= nl || parataxis_label_ < 0 || parataxis_label_ >= nl || beam_ < 1 || beam_ > 256 ||
      !(beam_threshold_ >= 0.0f && beam_threshold_ < 1e9f))
    return false;
  if (!moves_.read(r) || moves_.n_classes() != kMoveCount) return false;
  if (!relations_.read(r) || relations_.n_classes() != nl) return false;
  return true;
}

std::pair<double, double> TransitionParser::attachment(const std::vector<Example>& data) const {
  ParserScratch sc;
  std::vector<int> heads;
  std::vector<uint16_t> rels;
  size_t total = 0, uas = 0, las = 0;
  for (const Example& ex : data) {
    heads.resize(ex.keys.size());
    rels.resize(ex.keys.size());
    parse({ex.keys, ex.tags, ex.alt}, sc, heads, rels);
    for (size_t i = 0; i < ex.keys.size(); ++i) {
      ++total;
      if (heads[i] + 1 == ex.heads[i + 1]) {
        ++uas;
        las += rels[i] == ex.rels[i + 1];
      }
    }
  }
  return {total ? double(las) / total : 0.0, total ? double(uas) / total : 0.0};
}

TransitionParser TransitionParser::train(const std::vector<Example>& data, const TrainOptions& opt,
                                         const std::vector<Example>* dev) {
  TransitionParser p;
  p.labels_ = opt.labels;
  auto label_id = [&](std::string_view name) {
    auto it = std::find(p.labels_.begin(), p.labels_.end(), name);
    return it == p.labels_.end() ? 0 : static_cast<int>(it - p.labels_.begin());
  };
  p.root_label_ = label_id("root");
  p.punct_label_ = label_id("punct");
  p.parataxis_label_ = label_id("parataxis");
  for (const auto& t : opt.tag_names) p.punct_tags_.push_back(t.rfind("PUNCT", 0) == 0);
  p.set_tag_names(opt.tag_names);
  const int n_labels = static_cast<int>(p.labels_.size());
  p.beam_ = std::max(opt.beam, 1);
  p.beam_threshold_ = std::max(opt.beam_threshold, 0.0f);  // training searches the full beam; parsing and dev figures use it

  PerceptronTrainer moves(kMoveCount), relations(n_labels);
  SplitMix rng(opt.seed);
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), size_t{0});
  ArcEagerState st;
  std::vector<uint64_t> feats, lfeats;
  std::vector<float> lscores(n_labels);
  float scores[kMoveCount];
  int costs[kMoveCount];
  // The oracle's move from state `s`: the best-scoring of the moves that lose the fewest
  // gold arcs (Goldberg & Nivre 2012); `scores` must hold the state's move scores.
  auto oracle_move = [&](const ArcEagerState& s, const Example& ex) {
    int min_cost = std::numeric_limits<int>::max();
    for (int m = 0; m < kMoveCount; ++m) {
      costs[m] = s.can(static_cast<Move>(m)) ? s.cost(static_cast<Move>(m), ex.heads) : -1;
      if (costs[m] >= 0) min_cost = std::min(min_cost, costs[m]);
    }
    int gold = -1;
    for (int m = 0; m < kMoveCount; ++m)
      if (costs[m] == min_cost && (gold < 0 || scores[m] > scores[gold])) gold = m;
    return gold;
  };
  // The relation model's choice for a new arc h -> d (the root label for the root); its
  // features are left in `lfeats`.
  auto best_label = [&](const ArcEagerState& s, const ParserInput& in, int h, int d) {
    if (h == 0) return p.root_label_;
    lfeats.clear();
    label_features(s, in, h, d, lfeats);
    relations.score(lfeats, lscores.data());
    lscores[p.root_label_] = -std::numeric_limits<float>::infinity();
    return static_cast<int>(std::max_element(lscores.begin(), lscores.end()) - lscores.begin());
  };
  // The same, and a gold arc also trains the relation model and, when `use_gold`, takes
  // its gold relation.
  auto arc_label = [&](const ArcEagerState& s, const ParserInput& in, const Example& ex, int h, int d, bool use_gold) {
    if (h == 0) return p.root_label_;
    int label = best_label(s, in, h, d);
    if (ex.heads[d] == h) {
      relations.tick();
      relations.update(lfeats, ex.rels[d], label);
      if (use_gold) label = ex.rels[d];
    }
    return label;
  };
  std::vector<BeamItem> beam, next;
  std::vector<BeamCandidate> cands;
  struct Trace {
    int parent, move, label;
  };
  std::vector<std::vector<Trace>> history;  // beam training: each beam's items after each move
  std::vector<std::pair<int, int>> gold_path, pred_path;  // (move, label)
  ArcEagerState gst;
  // Beam training on one sentence: runs the oracle's sequence beside the beam and, where
  // the oracle's prefix fell out of the beam and trailed its best item by the most, makes
  // the best item's prefix less likely and the oracle's more (max-violation update).
  // Returns whether it updated.
  auto train_beam = [&](const Example& ex, const ParserInput& in) {
    const int n = static_cast<int>(ex.keys.size());
    beam.resize(1);
    beam[0].state.reset(n);
    beam[0].score = 0;
    beam[0].gold = true;
    gst.reset(n);
    gold_path.clear();
    history.clear();
    double gold_score = 0, worst = 0;
    int worst_step = -1;
    auto score_moves = [&](const ArcEagerState& s, float* out) {
      feats.clear();
      move_features(s, in, feats);
      moves.score(feats, out);
    };
    auto pick_label = [&](const ArcEagerState& s, int h, int d) { return best_label(s, in, h, d); };
    for (int t = 0; t < 2 * n; ++t) {
      score_moves(gst, scores);
      const int gm = oracle_move(gst, ex);
      gold_score += scores[gm];
      int gl = -1;
      if (gm == kLeft) gl = arc_label(gst, in, ex, gst.buffer(0), gst.stack(0), true);
      else if (gm == kRight) gl = arc_label(gst, in, ex, gst.stack(0), gst.buffer(0), true);
      gst.apply(static_cast<Move>(gm), gl);
      gold_path.push_back({gm, gl});
      advance_beam(beam, next, cands, p.beam_, 0.0, score_moves, pick_label);
      bool gold_in = false;
      history.emplace_back();
      for (BeamItem& it : beam) {
        it.gold = next[it.parent].gold && it.move == gm;
        gold_in = gold_in || it.gold;
        history.back().push_back({it.parent, it.move, it.label});
      }
      const bool last = t + 1 == 2 * n;
      if ((!gold_in || (last && !beam[0].gold)) && (worst_step < 0 || beam[0].score - gold_score > worst)) {
        worst = beam[0].score - gold_score;
        worst_step = t;
      }
    }
    if (worst_step < 0) return false;
    pred_path.assign(static_cast<size_t>(worst_step) + 1, {0, 0});
    for (int t = worst_step, j = 0; t >= 0; --t) {
      const Trace& it = history[t][j];
      pred_path[t] = {it.move, it.label};
      j = it.parent;
    }
    moves.tick();
    for (const auto* path : {&gold_path, &pred_path}) {
      const float delta = path == &gold_path ? 1.0f : -1.0f;
      gst.reset(n);
      for (int t = 0; t <= worst_step; ++t) {
        feats.clear();
        move_features(gst, in, feats);
        moves.add(feats, (*path)[t].first, delta);
        gst.apply(static_cast<Move>((*path)[t].first), (*path)[t].second);
      }
    }
    return true;
  };
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    shuffle(order, rng);
    size_t errors = 0, steps = 0;
    for (size_t idx : order) {
      const Example& ex = data[idx];
      ParserInput in{ex.keys, ex.tags, ex.alt, p.coarse_, p.punct_tags_};
      if (p.beam_ > 1) {
        if (!ex.keys.empty()) errors += train_beam(ex, in);
        ++steps;
        continue;
      }
      st.reset(static_cast<int>(ex.keys.size()));
      while (!st.terminal()) {
        feats.clear();
        move_features(st, in, feats);
        moves.score(feats, scores);
        const int gold = oracle_move(st, ex);
        int pred = -1;
        for (int m = 0; m < kMoveCount; ++m)
          if (costs[m] >= 0 && (pred < 0 || scores[m] > scores[pred])) pred = m;
        moves.tick();
        ++steps;
        int move = pred;
        if (costs[pred] != costs[gold]) {
          ++errors;
          moves.update(feats, gold, pred);
          if (!(epoch > 0 && rng.unit() < opt.explore)) move = gold;
        }
        int label = -1;
        if (move == kLeft) label = arc_label(st, in, ex, st.buffer(0), st.stack(0), epoch == 0);
        else if (move == kRight) label = arc_label(st, in, ex, st.stack(0), st.buffer(0), epoch == 0);
        st.apply(static_cast<Move>(move), label);
      }
    }
    std::fprintf(stderr, "parser epoch %d: %.2f%% %s", epoch + 1, 100.0 * errors / std::max<size_t>(steps, 1),
                 p.beam_ > 1 ? "sentences updated" : "move errors");
    if (dev && (epoch + 1 == opt.epochs || (epoch + 1) % 3 == 0)) {
      p.moves_ = moves.average(opt.prune);
      p.relations_ = relations.average(opt.prune);
      auto [las, uas] = p.attachment(*dev);
      std::fprintf(stderr, "; dev UAS %.4f LAS %.4f", uas, las);
    }
    std::fputc('\n', stderr);
  }
  p.moves_ = moves.average(opt.prune);
  p.relations_ = relations.average(opt.prune);
  return p;
}

}  // namespace sitrep::syntax
