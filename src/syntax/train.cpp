#include "syntax/train.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>
#include <thread>

#include "core/data_file.h"
#include "syntax/conllu.h"
#include "syntax/syntax_model_parts.h"

namespace sitrep::syntax {
namespace {

std::vector<std::string> sorted_tags(const std::vector<TreebankSentence>& data) {
  std::set<std::string> names;
  for (const auto& s : data)
    for (size_t i = 0; i < s.size(); ++i) names.insert(s.tag(i));
  return {names.begin(), names.end()};
}

// data/syntax/irregular_verbs.tsv: form, lemma, past|participle.
std::vector<Lemmatizer::Exception> read_irregular_verbs() {
  std::vector<Lemmatizer::Exception> out;
  for (const auto& line : read_data_file("syntax/irregular_verbs.tsv"))
    if (line.fields.size() >= 3)
      out.push_back({line.fields[0], line.fields[1], line.fields[2] == "participle" ? "VBN" : "VBD"});
  return out;
}

uint16_t id_of(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<uint16_t>(std::lower_bound(names.begin(), names.end(), name) - names.begin());
}

bool write_model(std::unique_ptr<SyntaxModel::Parts> parts, const std::filesystem::path& path, std::string* error) {
  SyntaxModel m(std::move(parts));
  if (!m.save(path, error)) return false;
  std::fprintf(stderr, "train syntax: wrote %s\n", path.string().c_str());
  return true;
}

// The BiLSTM model: the perceptron tagger and the lemmatiser as for the perceptron model,
// and the network for the trees.
bool train_bilstm(const SyntaxTrainOptions& opt, const std::vector<TreebankSentence>& train,
                  const std::vector<TreebankSentence>& dev, const std::vector<std::string>& tags,
                  const std::vector<std::vector<uint16_t>>& gold_tags, const Tagger::TrainOptions& topt,
                  const std::vector<Lemmatizer::Exception>& irregular, std::string* error) {
  auto parts = std::make_unique<SyntaxModel::Parts>();
  // Tags come from the perceptron tagger (no jackknifing: the network reads no tags).
  std::vector<const TreebankSentence*> data;
  for (const auto& s : train) data.push_back(&s);
  parts->tagger = Tagger::train(data, tags, gold_tags, topt);
  parts->lemmatizer = Lemmatizer::train(train, tags, irregular);
  BiaffineOptions bopt = opt.bilstm;
  bopt.seed = opt.seed;
  bopt.threads = opt.threads;
  parts->bilstm = BiaffineParser::train(train, dev, bopt, std::cerr);  // progress lines as they come
  return write_model(std::move(parts), opt.out, error);
}

}  // namespace

bool train_syntax(const SyntaxTrainOptions& opt, Diagnostics& diag, std::string* error) {
  std::vector<TreebankSentence> train, dev;
  if (!read_conllu(opt.train, train, diag, error)) return false;
  if (opt.limit && train.size() > opt.limit) train.resize(opt.limit);
  if (!opt.dev.empty() && !read_conllu(opt.dev, dev, diag, error)) return false;
  if (train.empty()) {
    if (error) *error = opt.train.string() + ": no sentences to train on";
    return false;
  }
  const std::vector<std::string> tags = sorted_tags(train);
  const std::vector<std::string> labels = sorted_values(train, &TreebankSentence::deprels);
  if (labels.size() > 64) {
    if (error) *error = "more than 64 dependency relations in " + opt.train.string();
    return false;
  }
  std::fprintf(stderr, "train syntax: %zu training sentences, %zu tags, %zu relations\n", train.size(), tags.size(),
               labels.size());
  std::vector<Lemmatizer::Exception> irregular;
  try {
    irregular = read_irregular_verbs();
  } catch (const std::exception& e) {  // a missing data file: an installation problem
    if (error) *error = e.what();
    return false;
  }
  std::vector<std::vector<uint16_t>> gold_tags(train.size());
  for (size_t s = 0; s < train.size(); ++s)
    for (size_t i = 0; i < train[s].size(); ++i) gold_tags[s].push_back(id_of(tags, train[s].tag(i)));
  Tagger::TrainOptions topt;
  topt.epochs = opt.tagger_epochs;
  topt.seed = opt.seed;
  topt.prune = opt.prune;
  if (opt.parser == SyntaxTrainOptions::Parser::kBilstm)
    return train_bilstm(opt, train, dev, tags, gold_tags, topt, irregular, error);
  // Jackknifing: fold f is tagged by a tagger trained on the other folds. Each job is
  // independent, so running them on several threads does not change the result. Folds
  // are contiguous runs of sentences, so a document's sentences mostly share a fold: with
  // interleaved folds the tagger had seen the rest of the document (its names, its
  // repeated phrases) and the parser trained on tags better than any it gets at parse time.
  const int folds = std::max(opt.folds, 2);
  auto fold_of = [&](size_t s) { return static_cast<int>(s * folds / train.size()); };
  std::vector<std::vector<uint16_t>> predicted(train.size()), predicted_alt(train.size());
  auto model = std::make_unique<SyntaxModel::Parts>();
  auto run_job = [&](int job) {
    std::vector<const TreebankSentence*> data;
    std::vector<std::vector<uint16_t>> gold;
    for (size_t s = 0; s < train.size(); ++s)
      if (job == folds || fold_of(s) != job) {
        data.push_back(&train[s]);
        gold.push_back(gold_tags[s]);
      }
    Tagger t = Tagger::train(data, tags, gold, topt);
    if (job == folds) { model->tagger = std::move(t); return; }
    std::vector<TokenKeys> keys;
    Tagger::Scratch scratch;
    for (size_t s = 0; s < train.size(); ++s) {
      if (fold_of(s) != job) continue;
      keys.clear();
      for (const auto& f : train[s].forms) keys.push_back(token_keys(f));
      predicted[s].resize(keys.size());
      predicted_alt[s].resize(keys.size());
      t.tag(keys, predicted[s], scratch, predicted_alt[s]);
    }
  };
  {
    const int jobs = folds + 1;
    const int threads = std::clamp(opt.threads, 1, jobs);
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w)
      pool.emplace_back([&, w] {
        for (int job = w; job < jobs; job += threads) run_job(job);
      });
    for (auto& th : pool) th.join();
  }
  size_t right = 0, total = 0;
  for (size_t s = 0; s < train.size(); ++s)
    for (size_t i = 0; i < predicted[s].size(); ++i, ++total) right += predicted[s][i] == gold_tags[s][i];
  std::fprintf(stderr, "train syntax: jackknifed tagging accuracy %.4f\n", total ? double(right) / total : 0.0);

