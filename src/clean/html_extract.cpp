#include "clean/html_extract.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "core/data_file.h"
#include "clean/furniture.h"
#include "clean/html_tokenizer.h"
#include "clean/html_tree.h"
#include "clean/text_repair.h"
#include "core/text.h"

namespace sitrep::clean {
namespace {

using namespace html;  // NOLINT: tag ids t_p, t_div, ...

// data/clean/html_hints.tsv: tags never holding article text, class/id words.
struct Hints {
  std::vector<bool> drop = std::vector<bool>(kKnownTags, false);
  std::unique_ptr<RE2> negative, positive;  // alternations of the class/id words
};

const Hints& hints() {
  static const Hints h = [] {
    Hints h;
    std::string neg, pos;
    auto add = [](std::string& alt, const std::string& word) {
      alt += alt.empty() ? "(?i)(?:" : "|";
      alt += RE2::QuoteMeta(word);
    };
    for (const auto& line : read_data_file("clean/html_hints.tsv")) {
      if (line.fields.size() < 2) continue;
      if (line.fields[0] == "drop") {
        if (uint32_t tag = known_tag(line.fields[1]); tag != kNoTag) h.drop[tag] = true;
      } else if (line.fields[0] == "negative") {
        add(neg, line.fields[1]);
      } else if (line.fields[0] == "positive") {
        add(pos, line.fields[1]);
      }
    }
    h.negative = std::make_unique<RE2>(neg.empty() ? "$^" : neg + ")");
    h.positive = std::make_unique<RE2>(pos.empty() ? "$^" : pos + ")");
    return h;
  }();
  return h;
}

inline bool is_drop(uint32_t tag) { return tag < kKnownTags && hints().drop[tag]; }

// Class/id hint per element: -1 boilerplate word, +1 article word, 0 neither or both.
// Pages repeat their class names, so each distinct value is matched once.
std::vector<int8_t> class_weights(const HtmlTree& tree) {
  std::unordered_map<std::string_view, uint8_t> cache;  // bit 1 negative, bit 2 positive
  auto bits = [&](std::string_view v) -> uint8_t {
    if (v.empty()) return 0;
    auto it = cache.find(v);
    if (it != cache.end()) return it->second;
    uint8_t b = 0;
    re2::StringPiece sp(v.data(), v.size());
    if (RE2::PartialMatch(sp, *hints().negative)) b |= 1;
    if (RE2::PartialMatch(sp, *hints().positive)) b |= 2;
    cache.emplace(v, b);
    return b;
  };
  std::vector<int8_t> w(tree.elements.size(), 0);
  for (size_t i = 0; i < w.size(); ++i) {
    const Element& e = tree.elements[i];
    uint8_t b = bits(e.cls) | bits(e.id);
    w[i] = static_cast<int8_t>(((b & 2) ? 1 : 0) - ((b & 1) ? 1 : 0));
  }
  return w;
}

struct TextBlock {
  std::string text;
  size_t link_chars = 0;
  int32_t element = -1;  // the block element holding the text
  uint32_t tag = kNoTag;
};

// Decodes the character references of text that no HTML parser has seen (JSON-LD strings).
std::string decode_entities(std::string_view s) {
  std::string out;
  decode_html_text(s, out);
  return out;
}

double tag_bias(uint32_t t) {
  switch (t) {
    case t_div: case t_article: case t_main: case t_section: return 5;
    case t_pre: case t_td: case t_blockquote: return 3;
    case t_address: case t_ol: case t_ul: case t_dl: case t_dd: case t_dt: case t_li: case t_form: return -3;
    case t_h1: case t_h2: case t_h3: case t_h4: case t_h5: case t_h6: case t_th: return -5;
    default: return 0;
  }
}

size_t count_commas(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++n;
    else if (s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC' && s[i + 2] == '\x8C') ++n;  // ，
  }
  return n;
}

struct LdResult {
  std::string headline, body;
  std::vector<DateCandidate> dates;
};

void find_ld(const nlohmann::json& j, int depth, LdResult& r) {
  if (depth > 12) return;
  if (j.is_array()) {
    for (const auto& e : j) find_ld(e, depth + 1, r);
  } else if (j.is_object()) {
    auto it = j.find("datePublished");
    if (it != j.end() && it->is_string()) r.dates.push_back({"jsonld", it->get<std::string>()});
    auto body = j.find("articleBody");
    if (body != j.end() && body->is_string() && body->get_ref<const std::string&>().size() > r.body.size())
      r.body = body->get<std::string>();
    auto h = j.find("headline");
    if (h != j.end() && h->is_string() && r.headline.empty()) r.headline = h->get<std::string>();
    for (const auto& [k, v] : j.items())
      if (v.is_structured()) find_ld(v, depth + 1, r);
  }
}

void jsonld(std::string_view raw, LdResult& r) {
  // Publishers often leave raw line breaks inside JSON-LD strings; escape them.
  std::string text;
  text.reserve(raw.size());
  bool in_string = false, escaped = false;
  for (char c : raw) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      else if (c == '\n') { text += "\\n"; continue; }
      else if (c == '\r' || c == '\t') { text.push_back(' '); continue; }
    } else if (c == '"') {
      in_string = true;
    }
    text.push_back(c);
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return;
  find_ld(j, 0, r);
}

}  // namespace

