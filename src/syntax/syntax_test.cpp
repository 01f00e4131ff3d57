// Tests of the syntax stage: CoNLL-U reading, the arc-eager transition system and its
// oracle, feature extraction, model training/save/load, and the committed model on
// sentences from the seed articles.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "syntax/arc_eager.h"
#include "syntax/conllu.h"
#include "syntax/features.h"
#include "syntax/parser.h"
#include "syntax/test_files.h"
#include "syntax/syntax_model_parts.h"
#include "syntax/tagger.h"
#include "syntax/train.h"
#include "syntax/transition_parser.h"

namespace sitrep::syntax {
namespace {

namespace fs = std::filesystem;
using test_files::kUd;
using test_files::slurp;

// ---- CoNLL-U

TEST(Conllu, ReadsWordsSkipsRangesAndReportsMalformedSentences) {
  const std::string text =
      "# sent_id = a\n"
      "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"
      "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
      "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n"
      "\n"
      "# sent_id = broken\n"
      "1\tHi\thi\tINTJ\tUH\t_\t7\troot\t_\t_\n"  // head out of range
      "\n"
      "# sent_id = c\n"
      "1\tFled\tflee\tVERB\tVBD\t_\t0\troot\t_\t_\n"
      "2\tonly nine columns\n"
      "\n"
      "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";
  std::vector<TreebankSentence> out;
  Diagnostics diag;
  parse_conllu(text, "t.conllu", out, diag);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "a");
  EXPECT_EQ(out[0].forms, (std::vector<std::string>{"do", "n't", "go"}));
  EXPECT_EQ(out[0].heads, (std::vector<int>{2, 2, -1}));
  EXPECT_EQ(out[0].tag(1), "PART\tRB");
  EXPECT_EQ(out[1].forms, (std::vector<std::string>{"Yes"}));
  EXPECT_EQ(out[1].id, "t.conllu:14");
  auto d = diag.all();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(diag.skipped_any());
  EXPECT_EQ(d[0].line, 7u);
  EXPECT_NE(d[0].message.find("out of range"), std::string::npos);
  EXPECT_EQ(d[1].line, 10u);
  EXPECT_NE(d[1].message.find("line 12"), std::string::npos);
}

TEST(Conllu, MissingFileIsAnErrorNotACrash) {
  std::vector<TreebankSentence> out;
  Diagnostics diag;
  std::string err;
  EXPECT_FALSE(read_conllu("/nonexistent/x.conllu", out, diag, &err));
  EXPECT_NE(err.find("/nonexistent/x.conllu"), std::string::npos);
}

TEST(Conllu, Projectivity) {
  EXPECT_TRUE(is_projective({1, -1, 1}));
  EXPECT_FALSE(is_projective({2, 3, -1, 2}));  // 0->2 crosses 1->3
}

// ---- transition system and oracle

// Follows zero-cost moves (in a fixed preference order) and returns the heads built.
std::vector<int> oracle_parse(const std::vector<int>& heads0) {
  const int n = static_cast<int>(heads0.size());
  std::vector<int> gold(n + 1, 0);
  for (int i = 0; i < n; ++i) gold[i + 1] = heads0[i] + 1;
  ArcEagerState st;
  st.reset(n);
  while (!st.terminal()) {
    bool moved = false;
    for (Move m : {kLeft, kRight, kReduce, kShift})
      if (st.can(m) && st.cost(m, gold) == 0) {
        st.apply(m, 0);
        moved = true;
        break;
      }
    if (!moved) return {};
  }
  std::vector<int> out(n);
  for (int w = 1; w <= n; ++w) out[w - 1] = st.head(w) - 1;
  return out;
}

TEST(ArcEager, OracleReproducesProjectiveTrees) {
  // "Taliban captured Faizabad overnight ."
  EXPECT_EQ(oracle_parse({1, -1, 1, 1, 1}), (std::vector<int>{1, -1, 1, 1, 1}));
  // "Over 80 militants were killed" (head-final chain)
  EXPECT_EQ(oracle_parse({1, 2, 4, 4, -1}), (std::vector<int>{1, 2, 4, 4, -1}));
  std::vector<TreebankSentence> dev;
  Diagnostics diag;
  ASSERT_TRUE(read_conllu(kUd / "en_ewt-ud-dev.conllu", dev, diag, nullptr));
  size_t projective = 0;
  for (const auto& s : dev) {
    if (!is_projective(s.heads)) continue;
    ++projective;
    ASSERT_EQ(oracle_parse(s.heads), s.heads) << s.id;
  }
  EXPECT_GT(projective, 1800u);
}

TEST(ArcEager, CostsCountLostArcs) {
  // gold: 1 <- 2 (word 1's head is word 2), 2 is the root
  ArcEagerState st;
  st.reset(2);
  std::vector<int> gold{0, 2, 0};
  EXPECT_EQ(st.stack(0), -1);  // the root is not on the stack: it comes after the last word
  EXPECT_EQ(st.buffer(2), 0);
  EXPECT_FALSE(st.can(kLeft));
  EXPECT_FALSE(st.can(kRight));
  st.apply(kShift, 0);  // stack: 1; buffer: 2 root
  EXPECT_EQ(st.cost(kLeft, gold), 0);
  EXPECT_EQ(st.cost(kRight, gold), 2);  // 2 would get the wrong head and lose dependent 1
  EXPECT_EQ(st.cost(kShift, gold), 1);  // 1 can no longer get head 2; 2 can still reach the root
  EXPECT_FALSE(st.can(kReduce));        // 1 has no head yet
  st.apply(kLeft, 3);
  EXPECT_EQ(st.head(1), 2);
  EXPECT_EQ(st.label(1), 3);
  EXPECT_EQ(st.leftmost(2), 1);
  EXPECT_EQ(st.left_labels(2), uint64_t{1} << 3);
  st.apply(kShift, 0);  // stack: 2; buffer: root
  EXPECT_FALSE(st.terminal());
  EXPECT_FALSE(st.can(kShift));
  EXPECT_FALSE(st.can(kRight));  // the root is never a dependent
  EXPECT_EQ(st.cost(kLeft, gold), 0);
  st.apply(kLeft, 5);
  EXPECT_EQ(st.head(2), 0);
  EXPECT_TRUE(st.terminal());
}

TEST(ArcEager, RootLastCosts) {
  // gold: 1 is the root, 2 <- 1; with 1 on the stack and 2 in the buffer, a left-arc
  // would give 1 head 2 and lose both arcs; a right-arc keeps both reachable.
  ArcEagerState st;
  st.reset(2);
  std::vector<int> gold{0, 0, 1};
  st.apply(kShift, 0);
  EXPECT_EQ(st.cost(kLeft, gold), 2);
  EXPECT_EQ(st.cost(kRight, gold), 0);
  EXPECT_EQ(st.cost(kShift, gold), 1);
}

// ---- features

TEST(Features, TokenKeysIgnoreCaseButKeepShape) {
  TokenKeys a = token_keys("Taliban"), b = token_keys("taliban"), c = token_keys("TALIBAN");
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.lower, c.lower);
  EXPECT_NE(a.shape, b.shape);
  EXPECT_EQ(a.flags & TokenKeys::kTitle, TokenKeys::kTitle);
  EXPECT_EQ(c.flags & TokenKeys::kUpper, TokenKeys::kUpper);
  EXPECT_EQ(token_keys("1,000").shape, token_keys("5,183").shape);
  EXPECT_EQ(token_keys("1,000").flags & TokenKeys::kHasDigit, TokenKeys::kHasDigit);
  EXPECT_EQ(token_keys("killed").suffix[1], token_keys("wounded").suffix[1]);  // "ed"
  EXPECT_NE(token_keys("killed").suffix[2], token_keys("wounded").suffix[2]);  // "led" vs "ded"
  EXPECT_NE(feature(1, 2), feature(2, 1));
}