  model->lemmatizer = Lemmatizer::train(train, tags, irregular);

  auto example = [&](const TreebankSentence& s, std::vector<uint16_t> tag_ids, std::vector<uint16_t> alt) {
    TransitionParser::Example ex;
    for (const auto& f : s.forms) ex.keys.push_back(token_keys(f));
    ex.tags = std::move(tag_ids);
    ex.alt = std::move(alt);
    ex.heads.assign(s.size() + 1, 0);
    ex.rels.assign(s.size() + 1, 0);
    for (size_t i = 0; i < s.size(); ++i) {
      ex.heads[i + 1] = s.heads[i] + 1;
      ex.rels[i + 1] = id_of(labels, s.deprels[i]);
    }
    return ex;
  };
  std::vector<TransitionParser::Example> examples, dev_examples;
  for (size_t s = 0; s < train.size(); ++s) examples.push_back(example(train[s], predicted[s], predicted_alt[s]));
  {
    Tagger::Scratch scratch;
    for (const auto& s : dev) {
      auto ex = example(s, {}, {});
      ex.tags.resize(ex.keys.size());
      ex.alt.resize(ex.keys.size());
      model->tagger.tag(ex.keys, ex.tags, scratch, ex.alt);
      // relations unseen in training cannot be predicted; map them to the first label
      for (size_t i = 0; i < s.size(); ++i)
        if (!std::binary_search(labels.begin(), labels.end(), s.deprels[i])) ex.rels[i + 1] = UINT16_MAX;
      dev_examples.push_back(std::move(ex));
    }
  }
  TransitionParser::TrainOptions popt;
  popt.epochs = opt.parser_epochs;
  popt.seed = opt.seed;
  popt.prune = opt.prune;
  popt.beam = opt.beam;
  popt.beam_threshold = opt.beam > 1 ? opt.beam_threshold : 0.0f;
  popt.labels = labels;
  popt.tag_names = tags;
  model->parser = TransitionParser::train(examples, popt, dev.empty() ? nullptr : &dev_examples);

  if (!dev.empty()) {  // how much tagging errors cost the parser
    std::vector<TransitionParser::Example> gold_tagged = dev_examples;
    for (size_t s = 0; s < dev.size(); ++s)
      for (size_t i = 0; i < dev[s].size(); ++i) gold_tagged[s].tags[i] = id_of(tags, dev[s].tag(i));
    for (auto& e : gold_tagged) e.alt = e.tags;
    auto [las, uas] = model->parser.attachment(gold_tagged);
    std::fprintf(stderr, "train syntax: dev with gold tags: UAS %.4f LAS %.4f\n", uas, las);
  }
  for (auto [name, m] : {std::pair{"tagger", &model->tagger.model()}, std::pair{"moves", &model->parser.moves()},
                         std::pair{"relations", &model->parser.relations()}})
    std::fprintf(stderr, "train syntax: %s: %zu features, %zu weights\n", name, m->n_features(), m->n_weights());
  return write_model(std::move(model), opt.out, error);
}

}  // namespace sitrep::syntax
