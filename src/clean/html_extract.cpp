#include "clean/html_extract.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "clean/data_file.h"
#include "clean/furniture.h"
#include "clean/html_tokenizer.h"
#include "clean/text_repair.h"
#include "core/text.h"

namespace sitrep::clean {
namespace {

// ---------------------------------------------------------------------------------
// Tags: the HTML elements whose parsing or extraction rules differ. Other names
// (custom elements, SVG/MathML children) get per-page ids above kKnownTags.

#define SITREP_HTML_TAGS(X)                                                                                         \
  X(a) X(address) X(applet) X(area) X(article) X(aside) X(audio) X(b) X(base) X(basefont) X(bgsound) X(big)        \
  X(blockquote) X(body) X(br) X(button) X(canvas) X(caption) X(center) X(code) X(col) X(colgroup) X(dd) X(details) \
  X(dialog) X(dir) X(div) X(dl) X(dt) X(em) X(embed) X(fieldset) X(figcaption) X(figure) X(font) X(footer) X(form) \
  X(frame) X(frameset) X(h1) X(h2) X(h3) X(h4) X(h5) X(h6) X(head) X(header) X(hgroup) X(hr) X(html) X(i)          \
  X(iframe) X(image) X(img) X(input) X(keygen) X(label) X(li) X(link) X(listing) X(main) X(map) X(marquee) X(math) \
  X(menu) X(meta) X(nav) X(nobr) X(noembed) X(noframes) X(noscript) X(object) X(ol) X(optgroup) X(option) X(p)     \
  X(param) X(plaintext) X(pre) X(ruby) X(s) X(script) X(search) X(section) X(select) X(small) X(source) X(span)    \
  X(strike) X(strong) X(style) X(sub) X(summary) X(sup) X(svg) X(table) X(tbody) X(td) X(template) X(textarea)    \
  X(tfoot) X(th) X(thead) X(time) X(title) X(tr) X(track) X(tt) X(u) X(ul) X(var) X(video) X(wbr) X(xmp)

enum Tag : uint32_t {
  kNoTag = 0,
#define SITREP_TAG_ENUM(n) t_##n,
  SITREP_HTML_TAGS(SITREP_TAG_ENUM)
#undef SITREP_TAG_ENUM
  kKnownTags
};

enum : uint16_t {
  kBlock = 1,           // a text block boundary for extraction
  kSpecial = 2,         // WHATWG "special" category: stops end-tag matching of inline elements
  kVoid = 4,            // no content, never pushed
  kClosesP = 8,         // its start tag closes an open <p>
  kHeading = 16,
  kScope = 32,          // bounds "has an element in scope"
  kNoReconstruct = 64,  // start tag does not reopen formatting (<a>) elements
  kTablePart = 128,     // tbody, thead, tfoot, tr, td, th, caption, colgroup, col
  kFormatting = 256,    // closed by the adoption agency (a, b, i, ...)
  kBreakout = 512,      // leaves SVG/MathML content
};

struct TagTable {
  std::unordered_map<std::string_view, uint32_t> ids;
  uint16_t props[kKnownTags] = {};
};

const TagTable& tag_table() {
  static const TagTable t = [] {
    TagTable t;
    static const char* names[] = {"",
#define SITREP_TAG_NAME(n) #n,
                                  SITREP_HTML_TAGS(SITREP_TAG_NAME)
#undef SITREP_TAG_NAME
    };
    for (uint32_t i = 1; i < kKnownTags; ++i) t.ids.emplace(names[i], i);
    auto set = [&](uint16_t flag, std::initializer_list<Tag> tags) {
      for (Tag g : tags) t.props[g] |= flag;
    };
    set(kBlock, {t_p, t_div, t_section, t_article, t_main, t_h1, t_h2, t_h3, t_h4, t_h5, t_h6, t_li, t_ul, t_ol,
                 t_dl, t_dd, t_dt, t_blockquote, t_pre, t_table, t_tr, t_td, t_th, t_tbody, t_thead, t_br, t_hr,
                 t_address, t_header, t_center, t_body, t_html, t_fieldset, t_details, t_summary});
    set(kSpecial, {t_address, t_applet, t_area, t_article, t_aside, t_base, t_basefont, t_bgsound, t_blockquote,
                   t_body, t_br, t_button, t_caption, t_center, t_col, t_colgroup, t_dd, t_details, t_dialog, t_dir,
                   t_div, t_dl, t_dt, t_embed, t_fieldset, t_figcaption, t_figure, t_footer, t_form, t_frame,
                   t_frameset, t_h1, t_h2, t_h3, t_h4, t_h5, t_h6, t_head, t_header, t_hgroup, t_hr, t_html,
                   t_iframe, t_img, t_input, t_keygen, t_li, t_link, t_listing, t_main, t_marquee, t_menu, t_meta,
                   t_nav, t_noembed, t_noframes, t_noscript, t_object, t_ol, t_p, t_param, t_plaintext, t_pre,
                   t_script, t_search, t_section, t_select, t_source, t_style, t_summary, t_table, t_tbody, t_td,
                   t_template, t_textarea, t_tfoot, t_th, t_thead, t_title, t_tr, t_track, t_ul, t_wbr, t_xmp});
    set(kVoid, {t_area, t_base, t_basefont, t_bgsound, t_br, t_col, t_embed, t_frame, t_hr, t_image, t_img,
                t_input, t_keygen, t_link, t_meta, t_param, t_source, t_track, t_wbr});
    set(kClosesP, {t_address, t_article, t_aside, t_blockquote, t_center, t_details, t_dialog, t_dir, t_div, t_dl,
                   t_fieldset, t_figcaption, t_figure, t_footer, t_header, t_hgroup, t_main, t_menu, t_nav, t_ol,
                   t_p, t_search, t_section, t_summary, t_ul, t_h1, t_h2, t_h3, t_h4, t_h5, t_h6, t_pre, t_listing,
                   t_form, t_plaintext, t_table, t_hr, t_xmp, t_li, t_dd, t_dt});
    set(kHeading, {t_h1, t_h2, t_h3, t_h4, t_h5, t_h6});
    set(kScope, {t_applet, t_caption, t_html, t_table, t_td, t_th, t_marquee, t_object, t_template, t_svg, t_math});
    set(kNoReconstruct, {t_html, t_head, t_body, t_frameset, t_base, t_basefont, t_bgsound, t_link, t_meta,
                         t_noframes, t_script, t_style, t_template, t_title, t_textarea, t_iframe, t_noembed,
                         t_caption, t_col, t_colgroup, t_tbody, t_thead, t_tfoot, t_tr, t_td, t_th});
    for (uint32_t i = 1; i < kKnownTags; ++i)
      if (t.props[i] & kClosesP) t.props[i] |= kNoReconstruct;
    set(kTablePart, {t_tbody, t_thead, t_tfoot, t_tr, t_td, t_th, t_caption, t_colgroup, t_col});
    set(kFormatting, {t_a, t_b, t_big, t_code, t_em, t_font, t_i, t_nobr, t_s, t_small, t_strike, t_strong, t_tt,
                      t_u});
    set(kBreakout, {t_b, t_big, t_blockquote, t_body, t_br, t_center, t_code, t_dd, t_div, t_dl, t_dt, t_em,
                    t_embed, t_h1, t_h2, t_h3, t_h4, t_h5, t_h6, t_head, t_hr, t_i, t_img, t_li, t_listing, t_menu,
                    t_meta, t_nobr, t_ol, t_p, t_pre, t_ruby, t_s, t_small, t_span, t_strong, t_strike, t_sub,
                    t_sup, t_table, t_tt, t_u, t_ul, t_var});
    return t;
  }();
  return t;
}

inline uint16_t props(uint32_t tag) { return tag < kKnownTags ? tag_table().props[tag] : 0; }

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
        auto it = tag_table().ids.find(line.fields[1]);
        if (it != tag_table().ids.end()) h.drop[it->second] = true;
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

// ---------------------------------------------------------------------------------
// One pass over the tokens with a stack of open elements (the WHATWG tree-construction
// rules that decide which element holds which text: implied end tags of p, li, dd/dt,
// headings and table cells, implied html/head/body/tbody/tr, misnested and reopened
// links, SVG/MathML content). Elements are recorded in a flat table (parent index, tag,
// class/id hint, hidden); text is recorded as runs in document order. No DOM.

struct Elem {
  int32_t parent = -1;
  int32_t block = -1;        // nearest block element, itself included
  uint32_t tag = kNoTag;
  uint32_t first_event = 0;  // events while it was open: [first_event, end_event)
  uint32_t end_event = 0;
  int8_t weight = 0;         // class/id words: -1 boilerplate, +1 article, 0 neither/both
  bool hidden = false;
  bool foreign = false;      // inside <svg>/<math>
  bool open = false;
};

enum class EvKind : uint8_t { text, open, close, brk };

struct Event {
  uint32_t elem;
  uint32_t off;        // text: into the input (in_arena false) or into the decoded arena
  uint32_t len;
  EvKind kind;
  bool in_link;
  bool in_p;
  bool in_arena;
};

enum class MetaKind : uint8_t { title, meta, canonical, time, jsonld };

struct MetaItem {
  int32_t elem;
  MetaKind kind;
  std::string key, value;
  bool pub = false;  // <time pubdate> / itemprop=datePublished
};

constexpr size_t kMaxDepth = 512;  // deeper elements are not opened (their text goes to the 512th)

class Builder {
 public:
  explicit Builder(std::string_view html) : html_(html), tok_(html) {}