TEST(Features, MoveFeaturesFollowTheState) {
  std::vector<TokenKeys> keys;
  for (const char* w : {"Taliban", "captured", "Faizabad"}) keys.push_back(token_keys(w));
  std::vector<uint16_t> tags{3, 7, 3};
  ParserInput in{keys, tags};
  ArcEagerState st;
  st.reset(3);
  std::vector<uint64_t> f0, f0again, f1;
  move_features(st, in, f0);
  move_features(st, in, f0again);
  EXPECT_EQ(f0, f0again);
  for (uint64_t f : f0) EXPECT_NE(f, 0u);
  st.apply(kShift, 0);
  move_features(st, in, f1);
  ASSERT_EQ(f0.size(), f1.size());  // a fixed number of templates
  EXPECT_NE(f0, f1);
  // Same state, another word in the buffer front: word features change, tag-only ones do not.
  std::vector<TokenKeys> keys2 = keys;
  keys2[1] = token_keys("seized");
  std::vector<uint64_t> f2;
  move_features(st, ParserInput{keys2, tags}, f2);
  size_t same = 0;
  for (size_t i = 0; i < f1.size(); ++i) same += f1[i] == f2[i];
  EXPECT_GT(same, 10u);
  EXPECT_LT(same, f1.size());
}

// ---- training, save and load

