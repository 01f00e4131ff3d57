#include "clean/furniture.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <stdexcept>
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/data_file.h"
#include "clean/text_repair.h"

namespace sitrep::clean {
namespace {

enum class Scope { any, head, end, previous };

struct Rule {
  std::string name;
  Scope scope = Scope::any;
};

// Longest block a wording rule is tried on: furniture is short, article prose is not.
constexpr size_t kMaxRuleBlock = 400;

class FurnitureRules {
 public:
  static const FurnitureRules& get() {
    static const FurnitureRules rules;
    return rules;
  }
  // Indices of matching rules, ascending (file order).
  std::vector<int> match(std::string_view block) const {
    std::vector<int> hits;
    if (block.size() > kMaxRuleBlock) return hits;
    set_->Match(re2::StringPiece(block.data(), block.size()), &hits);
    std::sort(hits.begin(), hits.end());
    return hits;
  }
  const Rule& rule(int i) const { return rules_[static_cast<size_t>(i)]; }

 private:
  FurnitureRules() {
    RE2::Options opt;
    opt.set_log_errors(false);
    opt.set_max_mem(64 << 20);
    set_ = std::make_unique<RE2::Set>(opt, RE2::ANCHOR_BOTH);
    for (const auto& line : read_data_file("clean/furniture.tsv")) {
      if (line.fields.size() < 3) throw std::runtime_error("data/clean/furniture.tsv:" + std::to_string(line.number) + ": expected rule<TAB>scope<TAB>pattern");
      Rule r;
      r.name = line.fields[0];
      const std::string& scope = line.fields[1];
      r.scope = scope == "head" ? Scope::head : scope == "end" ? Scope::end : scope == "previous" ? Scope::previous : Scope::any;
      std::string error;
      if (set_->Add(line.fields[2], &error) < 0)
        throw std::runtime_error("data/clean/furniture.tsv:" + std::to_string(line.number) + ": bad pattern: " + error);
      rules_.push_back(std::move(r));
    }
    if (!set_->Compile()) throw std::runtime_error("data/clean/furniture.tsv: patterns do not compile together");
  }
  std::unique_ptr<RE2::Set> set_;
  std::vector<Rule> rules_;
};

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

bool ends_sentence(std::string_view s) {
  while (!s.empty()) {
    unsigned char c = static_cast<unsigned char>(s.back());
    // closing quotes/brackets after the terminal: ” ’ " ' ) ]
    if (c == '"' || c == '\'' || c == ')' || c == ']') { s.remove_suffix(1); continue; }
    if (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" || s.substr(s.size() - 3) == "\xE2\x80\x99")) {
      s.remove_suffix(3);
      continue;
    }
    break;
  }
  if (s.empty()) return false;
  char c = s.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6");
}

// A paragraph of article prose: long enough and ends like a sentence.
bool is_body_paragraph(std::string_view s) { return word_count(s) >= 12 && ends_sentence(s); }

// Headline shape: a few words, no final period.
bool is_headline_like(std::string_view s) {
  size_t w = word_count(s);
  if (w < 3 || w > 30) return false;
  return s.back() != '.' && s.back() != ':' && s.back() != ',';
}

// Comparison key: lower-case ASCII letters and digits only (dashes, quotes, spacing ignored).
std::string key_of(std::string_view s) {
  std::string k;
  k.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z')) k.push_back(c);
    else if (u >= 'A' && u <= 'Z') k.push_back(static_cast<char>(u | 0x20));
  }
  return k;
}

// Title Case: most words of four or more letters start with a capital, e.g.
// "Afghan Army Eliminated Over 570 Taliban Militants In Past 24 Hours – Military".
bool is_title_case_headline(std::string_view s) {
  size_t words = word_count(s);
  if (words < 5 || words > 25 || ends_sentence(s)) return false;
  size_t long_words = 0, capitalised = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    std::string_view w = s.substr(start, i - start);
    size_t letters = 0;
    for (char c : w) letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    if (letters < 4) continue;
    ++long_words;
    size_t k = 0;
    while (k < w.size() && !std::isalpha(static_cast<unsigned char>(w[k]))) ++k;
    if (k < w.size() && std::isupper(static_cast<unsigned char>(w[k]))) ++capitalised;
  }
  return long_words >= 4 && capitalised * 10 >= long_words * 9;
}

std::string first_two_words(std::string_view s) {
  std::string out;
  size_t spaces = 0;
  for (char c : s) {
    if (c == ' ' && ++spaces == 2) break;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return spaces >= 1 ? out : std::string();
}

}  // namespace