  std::vector<Elem> el;
  std::vector<Event> ev;
  std::string arena;
  std::vector<MetaItem> meta;
  int32_t html_elem = -1;

  void run() {
    HtmlToken t;
    while (tok_.next(t)) {
      switch (t.type) {
        case HtmlTokenType::start_tag: start_tag(t); break;
        case HtmlTokenType::end_tag: end_tag(t); break;
        case HtmlTokenType::text: text(t); break;
        case HtmlTokenType::comment: break;
      }
    }
    if (body_ < 0) open_body();
    while (!stack_.empty()) pop();
  }

  std::string_view text_of(const Event& e) const {
    return e.in_arena ? std::string_view(arena).substr(e.off, e.len) : html_.substr(e.off, e.len);
  }

 private:
  std::string_view html_;
  HtmlTokenizer tok_;
  std::vector<int32_t> stack_;
  std::vector<int32_t> formatting_;  // active <a> elements; -1 marks a cell/object boundary
  std::unordered_map<std::string, uint32_t> custom_ids_;
  std::unordered_map<std::string_view, uint8_t> class_cache_;  // bit 1 negative, bit 2 positive
  int32_t head_ = -1, body_ = -1;
  int links_ = 0, paragraphs_ = 0, foreign_ = 0;
  int32_t pending_jsonld_ = -1;  // <script type=application/ld+json> awaiting its text