// Quick training on the first `limit` EWT training sentences.
SyntaxTrainOptions small_training(size_t limit) {
  SyntaxTrainOptions opt;
  opt.train = kUd / "en_ewt-ud-train.conllu";
  opt.limit = limit;
  opt.tagger_epochs = 2;
  opt.parser_epochs = 2;
  return opt;
}

// Trains `opt` into dir/a.model on one thread and dir/b.model on two (the fold taggers in
// parallel): the files must be byte-identical. Returns the bytes of a.model.
std::string train_twice(SyntaxTrainOptions opt, const fs::path& dir) {
  Diagnostics diag;
  std::string err;
  opt.out = dir / "a.model";
  opt.threads = 1;
  EXPECT_TRUE(train_syntax(opt, diag, &err)) << err;
  opt.out = dir / "b.model";
  opt.threads = 2;
  EXPECT_TRUE(train_syntax(opt, diag, &err)) << err;
  std::string a = slurp(dir / "a.model");
  EXPECT_EQ(a, slurp(dir / "b.model"));
  return a;
}

TEST(Training, IsDeterministicAndModelsRoundTrip) {
  fs::path dir = fs::temp_directory_path() / ("sitrep_syntax_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  SyntaxTrainOptions opt = small_training(300);
  Diagnostics diag;
  std::string err;
  const std::string a = train_twice(opt, dir);
  EXPECT_GT(a.size(), 1000u);

  auto m1 = SyntaxModel::load(dir / "a.model", &err);
  ASSERT_TRUE(m1) << err;
  ASSERT_TRUE(m1->save(dir / "c.model", &err)) << err;
  EXPECT_EQ(slurp(dir / "c.model"), a);
  auto m2 = SyntaxModel::load(dir / "c.model", &err);
  ASSERT_TRUE(m2) << err;
  std::vector<TreebankSentence> dev;
  ASSERT_TRUE(read_conllu(kUd / "en_ewt-ud-dev.conllu", dev, diag, nullptr));
  ParsedSentence p1, p2;
  for (size_t s = 0; s < 200 && s < dev.size(); ++s) {
    std::vector<std::string_view> forms(dev[s].forms.begin(), dev[s].forms.end());
    m1->parse(forms, p1);
    m2->parse(forms, p2);
    ASSERT_EQ(p1.head, p2.head);
    ASSERT_EQ(p1.deprel, p2.deprel);
    ASSERT_EQ(p1.upos, p2.upos);
    ASSERT_EQ(p1.lemma, p2.lemma);
  }

  // Pruning small averaged weights makes a smaller model that still parses.
  opt.prune = 0.6f;
  opt.out = dir / "d.model";
  ASSERT_TRUE(train_syntax(opt, diag, &err)) << err;
  EXPECT_LT(slurp(dir / "d.model").size(), a.size() * 9 / 10);
  auto m3 = SyntaxModel::load(dir / "d.model", &err);
  ASSERT_TRUE(m3) << err;
  std::vector<std::string_view> forms(dev[0].forms.begin(), dev[0].forms.end());
  m3->parse(forms, p1);
  EXPECT_EQ(std::count(p1.head.begin(), p1.head.end(), -1), 1);
  fs::remove_all(dir);
}

// Unlabelled attachment of `model` on the first `count` sentences of `data`.
double uas_on(const SyntaxModel& model, const std::vector<TreebankSentence>& data, size_t count) {
  size_t right = 0, total = 0;
  ParsedSentence p;
  for (size_t s = 0; s < count && s < data.size(); ++s) {
    std::vector<std::string_view> forms(data[s].forms.begin(), data[s].forms.end());
    model.parse(forms, p);
    for (size_t i = 0; i < p.size(); ++i, ++total) right += p.head[i] == data[s].heads[i];
  }
  return total ? double(right) / total : 0.0;
}

TEST(Training, BeamSearchIsDeterministicAndSearchesWhatItLearned) {
  fs::path dir = fs::temp_directory_path() / ("sitrep_syntax_beam_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  SyntaxTrainOptions opt = small_training(1000);
  opt.parser_epochs = 3;
  opt.folds = 2;
  opt.beam = 4;
  train_twice(opt, dir);
  Diagnostics diag;
  std::string err;

  auto model = SyntaxModel::load(dir / "a.model", &err);
  ASSERT_TRUE(model) << err;
  EXPECT_EQ(model->beam(), 4);  // the width it was trained with is kept in the file
  EXPECT_EQ(model->beam_threshold(), 200.0f);
  std::vector<TreebankSentence> dev;
  ASSERT_TRUE(read_conllu(kUd / "en_ewt-ud-dev.conllu", dev, diag, nullptr));
  const double with_beam = uas_on(*model, dev, 300);
  model->set_beam_threshold(0);  // the full beam: at least as good here, never worse by much
  const double full_beam = uas_on(*model, dev, 300);
  EXPECT_GT(full_beam, with_beam - 0.01);
  model->set_beam(1);
  const double greedy = uas_on(*model, dev, 300);
  // A globally trained model scores whole sequences: searching only the single best
  // move at each step finds worse trees than the beam it was trained with.
  EXPECT_GT(with_beam, greedy + 0.01) << with_beam << " vs " << greedy;
  EXPECT_GT(with_beam, 0.6);
  ParsedSentence p;
  for (int width : {1, 2, 4, 16}) {  // any width gives one tree over every word
    model->set_beam(width);
    std::vector<std::string_view> forms(dev[1].forms.begin(), dev[1].forms.end());
    model->parse(forms, p);
    ASSERT_EQ(p.size(), forms.size());
    EXPECT_EQ(std::count(p.head.begin(), p.head.end(), -1), 1) << width;
  }
  fs::remove_all(dir);
}

TEST(Training, DamagedModelsAreRejected) {
  fs::path dir = fs::temp_directory_path() / ("sitrep_syntax_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string err;
  EXPECT_FALSE(SyntaxModel::load(dir / "missing.model", &err));
  EXPECT_NE(err.find("missing.model"), std::string::npos);
  const std::string good = slurp(SyntaxModel::default_path());
  ASSERT_GT(good.size(), 1000u);
  for (size_t cut : {size_t{5}, good.size() / 3, good.size() - 1}) {
    std::ofstream(dir / "cut.model", std::ios::binary) << good.substr(0, cut);
    EXPECT_FALSE(SyntaxModel::load(dir / "cut.model", &err)) << cut;
  }
  std::ofstream(dir / "text.model") << "hello";
  EXPECT_FALSE(SyntaxModel::load(dir / "text.model", &err));
  fs::remove_all(dir);
}

// ---- the committed model on news sentences from the seed articles

class CommittedModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string err;
    model_ = SyntaxModel::load(SyntaxModel::default_path(), &err).release();
    ASSERT_NE(model_, nullptr) << err;
  }
  static void TearDownTestSuite() { delete model_; }
  static SyntaxModel* model_;
};
SyntaxModel* CommittedModel::model_ = nullptr;

struct VerbCase {
  std::vector<std::string_view> tokens;
  std::string_view verb, lemma;
  std::string_view subject, subject_rel;  // subject token and its relation to the verb
  std::string_view object;                // direct object, or "" when none
};

int index_of(const std::vector<std::string_view>& toks, std::string_view w) {
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i] == w) return static_cast<int>(i);
  return -1;
}

