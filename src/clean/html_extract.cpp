#include "clean/html_extract.h"

#include <gumbo.h>
#include <nlohmann/json.hpp>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <cstdlib>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "clean/data_file.h"
#include "clean/furniture.h"
#include "clean/text_repair.h"

namespace sitrep::clean {
namespace {

struct Hints {
  std::unordered_set<int> drop_tags;  // GumboTag values
  std::vector<std::string> negative, positive;
};

const Hints& hints() {
  static const Hints h = [] {
    Hints h;
    for (const auto& line : read_data_file("clean/html_hints.tsv")) {
      if (line.fields.size() < 2) continue;
      if (line.fields[0] == "drop") {
        GumboTag t = gumbo_tag_enum(line.fields[1].c_str());
        if (t != GUMBO_TAG_UNKNOWN) h.drop_tags.insert(static_cast<int>(t));
      } else if (line.fields[0] == "negative") {
        h.negative.push_back(line.fields[1]);
      } else if (line.fields[0] == "positive") {
        h.positive.push_back(line.fields[1]);
      }
    }
    return h;
  }();
  return h;
}

const char* attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// -1 negative, +1 positive, 0 neither/both, from class and id words.
int class_weight(const GumboNode* n) {
  const char* cls = attr(n, "class");
  const char* id = attr(n, "id");
  if (!cls && !id) return 0;
  std::string s = lower(std::string(cls ? cls : "") + " " + (id ? id : ""));
  bool neg = false, pos = false;
  for (const auto& w : hints().negative)
    if (s.find(w) != std::string::npos) { neg = true; break; }
  for (const auto& w : hints().positive)
    if (s.find(w) != std::string::npos) { pos = true; break; }
  return (pos ? 1 : 0) - (neg ? 1 : 0);
}

bool is_hidden(const GumboNode* n) {
  if (attr(n, "hidden")) return true;
  const char* aria = attr(n, "aria-hidden");
  if (aria && std::strcmp(aria, "true") == 0) return true;
  const char* style = attr(n, "style");
  if (style) {
    std::string s = lower(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) return true;
  }
  return false;
}

bool is_block_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_BR: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HEADER: case GUMBO_TAG_CENTER: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

struct TextBlock {
  std::string text;
  size_t link_chars = 0;
  const GumboNode* element = nullptr;  // the block element holding the text
  GumboTag tag = GUMBO_TAG_UNKNOWN;
};

// Walks the DOM once: collects text blocks and page metadata.
class Walker {
 public:
  std::vector<TextBlock> blocks;
  HtmlPage* page;
  std::string html_title, og_title, h1_title;
  std::vector<DateCandidate> meta_dates, jsonld_dates, time_dates;

  explicit Walker(HtmlPage* p) : page(p) {}

  // Paragraph text (inside <p>) per element, and the page total: a boilerplate class
  // on a wrapper ("m-advertisement-off-canvas--pusher", "left-sidebar") must not drop
  // the article it wraps.
  size_t measure(const GumboNode* n, bool in_p, int depth) {
    if (depth > 400) return 0;
    if (n->type == GUMBO_NODE_TEXT) return in_p ? std::strlen(n->v.text.text) : 0;
    if (n->type != GUMBO_NODE_ELEMENT) return 0;
    GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD) return 0;
    bool p = in_p || tag == GUMBO_TAG_P;
    size_t total = 0;
    const GumboVector* ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; ++i) total += measure(static_cast<const GumboNode*>(ch->data[i]), p, depth + 1);
    if (total > 0) ptext_[n] = total;
    return total;
  }
  void set_total(size_t t) { total_ptext_ = t; }

