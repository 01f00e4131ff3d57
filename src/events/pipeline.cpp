#include "events/pipeline.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/fingerprint.h"
#include "core/paths.h"
#include "dates/temporal.h"
#include "events/extractor.h"

#include "syntax/parser.h"
#include "places/geocoder.h"

namespace sitrep {
namespace {

EventLocation to_location(const places::Place& p) {
  EventLocation l;
  l.name = p.name;
  l.feature = p.feature;
  l.admin1 = p.admin1;
  l.admin2 = p.admin2;
  l.country = p.country;
  l.lat = p.lat;
  l.lon = p.lon;
  l.precision = p.precision;
  l.gazetteer_id = p.geonameid ? std::to_string(p.geonameid) : "";
  return l;
}

}  // namespace

struct Pipeline::Impl {
  PipelineOptions options;
  std::shared_ptr<const events::Lexicon> lexicon;
  std::unique_ptr<events::EventExtractor> extractor;
  std::unique_ptr<syntax::SyntaxModel> syntax;
  std::unique_ptr<places::Geocoder> geocoder;
  std::vector<std::string> warnings;
  std::filesystem::path lexicon_dir, syntax_path, gazetteer_path;  // as resolved by load()

  events::AnnotatedDocument annotate(const Document& doc) const;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;
const std::vector<std::string>& Pipeline::warnings() const { return impl_->warnings; }

std::string Pipeline::fingerprint() const {
  Fingerprint f;
  f.add_file("/proc/self/exe", "program");
  f.add_file(impl_->syntax_path, "syntax model");
  f.add_file(impl_->gazetteer_path, "gazetteer");
  f.add_tree(data_dir());
  const auto data = std::filesystem::weakly_canonical(data_dir());
  const auto lex = std::filesystem::weakly_canonical(impl_->lexicon_dir);
  if (lex.generic_string().rfind(data.generic_string() + "/", 0) != 0) f.add_tree(impl_->lexicon_dir);
  return f.hex();
}

std::unique_ptr<Pipeline> Pipeline::load(const PipelineOptions& options, std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  std::string err;
  auto lexdir = options.lexicon_dir.empty() ? data_dir() / "events" : options.lexicon_dir;
  impl->lexicon_dir = lexdir;
  auto lex = events::Lexicon::load(lexdir, &err);
  if (!lex) {
    if (error) *error = "events lexicon: " + err;
    return nullptr;
  }
  impl->lexicon = std::move(lex);
  {
    auto path = options.syntax_model.empty() ? syntax::SyntaxModel::fast_path() : options.syntax_model;
    impl->syntax_path = path;
    impl->syntax = syntax::SyntaxModel::load(path, &err);
    if (!impl->syntax) {
      if (!options.allow_missing_models) {
        if (error) *error = "syntax model: " + err;
        return nullptr;
      }
      impl->warnings.push_back("no syntax model (" + err + "): roles from word order only");
    }
  }
  {
    auto path = options.gazetteer.empty() ? places::Geocoder::default_path() : options.gazetteer;
    impl->gazetteer_path = path;
    impl->geocoder = places::Geocoder::load(path, &err);
    if (!impl->geocoder) {
      if (!options.allow_missing_models) {
        if (error) *error = "gazetteer: " + err;
        return nullptr;
      }
      impl->warnings.push_back("no gazetteer (" + err + "): events get no coordinates");
    }
  }
  events::CountryLookup countries;
  if (const places::Geocoder* geo = impl->geocoder.get())
    countries = [geo](const std::string& iso2) -> std::optional<EventLocation> {
      auto c = geo->country(iso2);
      if (!c) return std::nullopt;
      return to_location(*c);
    };
  impl->extractor = std::make_unique<events::EventExtractor>(impl->lexicon, std::move(countries));
  if (std::string e = date_lexicon_error(); !e.empty()) impl->warnings.push_back("dates lexicon: " + e);
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

events::AnnotatedDocument Pipeline::Impl::annotate(const Document& doc) const {
  events::AnnotatedDocument ad;
  ad.doc_id = doc.id;
  ad.published = doc.published.size() >= 10 ? doc.published.substr(0, 10) : doc.published;
  ad.text = doc.text;
  ad.sentences.resize(doc.sentences.size());
  // Token index -> (sentence, position) for mapping spans of the other layers.
  std::vector<std::pair<uint32_t, uint32_t>> where(doc.tokens.size(), {UINT32_MAX, 0});
  std::vector<char> to_parse(doc.sentences.size(), 0);
  std::vector<std::string> norms;
  std::vector<std::string_view> forms;
  auto words = [](const events::AnnotatedSentence& as, std::vector<std::string>& n, std::vector<std::string_view>& f) {
    n.clear();
    f.clear();
    for (const auto& t : as.tokens) {
      n.push_back(t.norm);
      f.push_back(t.form);
    }
  };
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    auto& as = ad.sentences[si];
    as.index = si;
    as.paragraph = s.paragraph;
    as.start = s.span.start;
    as.end = s.span.end;
    as.tokens.resize(s.token_count);
    for (uint32_t k = 0; k < s.token_count && s.first_token + k < doc.tokens.size(); ++k) {
      const Token& t = doc.tokens[s.first_token + k];
      auto& ti = as.tokens[k];
      ti.form = doc.slice(t.span);
      ti.start = t.span.start;
      ti.end = t.span.end;
      ti.norm = events::normalize_token(ti.form);
      where[s.first_token + k] = {si, k};
    }
    // Only sentences with a trigger need a parse (roles are read around triggers): most
    // sentences of an article have none, and parsing is the pipeline's dearest step.
    if (syntax && s.token_count > 0) {
      words(as, norms, forms);
      bool has_trigger = false;
      for (uint32_t k = 0; k < norms.size() && !has_trigger; ++k)
        has_trigger = lexicon->trigger_dict.match(norms, forms, k).has_value();
      // Headlines and captions never yield events: not worth a parse.
      to_parse[si] = has_trigger && !events::is_furniture_line(*lexicon, norms, forms);
    }
  }
  // Which tokens a byte span covers, as (sentence, [begin, end)).
  auto locate = [&](Span span, uint32_t& sent, uint32_t& b, uint32_t& e) {
    auto it = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), span.start,
                               [](const Token& t, uint32_t pos) { return t.span.end <= pos; });
    sent = UINT32_MAX;
    for (; it != doc.tokens.end() && it->span.start < span.end; ++it) {
      auto [si, k] = where[it - doc.tokens.begin()];
      if (si == UINT32_MAX) continue;
      if (sent == UINT32_MAX) {
        sent = si;
        b = k;
      }
      if (si != sent) break;
      e = k + 1;
    }
    return sent != UINT32_MAX;
  };
  if (geocoder) {
    for (const auto& t : geocoder->geocode(doc)) {
      uint32_t si, b, e;
      if (!locate(t.span, si, b, e)) continue;
      events::PlaceMention pm;
      pm.begin = b;
      pm.end = e;
      pm.demonym = t.country_ref;
      pm.place = to_location(t.place);
      pm.place.text = std::string(doc.slice(t.span));
      ad.sentences[si].places.push_back(std::move(pm));
    }
  }
  if (auto anchor = CivilDate::parse_iso(ad.published)) {
    for (const auto& d : tag_dates(doc.text, *anchor)) {
      if (!d.resolved) continue;
      uint32_t si, b, e;
      if (!locate(d.span, si, b, e)) continue;
      auto m = events::date_mention(d, std::string(doc.slice(d.span)), b, e);
      ad.sentences[si].dates.push_back(std::move(m));
    }
  }
  // The parse comes last: a dateline ("KYIV, May 14 (Reuters) -", "Kabul, Aug 11 -") is found
  // with the sentence's dates, exactly as the events stage finds it, and the story after it is
  // parsed alone (parsed with it, the dateline's city became the subject of the whole sentence);
  // the dateline's words hang on the story's root.
  // All of the document's sentences go to the parser together (the BiLSTM model reads
  // them as one batch).
  thread_local std::vector<std::vector<std::string_view>> bodies;
  thread_local std::vector<uint32_t> body_start, which;
  thread_local std::vector<syntax::ParsedSentence> parses;
  bodies.clear();
  body_start.clear();
  which.clear();
  for (uint32_t si = 0; si < ad.sentences.size(); ++si) {
    if (!to_parse[si]) continue;
    words(ad.sentences[si], norms, forms);
    const uint32_t body = events::dateline_end(norms, forms, ad.sentences[si].dates);
    bodies.emplace_back(forms.begin() + body, forms.end());
    body_start.push_back(body);
    which.push_back(si);
  }
  if (bodies.empty()) return ad;  // nothing to parse (or no syntax model)
  syntax->parse_all(bodies, parses);
  for (size_t j = 0; j < which.size(); ++j) {
    auto& as = ad.sentences[which[j]];
    const uint32_t body = body_start[j];
    const syntax::ParsedSentence& p = parses[j];
    int root = -1;
    for (size_t k = 0; k < p.size() && root < 0; ++k)
      if (p.head[k] < 0) root = (int)(k + body);
    if (p.size() != bodies[j].size() || root < 0) continue;
    for (size_t k = 0; k < as.tokens.size(); ++k) {
      auto& ti = as.tokens[k];
      if (k < body) {
        ti.upos = std::isalnum((unsigned char)ti.form[0]) ? "PROPN" : "PUNCT";
        ti.lemma = ti.norm;
        ti.head = root;
        ti.deprel = "dep";
        continue;
      }
      ti.upos = std::string(p.upos[k - body]);
      ti.lemma = p.lemma[k - body];
      ti.head = p.head[k - body] < 0 ? -1 : p.head[k - body] + (int)body;
      ti.deprel = std::string(p.deprel[k - body]);
    }
    as.parsed = true;
  }
  return ad;
}

ArticleEvents Pipeline::process(const Document& doc) const {
  events::AnnotatedDocument ad = impl_->annotate(doc);
  events::ExtractOptions o;
  o.explain = impl_->options.explain;
  o.emit_flagged = impl_->options.emit_flagged;
  return impl_->extractor->extract(ad, o);
}

}  // namespace sitrep
