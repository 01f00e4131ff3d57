#include "syntax/lemmatizer.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/text.h"
#include "syntax/conllu.h"
#include "syntax/features.h"

namespace sitrep::syntax {
namespace {

constexpr size_t kMaxSuffix = 6;
constexpr int kMinRuleCount = 3;

uint64_t exception_key(int tag, std::string_view form) { return feature(1, static_cast<uint64_t>(tag), text_hash(form)); }
uint64_t rule_key(int tag, std::string_view suffix) {
  return feature(2, static_cast<uint64_t>(tag), text_hash(suffix), suffix.size());
}

}  // namespace

void Lemmatizer::build_index() {
  exception_index_ = RowIndex();
  exception_index_.reserve(exception_keys_.size());
  for (uint64_t k : exception_keys_) exception_index_.find_or_add(k);
  rule_index_ = RowIndex();
  rule_index_.reserve(rule_keys_.size());
  for (uint64_t k : rule_keys_) rule_index_.find_or_add(k);
}

void Lemmatizer::lemmatize(std::string_view form, int tag, std::string& out) const {
  if (uint32_t e = exception_index_.find(exception_key(tag, form)); e != RowIndex::kMissing) {
    out.assign(strings_[exception_lemmas_[e]]);
    return;
  }
  // Lower-cased copy in `out`; the suffix search reads it.
  out.assign(form);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (uint32_t e = exception_index_.find(exception_key(tag, out)); e != RowIndex::kMissing) {
    out.assign(strings_[exception_lemmas_[e]]);
    return;
  }
  const Rule* rule = nullptr;
  for (size_t k = std::min(kMaxSuffix, out.size());; --k) {
    uint32_t r = rule_index_.find(rule_key(tag, std::string_view(out).substr(out.size() - k)));
    if (r != RowIndex::kMissing) { rule = &rules_[r]; break; }
    if (k == 0) break;
  }
  if (tag >= 0 && static_cast<size_t>(tag) < keep_case_.size() && keep_case_[tag]) out.assign(form);
  if (!rule || rule->strip >= out.size()) return;  // unknown: the form is its own lemma
  const size_t cut = out.size() - rule->strip;
  // A rule learned on ASCII ("'m" -> "be") must not cut a UTF-8 character ("´m") in two.
  if ((static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) return;
  out.resize(cut);
  out.append(strings_[rule->append]);
}

Lemmatizer Lemmatizer::train(const std::vector<TreebankSentence>& data, const std::vector<std::string>& tags,
                             const std::vector<Exception>& extra) {
  Lemmatizer lem;
  auto tag_id = [&](const std::string& t) {
    return static_cast<int>(std::find(tags.begin(), tags.end(), t) - tags.begin());
  };
  // Case: per tag, do capitalised forms keep their capitals in the lemma?
  std::vector<int> kept(tags.size() + 1, 0), lowered(tags.size() + 1, 0);
  for (const auto& s : data)
    for (size_t i = 0; i < s.size(); ++i) {
      const std::string& f = s.forms[i];
      if (f.empty() || !(f[0] >= 'A' && f[0] <= 'Z') || s.lemmas[i].empty()) continue;
      int t = tag_id(s.tag(i));
      (s.lemmas[i][0] == f[0] ? kept : lowered)[t]++;
    }
  lem.keep_case_.resize(tags.size());
  for (size_t t = 0; t < tags.size(); ++t) lem.keep_case_[t] = kept[t] > lowered[t];

  std::map<std::string, uint32_t> string_ids;
  auto intern = [&](const std::string& s) {
    auto [it, added] = string_ids.emplace(s, static_cast<uint32_t>(lem.strings_.size()));
    if (added) lem.strings_.push_back(s);
    return it->second;
  };
  // Rule counts per (tag, suffix): rule (strip, append) -> count. Ordered maps keep training deterministic.
  using RuleCounts = std::map<std::pair<uint32_t, std::string>, int>;
  std::map<std::pair<int, std::string>, RuleCounts> by_suffix;
  std::map<std::pair<int, std::string>, std::map<std::string, int>> by_form;  // exact form -> lemma counts
  for (const auto& s : data)
    for (size_t i = 0; i < s.size(); ++i) {
      const std::string& lemma = s.lemmas[i];
      if (lemma.empty() || lemma == "_") continue;
      int t = tag_id(s.tag(i));
      if (t >= static_cast<int>(tags.size())) continue;
      by_form[{t, s.forms[i]}][lemma]++;
      std::string lower = ascii_lower(s.forms[i]);
      std::string base = lem.keep_case_[t] ? s.forms[i] : lower;
      size_t p = 0;
      while (p < base.size() && p < lemma.size() && base[p] == lemma[p]) ++p;
      std::pair<uint32_t, std::string> rule{static_cast<uint32_t>(base.size() - p), lemma.substr(p)};
      for (size_t k = 0; k <= std::min(kMaxSuffix, lower.size()); ++k)
        by_suffix[{t, lower.substr(lower.size() - k)}][rule]++;
    }
  auto majority = [](const RuleCounts& c) {
    return std::max_element(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  };
  // Keep a suffix rule only where it is frequent enough and differs from the rule of the
  // next shorter suffix (which is what the lookup falls back to).
  for (const auto& [key, counts] : by_suffix) {
    const auto& [t, suffix] = key;
    int total = 0;
    for (const auto& [r, c] : counts) total += c;
    auto best = majority(counts);
    if (!suffix.empty()) {
      if (total < kMinRuleCount) continue;
      // Effective parent rule: the nearest shorter suffix that is kept.
      bool same = false;
      for (size_t k = suffix.size() - 1;; --k) {
        auto it = by_suffix.find({t, suffix.substr(suffix.size() - k)});
        int ptotal = 0;
        for (const auto& [r, c] : it->second) ptotal += c;
        if (k == 0 || ptotal >= kMinRuleCount) { same = majority(it->second)->first == best->first; break; }
      }
      if (same) continue;
    }
    lem.rule_keys_.push_back(rule_key(t, suffix));
    lem.rules_.push_back({best->first.first, intern(best->first.second)});
  }
  lem.build_index();
  // Exceptions: seen forms whose usual lemma the rules get wrong.
  std::string predicted;
  for (const auto& [key, lemmas] : by_form) {
    const auto& [t, form] = key;
    auto best = std::max_element(lemmas.begin(), lemmas.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    lem.lemmatize(form, t, predicted);
    if (predicted == best->first) continue;
    lem.exception_keys_.push_back(exception_key(t, form));
    lem.exception_lemmas_.push_back(intern(best->first));
  }
  for (const Exception& e : extra)
    for (size_t t = 0; t < tags.size(); ++t) {
      const std::string& tag = tags[t];
      if (tag.size() <= e.xpos.size() || tag.compare(tag.size() - e.xpos.size(), e.xpos.size(), e.xpos) != 0 ||
          tag[tag.size() - e.xpos.size() - 1] != '\t' || by_form.count({static_cast<int>(t), e.form}))
        continue;
      lem.lemmatize(e.form, static_cast<int>(t), predicted);
      if (predicted == e.lemma) continue;
      lem.exception_keys_.push_back(exception_key(static_cast<int>(t), e.form));
      lem.exception_lemmas_.push_back(intern(e.lemma));
    }
  lem.build_index();
  return lem;
}

void Lemmatizer::write(BinaryWriter& w) const {
  w.strings(strings_);
  w.array(keep_case_);
  w.array(exception_keys_);
  w.array(exception_lemmas_);
  w.array(rule_keys_);
  w.array(rules_);
}

bool Lemmatizer::read(BinaryReader& r, size_t n_tags) {
  strings_ = r.strings();
  r.array(keep_case_);
  r.array(exception_keys_);
  r.array(exception_lemmas_);
  r.array(rule_keys_);
  r.array(rules_);
  if (!r.ok() || keep_case_.size() != n_tags || exception_keys_.size() != exception_lemmas_.size() ||
      rule_keys_.size() != rules_.size())
    return false;
  for (uint32_t s : exception_lemmas_)
    if (s >= strings_.size()) return false;
  for (const Rule& rule : rules_)
    if (rule.append >= strings_.size()) return false;
  build_index();
  return true;
}

}  // namespace sitrep::syntax