  void walk(const GumboNode* n, const GumboNode* block, int link_depth, int depth) {
    if (depth > 400) return;  // pathological nesting
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      append(n->v.text.text, block, link_depth > 0);
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      walk_children(&n->v.document.children, n, block, link_depth, depth);
      return;
    }
    GumboTag tag = n->v.element.tag;
    metadata(n, tag);
    if (hints().drop_tags.count(static_cast<int>(tag)) && !holds_article(n)) {
      metadata_below(n, depth);
      return;
    }
    if (is_hidden(n) && !holds_article(n)) return;
    if (tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_ARTICLE && tag != GUMBO_TAG_MAIN &&
        class_weight(n) < 0 && !holds_article(n))
      return;
    if (is_block_tag(tag)) {
      flush(block);
      if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR) return;
      walk_children(&n->v.element.children, n, n, link_depth, depth);
      flush(n);
      return;
    }
    walk_children(&n->v.element.children, n, block, link_depth + (tag == GUMBO_TAG_A ? 1 : 0), depth);
  }

  void finish() { flush(nullptr); }

 private:
  std::unordered_map<const GumboNode*, size_t> ptext_;
  size_t total_ptext_ = 0;

  bool holds_article(const GumboNode* n) const {
    auto it = ptext_.find(n);
    return it != ptext_.end() && total_ptext_ > 0 && it->second * 3 >= total_ptext_;
  }

  std::string buf_;
  size_t buf_links_ = 0;
  const GumboNode* buf_block_ = nullptr;

  // Metadata (meta, link, title, JSON-LD, time) inside a subtree whose text is dropped.
  void metadata_below(const GumboNode* n, int depth) {
    if (depth > 400 || n->type != GUMBO_NODE_ELEMENT) return;
    const GumboVector* ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; ++i) {
      const GumboNode* c = static_cast<const GumboNode*>(ch->data[i]);
      if (c->type != GUMBO_NODE_ELEMENT) continue;
      metadata(c, c->v.element.tag);
      metadata_below(c, depth + 1);
    }
  }

  void walk_children(const GumboVector* ch, const GumboNode* self, const GumboNode* block, int link_depth, int depth) {
    for (unsigned i = 0; i < ch->length; ++i)
      walk(static_cast<const GumboNode*>(ch->data[i]), block, link_depth, depth + 1);
  }

  void append(const char* text, const GumboNode* block, bool in_link) {
    if (buf_block_ != block) flush(block);
    buf_block_ = block;
    size_t len = std::strlen(text);
    buf_.append(text, len);
    if (in_link) buf_links_ += len;
  }

  void flush(const GumboNode* /*next*/) {
    if (!buf_.empty()) {
      normalize_block(buf_);
      if (!buf_.empty() && buf_block_ != nullptr) {
        TextBlock b;
        b.link_chars = std::min(buf_links_, buf_.size());
        b.element = buf_block_;
        b.tag = buf_block_->type == GUMBO_NODE_ELEMENT ? buf_block_->v.element.tag : GUMBO_TAG_UNKNOWN;
        b.text = std::move(buf_);
        blocks.push_back(std::move(b));
      }
    }
    buf_.clear();
    buf_links_ = 0;
  }

  static std::string node_text(const GumboNode* n) {
    std::string out;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) return n->v.text.text;
    if (n->type != GUMBO_NODE_ELEMENT) return out;
    const GumboVector* ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; ++i) out += node_text(static_cast<const GumboNode*>(ch->data[i]));
    return out;
  }

  void metadata(const GumboNode* n, GumboTag tag) {
    switch (tag) {
      case GUMBO_TAG_TITLE:
        if (html_title.empty()) { html_title = node_text(n); normalize_block(html_title); }
        break;
      case GUMBO_TAG_H1:
        if (h1_title.empty()) { h1_title = node_text(n); normalize_block(h1_title); }
        break;
      case GUMBO_TAG_META: {
        const char* key = attr(n, "property");
        if (!key) key = attr(n, "name");
        if (!key) key = attr(n, "itemprop");
        const char* content = attr(n, "content");
        if (!key || !content) break;
        std::string k = lower(key);
        if (k == "og:title" || k == "twitter:title") {
          if (og_title.empty()) { og_title = content; normalize_block(og_title); }
        } else if (k == "og:url") {
          if (page->url.empty()) page->url = content;
        } else if (k == "og:site_name") {
          if (page->site_name.empty()) { page->site_name = content; normalize_block(page->site_name); }
        } else if (k == "article:published_time" || k == "datepublished" || k == "pubdate" || k == "publishdate" ||
                   k == "publish-date" || k == "publish_date" || k == "date" || k == "dc.date" || k == "dc.date.issued" ||
                   k == "dcterms.created" || k == "parsely-pub-date" || k == "sailthru.date" || k == "og:published_time" ||
                   k == "article.published" || k == "published_time" || k == "cxenseparse:recs:publishtime") {
          meta_dates.push_back({"meta", content});
        }
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = attr(n, "rel");
        const char* href = attr(n, "href");
        if (rel && href && lower(rel) == "canonical") page->url = href;
        break;
      }
      case GUMBO_TAG_TIME: {
        const char* dt = attr(n, "datetime");
        if (dt) {
          const char* ip = attr(n, "itemprop");
          bool pub = attr(n, "pubdate") || (ip && lower(ip) == "datepublished");
          if (pub) time_dates.insert(time_dates.begin(), {"time", dt});
          else time_dates.push_back({"time", dt});
        }
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = attr(n, "type");
        if (type && lower(type) == "application/ld+json") jsonld(node_text(n));
        break;
      }
      default:
        break;
    }
  }

  void jsonld(const std::string& raw) {
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
    find_ld(j, 0);
  }

  void find_ld(const nlohmann::json& j, int depth) {
    if (depth > 12) return;
    if (j.is_array()) {
      for (const auto& e : j) find_ld(e, depth + 1);
    } else if (j.is_object()) {
      auto it = j.find("datePublished");
      if (it != j.end() && it->is_string()) jsonld_dates.push_back({"jsonld", it->get<std::string>()});
      auto body = j.find("articleBody");
      if (body != j.end() && body->is_string() && body->get_ref<const std::string&>().size() > ld_body.size())
        ld_body = body->get<std::string>();
      auto h = j.find("headline");
      if (h != j.end() && h->is_string() && ld_headline.empty()) ld_headline = h->get<std::string>();
      for (const auto& [k, v] : j.items())
        if (v.is_structured()) find_ld(v, depth + 1);
    }
  }

 public:
  std::string ld_headline;
  std::string ld_body;  // JSON-LD articleBody: the text of pages rendered by script
};