  uint32_t tag_id(std::string_view name, bool foreign) {
    if (!foreign) {
      auto it = tag_table().ids.find(name);
      if (it != tag_table().ids.end()) return it->second;
    }
    std::string key = foreign ? "svg:" + std::string(name) : std::string(name);
    auto [it, added] = custom_ids_.emplace(std::move(key), kKnownTags + static_cast<uint32_t>(custom_ids_.size()));
    return it->second;
  }

  uint8_t class_bits(std::string_view v) {
    auto it = class_cache_.find(v);
    if (it != class_cache_.end()) return it->second;
    uint8_t bits = 0;
    re2::StringPiece sp(v.data(), v.size());
    if (RE2::PartialMatch(sp, *hints().negative)) bits |= 1;
    if (RE2::PartialMatch(sp, *hints().positive)) bits |= 2;
    class_cache_.emplace(v, bits);
    return bits;
  }

  int32_t create(uint32_t tag, const HtmlToken* t, int32_t parent) {
    Elem e;
    e.parent = parent;
    e.tag = tag;
    e.first_event = e.end_event = static_cast<uint32_t>(ev.size());
    e.foreign = foreign_ > 0 || tag == t_svg || tag == t_math;
    if (t && !t->attrs.empty()) {
      uint8_t bits = 0;
      for (const auto& a : t->attrs) {
        if (equals_lower(a.name, "class") || equals_lower(a.name, "id")) bits |= class_bits(a.value);
        else if (equals_lower(a.name, "hidden")) e.hidden = true;
        else if (equals_lower(a.name, "aria-hidden")) e.hidden |= a.value == "true";
        else if (equals_lower(a.name, "style")) {
          std::string s;
          for (char c : a.value)
            if (c != ' ') s.push_back(ascii_lower(c));
          if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos)
            e.hidden = true;
        }
      }
      e.weight = static_cast<int8_t>(((bits & 2) ? 1 : 0) - ((bits & 1) ? 1 : 0));
    }
    int32_t idx = static_cast<int32_t>(el.size());
    e.block = (props(tag) & kBlock) && !e.foreign ? idx : parent >= 0 ? el[static_cast<size_t>(parent)].block : -1;
    el.push_back(e);
    return idx;
  }

