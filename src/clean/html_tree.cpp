#include "clean/html_tree.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "clean/html_tokenizer.h"
#include "core/text.h"

namespace sitrep::clean::html {
namespace {

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

class Builder {
 public:
  Builder(std::string_view html, HtmlTree& tree)
      : el(tree.elements), ev(tree.events), arena(tree.arena), meta(tree.meta), html_elem(tree.html), html_(html), tok_(html) {}

  std::vector<Element>& el;
  std::vector<Event>& ev;
  std::string& arena;
  std::vector<MetaItem>& meta;
  int32_t& html_elem;

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

 private:
  std::string_view html_;
  HtmlTokenizer tok_;
  std::vector<int32_t> stack_;
  std::vector<int32_t> formatting_;  // active <a> elements; -1 marks a cell/object boundary
  std::unordered_map<std::string, uint32_t> custom_ids_;
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

  int32_t create(uint32_t tag, const HtmlToken* t, int32_t parent) {
    Element e;
    e.parent = parent;
    e.tag = tag;
    e.first_event = e.end_event = static_cast<uint32_t>(ev.size());
    e.foreign = foreign_ > 0 || tag == t_svg || tag == t_math;
    if (t && !t->attrs.empty()) {
      bool has_class = false, has_id = false;
      for (const auto& a : t->attrs) {
        if (equals_lower(a.name, "class")) {
          if (!has_class) e.cls = a.value;
          has_class = true;
        } else if (equals_lower(a.name, "id")) {
          if (!has_id) e.id = a.value;
          has_id = true;
        } else if (equals_lower(a.name, "hidden")) e.hidden = true;
        else if (equals_lower(a.name, "aria-hidden")) e.hidden |= a.value == "true";
        else if (equals_lower(a.name, "style")) {
          std::string s;
          for (char c : a.value)
            if (c != ' ') s.push_back(ascii_lower(c));
          if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos)
            e.hidden = true;
        }
      }
    }
    int32_t idx = static_cast<int32_t>(el.size());
    e.block = (props(tag) & kBlock) && !e.foreign ? idx : parent >= 0 ? el[static_cast<size_t>(parent)].block : -1;
    el.push_back(e);
    return idx;
  }

  int32_t current() const { return stack_.empty() ? -1 : stack_.back(); }
  uint32_t current_tag() const { return stack_.empty() ? kNoTag : el[static_cast<size_t>(stack_.back())].tag; }

  void event(EventKind kind, int32_t elem, uint32_t off = 0, uint32_t len = 0, bool arena_text = false) {
    ev.push_back({static_cast<uint32_t>(elem), off, len, kind, links_ > 0, paragraphs_ > 0, arena_text});
  }

  bool push(int32_t idx) {
    if (stack_.size() >= kMaxDepth) return false;
    Element& e = el[static_cast<size_t>(idx)];
    stack_.push_back(idx);
    e.open = true;
    if (e.foreign) ++foreign_;
    else if (e.tag == t_a) ++links_;
    else if (e.tag == t_p) ++paragraphs_;
    if (!e.foreign && (e.tag == t_td || e.tag == t_th || e.tag == t_caption || e.tag == t_applet ||
                       e.tag == t_marquee || e.tag == t_object || e.tag == t_template))
      formatting_.push_back(-1);
    if (props(e.tag) & kBlock && !e.foreign) event(EventKind::open, idx);
    tok_.set_foreign(foreign_ > 0);
    return true;
  }

  void closed(int32_t idx) {
    Element& e = el[static_cast<size_t>(idx)];
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
    if (props(e.tag) & kBlock && !e.foreign) event(EventKind::close, idx);
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
      const Element& e = el[static_cast<size_t>(stack_[i])];
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
      const Element old = el[static_cast<size_t>(formatting_[i])];  // a copy: create() grows el
      int32_t clone = create(old.tag, nullptr, current());
      el[static_cast<size_t>(clone)].cls = old.cls;
      el[static_cast<size_t>(clone)].id = old.id;
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
      const Element& e = el[static_cast<size_t>(stack_[i])];
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
      if (tag == t_br || tag == t_hr) event(EventKind::brk, idx);
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
        const Element& e = el[static_cast<size_t>(stack_[i])];
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
        event(EventKind::brk, idx);
        return;
      }
      case t_p: {
        int64_t i = in_scope(t_p, t_button);
        if (i >= 0) { pop_to(static_cast<size_t>(i)); return; }
        int32_t idx = create(t_p, nullptr, current());  // "</p>" alone: an empty paragraph
        event(EventKind::open, idx);
        event(EventKind::close, idx);
        return;
      }
      case t_li:  // in list-item scope: ol and ul bound it too
        for (size_t i = stack_.size(); i-- > 0;) {
          const Element& e = el[static_cast<size_t>(stack_[i])];
          if (e.foreign) return;
          if (e.tag == t_li) { pop_to(i); return; }
          if ((props(e.tag) & kScope) || e.tag == t_ol || e.tag == t_ul) return;
        }
        return;
      case t_h1: case t_h2: case t_h3: case t_h4: case t_h5: case t_h6: {
        for (size_t i = stack_.size(); i-- > 0;) {
          const Element& e = el[static_cast<size_t>(stack_[i])];
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
      const Element& e = el[static_cast<size_t>(stack_[i])];
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
    const Element& e = el[static_cast<size_t>(cur)];
    if (e.tag == t_title || pending_jsonld_ == cur) { head_text(t, cur); return; }
    // Raw text is page text only in the elements that display it; script, style,
    // noscript, iframe and template content is not.
    if (!t.references && e.tag != t_xmp && e.tag != t_plaintext && e.tag != t_noembed && e.tag != t_noframes &&
        !e.foreign)
      return;
    if (!e.foreign && !(props(e.tag) & kTablePart) && e.tag != t_table) reconstruct();
    cur = current();
    if (t.references && std::memchr(t.text.data(), '&', t.text.size())) {
      size_t off = arena.size();
      decode_html_text(t.text, arena);
      event(EventKind::text, cur, static_cast<uint32_t>(off), static_cast<uint32_t>(arena.size() - off), true);
    } else {
      event(EventKind::text, cur, static_cast<uint32_t>(t.text.data() - html_.data()), static_cast<uint32_t>(t.text.size()));
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

}  // namespace

uint16_t tag_props(uint32_t tag) { return props(tag); }

uint32_t known_tag(std::string_view lower_name) {
  auto it = tag_table().ids.find(lower_name);
  return it == tag_table().ids.end() ? kNoTag : it->second;
}

std::string HtmlTree::path(int32_t elem) const {
  std::vector<int32_t> chain;
  for (int32_t e = elem; e >= 0; e = elements[static_cast<size_t>(e)].parent) chain.push_back(e);
  static const char* names[] = {"?",
#define SITREP_TAG_NAME(n) #n,
                                SITREP_HTML_TAGS(SITREP_TAG_NAME)
#undef SITREP_TAG_NAME
  };
  std::string out;
  for (size_t i = chain.size(); i-- > 0;) {
    uint32_t tag = elements[static_cast<size_t>(chain[i])].tag;
    if (!out.empty()) out += '>';
    out += tag < kKnownTags ? names[tag] : "*";
  }
  return out;
}

HtmlTree build_html_tree(std::string_view page) {
  HtmlTree tree;
  tree.page = page;
  if (page.size() >= UINT32_MAX) return tree;
  Builder b(page, tree);
  b.run();
  return tree;
}

}  // namespace sitrep::clean::html