// Decodes the character references of text that no HTML parser has seen (JSON-LD
// strings): numeric references and the common named ones.
std::string decode_entities(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"lt", "<"}, {"gt", ">"}, {"nbsp", "\xC2\xA0"},
      {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"}, {"rdquo", "\xE2\x80\x9D"}, {"ldquo", "\xE2\x80\x9C"},
      {"mdash", "\xE2\x80\x94"}, {"ndash", "\xE2\x80\x93"}, {"hellip", "\xE2\x80\xA6"}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') { out.push_back(s[i++]); continue; }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) { out.push_back(s[i++]); continue; }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!name.empty() && name[0] == '#') {
      char32_t cp = 0;
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      bool ok = name.size() > (hex ? 2u : 1u);
      for (size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
        char c = name[k];
        int v = c >= '0' && c <= '9' ? c - '0' : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (v < 0 || cp > 0x10FFFF) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      }
      if (ok && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        append_utf8(out, cp);
        done = true;
      }
    } else {
      for (const auto& [n, v] : named)
        if (name == n) { out.append(v); done = true; break; }
    }
    if (done) i = semi + 1;
    else out.push_back(s[i++]);
  }
  return out;
}

struct NodeStats {
  double score = 0;   // paragraph votes
  double bias = 0;    // tag and class/id hints
  size_t text = 0;
  size_t links = 0;
  bool candidate = false;
};

double tag_bias(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_SECTION: return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
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

bool is_ancestor(const GumboNode* a, const GumboNode* n) {
  for (const GumboNode* p = n; p; p = p->parent)
    if (p == a) return true;
  return false;
}

}  // namespace

