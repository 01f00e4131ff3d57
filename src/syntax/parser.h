// Part-of-speech tagging, lemmatisation and labelled dependency parsing of one sentence
// at a time, in UD English EWT conventions (Universal Dependencies v2 relations with
// EWT's subtypes: nsubj:pass, obl:agent, nmod:poss, acl:relcl, compound:prt, ...).
//
//   std::string err;
//   auto model = sitrep::syntax::SyntaxModel::load(SyntaxModel::default_path(), &err);
//   sitrep::syntax::ParsedSentence p;
//   model->parse(doc, doc.sentences[0], p);
//   // p.head[i] == -1 for the root; p.deprel[i] == "nsubj:pass"; p.lemma[i] == "kill"
//
// A model is an averaged-perceptron tagger, a lemmatiser and a parser: the BiLSTM with
// biaffine scorers (models/syntax/en_ewt.model) or a greedy arc-eager transition parser
// trained with a dynamic oracle (models/syntax/en_ewt_fast.model); see docs/syntax.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sitrep::syntax {

// The analysis of one sentence; every vector has one entry per token, indexed by the
// token's position in the sentence (0-based). The string_views point into the model's
// tables and stay valid as long as the SyntaxModel lives. Reuse one ParsedSentence
// across calls: its storage is recycled.
struct ParsedSentence {
  std::vector<std::string_view> upos;    // universal part of speech: "NOUN", "VERB", "PROPN", ...
  std::vector<std::string_view> xpos;    // Penn Treebank tag as in EWT: "VBD", "NNS", "NNP", ...
  std::vector<std::string> lemma;        // "killed" -> "kill", "fled" -> "flee", "forces" -> "force"
  std::vector<int> head;                 // 0-based index of the head token; -1 for the sentence root
  std::vector<std::string_view> deprel;  // UD relation with subtype: "nsubj", "nsubj:pass", "obl", "root", ...
  size_t size() const { return head.size(); }
};

class SyntaxModel {
 public:
  ~SyntaxModel();
  // Loads a model written by `sitrep train syntax`; nullptr with `error` set when the
  // file is missing, truncated or not a syntax model.
  static std::unique_ptr<SyntaxModel> load(const std::filesystem::path& path, std::string* error);
  // <models_dir>/syntax/en_ewt.model: perceptron tagger + BiLSTM parser, the most
  // accurate (`sitrep parse`).
  static std::filesystem::path default_path();
  // <models_dir>/syntax/en_ewt_fast.model: perceptron tagger + transition parser, half as
  // costly per sentence (the event stage's default: it parses news at its 3,000
  // sentences/s per core, where the BiLSTM manages ~2,700).
  static std::filesystem::path fast_path();

  // Tags, lemmatises and parses one tokenised sentence. Thread-safe (scratch space is
  // per thread). Sentences longer than kMaxTokens are parsed in kMaxTokens-token chunks,
  // each chunk's root attached to the first chunk's root.
  void parse(std::span<const std::string_view> forms, ParsedSentence& out) const;
  void parse(const Document& doc, const Sentence& sentence, ParsedSentence& out) const;
  // Several sentences at once, out[i] for sentences[i]: the BiLSTM model reads them as
  // batches, faster per sentence than one at a time (a batch may round scores
  // differently in their last bits; the same input always gives the same trees).
  void parse_all(std::span<const std::vector<std::string_view>> sentences, std::vector<ParsedSentence>& out) const;
  // Every sentence of `doc`.
  void parse_all(const Document& doc, std::vector<ParsedSentence>& out) const;

  // True when the parser is the BiLSTM (no beam), false for the transition parser.
  bool is_bilstm() const;

  static constexpr size_t kMaxTokens = 500;

  const std::vector<std::string>& deprel_names() const;

  // The parser's beam width: the model's own (the width it was trained with) unless set.
  // 1 is greedy and fastest; a model trained with a beam parses best with that beam.
  int beam() const;
  void set_beam(int width);
  // Beam items trailing the best by more than this (model score units) are dropped; the
  // model's own unless set, 0 = none.
  float beam_threshold() const;
  void set_beam_threshold(float threshold);

  // Writes the model file (used by training).
  bool save(const std::filesystem::path& path, std::string* error) const;

  struct Parts;  // the tagger, parser and lemmatiser (internal)
  explicit SyntaxModel(std::unique_ptr<Parts> parts);
  const Parts& parts() const { return *parts_; }

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace sitrep::syntax
