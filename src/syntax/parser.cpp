#include "syntax/parser.h"

#include <fstream>
#include <sstream>

#include "core/paths.h"
#include "syntax/lemmatizer.h"
#include "syntax/syntax_model_parts.h"

namespace sitrep::syntax {
namespace {

constexpr char kMagic[] = "sitrep-syntax";
constexpr uint32_t kFormatVersion = 4;  // 4: a kind byte; 3 was the perceptron only
// Both kinds tag with the perceptron tagger; the parser is the transition parser or the BiLSTM.
enum class ModelKind : uint8_t { kPerceptron = 0, kBilstm = 1 };

struct Scratch {
  std::vector<TokenKeys> keys;
  std::vector<uint16_t> tags, alt, rels;
  Tagger::Scratch tagger;
  ParserScratch parser;
};

}  // namespace

SyntaxModel::SyntaxModel(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {
  parts_->split_tag_names();
  if (!parts_->bilstm) parts_->parser.set_tag_names(parts_->tagger.tag_names());
}
SyntaxModel::~SyntaxModel() = default;

std::filesystem::path SyntaxModel::default_path() { return models_dir() / "syntax" / "en_ewt.model"; }
std::filesystem::path SyntaxModel::fast_path() { return models_dir() / "syntax" / "en_ewt_fast.model"; }

void SyntaxModel::Parts::split_tag_names() {
  upos.clear();
  xpos.clear();
  for (const std::string& t : tagger.tag_names()) {
    std::string_view v = t;
    size_t tab = v.find('\t');
    upos.push_back(v.substr(0, tab));
    xpos.push_back(tab == std::string_view::npos ? std::string_view() : v.substr(tab + 1));
  }
}
const std::vector<std::string>& SyntaxModel::deprel_names() const {
  return parts_->bilstm ? parts_->bilstm->label_names() : parts_->parser.label_names();
}
bool SyntaxModel::is_bilstm() const { return parts_->bilstm != nullptr; }
int SyntaxModel::beam() const { return parts_->parser.beam(); }
void SyntaxModel::set_beam(int width) { parts_->parser.set_beam(width); }
float SyntaxModel::beam_threshold() const { return parts_->parser.beam_threshold(); }
void SyntaxModel::set_beam_threshold(float threshold) { parts_->parser.set_beam_threshold(threshold); }

std::unique_ptr<SyntaxModel> SyntaxModel::load(const std::filesystem::path& path, std::string* error) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<SyntaxModel> {
    if (error) *error = path.string() + ": " + why;
    return nullptr;
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read the syntax model (train one with `sitrep train syntax`)");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BinaryReader r(bytes);
  if (r.string() != kMagic) return fail("not a sitrep syntax model");
  const uint32_t version = r.pod<uint32_t>();
  if (version != kFormatVersion && version != 3)
    return fail("syntax model format " + std::to_string(version) + ", this build reads 3 and " +
                std::to_string(kFormatVersion));
  const auto kind = version == 3 ? ModelKind::kPerceptron : static_cast<ModelKind>(r.pod<uint8_t>());
  auto parts = std::make_unique<Parts>();
  if (kind != ModelKind::kPerceptron && kind != ModelKind::kBilstm)
    return fail("unknown syntax model kind " + std::to_string(static_cast<int>(kind)));
  if (!parts->tagger.read(r)) return fail("damaged tagger section");
  if (kind == ModelKind::kPerceptron) {
    if (!parts->parser.read(r)) return fail("damaged parser section");
  } else {
    std::string why;
    parts->bilstm = BiaffineParser::load(r, &why);
    if (!parts->bilstm) return fail(why);
  }
  if (!parts->lemmatizer.read(r, parts->tagger.tag_names().size())) return fail("damaged lemmatizer section");
  if (!r.at_end()) return fail("trailing bytes after the model");
  return std::make_unique<SyntaxModel>(std::move(parts));
}

bool SyntaxModel::save(const std::filesystem::path& path, std::string* error) const {
  BinaryWriter w;
  w.string(kMagic);
  w.pod<uint32_t>(kFormatVersion);
  w.pod<uint8_t>(static_cast<uint8_t>(parts_->bilstm ? ModelKind::kBilstm : ModelKind::kPerceptron));
  parts_->tagger.write(w);
  if (parts_->bilstm) parts_->bilstm->save(w);
  else parts_->parser.write(w);
  parts_->lemmatizer.write(w);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(w.bytes().data(), static_cast<std::streamsize>(w.bytes().size()));
  out.close();
  if (!out) {
    if (error) *error = "cannot write " + path.string();
    return false;
  }
  return true;
}

namespace {

// Tags `forms` with the tagger into sc.tags (and runner-up tags into sc.alt when `alt`),
// and fills `out` with their UPOS, XPOS and lemmas, its heads and relations sized to match.
void tag_and_lemmatize(const SyntaxModel::Parts& p, std::span<const std::string_view> forms, Scratch& sc, bool alt,
                       ParsedSentence& out) {
  const size_t n = forms.size();
  sc.keys.resize(n);
  for (size_t i = 0; i < n; ++i) sc.keys[i] = token_keys(forms[i]);
  sc.tags.resize(n);
  sc.alt.resize(alt ? n : 0);
  p.tagger.tag(sc.keys, sc.tags, sc.tagger, sc.alt);
  out.upos.resize(n);
  out.xpos.resize(n);
  out.lemma.resize(n);
  out.head.resize(n);
  out.deprel.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out.upos[i] = p.upos[sc.tags[i]];
    out.xpos[i] = p.xpos[sc.tags[i]];
    p.lemmatizer.lemmatize(forms[i], sc.tags[i], out.lemma[i]);
  }
}

// A sentence over kMaxTokens is parsed in pieces. Makes the heads of the piece starting at
// token `start` (piece positions, -1 for its root) sentence positions; the root of every
// piece but the first hangs from the first piece's root, and rehang(i) relabels it.
template <class Rehang>
void join_piece(std::span<int> heads, size_t start, int& first_root, Rehang&& rehang) {
  for (size_t i = 0; i < heads.size(); ++i) {
    if (heads[i] >= 0) {
      heads[i] += static_cast<int>(start);
    } else if (first_root < 0) {
      first_root = static_cast<int>(start + i);
    } else {
      heads[i] = first_root;
      rehang(i);
    }
  }
}

}  // namespace

void SyntaxModel::parse(std::span<const std::string_view> forms, ParsedSentence& out) const {
  if (parts_->bilstm) {
    thread_local std::vector<std::vector<std::string_view>> one(1);
    thread_local std::vector<ParsedSentence> result(1);
    one[0].assign(forms.begin(), forms.end());
    result.resize(1);
    std::swap(result[0], out);  // recycle the caller's storage
    parse_all(one, result);
    std::swap(result[0], out);
    return;
  }
  thread_local Scratch sc;
  const Parts& p = *parts_;
  tag_and_lemmatize(p, forms, sc, true, out);
  const size_t n = forms.size();
  sc.rels.resize(n);
  int first_root = -1;
  for (size_t start = 0; start < n; start += kMaxTokens) {
    const size_t len = std::min(kMaxTokens, n - start);
    ParserInput in{std::span(sc.keys).subspan(start, len), std::span(sc.tags).subspan(start, len),
                   std::span(sc.alt).subspan(start, len)};
    std::span<int> heads = std::span(out.head).subspan(start, len);
    std::span<uint16_t> rels = std::span(sc.rels).subspan(start, len);
    p.parser.parse(in, sc.parser, heads, rels);
    join_piece(heads, start, first_root,
               [&](size_t i) { rels[i] = static_cast<uint16_t>(p.parser.parataxis_label()); });
  }
  const auto& labels = p.parser.label_names();
  for (size_t i = 0; i < n; ++i) out.deprel[i] = labels[sc.rels[i]];
}

namespace {

void sentence_forms(const Document& doc, const Sentence& sentence, std::vector<std::string_view>& forms) {
  forms.clear();
  for (uint32_t t = sentence.first_token; t < sentence.first_token + sentence.token_count && t < doc.tokens.size(); ++t)
    forms.push_back(doc.slice(doc.tokens[t].span));
}

}  // namespace

void SyntaxModel::parse(const Document& doc, const Sentence& sentence, ParsedSentence& out) const {
  thread_local std::vector<std::string_view> forms;
  sentence_forms(doc, sentence, forms);
  parse(forms, out);
}

void SyntaxModel::parse_all(const Document& doc, std::vector<ParsedSentence>& out) const {
  std::vector<std::vector<std::string_view>> forms(doc.sentences.size());
  for (size_t s = 0; s < doc.sentences.size(); ++s) sentence_forms(doc, doc.sentences[s], forms[s]);
  parse_all(forms, out);
}

void SyntaxModel::parse_all(std::span<const std::vector<std::string_view>> sentences,
                            std::vector<ParsedSentence>& out) const {
  out.resize(sentences.size());
  const Parts& p = *parts_;
  if (!p.bilstm) {
    for (size_t i = 0; i < sentences.size(); ++i) parse(sentences[i], out[i]);
    return;
  }
  // Long sentences are read in kMaxTokens-token pieces, as by the transition parser.
  std::vector<std::vector<std::string_view>> pieces;
  std::vector<std::pair<size_t, size_t>> origin;  // (sentence, first token) of each piece
  for (size_t i = 0; i < sentences.size(); ++i) {
    const auto& f = sentences[i];
    for (size_t start = 0; start < f.size(); start += kMaxTokens) {
      pieces.emplace_back(f.begin() + start, f.begin() + std::min(f.size(), start + kMaxTokens));
      origin.emplace_back(i, start);
    }
  }
  std::vector<BiaffineParse> parsed;
  p.bilstm->parse(pieces, parsed);
  // Tags and lemmas from the perceptron tagger (UPOS 0.956 on EWT test against the
  // network's own 0.953); the tree from the network, which reads no tags.
  thread_local Scratch sc;
  for (size_t i = 0; i < sentences.size(); ++i) tag_and_lemmatize(p, sentences[i], sc, false, out[i]);
  const auto& labels = p.bilstm->label_names();
  std::vector<int> first_root(sentences.size(), -1);
  for (size_t k = 0; k < pieces.size(); ++k) {
    const auto [i, start] = origin[k];
    ParsedSentence& o = out[i];
    const BiaffineParse& b = parsed[k];
    std::span<int> heads = std::span(o.head).subspan(start, b.head.size());
    std::copy(b.head.begin(), b.head.end(), heads.begin());
    for (size_t j = 0; j < b.label.size(); ++j) o.deprel[start + j] = labels[b.label[j]];
    join_piece(heads, start, first_root[i], [&](size_t j) { o.deprel[start + j] = p.bilstm->parataxis_label(); });
  }
}

}  // namespace sitrep::syntax