void normalize_block(std::string& block) {
  std::string out;
  out.reserve(block.size());
  bool pending_space = false;
  for (size_t i = 0; i < block.size();) {
    unsigned char c = static_cast<unsigned char>(block[i]);
    bool space = false;
    size_t len = 1;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
    } else if (c >= 0x80) {
      size_t k = i;
      char32_t cp = next_code_point(block, k);
      len = k - i;
      space = cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
      if (cp == 0x200B || cp == 0xFEFF || cp == 0x200C || cp == 0x200D || cp == 0x00AD) { i = k; continue; }
    }
    if (space) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) { out.push_back(' '); pending_space = false; }
    out.append(block, i, len);
    i += len;
  }
  block.swap(out);
}

std::string matching_rule(std::string_view block) {
  const auto& rules = FurnitureRules::get();
  auto hits = rules.match(block);
  return hits.empty() ? std::string() : rules.rule(hits.front()).name;
}

CleanedBlocks remove_furniture(std::vector<std::string> blocks, std::string_view known_title,
                               const FurnitureOptions& options) {
  const auto& rules = FurnitureRules::get();
  CleanedBlocks out;

  size_t head_end = blocks.size();
  for (size_t i = 0; i < blocks.size(); ++i)
    if (is_body_paragraph(blocks[i])) { head_end = i; break; }

  std::string title_key = key_of(known_title);
  std::unordered_set<std::string> seen;  // keys of kept blocks, for repeated copies
  struct Kept { std::string text; size_t index; };
  std::vector<Kept> kept;
  bool title_found = !known_title.empty() && !options.plain_text;
  if (!known_title.empty()) out.title = std::string(known_title);
  std::string end_rule;
  std::vector<std::pair<size_t, RemovedBlock>> removed;  // with the block's page position

  for (size_t i = 0; i < blocks.size(); ++i) {
    std::string& b = blocks[i];
    if (b.empty()) continue;
    if (!end_rule.empty()) {
      removed.push_back({i, {std::move(b), end_rule}});
      continue;
    }
    std::string rule;
    bool take_previous = false;
    for (int h : rules.match(b)) {
      const Rule& r = rules.rule(h);
      if (r.scope == Scope::head && i >= head_end) continue;
      rule = r.name;
      // In HTML, related-link boxes sit inside the article too; the DOM has already
      // placed the article, so an end marker removes only itself.
      if (r.scope == Scope::end && options.plain_text) end_rule = r.name;
      take_previous = r.scope == Scope::previous;
      break;
    }
    std::string key = key_of(b);
    if (rule.empty() && !key.empty()) {
      if (!title_found && i <= head_end && is_headline_like(b) &&
          (title_key.empty() || key == title_key)) {
        // The headline: kept as the first paragraph of plain text.
        title_found = true;
        if (out.title.empty()) out.title = b;
        seen.insert(key);
        kept.push_back({std::move(b), i});
        continue;
      }
      if (word_count(b) >= 3 && (key == title_key || seen.count(key))) rule = "repeated-headline";
      else if (options.plain_text && title_found && !kept.empty() && is_title_case_headline(b))
        rule = "related-headline";
    }
    if (!rule.empty()) {
      if (take_previous && !kept.empty() && kept.back().index + 1 == i && kept.back().text.size() <= kMaxRuleBlock) {
        removed.push_back({kept.back().index, {std::move(kept.back().text), rule}});
        kept.pop_back();
      }
      removed.push_back({i, {std::move(b), rule}});
      continue;
    }
    seen.insert(key);
    kept.push_back({std::move(b), i});
  }

  // Slogan runs: five or more consecutive short kept blocks, at least half of which
  // open with the same two words ("Social media is bold." / "Social media is young.").
  std::vector<bool> drop(kept.size(), false);
  size_t i = 0;
  while (i < kept.size()) {
    size_t j = i;
    while (j < kept.size() && word_count(kept[j].text) <= 8 && (j == i || kept[j].index == kept[j - 1].index + 1)) ++j;
    if (j - i >= 5) {
      std::unordered_map<std::string, size_t> freq;
      for (size_t k = i; k < j; ++k) ++freq[first_two_words(kept[k].text)];
      std::string best;
      size_t best_n = 0;
      for (auto& [w, n] : freq)
        if (!w.empty() && (n > best_n || (n == best_n && w < best))) { best = w; best_n = n; }
      if (best_n >= 4 && best_n * 2 >= j - i) {
        size_t first = i, last = j;
        while (first < j && first_two_words(kept[first].text) != best) ++first;
        while (last > first && first_two_words(kept[last - 1].text) != best) --last;
        for (size_t k = first; k < last; ++k) drop[k] = true;
      }
    }
    i = j > i ? j : i + 1;
  }
  for (size_t k = 0; k < kept.size(); ++k) {
    if (drop[k]) removed.push_back({kept[k].index, {std::move(kept[k].text), "slogan-run"}});
    else out.paragraphs.push_back(std::move(kept[k].text));
  }
  // Removed blocks are reported in page order.
  std::stable_sort(removed.begin(), removed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out.removed.reserve(removed.size());
  for (auto& r : removed) out.removed.push_back(std::move(r.second));
  return out;
}

}  // namespace sitrep::clean