  int32_t current() const { return stack_.empty() ? -1 : stack_.back(); }
  uint32_t current_tag() const { return stack_.empty() ? kNoTag : el[static_cast<size_t>(stack_.back())].tag; }

  void event(EvKind kind, int32_t elem, uint32_t off = 0, uint32_t len = 0, bool arena_text = false) {
    ev.push_back({static_cast<uint32_t>(elem), off, len, kind, links_ > 0, paragraphs_ > 0, arena_text});
  }

  bool push(int32_t idx) {
    if (stack_.size() >= kMaxDepth) return false;
    Elem& e = el[static_cast<size_t>(idx)];
    stack_.push_back(idx);
    e.open = true;
    if (e.foreign) ++foreign_;
    else if (e.tag == t_a) ++links_;
    else if (e.tag == t_p) ++paragraphs_;
    if (!e.foreign && (e.tag == t_td || e.tag == t_th || e.tag == t_caption || e.tag == t_applet ||
                       e.tag == t_marquee || e.tag == t_object || e.tag == t_template))
      formatting_.push_back(-1);
    if (props(e.tag) & kBlock && !e.foreign) event(EvKind::open, idx);
    tok_.set_foreign(foreign_ > 0);
    return true;
  }

  void closed(int32_t idx) {
    Elem& e = el[static_cast<size_t>(idx)];
    e.open = false;
    e.end_event = static_cast<uint32_t>(ev.size());
    if (e.foreign) --foreign_;
    else if (e.tag == t_a) --links_;
    else if (e.tag == t_p) --paragraphs_;
    if (!e.foreign && (e.tag == t_td || e.tag == t_th || e.tag == t_caption || e.tag == t_applet ||
                       e.tag == t_marquee || e.tag == t_object || e.tag == t_template)) {
      while (!formatting_.empty()) {
        int32_t f = formatting_.back();
        formatting_.pop_back();
        if (f < 0) break;
      }
    }
    if (props(e.tag) & kBlock && !e.foreign) event(EvKind::close, idx);
    tok_.set_foreign(foreign_ > 0);
  }

  void pop() {
    int32_t idx = stack_.back();
    stack_.pop_back();
    closed(idx);
  }

  void pop_to(size_t stack_index) {
    while (stack_.size() > stack_index) pop();
  }

  // Stack index of the nearest element with that tag in scope, or -1.
  int64_t in_scope(uint32_t tag, uint16_t extra_boundary = 0, bool table_scope = false) const {
    for (size_t i = stack_.size(); i-- > 0;) {
      const Elem& e = el[static_cast<size_t>(stack_[i])];
      if (e.tag == tag && !e.foreign) return static_cast<int64_t>(i);
      if (table_scope) {
        if (!e.foreign && (e.tag == t_html || e.tag == t_table || e.tag == t_template)) return -1;
        continue;
      }
      if (!e.foreign && (props(e.tag) & kScope)) return -1;
      if (extra_boundary && !e.foreign && e.tag == extra_boundary) return -1;
      if (e.tag == t_svg || e.tag == t_math) return -1;
    }
    return -1;
  }

  void close_p() {
    int64_t i = in_scope(t_p, t_button);
    if (i >= 0) pop_to(static_cast<size_t>(i));
  }

  void open_html() {
    if (html_elem >= 0) return;
    html_elem = create(t_html, nullptr, -1);
    push(html_elem);
  }

  void open_head() {
    open_html();
    if (head_ >= 0) return;
    head_ = create(t_head, nullptr, html_elem);
    push(head_);
  }

  void open_body(const HtmlToken* t = nullptr) {
    open_html();
    if (head_ < 0) open_head();
    // Close the head (and anything left open in it).
    if (el[static_cast<size_t>(head_)].open) {
      for (size_t i = stack_.size(); i-- > 0;)
        if (stack_[i] == head_) { pop_to(i); break; }
    }
    body_ = create(t_body, t, html_elem);
    pop_to(1);
    push(body_);
  }

