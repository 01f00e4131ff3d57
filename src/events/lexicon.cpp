#include "events/lexicon.h"

#include "core/text.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sitrep::events {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (std::string_view f : split_fields(s, sep)) out.emplace_back(f);
  return out;
}

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

// Words of an alias as the document tokenizer (UD EWT conventions) would give them:
// whitespace-separated, with a trailing possessive split off.
std::vector<std::string> alias_words(std::string_view alias) {
  std::vector<std::string> out;
  std::istringstream in{std::string(alias)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

bool is_acronym(std::string_view w) {
  bool upper = false;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  return upper && w.size() <= 6;
}

// Regular English inflections of a verb or noun; over-generation is harmless
// (a non-word never occurs in text), under-generation loses triggers.
std::vector<std::string> inflect(const std::string& w, bool verb, bool noun) {
  std::vector<std::string> out{w};
  auto add = [&](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  const size_t n = w.size();
  if (n < 2) return out;
  const char last = w[n - 1];
  const bool vowel_before_y = n >= 2 && std::string_view("aeiou").find(w[n - 2]) != std::string_view::npos;
  if (verb || noun) {
    if (last == 'y' && !vowel_before_y) add(w.substr(0, n - 1) + "ies");
    else if (last == 's' || last == 'x' || last == 'h' || last == 'z') add(w + "es");
    else add(w + "s");
  }
  if (verb) {
    if (last == 'e') {
      add(w + "d");
      add(w.substr(0, n - 1) + "ing");
    } else if (last == 'y' && !vowel_before_y) {
      add(w.substr(0, n - 1) + "ied");
      add(w + "ing");
    } else {
      add(w + "ed");
      add(w + "ing");
      add(w + last + "ed");
      add(w + last + "ing");
    }
  }
  return out;
}

struct TsvReader {
  std::ifstream in;
  std::string file;
  int line_no = 0;
  bool next(std::vector<std::string>& cols) {
    std::string line;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      cols = split(line, '\t');
      for (auto& c : cols) c = trim(c);
      return true;
    }
    return false;
  }
  std::string where() const { return file + ":" + std::to_string(line_no); }
};

bool open(TsvReader& r, const std::filesystem::path& p, std::string* error) {
  r.file = p.string();
  r.in.open(p);
  if (!r.in) {
    if (error) *error = "cannot read " + r.file;
    return false;
  }
  return true;
}

}  // namespace

std::string normalize_token(std::string_view form) {
  std::string s;
  s.reserve(form.size());
  size_t i = 0;
  while (i < form.size() && (form[i] == '#' || form[i] == '@')) ++i;
  for (; i < form.size(); ++i) {
    unsigned char c = form[i];
    if (c == 0xE2 && i + 2 < form.size() && (unsigned char)form[i + 1] == 0x80 &&
        ((unsigned char)form[i + 2] == 0x99 || (unsigned char)form[i + 2] == 0x98)) {
      s += '\'';
      i += 2;
      continue;
    }
    s += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
  }
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  return s;
}

void PhraseDict::add(const std::vector<std::string>& words, int32_t payload, bool case_sensitive, int max_gap) {
  if (words.empty()) return;
  Phrase p{words, payload, case_sensitive, max_gap};
  if (!case_sensitive)
    for (auto& w : p.words) w = normalize_token(w);
  std::string key = case_sensitive ? normalize_token(words[0]) : p.words[0];
  if (!key.empty()) first_lengths_[(unsigned char)key[0]] |= 1u << std::min<size_t>(key.size(), 31);
  first_[key].push_back(std::move(p));
}

std::optional<PhraseHit> PhraseDict::match(const std::vector<std::string>& norms,
                                           const std::vector<std::string_view>& forms, uint32_t i) const {
  if (i >= norms.size() || norms[i].empty()) return std::nullopt;
  if (!(first_lengths_[(unsigned char)norms[i][0]] >> std::min<size_t>(norms[i].size(), 31) & 1u)) return std::nullopt;
  auto it = first_.find(norms[i]);
  if (it == first_.end()) return std::nullopt;
  std::optional<PhraseHit> best;
  size_t best_words = 0;
  for (const Phrase& p : it->second) {
    auto eq = [&](uint32_t t, size_t w) {
      if (!p.case_sensitive) return norms[t] == p.words[w];
      std::string_view f = forms[t];
      while (!f.empty() && (f.front() == '#' || f.front() == '@')) f.remove_prefix(1);
      if (f.size() > p.words[w].size() && f.substr(0, p.words[w].size()) == p.words[w]) {
        std::string_view rest = f.substr(p.words[w].size());
        return rest == "'s" || rest == "\xE2\x80\x99s";
      }
      return f == p.words[w];
    };
    if (!eq(i, 0)) continue;
    uint32_t t = i + 1;
    bool ok = true;
    for (size_t w = 1; w < p.words.size() && ok; ++w) {
      int gap_left = (w == 1) ? p.max_gap : 0;
      while (t < norms.size() && !eq(t, w) && gap_left > 0 && norms[t] != "," && norms[t] != "." &&
             norms[t] != "and") {
        ++t;
        --gap_left;
      }
      if (t < norms.size() && eq(t, w))
        ++t;
      else
        ok = false;
    }
    if (ok && (!best || p.words.size() > best_words)) {
      best = PhraseHit{i, t, p.payload};
      best_words = p.words.size();
    }
  }
  return best;
}

std::unique_ptr<Lexicon> Lexicon::load(const std::filesystem::path& dir, std::string* error) {
  auto lex = std::make_unique<Lexicon>();
  auto fail = [&](const std::string& msg) {
    if (error) *error = msg;
    return nullptr;
  };
  std::vector<std::string> c;
  {
    TsvReader r;
    if (!open(r, dir / "actors.tsv", error)) return nullptr;
    static const std::vector<std::string> kinds = {
        "state_forces", "government", "rebel_group", "political_militia", "identity_militia", "civilians",
        "protesters", "rioters", "external_state", "international_org", "other", "generic"};
    while (r.next(c)) {
      if (c.size() < 4) return fail(r.where() + ": expected name, kind, country, aliases[, resolve]");
      if (std::find(kinds.begin(), kinds.end(), c[1]) == kinds.end())
        return fail(r.where() + ": unknown actor kind '" + c[1] + "'");
      ActorEntry a{c[0], c[1], c[2] == "-" ? "" : c[2], c.size() > 4 && c[4] != "-" ? c[4] : ""};
      int idx = static_cast<int>(lex->actors.size());
      if (a.resolve == "forces" && !a.country.empty()) lex->forces_.emplace(a.country, idx);
      if (a.resolve == "government" && !a.country.empty()) lex->government_.emplace(a.country, idx);
      if (a.kind == "civilians" && lex->civilians < 0) lex->civilians = idx;
      lex->actors.push_back(a);
      for (const auto& alias : split(c[3], '|'))
        if (!alias.empty()) lex->actor_dict.add(alias_words(alias), idx, is_acronym(alias));
      lex->actor_dict.add(alias_words(c[0]), idx, is_acronym(c[0]));
    }
  }
  {
    TsvReader r;
    if (!open(r, dir / "triggers.tsv", error)) return nullptr;
    while (r.next(c)) {
      if (c.size() < 7) return fail(r.where() + ": expected phrase, pos, type, mode, cameo, frame, acled");
      TriggerEntry t;
      t.phrase = c[0];
      t.verb = c[1].find('V') != std::string::npos;
      t.noun = c[1].find('N') != std::string::npos;
      t.type = c[2];
      t.mode = c[3] == "-" ? "" : c[3];
      t.cameo = c[4] == "-" ? "" : c[4];
      t.frame = c[5];
      t.acled = c[6] == "-" ? "" : c[6];
      t.line = r.line_no;
      static const std::vector<std::string> types = {"AGREE",  "CONSULT",  "SUPPORT",  "CONCEDE", "COOPERATE", "AID",
                                                     "RETREAT", "REQUEST", "ACCUSE",  "REJECT",  "THREATEN",  "PROTEST",
                                                     "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"};
      if (std::find(types.begin(), types.end(), t.type) == types.end())
        return fail(r.where() + ": unknown PLOVER type '" + t.type + "'");
      static const std::vector<std::string> frames = {"ap", "pa", "sym", "a", "fall"};
      if (std::find(frames.begin(), frames.end(), t.frame) == frames.end())
        return fail(r.where() + ": unknown frame '" + t.frame + "'");
      // Words; a [a|b] group is a requirement, not part of the phrase.
      std::vector<std::string> words;
      for (const auto& w : alias_words(c[0])) {
        if (w.front() == '[') {
          std::string inner = w.substr(1, w.size() - 2 + (w.back() == ']' ? 0 : 1));
          for (auto& x : split(inner, '|')) t.requires_any.push_back(normalize_token(x));
        } else {
          words.push_back(w);
        }
      }
      if (words.empty()) return fail(r.where() + ": empty trigger phrase");
      int idx = static_cast<int>(lex->triggers.size());
      lex->triggers.push_back(t);
      // Irregular forms of the first word: "fight|fought".
      auto first_forms = split(words[0], '|');
      std::vector<std::string> heads;
      for (const auto& f : first_forms)
        for (auto& v : inflect(f, t.verb || words.size() > 1, t.noun && words.size() == 1)) heads.push_back(v);
      for (const auto& h : heads) {
        std::vector<std::string> ws = words;
        ws[0] = h;
        if (ws.size() > 1 && t.noun && !t.verb) {
          // Noun compounds inflect at the end: "air strikes".
          for (const auto& tail : inflect(words.back(), false, true)) {
            ws.back() = tail;
            lex->trigger_dict.add(ws, idx, false, 0);
          }
        } else {
          lex->trigger_dict.add(ws, idx, false, t.verb && ws.size() > 1 ? 2 : 0);
        }
      }
    }
  }
  {
    TsvReader r;
    if (!open(r, dir / "cues.tsv", error)) return nullptr;
    while (r.next(c)) {
      if (c.size() < 3) return fail(r.where() + ": expected category, value, phrases");
      int idx = static_cast<int>(lex->cue_values.size());
      lex->cue_values.push_back(c[1]);
      auto& dict = lex->cues[c[0]];
      for (const auto& p : split(c[2], '|'))
        if (!p.empty()) dict.add(alias_words(p), idx);
    }
  }
  return lex;
}

int Lexicon::forces_of(std::string_view iso2) const {
  auto it = forces_.find(std::string(iso2));
  return it == forces_.end() ? -1 : it->second;
}
int Lexicon::government_of(std::string_view iso2) const {
  auto it = government_.find(std::string(iso2));
  return it == government_.end() ? -1 : it->second;
}
const PhraseDict& Lexicon::cue(std::string_view category) const {
  auto it = cues.find(category);
  return it == cues.end() ? empty_ : it->second;
}

}  // namespace sitrep::events
