// The element structure of an HTML page from one pass of the tokenizer with a stack of
// open elements: the WHATWG tree-construction rules that decide which element holds which
// text (implied html/head/body/tbody/tr, implied end tags of p, li, dd/dt, headings and
// table cells, end tags matched within scope, misnested and reopened links, SVG/MathML
// content). No DOM: elements go into a flat table (parent index, tag, class, id, hidden)
// and text into runs in document order, views into the page where no character reference
// had to be decoded. Page metadata the extractor reads (title, meta, canonical link,
// <time>, JSON-LD) is collected on the way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean::html {

// The HTML elements whose parsing or extraction rules differ. Other names (custom
// elements, SVG/MathML children) get per-page ids from kKnownTags up.
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

// Tag properties (bit set).
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


uint16_t tag_props(uint32_t tag);
// The id of a known HTML tag name (lower case), or kNoTag.
uint32_t known_tag(std::string_view lower_name);

struct Element {
  int32_t parent = -1;
  int32_t block = -1;        // nearest block element (kBlock), itself included
  uint32_t tag = kNoTag;
  uint32_t first_event = 0;  // events while it was open: [first_event, end_event)
  uint32_t end_event = 0;
  std::string_view cls, id;  // raw class and id attribute values
  bool hidden = false;       // hidden, aria-hidden="true", style display:none / visibility:hidden
  bool foreign = false;      // inside <svg>/<math>
  bool open = false;         // on the stack (while building)
};

enum class EventKind : uint8_t { text, open, close, brk };  // open/close: a block element; brk: <br>, <hr>

struct Event {
  uint32_t elem;   // text: the element holding it; otherwise the element opened, closed or the break
  uint32_t off;    // text: offset into the page (in_arena false) or into HtmlTree::arena
  uint32_t len;
  EventKind kind;
  bool in_link;    // inside <a>
  bool in_p;       // inside <p>
  bool in_arena;
};

enum class MetaKind : uint8_t { title, meta, canonical, time, jsonld };

struct MetaItem {
  int32_t elem;
  MetaKind kind;
  std::string key, value;  // meta: lower-case property/name/itemprop and content; others: value
  bool pub = false;        // <time pubdate> / itemprop=datePublished
};

struct HtmlTree {
  std::string_view page;
  std::vector<Element> elements;  // document order: a parent comes before its children
  std::vector<Event> events;
  std::string arena;              // decoded text of runs that held character references
  std::vector<MetaItem> meta;     // document order
  int32_t html = -1;              // the <html> element

  std::string_view text(const Event& e) const {
    return e.in_arena ? std::string_view(arena).substr(e.off, e.len) : page.substr(e.off, e.len);
  }
  // "html>body>div>p": the tag path of an element (for tests and debugging).
  std::string path(int32_t elem) const;
};

// Nesting deeper than this many open elements is flattened (text goes to the deepest).
constexpr size_t kMaxDepth = 512;

// `page` must be UTF-8 and smaller than 4 GiB; it must outlive the tree.
HtmlTree build_html_tree(std::string_view page);

}  // namespace sitrep::clean::html