  bool head_content(uint32_t tag) const {
    switch (tag) {
      case t_base: case t_basefont: case t_bgsound: case t_link: case t_meta: case t_noframes: case t_script:
      case t_style: case t_template: case t_title: case t_noscript:
        return true;
      default:
        return false;
    }
  }

  // Reopens <a> elements closed by the end of the block that held them ("<p><a>x</p><p>y":
  // y is link text too).
  void reconstruct() {
    if (formatting_.empty()) return;
    int32_t last = formatting_.back();
    if (last < 0 || el[static_cast<size_t>(last)].open) return;
    size_t i = formatting_.size() - 1;
    while (i > 0) {
      int32_t f = formatting_[i - 1];
      if (f < 0 || el[static_cast<size_t>(f)].open) break;
      --i;
    }
    for (; i < formatting_.size(); ++i) {
      if (stack_.size() >= kMaxDepth) return;
      const Elem& old = el[static_cast<size_t>(formatting_[i])];
      int32_t clone = create(old.tag, nullptr, current());
      el[static_cast<size_t>(clone)].weight = old.weight;
      el[static_cast<size_t>(clone)].hidden = old.hidden;
      push(clone);
      formatting_[i] = clone;
    }
  }

  // Closes a formatting element at stack index k: popped with what is above it, or,
  // when a block element was opened inside it ("<a><div>x</a>y</div>"), taken out of the
  // stack with the block moved up to its parent (the adoption agency, simplified).
  void close_formatting(size_t k) {
    int32_t f = stack_[k];
    bool block_above = false;
    for (size_t i = k + 1; i < stack_.size(); ++i)
      if (props(el[static_cast<size_t>(stack_[i])].tag) & kSpecial) { block_above = true; break; }
    if (!block_above) {
      pop_to(k);
    } else {
      el[static_cast<size_t>(stack_[k + 1])].parent = el[static_cast<size_t>(f)].parent;
      stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(k));
      closed(f);
    }
    auto it = std::find(formatting_.begin(), formatting_.end(), f);
    if (it != formatting_.end()) formatting_.erase(it);
  }

  // Stack index of the open formatting element with that tag above the last cell boundary.
  int64_t open_formatting(uint32_t tag) const {
    for (size_t i = stack_.size(); i-- > 0;) {
      const Elem& e = el[static_cast<size_t>(stack_[i])];
      if (e.tag == tag && !e.foreign) return static_cast<int64_t>(i);
      if (!e.foreign && (props(e.tag) & kScope)) return -1;
    }
    return -1;
  }

  void end_a() {
    // The <a> in the list of active links (after the last boundary).
    for (size_t i = formatting_.size(); i-- > 0;) {
      int32_t f = formatting_[i];
      if (f < 0) break;
      if (!el[static_cast<size_t>(f)].open) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
      for (size_t k = stack_.size(); k-- > 0;)
        if (stack_[k] == f) { close_formatting(k); return; }
      return;
    }
    int64_t k = open_formatting(t_a);
    if (k >= 0) close_formatting(static_cast<size_t>(k));
  }

  void metadata_of_void(int32_t idx, const HtmlToken& t) {
    uint32_t tag = el[static_cast<size_t>(idx)].tag;
    if (tag == t_meta) {
      const HtmlAttribute* key = t.attr("property");
      if (!key) key = t.attr("name");
      if (!key) key = t.attr("itemprop");
      const HtmlAttribute* content = t.attr("content");
      if (!key || !content) return;
      meta.push_back({idx, MetaKind::meta, ascii_lower(decode_html_attribute(key->value)), decode_html_attribute(content->value)});
    } else if (tag == t_link) {
      const HtmlAttribute* rel = t.attr("rel");
      const HtmlAttribute* href = t.attr("href");
      if (rel && href && ascii_lower(decode_html_attribute(rel->value)) == "canonical")
        meta.push_back({idx, MetaKind::canonical, {}, decode_html_attribute(href->value)});
    }
  }

  void metadata_of(int32_t idx, const HtmlToken& t) {
    uint32_t tag = el[static_cast<size_t>(idx)].tag;
    if (tag == t_time) {
      if (const HtmlAttribute* dt = t.attr("datetime")) {
        const HtmlAttribute* ip = t.attr("itemprop");
        MetaItem m{idx, MetaKind::time, {}, decode_html_attribute(dt->value)};
        m.pub = t.attr("pubdate") || (ip && ascii_lower(decode_html_attribute(ip->value)) == "datepublished");
        meta.push_back(std::move(m));
      }
    } else if (tag == t_script) {
      const HtmlAttribute* type = t.attr("type");
      if (type && ascii_lower(decode_html_attribute(type->value)) == "application/ld+json") pending_jsonld_ = idx;
    }
  }