HtmlPage extract_html(std::string_view html) {
  HtmlPage page;
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&opts, html.data(), html.size());
  Walker w(&page);
  if (out->root) w.set_total(w.measure(out->root, false, 0));
  w.walk(out->document, nullptr, 0, 0);
  w.finish();

  // Title: og:title, JSON-LD headline, first <h1>, <title> (site suffix trimmed).
  std::string title = !w.og_title.empty() ? w.og_title : !w.ld_headline.empty() ? w.ld_headline : w.h1_title;
  if (title.empty()) {
    title = w.html_title;
    for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: "}) {
      size_t p = title.rfind(sep);
      if (p != std::string::npos && p > 15) { title.resize(p); break; }
    }
  }
  normalize_block(title);
  page.title = title;
  for (auto* v : {&w.meta_dates, &w.jsonld_dates, &w.time_dates})
    for (auto& d : *v) page.dates.push_back(std::move(d));

  // Pages rendered by script carry the article only in JSON-LD articleBody.
  if (w.ld_body.size() >= 200) {
    std::string body = decode_entities(decode_entities(w.ld_body));
    std::vector<std::string> ld_blocks;
    size_t pos = 0;
    while (pos < body.size()) {
      size_t nl = body.find('\n', pos);
      if (nl == std::string::npos) nl = body.size();
      std::string b = body.substr(pos, nl - pos);
      normalize_block(b);
      if (!b.empty()) ld_blocks.push_back(std::move(b));
      pos = nl + 1;
    }
    size_t ld_chars = 0;
    for (const auto& b : ld_blocks) ld_chars += b.size();
    // Compared with what the DOM scoring finds below.
    page.blocks = std::move(ld_blocks);
  }
  std::vector<std::string> ld_fallback = std::move(page.blocks);
  page.blocks.clear();

  // Score containers by the paragraphs they hold.
  std::unordered_map<const GumboNode*, NodeStats> stats;
  auto& blocks = w.blocks;
  for (const auto& b : blocks) {
    for (const GumboNode* p = b.element; p && p->type == GUMBO_NODE_ELEMENT; p = p->parent) {
      auto& s = stats[p];
      s.text += b.text.size();
      s.links += b.link_chars;
    }
  }
  auto init_candidate = [&](const GumboNode* n) -> NodeStats& {
    auto& s = stats[n];
    if (!s.candidate) {
      s.candidate = true;
      s.bias = tag_bias(n->v.element.tag) + 25.0 * class_weight(n);
    }
    return s;
  };
  for (const auto& b : blocks) {
    if (b.text.size() < 25) continue;
    if (b.link_chars * 2 > b.text.size()) continue;
    double score = 1 + static_cast<double>(count_commas(b.text)) + std::min(static_cast<double>(b.text.size()) / 100.0, 3.0);
    const GumboNode* self = b.element;
    // A paragraph element votes for its container; a div holding text directly is its own paragraph.
    const GumboNode* parent = self->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT) continue;
    init_candidate(parent).score += score;
    const GumboNode* grand = parent->parent;
    if (grand && grand->type == GUMBO_NODE_ELEMENT) init_candidate(grand).score += score / 2;
    const GumboNode* great = grand ? grand->parent : nullptr;
    if (great && great->type == GUMBO_NODE_ELEMENT) init_candidate(great).score += score / 6;
  }
  const GumboNode* top = nullptr;
  double top_score = 0;
  for (auto& [n, s] : stats) {
    if (!s.candidate) continue;
    double ld = s.text ? static_cast<double>(s.links) / static_cast<double>(s.text) : 0;
    // A class hint can at most double what the paragraphs gave: a "content" header
    // holding only the headline must not beat the body.
    double final_score = (s.score + std::min(s.bias, s.score)) * (1 - ld);
    s.score = final_score;
    // Deterministic choice: higher score, then earlier in the document.
    if (!top || final_score > top_score ||
        (final_score == top_score && n->v.element.start_pos.offset < top->v.element.start_pos.offset)) {
      top = n;
      top_score = final_score;
    }
  }

  std::vector<const GumboNode*> chosen;
  if (top) {
    // Readability: when the top candidate's parent holds most of the same text and scores
    // close, the article is wider than one container.
    const GumboNode* parent = top->parent;
    while (parent && parent->type == GUMBO_NODE_ELEMENT && parent->v.element.tag != GUMBO_TAG_BODY) {
      auto it = stats.find(parent);
      if (it == stats.end() || !it->second.candidate || it->second.score < top_score * 0.75) break;
      top = parent;
      top_score = std::max(top_score, it->second.score);
      parent = top->parent;
    }
    chosen.push_back(top);
    // Siblings that score well or hold a prose paragraph join the article.
    if (top->parent && top->parent->type == GUMBO_NODE_ELEMENT) {
      const GumboVector* sib = &top->parent->v.element.children;
      double threshold = std::max(10.0, top_score * 0.2);
      for (unsigned i = 0; i < sib->length; ++i) {
        const GumboNode* s = static_cast<const GumboNode*>(sib->data[i]);
        if (s == top || s->type != GUMBO_NODE_ELEMENT) continue;
        auto it = stats.find(s);
        if (it == stats.end()) continue;
        bool join = it->second.candidate && it->second.score >= threshold;
        if (!join && s->v.element.tag == GUMBO_TAG_P && it->second.text > 80 && it->second.links * 4 < it->second.text) join = true;
        if (join) chosen.push_back(s);
      }
    }
  }

  for (auto& b : blocks) {
    bool inside = false;
    for (const GumboNode* c : chosen)
      if (is_ancestor(c, b.element)) { inside = true; break; }
    if (!inside) continue;
    double ld = b.text.empty() ? 0 : static_cast<double>(b.link_chars) / static_cast<double>(b.text.size());
    if (ld > 0.5) continue;                                   // lists of links
    if (b.tag == GUMBO_TAG_LI && ld > 0.3) continue;
    if (is_heading(b.tag) && b.text.size() > 200) continue;  // not a heading
    page.blocks.push_back(std::move(b.text));
  }
  size_t kept_chars = 0;
  for (const auto& b : page.blocks) kept_chars += b.size();
  size_t ld_chars = 0;
  for (const auto& b : ld_fallback) ld_chars += b.size();
  if (ld_chars * 10 > kept_chars * 13) page.blocks = std::move(ld_fallback);
  gumbo_destroy_output(&opts, out);
  return page;
}

bool to_utf8_from_declared_charset(std::string& html) {
  // Valid UTF-8 needs nothing.
  {
    std::string copy;  // cheap validity scan without copying
    size_t i = 0, n = html.size();
    bool valid = true;
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(html[i]);
      if (c < 0x80) { ++i; continue; }
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
      if (len == 0 || i + len > n) { valid = false; break; }
      for (size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(html[i + k]) & 0xC0) != 0x80) { valid = false; break; }
      if (!valid) break;
      i += len;
    }
    if (valid) return false;
  }
  std::string head = lower(std::string_view(html).substr(0, 4096));
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
