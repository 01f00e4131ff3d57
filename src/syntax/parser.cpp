#include "syntax/parser.h"

#include <fstream>
#include <sstream>

#include "core/paths.h"
#include "syntax/lemmatizer.h"
#include "syntax/syntax_model_parts.h"

namespace sitrep::syntax {
namespace {

constexpr char kMagic[] = "sitrep-syntax";
constexpr uint32_t kFormatVersion = 3;

struct Scratch {
  std::vector<TokenKeys> keys;
  std::vector<uint16_t> tags, alt, rels;
  std::vector<int> heads;
  Tagger::Scratch tagger;
  ParserScratch parser;
};

}  // namespace

SyntaxModel::SyntaxModel(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {
  parts_->split_tag_names();
  parts_->parser.set_tag_names(parts_->tagger.tag_names());
}
SyntaxModel::~SyntaxModel() = default;

std::filesystem::path SyntaxModel::default_path() { return models_dir() / "syntax" / "en_ewt.model"; }

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
const std::vector<std::string>& SyntaxModel::deprel_names() const { return parts_->parser.label_names(); }
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
  if (uint32_t v = r.pod<uint32_t>(); v != kFormatVersion)
    return fail("syntax model format " + std::to_string(v) + ", this build reads " + std::to_string(kFormatVersion));
  auto parts = std::make_unique<Parts>();
  if (!parts->tagger.read(r)) return fail("damaged tagger section");
  if (!parts->parser.read(r)) return fail("damaged parser section");
  if (!parts->lemmatizer.read(r, parts->tagger.tag_names().size())) return fail("damaged lemmatizer section");
  if (!r.at_end()) return fail("trailing bytes after the model");
  return std::make_unique<SyntaxModel>(std::move(parts));
}

bool SyntaxModel::save(const std::filesystem::path& path, std::string* error) const {
  BinaryWriter w;
  w.string(kMagic);
  w.pod<uint32_t>(kFormatVersion);
  parts_->tagger.write(w);
  parts_->parser.write(w);
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

void SyntaxModel::parse(std::span<const std::string_view> forms, ParsedSentence& out) const {
  thread_local Scratch sc;
  const size_t n = forms.size();
  sc.keys.resize(n);
  for (size_t i = 0; i < n; ++i) sc.keys[i] = token_keys(forms[i]);
  sc.tags.resize(n);
  sc.alt.resize(n);
  sc.heads.resize(n);
  sc.rels.resize(n);
  const Parts& p = *parts_;
  p.tagger.tag(sc.keys, sc.tags, sc.tagger, sc.alt);
  int first_root = -1;
  for (size_t start = 0; start < n; start += kMaxTokens) {
    const size_t len = std::min(kMaxTokens, n - start);
    ParserInput in{std::span(sc.keys).subspan(start, len), std::span(sc.tags).subspan(start, len),
                   std::span(sc.alt).subspan(start, len)};
    std::span<int> heads = std::span(sc.heads).subspan(start, len);
    std::span<uint16_t> rels = std::span(sc.rels).subspan(start, len);
    p.parser.parse(in, sc.parser, heads, rels);
    for (size_t i = 0; i < len; ++i) {
      if (heads[i] >= 0) {
        heads[i] += static_cast<int>(start);
      } else if (first_root < 0) {
        first_root = static_cast<int>(start + i);
      } else {  // a later chunk's root hangs from the first chunk's root
        heads[i] = first_root;
        rels[i] = static_cast<uint16_t>(p.parser.parataxis_label());
      }
    }
  }
  const auto& labels = p.parser.label_names();
  out.upos.resize(n);
  out.xpos.resize(n);
  out.lemma.resize(n);
  out.head.resize(n);
  out.deprel.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out.upos[i] = p.upos[sc.tags[i]];
    out.xpos[i] = p.xpos[sc.tags[i]];
    p.lemmatizer.lemmatize(forms[i], sc.tags[i], out.lemma[i]);
    out.head[i] = sc.heads[i];
    out.deprel[i] = labels[sc.rels[i]];
  }
}

void SyntaxModel::parse(const Document& doc, const Sentence& sentence, ParsedSentence& out) const {
  thread_local std::vector<std::string_view> forms;
  forms.clear();
  for (uint32_t t = sentence.first_token; t < sentence.first_token + sentence.token_count && t < doc.tokens.size(); ++t)
    forms.push_back(doc.slice(doc.tokens[t].span));
  parse(forms, out);
}

}  // namespace sitrep::syntax