  void start_tag(HtmlToken& t) {
    uint32_t tag = tag_id(t.name, false);
    // SVG and MathML content: elements of their own, unless an HTML element breaks out.
    if (foreign_ > 0) {
      bool breakout = (props(tag) & kBreakout) ||
                      (tag == t_font && (t.attr("color") || t.attr("face") || t.attr("size")));
      if (!breakout) {
        int32_t idx = create(tag_id(t.name, true), &t, current());
        if (t.self_closing || !push(idx)) el[static_cast<size_t>(idx)].end_event = static_cast<uint32_t>(ev.size());
        return;
      }
      while (!stack_.empty() && el[static_cast<size_t>(stack_.back())].foreign) pop();
    }
    if (body_ < 0) {
      if (tag == t_html) { open_html(); return; }
      if (tag == t_head) { if (head_ < 0) open_head(); return; }
      if (head_content(tag)) {
        if (head_ < 0) open_head();
        insert(tag, t, el[static_cast<size_t>(head_)].open ? current() : head_);
        return;
      }
      open_body(tag == t_body || tag == t_frameset ? &t : nullptr);
      if (tag == t_body || tag == t_frameset) return;
    }
    uint16_t p = props(tag);
    switch (tag) {
      case t_html: case t_head: case t_body: case t_frameset: return;
      case t_li: case t_dd: case t_dt:
        for (size_t i = stack_.size(); i-- > 0;) {
          uint32_t g = el[static_cast<size_t>(stack_[i])].tag;
          if (g == tag || (tag != t_li && (g == t_dd || g == t_dt))) { pop_to(i); break; }
          if ((props(g) & kSpecial) && g != t_address && g != t_div && g != t_p) break;
        }
        close_p();
        break;
      case t_h1: case t_h2: case t_h3: case t_h4: case t_h5: case t_h6:
        close_p();
        if (props(current_tag()) & kHeading) pop();
        break;
      case t_a: {
        for (size_t i = formatting_.size(); i-- > 0;) {
          int32_t f = formatting_[i];
          if (f < 0) break;
          if (el[static_cast<size_t>(f)].tag == t_a) { end_a(); break; }
        }
        break;
      }
      case t_button: {
        int64_t i = in_scope(t_button);
        if (i >= 0) pop_to(static_cast<size_t>(i));
        break;
      }
      case t_table: {
        // A table directly inside a table (not in a cell) closes the first.
        for (size_t i = stack_.size(); i-- > 0;) {
          uint32_t g = el[static_cast<size_t>(stack_[i])].tag;
          if (g == t_table) { pop_to(i); break; }
          if (g == t_td || g == t_th || g == t_caption || g == t_html || g == t_template) break;
        }
        close_p();
        break;
      }
      case t_caption: case t_colgroup: case t_tbody: case t_thead: case t_tfoot: case t_tr: case t_td: case t_th: case t_col:
        if (!table_part(tag, t)) return;
        break;
      case t_option:
        if (current_tag() == t_option) pop();
        break;
      case t_optgroup:
        if (current_tag() == t_option) pop();
        if (current_tag() == t_optgroup) pop();
        break;
      case t_image:
        tag = t_img;
        break;
      default:
        break;
    }
    if ((p & kClosesP) && tag != t_li && tag != t_dd && tag != t_dt && tag != t_table && !(p & kHeading)) close_p();
    if (!(p & kNoReconstruct) && (props(current_tag()) & kTablePart) == 0) reconstruct();
    int32_t idx = insert(tag, t, current());
    if (idx >= 0 && tag == t_a) formatting_.push_back(idx);
  }

