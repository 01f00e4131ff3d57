// Tests of the BiLSTM parser: its gradients against finite differences, Eisner decoding
// against brute force, deterministic training, model files, batches and long input.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <tuple>

#include <unistd.h>

#include <gtest/gtest.h>

#include "syntax/biaffine.h"
#include "syntax/conllu.h"
#include "syntax/parser.h"
#include "syntax/test_files.h"
#include "syntax/quantized.h"
#include "syntax/train.h"

namespace sitrep::syntax {
namespace {

namespace fs = std::filesystem;
using test_files::kUd;
using test_files::slurp;

std::vector<TreebankSentence> dev_sentences(size_t n) {
  std::vector<TreebankSentence> dev;
  Diagnostics diag;
  EXPECT_TRUE(read_conllu(kUd / "en_ewt-ud-dev.conllu", dev, diag, nullptr));
  if (dev.size() > n) dev.resize(n);
  return dev;
}

TEST(Bilstm, GradientsMatchFiniteDifferences) {
  // Small dimensions, three real sentences: every parameter's backward pass (embeddings,
  // both LSTM directions of both layers, tag heads, arc and label scorers) is compared
  // with central differences of the loss.
  BiaffineOptions o;
  o.word_dim = 6;
  o.affix_dim = 5;
  o.shape_dim = 3;
  o.hidden = 8;
  o.arc_dim = 7;
  o.label_dim = 4;
  const double worst = BiaffineParser::gradient_check(dev_sentences(3), o, 20);
  EXPECT_LT(worst, 0.05);  // float rounding gives ~0.04 at most; a wrong term gives ~1
}

TEST(Quantized, ProductsMatchFloatsAndDoNotDependOnTheBatch) {
  // Odd sizes: rows not a multiple of the 16-row blocks, columns not of 4.
  SplitMix rng(3);
  for (auto [rows, cols, n] : {std::tuple{37, 50, 13}, std::tuple{512, 216, 70}, std::tuple{5, 3, 1}}) {
    nn::Mat w(rows, cols), x(cols, n);
    for (int i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>(rng.unit() * 2 - 1);
    for (int i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>((rng.unit() * 2 - 1) * 3);
    x.col(0).setZero();  // an all-zero column
    nn::QuantizedMatrix q(w);
    nn::Mat y;
    q.multiply(x, y);
    const nn::Mat exact = w * x;
    ASSERT_EQ(y.rows(), rows);
    ASSERT_EQ(y.cols(), n);
    // 8-bit rounding of both sides: errors of a few percent of the typical magnitude
    // (an entry of w x has standard deviation sqrt(cols) * 0.58 * 1.73 = sqrt(cols)).
    const double typical = std::sqrt(static_cast<double>(cols));
    EXPECT_LT((y - exact).cwiseAbs().maxCoeff(), 0.05 * typical) << rows << "x" << cols;
    EXPECT_EQ(y.col(0).cwiseAbs().maxCoeff(), 0.0f);
    for (const std::string& kernel : nn::QuantizedMatrix::backends()) {  // all give the same bits
      nn::Mat other;
      q.multiply_with(kernel, x, other);
      EXPECT_TRUE(other == y) << kernel << " vs " << nn::QuantizedMatrix::backend();
    }
    for (int c = 0; c < n; ++c) {  // one column alone: the same bits
      nn::Mat one;
      q.multiply(nn::Mat(x.col(c)), one);
      ASSERT_TRUE(one.col(0) == y.col(c)) << c;
    }
  }
}

// Score of a tree (heads per position, heads[0] = -1) under scores(h, d).
double tree_score(const nn::Mat& scores, const std::vector<int>& heads) {
  double s = 0;
  for (size_t d = 1; d < heads.size(); ++d) s += scores(heads[d], static_cast<int>(d));
  return s;
}

bool is_single_rooted_projective_tree(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  if (std::count(heads.begin() + 1, heads.end(), 0) != 1) return false;
  for (int d = 1; d < n; ++d) {  // every word reaches the root
    int x = d, steps = 0;
    while (x != 0 && steps++ < n) x = heads[x];
    if (x != 0) return false;
  }
  std::vector<int> words(heads.begin() + 1, heads.end());
  for (int& h : words) --h;  // 0-based, -1 root
  return is_projective(words);
}

TEST(Bilstm, EisnerFindsTheBestSingleRootedProjectiveTree) {
  SplitMix rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 2 + trial % 5;  // the root and 1..5 words
    nn::Mat scores(n, n);
    for (int i = 0; i < scores.size(); ++i) scores.data()[i] = static_cast<float>(rng.unit() * 10 - 5);
    // Brute force over every head assignment.
    double best = -1e300;
    std::vector<int> heads(n, -1);
    std::function<void(int)> walk = [&](int d) {
      if (d == n) {
        if (is_single_rooted_projective_tree(heads)) best = std::max(best, tree_score(scores, heads));
        return;
      }
      for (int h = 0; h < n; ++h)
        if (h != d) {
          heads[d] = h;
          walk(d + 1);
        }
    };
    walk(1);
    const std::vector<int> got = eisner(scores);
    ASSERT_EQ(static_cast<int>(got.size()), n);
    EXPECT_EQ(got[0], -1);
    EXPECT_TRUE(is_single_rooted_projective_tree(got)) << trial;
    EXPECT_NEAR(tree_score(scores, got), best, 1e-4) << trial;
  }
}

SyntaxTrainOptions small_bilstm(const fs::path& out, int threads) {
  SyntaxTrainOptions opt;
  opt.threads = threads;
  opt.parser = SyntaxTrainOptions::Parser::kBilstm;
  opt.train = kUd / "en_ewt-ud-train.conllu";
  opt.limit = 200;
  opt.out = out;
  opt.bilstm.hidden = 16;
  opt.bilstm.arc_dim = 32;
  opt.bilstm.label_dim = 8;
  opt.bilstm.epochs = 2;
  return opt;
}

class SmallBilstm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("sitrep_bilstm_test_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    Diagnostics diag;
    std::string err;
    ASSERT_TRUE(train_syntax(small_bilstm(*dir_ / "a.model", 1), diag, &err)) << err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static fs::path* dir_;
};
fs::path* SmallBilstm::dir_ = nullptr;

// a.model was trained on one thread, b.model on two: the same bytes.
TEST_F(SmallBilstm, TrainingIsDeterministicAndModelsRoundTrip) {
  Diagnostics diag;
  std::string err;
  ASSERT_TRUE(train_syntax(small_bilstm(*dir_ / "b.model", 2), diag, &err)) << err;
  const std::string a = slurp(*dir_ / "a.model");
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, slurp(*dir_ / "b.model"));

  auto m1 = SyntaxModel::load(*dir_ / "a.model", &err);
  ASSERT_TRUE(m1) << err;
  EXPECT_TRUE(m1->is_bilstm());
  ASSERT_TRUE(m1->save(*dir_ / "c.model", &err)) << err;
  EXPECT_EQ(slurp(*dir_ / "c.model"), a);
  auto m2 = SyntaxModel::load(*dir_ / "c.model", &err);
  ASSERT_TRUE(m2) << err;

  const auto dev = dev_sentences(200);
  std::vector<std::vector<std::string_view>> forms;
  for (const auto& s : dev) forms.emplace_back(s.forms.begin(), s.forms.end());
  std::vector<ParsedSentence> p1, p2;
  m1->parse_all(forms, p1);
  m2->parse_all(forms, p2);
  ASSERT_EQ(p1.size(), dev.size());
  size_t same_alone = 0;
  for (size_t s = 0; s < dev.size(); ++s) {
    ASSERT_EQ(p1[s].head, p2[s].head);
    ASSERT_EQ(p1[s].deprel, p2[s].deprel);
    ASSERT_EQ(p1[s].upos, p2[s].upos);
    ASSERT_EQ(p1[s].xpos, p2[s].xpos);
    ASSERT_EQ(p1[s].lemma, p2[s].lemma);
    ASSERT_EQ(p1[s].size(), dev[s].size());
    EXPECT_EQ(std::count(p1[s].head.begin(), p1[s].head.end(), -1), 1) << s;
    for (size_t i = 0; i < p1[s].size(); ++i)  // "root" names the root's dependent and nothing else
      EXPECT_EQ(p1[s].head[i] == -1, p1[s].deprel[i] == "root") << s << " " << i;
    ParsedSentence alone;
    m1->parse(forms[s], alone);
    same_alone += alone.head == p1[s].head && alone.deprel == p1[s].deprel && alone.upos == p1[s].upos;
  }
  // One sentence at a time computes the same network; only float rounding may differ.
  EXPECT_GE(same_alone, dev.size() * 98 / 100);
}

TEST_F(SmallBilstm, LongEmptyAndOddInput) {
  std::string err;
  auto m = SyntaxModel::load(*dir_ / "a.model", &err);
  ASSERT_TRUE(m) << err;
  std::vector<std::string_view> longest;
  const std::vector<std::string_view> words = {"Fighters", "attacked", "the", "town", ",", "officials", "said", "."};
  for (size_t i = 0; i < 1300; ++i) longest.push_back(words[i % words.size()]);
  std::vector<std::vector<std::string_view>> batch = {
      longest, {}, {"\xff\xfe", "\x01", "日本", ""}, {"Kunduz"}};
  std::vector<ParsedSentence> out;
  m->parse_all(batch, out);
  ASSERT_EQ(out.size(), batch.size());
  for (size_t s = 0; s < batch.size(); ++s) {
    ASSERT_EQ(out[s].size(), batch[s].size());
    if (batch[s].empty()) continue;
    EXPECT_EQ(std::count(out[s].head.begin(), out[s].head.end(), -1), 1) << s;
    for (int h : out[s].head) EXPECT_LT(h, static_cast<int>(batch[s].size()));
  }
}

TEST_F(SmallBilstm, DamagedModelsAreRejected) {
  const std::string good = slurp(*dir_ / "a.model");
  std::string err;
  for (size_t cut : {size_t{20}, size_t{200}, good.size() / 2, good.size() - 1}) {
    std::ofstream(*dir_ / "cut.model", std::ios::binary) << good.substr(0, cut);
    EXPECT_FALSE(SyntaxModel::load(*dir_ / "cut.model", &err)) << cut;
    EXPECT_NE(err.find("cut.model"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace sitrep::syntax