TEST_F(CommittedModel, VerbsGetTheirSubjectsAndObjects) {
  const std::vector<VerbCase> cases = {
      {{"Afghan", "soldiers", "recaptured", "two", "districts", "in", "Balkh", "."},
       "recaptured", "recapture", "soldiers", "nsubj", "districts"},
      {{"Taliban", "captured", "Faizabad", "overnight", "."}, "captured", "capture", "Taliban", "nsubj", "Faizabad"},
      {{"Over", "80", "Taliban", "militants", "were", "killed", "in", "the", "fighting", ",", "with", "one", "hideout",
        "and", "a", "large", "cache", "of", "weapons", "and", "ammunition", "destroyed", "."},
       "killed", "kill", "militants", "nsubj:pass", ""},
      {{"Nearly", "1,000", "Afghan", "soldiers", "have", "fled", "into", "Tajikistan", ",", "while", "others", "have",
        "surrendered", "as", "the", "Taliban", "gain", "large", "swathes", "of", "the", "region", "."},
       "fled", "flee", "soldiers", "nsubj", ""},
      {{"The", "Afghan", "armed", "forces", "said", "on", "Tuesday", "that", "they", "have", "repulsed", "a", "Taliban",
        "offensive", "in", "Mazar-i-Sharif", ",", "the", "capital", "of", "the", "northern", "Balkh", "province", "."},
       "repulsed", "repulse", "they", "nsubj", "offensive"},
      {{"\"", "The", "Taliban", "have", "captured", "the", "city", "now", ",", "\"", "said", "Zabihullah", "Attiq", "."},
       "captured", "capture", "Taliban", "nsubj", "city"},
  };
  ParsedSentence p;
  for (const auto& c : cases) {
    model_->parse(c.tokens, p);
    const int v = index_of(c.tokens, c.verb), s = index_of(c.tokens, c.subject);
    ASSERT_GE(v, 0);
    SCOPED_TRACE(std::string(c.verb));
    EXPECT_EQ(p.upos[v], "VERB");
    EXPECT_EQ(p.lemma[v], c.lemma);
    EXPECT_EQ(p.head[s], v);
    EXPECT_EQ(p.deprel[s], c.subject_rel);
    if (!c.object.empty()) {
      const int o = index_of(c.tokens, c.object);
      EXPECT_EQ(p.head[o], v);
      EXPECT_EQ(p.deprel[o], "obj");
    }
    int roots = 0;
    for (size_t i = 0; i < p.size(); ++i) roots += p.head[i] < 0;
    EXPECT_EQ(roots, 1);
  }
}