  // Table structure: implied tbody and tr, open cells closed by the next cell. False when
  // the tag is ignored (a cell outside any table).
  bool table_part(uint32_t tag, const HtmlToken& t) {
    int64_t table = in_scope(t_table, 0, true);
    if (table < 0) return false;
    auto clear_to = [&](std::initializer_list<uint32_t> stops) {
      while (stack_.size() > 1) {
        uint32_t g = current_tag();
        if (g == t_html || g == t_template || std::find(stops.begin(), stops.end(), g) != stops.end()) break;
        pop();
      }
    };
    switch (tag) {
      case t_caption: case t_colgroup: case t_tbody: case t_thead: case t_tfoot:
        clear_to({t_table});
        return true;
      case t_col:
        clear_to({t_table, t_colgroup});
        return true;
      case t_tr:
        clear_to({t_table, t_tbody, t_thead, t_tfoot});
        if (current_tag() == t_table) push(create(t_tbody, nullptr, current()));
        return true;
      default:  // td, th
        clear_to({t_table, t_tbody, t_thead, t_tfoot, t_tr});
        if (current_tag() == t_table) push(create(t_tbody, nullptr, current()));
        if (current_tag() != t_tr) push(create(t_tr, nullptr, current()));
        return true;
    }
  }

  int32_t insert(uint32_t tag, const HtmlToken& t, int32_t parent) {
    int32_t idx = create(tag, &t, parent);
    if (props(tag) & kVoid) {
      if (tag == t_br || tag == t_hr) event(EvKind::brk, idx);
      metadata_of_void(idx, t);
      el[static_cast<size_t>(idx)].end_event = static_cast<uint32_t>(ev.size());
      return idx;
    }
    metadata_of(idx, t);
    RawText raw = raw_text_kind(t.name);
    if (raw != RawText::none) tok_.enter_raw_text(raw, t.name);
    if (!push(idx)) return -1;
    return idx;
  }

  void end_tag(const HtmlToken& t) {
    // SVG/MathML: the nearest open foreign element of that name.
    if (foreign_ > 0) {
      uint32_t ftag = tag_id(t.name, true);
      for (size_t i = stack_.size(); i-- > 0;) {
        const Elem& e = el[static_cast<size_t>(stack_[i])];
        if (!e.foreign) break;
        if (e.tag == ftag || (e.tag == t_svg && t.name == "svg") || (e.tag == t_math && t.name == "math")) {
          pop_to(i);
          return;
        }
      }
    }
    uint32_t tag = tag_id(t.name, false);
    if (body_ < 0) {
      if (tag == t_head && head_ >= 0 && el[static_cast<size_t>(head_)].open) {
        for (size_t i = stack_.size(); i-- > 0;)
          if (stack_[i] == head_) { pop_to(i); break; }
        return;
      }
      // The end of a raw-text element in the head (</title>, </script>).
      if (!stack_.empty() && current_tag() == tag && tag != t_html && tag != t_head) { pop(); return; }
      if (tag != t_br) return;
      open_body();
    }
    uint16_t p = props(tag);
    switch (tag) {
      case t_html: case t_body: case t_head: return;
      case t_br: {
        int32_t idx = create(t_br, nullptr, current());
        event(EvKind::brk, idx);
        return;
      }
      case t_p: {
        int64_t i = in_scope(t_p, t_button);
        if (i >= 0) { pop_to(static_cast<size_t>(i)); return; }
        int32_t idx = create(t_p, nullptr, current());  // "</p>" alone: an empty paragraph
        event(EvKind::open, idx);
        event(EvKind::close, idx);
        return;
      }
      case t_li:  // in list-item scope: ol and ul bound it too
        for (size_t i = stack_.size(); i-- > 0;) {
          const Elem& e = el[static_cast<size_t>(stack_[i])];
          if (e.foreign) return;
          if (e.tag == t_li) { pop_to(i); return; }
          if ((props(e.tag) & kScope) || e.tag == t_ol || e.tag == t_ul) return;
        }
        return;
      case t_h1: case t_h2: case t_h3: case t_h4: case t_h5: case t_h6: {
        for (size_t i = stack_.size(); i-- > 0;) {
          const Elem& e = el[static_cast<size_t>(stack_[i])];
          if ((props(e.tag) & kHeading) && !e.foreign) { pop_to(i); return; }
          if (props(e.tag) & kScope) return;
        }
        return;
      }
      case t_a:
        end_a();
        return;
      default:
        break;
    }
    if (p & kFormatting) {
      int64_t k = open_formatting(tag);
      if (k >= 0) close_formatting(static_cast<size_t>(k));
      return;
    }
    if (p & kTablePart || tag == t_table) {
      int64_t i = in_scope(tag, 0, true);
      if (i >= 0) pop_to(static_cast<size_t>(i));
      return;
    }
    if (p & kSpecial) {
      int64_t i = in_scope(tag);
      if (i >= 0) pop_to(static_cast<size_t>(i));
      return;
    }
    // Any other element: the nearest open one, unless a special element is in the way.
    for (size_t i = stack_.size(); i-- > 0;) {
      const Elem& e = el[static_cast<size_t>(stack_[i])];
      if (e.tag == tag && !e.foreign) { pop_to(i); return; }
      if (props(e.tag) & kSpecial) return;
    }
  }