HtmlPage extract_html(std::string_view html) {
  HtmlPage page;
  if (html.size() >= UINT32_MAX) return page;  // offsets are 32-bit (the readers cap input at 1 GiB)
  const HtmlTree tree = build_html_tree(html);
  const auto& el = tree.elements;
  const size_t n = el.size();
  const std::vector<int8_t> weight = class_weights(tree);

  // Paragraph text per element: a boilerplate class on a wrapper
  // ("m-advertisement-off-canvas--pusher", "left-sidebar") must not drop the article it wraps.
  std::vector<uint64_t> ptext(n, 0);
  for (const auto& e : tree.events)
    if (e.kind == EventKind::text && e.in_p) ptext[e.elem] += e.len;
  for (size_t i = n; i-- > 1;)
    if (el[i].parent >= 0) ptext[static_cast<size_t>(el[i].parent)] += ptext[i];
  const uint64_t total_ptext = tree.html >= 0 ? ptext[static_cast<size_t>(tree.html)] : 0;
  auto holds_article = [&](size_t i) { return total_ptext > 0 && ptext[i] * 3 >= total_ptext; };

  // What is skipped: tags never holding article text (their metadata is still read),
  // hidden elements and boilerplate class/id (nothing below them is read).
  enum : uint8_t { kVisible, kDropped, kBlocked };
  std::vector<uint8_t> state(n, kVisible);
  for (size_t i = 0; i < n; ++i) {
    uint8_t ps = el[i].parent >= 0 ? state[static_cast<size_t>(el[i].parent)] : uint8_t{kVisible};
    if (ps != kVisible) { state[i] = ps; continue; }
    uint32_t tag = el[i].tag;
    if (holds_article(i)) continue;
    if (is_drop(tag)) state[i] = kDropped;
    else if (el[i].hidden) state[i] = kBlocked;
    else if (tag != t_body && tag != t_html && tag != t_article && tag != t_main && weight[i] < 0) state[i] = kBlocked;
  }
  auto meta_visible = [&](int32_t i) {
    int32_t p = el[static_cast<size_t>(i)].parent;
    return p < 0 || state[static_cast<size_t>(p)] != kBlocked;
  };

  // Text blocks: text between block boundaries, with its link-text share.
  std::vector<TextBlock> blocks;
  {
    std::string buf;
    size_t buf_links = 0;
    int32_t buf_block = -1;
    auto flush = [&] {
      if (!buf.empty()) {
        normalize_block(buf);
        if (!buf.empty() && buf_block >= 0) {
          TextBlock tb;
          tb.link_chars = std::min(buf_links, buf.size());
          tb.element = buf_block;
          tb.tag = el[static_cast<size_t>(buf_block)].tag;
          tb.text = std::move(buf);
          blocks.push_back(std::move(tb));
        }
      }
      buf.clear();
      buf_links = 0;
    };
    for (const auto& e : tree.events) {
      if (state[e.elem] != kVisible) continue;
      if (e.kind != EventKind::text) { flush(); continue; }
      int32_t block = el[e.elem].block;
      if (buf_block != block) flush();
      buf_block = block;
      buf.append(tree.text(e));
      if (e.in_link) buf_links += e.len;
    }
    flush();
  }

  // Page metadata, in document order.
  std::string html_title, og_title, h1_title;
  std::vector<DateCandidate> meta_dates, time_dates;
  LdResult ld;
  for (const auto& m : tree.meta) {
    if (!meta_visible(m.elem)) continue;
    switch (m.kind) {
      case MetaKind::title:
        if (html_title.empty()) { html_title = m.value; normalize_block(html_title); }
        break;
      case MetaKind::meta: {
        const std::string& k = m.key;
        if (k == "og:title" || k == "twitter:title") {
          if (og_title.empty()) { og_title = m.value; normalize_block(og_title); }
        } else if (k == "og:url") {
          if (page.url.empty()) page.url = m.value;
        } else if (k == "og:site_name") {
          if (page.site_name.empty()) { page.site_name = m.value; normalize_block(page.site_name); }
        } else if (k == "article:published_time" || k == "datepublished" || k == "pubdate" || k == "publishdate" ||
                   k == "publish-date" || k == "publish_date" || k == "date" || k == "dc.date" || k == "dc.date.issued" ||
                   k == "dcterms.created" || k == "parsely-pub-date" || k == "sailthru.date" || k == "og:published_time" ||
                   k == "article.published" || k == "published_time" || k == "cxenseparse:recs:publishtime") {
          meta_dates.push_back({"meta", m.value});
        }
        break;
      }
      case MetaKind::canonical:
        page.url = m.value;
        break;
      case MetaKind::time:
        if (m.pub) time_dates.insert(time_dates.begin(), {"time", m.value});
        else time_dates.push_back({"time", m.value});
        break;
      case MetaKind::jsonld:
        jsonld(m.value, ld);
        break;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (el[i].tag != t_h1 || el[i].foreign || !meta_visible(static_cast<int32_t>(i))) continue;
    for (uint32_t k = el[i].first_event; k < el[i].end_event; ++k)
      if (tree.events[k].kind == EventKind::text) h1_title.append(tree.text(tree.events[k]));
    normalize_block(h1_title);
    if (!h1_title.empty()) break;
  }

  // Title: og:title, JSON-LD headline, first <h1>, <title> (site suffix trimmed).
  std::string title = !og_title.empty() ? og_title : !ld.headline.empty() ? ld.headline : h1_title;
  if (title.empty()) {
    title = html_title;
    for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: "}) {
      size_t p = title.rfind(sep);
      if (p != std::string::npos && p > 15) { title.resize(p); break; }
    }
  }
  normalize_block(title);
  page.title = title;
  for (auto* v : {&meta_dates, &ld.dates, &time_dates})
    for (auto& d : *v) page.dates.push_back(std::move(d));

  // Pages rendered by script carry the article only in JSON-LD articleBody.
  std::vector<std::string> ld_fallback;
  if (ld.body.size() >= 200) {
    std::string body = decode_entities(decode_entities(ld.body));
    size_t pos = 0;
    while (pos < body.size()) {
      size_t nl = body.find('\n', pos);
      if (nl == std::string::npos) nl = body.size();
      std::string blk = body.substr(pos, nl - pos);
      normalize_block(blk);
      if (!blk.empty()) ld_fallback.push_back(std::move(blk));
      pos = nl + 1;
    }
  }

  // Score containers by the paragraphs they hold.
  struct Stats {
    double score = 0, bias = 0;
    size_t text = 0, links = 0;
    bool candidate = false;
  };
  std::vector<Stats> stats(n);
  for (const auto& tb : blocks) {
    stats[static_cast<size_t>(tb.element)].text += tb.text.size();
    stats[static_cast<size_t>(tb.element)].links += tb.link_chars;
  }
  for (size_t i = n; i-- > 1;) {
    if (el[i].parent < 0) continue;
    auto& p = stats[static_cast<size_t>(el[i].parent)];
    p.text += stats[i].text;
    p.links += stats[i].links;
  }
  auto init_candidate = [&](int32_t i) -> Stats& {
    auto& s = stats[static_cast<size_t>(i)];
    if (!s.candidate) {
      s.candidate = true;
      s.bias = tag_bias(el[static_cast<size_t>(i)].tag) + 25.0 * weight[static_cast<size_t>(i)];
    }
    return s;
  };
  for (const auto& tb : blocks) {
    if (tb.text.size() < 25) continue;
    if (tb.link_chars * 2 > tb.text.size()) continue;
    double score = 1 + static_cast<double>(count_commas(tb.text)) + std::min(static_cast<double>(tb.text.size()) / 100.0, 3.0);
    // A paragraph element votes for its container; a div holding text directly is its own paragraph.
    int32_t parent = el[static_cast<size_t>(tb.element)].parent;
    if (parent < 0) continue;
    init_candidate(parent).score += score;
    int32_t grand = el[static_cast<size_t>(parent)].parent;
    if (grand >= 0) init_candidate(grand).score += score / 2;
    int32_t great = grand >= 0 ? el[static_cast<size_t>(grand)].parent : -1;
    if (great >= 0) init_candidate(great).score += score / 6;
  }
  int32_t top = -1;
  double top_score = 0;
  for (size_t i = 0; i < n; ++i) {
    auto& s = stats[i];
    if (!s.candidate) continue;
    double ld_share = s.text ? static_cast<double>(s.links) / static_cast<double>(s.text) : 0;
    // A class hint can at most double what the paragraphs gave: a "content" header
    // holding only the headline must not beat the body.
    double final_score = (s.score + std::min(s.bias, s.score)) * (1 - ld_share);
    s.score = final_score;
    if (top < 0 || final_score > top_score) {  // ties: the earlier element
      top = static_cast<int32_t>(i);
      top_score = final_score;
    }
  }

  std::vector<uint8_t> chosen(n, 0);
  if (top >= 0) {
    // Readability: when the top candidate's parent holds most of the same text and scores
    // close, the article is wider than one container.
    int32_t parent = el[static_cast<size_t>(top)].parent;
    while (parent >= 0 && el[static_cast<size_t>(parent)].tag != t_body) {
      const auto& ps = stats[static_cast<size_t>(parent)];
      if (!ps.candidate || ps.score < top_score * 0.75) break;
      top = parent;
      top_score = std::max(top_score, ps.score);
      parent = el[static_cast<size_t>(top)].parent;
    }
    chosen[static_cast<size_t>(top)] = 1;
    // Siblings that score well or hold a prose paragraph join the article.
    int32_t tp = el[static_cast<size_t>(top)].parent;
    if (tp >= 0) {
      double threshold = std::max(10.0, top_score * 0.2);
      for (size_t i = static_cast<size_t>(tp) + 1; i < n; ++i) {
        if (el[i].parent != tp || static_cast<int32_t>(i) == top) continue;
        const auto& s = stats[i];
        bool join = s.candidate && s.score >= threshold;
        if (!join && el[i].tag == t_p && s.text > 80 && s.links * 4 < s.text) join = true;
        if (join) chosen[i] = 1;
      }
    }
  }
  for (size_t i = 1; i < n; ++i)
    if (el[i].parent >= 0 && chosen[static_cast<size_t>(el[i].parent)]) chosen[i] = 1;

  for (auto& tb : blocks) {
    if (!chosen[static_cast<size_t>(tb.element)]) continue;
    double ld_share = tb.text.empty() ? 0 : static_cast<double>(tb.link_chars) / static_cast<double>(tb.text.size());
    if (ld_share > 0.5) continue;                                            // lists of links
    if (tb.tag == t_li && ld_share > 0.3) continue;
    if ((tag_props(tb.tag) & kHeading) && tb.text.size() > 200) continue;  // not a heading
    page.blocks.push_back(std::move(tb.text));
  }
  size_t kept_chars = 0;
  for (const auto& blk : page.blocks) kept_chars += blk.size();
  size_t ld_chars = 0;
  for (const auto& blk : ld_fallback) ld_chars += blk.size();
  if (ld_chars * 10 > kept_chars * 13) page.blocks = std::move(ld_fallback);
  return page;
}

bool to_utf8_from_declared_charset(std::string& html) {
  if (is_valid_utf8(html)) return false;  // valid UTF-8 needs nothing
  std::string head = ascii_lower(std::string_view(html).substr(0, 4096));
  std::string charset = "windows-1252";
  size_t p = head.find("charset=");
  if (p != std::string::npos) {
    p += 8;
    while (p < head.size() && (head[p] == '"' || head[p] == '\'' || head[p] == ' ')) ++p;
    size_t e = p;
    while (e < head.size() && (std::isalnum(static_cast<unsigned char>(head[e])) || head[e] == '-' || head[e] == '_')) ++e;
    if (e > p) charset = head.substr(p, e - p);
  }
  if (charset == "utf-8" || charset == "utf8") return false;  // declared UTF-8: repaired later
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii") charset = "windows-1252";
  UErrorCode status = U_ZERO_ERROR;
  std::string out(html.size() * 3 + 16, '\0');
  int32_t len = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()), html.data(),
                             static_cast<int32_t>(html.size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(len));
  html.swap(out);
  return true;
}

}  // namespace sitrep::clean