TEST_F(CommittedModel, ActiveAndPassiveSwapRoles) {
  ParsedSentence p;
  std::vector<std::string_view> passive{"80", "Taliban", "fighters", "were", "killed", "by", "Afghan", "forces", "."};
  model_->parse(passive, p);
  EXPECT_EQ(p.head[2], 4);
  EXPECT_EQ(p.deprel[2], "nsubj:pass");
  EXPECT_EQ(p.head[7], 4);
  EXPECT_EQ(p.deprel[7], "obl:agent");
  EXPECT_EQ(p.lemma[7], "force");
  std::vector<std::string_view> active{"Taliban", "fighters", "killed", "80", "Afghan", "soldiers", "."};
  model_->parse(active, p);
  EXPECT_EQ(p.head[1], 2);
  EXPECT_EQ(p.deprel[1], "nsubj");
  EXPECT_EQ(p.head[5], 2);
  EXPECT_EQ(p.deprel[5], "obj");
}

TEST_F(CommittedModel, EdgeCases) {
  ParsedSentence p;
  model_->parse(std::span<const std::string_view>(), p);
  EXPECT_EQ(p.size(), 0u);
  std::vector<std::string_view> one{"Kabul"};
  model_->parse(one, p);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p.head[0], -1);
  EXPECT_EQ(p.deprel[0], "root");
  // Longer than one parser chunk: still one tree with one root.
  std::vector<std::string_view> many;
  for (int i = 0; i < 1200; ++i) many.push_back(i % 6 == 5 ? "," : i % 2 ? "fighters" : "Taliban");
  model_->parse(many, p);
  ASSERT_EQ(p.size(), many.size());
  int roots = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    roots += p.head[i] < 0;
    ASSERT_LT(p.head[i], static_cast<int>(p.size()));
    ASSERT_NE(p.head[i], static_cast<int>(i));
  }
  EXPECT_EQ(roots, 1);
}