  void text(const HtmlToken& t) {
    if (body_ < 0) {
      int32_t cur = current();
      uint32_t g = current_tag();
      if (cur >= 0 && g != t_html && g != t_head && el[static_cast<size_t>(cur)].parent == head_) {
        head_text(t, cur);  // <title>, <script> content in the head
        return;
      }
      bool blank = std::all_of(t.text.begin(), t.text.end(),
                               [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; });
      if (blank) return;
      open_body();
    }
    int32_t cur = current();
    const Elem& e = el[static_cast<size_t>(cur)];
    if (e.tag == t_title || pending_jsonld_ == cur) { head_text(t, cur); return; }
    if (!t.references && is_drop(e.tag)) return;  // script, style, noscript, template content
    if (!e.foreign && !(props(e.tag) & kTablePart) && e.tag != t_table) reconstruct();
    cur = current();
    if (t.references && std::memchr(t.text.data(), '&', t.text.size())) {
      size_t off = arena.size();
      decode_html_text(t.text, arena);
      event(EvKind::text, cur, static_cast<uint32_t>(off), static_cast<uint32_t>(arena.size() - off), true);
    } else {
      event(EvKind::text, cur, static_cast<uint32_t>(t.text.data() - html_.data()), static_cast<uint32_t>(t.text.size()));
    }
  }

  void head_text(const HtmlToken& t, int32_t cur) {
    uint32_t g = el[static_cast<size_t>(cur)].tag;
    if (g == t_title) {
      std::string s;
      decode_html_text(t.text, s);
      meta.push_back({cur, MetaKind::title, {}, std::move(s)});
    } else if (pending_jsonld_ == cur) {
      meta.push_back({cur, MetaKind::jsonld, {}, std::string(t.text)});
      pending_jsonld_ = -1;
    }
  }
};

// ---------------------------------------------------------------------------------
// Extraction over the recorded elements and text.

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
  Builder b(html);
  b.run();
  const auto& el = b.el;
  const size_t n = el.size();

  // Paragraph text per element: a boilerplate class on a wrapper
  // ("m-advertisement-off-canvas--pusher", "left-sidebar") must not drop the article it wraps.
  std::vector<uint64_t> ptext(n, 0);
  for (const auto& e : b.ev)
    if (e.kind == EvKind::text && e.in_p) ptext[e.elem] += e.len;
  for (size_t i = n; i-- > 1;)
    if (el[i].parent >= 0) ptext[static_cast<size_t>(el[i].parent)] += ptext[i];
  const uint64_t total_ptext = b.html_elem >= 0 ? ptext[static_cast<size_t>(b.html_elem)] : 0;
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
    else if (tag != t_body && tag != t_html && tag != t_article && tag != t_main && el[i].weight < 0) state[i] = kBlocked;
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
    for (const auto& e : b.ev) {
      if (state[e.elem] != kVisible) continue;
      if (e.kind != EvKind::text) { flush(); continue; }
      int32_t block = el[e.elem].block;
      if (buf_block != block) flush();
      buf_block = block;
      buf.append(b.text_of(e));
      if (e.in_link) buf_links += e.len;
    }
    flush();
  }

  // Page metadata, in document order.
  std::string html_title, og_title, h1_title;
  std::vector<DateCandidate> meta_dates, time_dates;
  LdResult ld;
  for (const auto& m : b.meta) {
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
      if (b.ev[k].kind == EvKind::text) h1_title.append(b.text_of(b.ev[k]));
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
      s.bias = tag_bias(el[static_cast<size_t>(i)].tag) + 25.0 * el[static_cast<size_t>(i)].weight;
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
    if ((props(tb.tag) & kHeading) && tb.text.size() > 200) continue;  // not a heading
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