// True when `s` is well-formed UTF-8 (lead byte followed by the right number of
// continuation bytes).
bool well_formed_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

TEST_F(CommittedModel, LemmasOfNonAsciiFormsStayWellFormed) {
  // EWT test: "I´m from ..." with an acute accent for the apostrophe; the "'m" -> "be"
  // rule used to cut the two-byte accent in half.
  const std::vector<std::vector<std::string_view>> cases = {
      {"Hi", "I", "\xC2\xB4m", "from", "Kabul", "."},
      {"The", "caf\xC3\xA9s", "were", "shelled", "."},
      {"\xE2\x80\x9CWe", "fought", "\xE2\x80\x9D", "."},
  };
  ParsedSentence p;
  for (const auto& c : cases) {
    model_->parse(c, p);
    for (size_t i = 0; i < c.size(); ++i) EXPECT_TRUE(well_formed_utf8(p.lemma[i])) << c[i] << " -> " << p.lemma[i];
  }
}

TEST_F(CommittedModel, RunnerUpTagsMarkUnsureWords) {
  // Where the tagger gives a runner-up tag, it was unsure: the gold tag is then often
  // the runner-up, so the pair covers the gold tag clearly more often than the first tag.
  std::vector<TreebankSentence> dev;
  Diagnostics diag;
  ASSERT_TRUE(read_conllu(kUd / "en_ewt-ud-dev.conllu", dev, diag, nullptr));
  const Tagger& tagger = model_->parts().tagger;
  Tagger::Scratch scratch;
  size_t tokens = 0, unsure = 0, first_right = 0, pair_right = 0;
  for (size_t s = 0; s < 500 && s < dev.size(); ++s) {
    std::vector<TokenKeys> keys;
    for (const auto& f : dev[s].forms) keys.push_back(token_keys(f));
    std::vector<uint16_t> tags(keys.size()), alt(keys.size()), plain(keys.size());
    tagger.tag(keys, tags, scratch, alt);
    tagger.tag(keys, plain, scratch);
    ASSERT_EQ(tags, plain);  // asking for runner-ups does not change the tags
    for (size_t i = 0; i < keys.size(); ++i, ++tokens) {
      if (alt[i] == tags[i]) continue;
      ++unsure;
      const std::string& gold = dev[s].tag(i);
      first_right += tagger.tag_names()[tags[i]] == gold;
      pair_right += tagger.tag_names()[tags[i]] == gold || tagger.tag_names()[alt[i]] == gold;
    }
  }
  EXPECT_GT(unsure, tokens / 50);
  EXPECT_LT(unsure, tokens / 5);
  EXPECT_GT(pair_right, first_right + unsure / 5);
}

TEST_F(CommittedModel, ParsesDocumentSentences) {
  Document doc;
  doc.text = "Taliban captured Faizabad overnight.";
  for (auto [a, b] : {std::pair{0u, 7u}, {8u, 16u}, {17u, 25u}, {26u, 35u}, {35u, 36u}}) doc.tokens.push_back({{a, b}});
  doc.sentences.push_back({{0, 36}, 0, 5, 0});
  ParsedSentence p;
  model_->parse(doc, doc.sentences[0], p);
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p.head[0], 1);
  EXPECT_EQ(p.head[1], -1);
  EXPECT_EQ(p.deprel[4], "punct");
  EXPECT_EQ(p.upos[2], "PROPN");
  EXPECT_EQ(p.xpos[2], "NNP");
}

}  // namespace
}  // namespace sitrep::syntax
