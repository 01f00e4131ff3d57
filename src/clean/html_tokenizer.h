// A single-pass HTML tokenizer (WHATWG HTML tokenization, simplified where it does not
// change the text): start and end tags with attributes, text, comments. No tree is built
// and nothing is copied: names, attribute values and text are views into the input (tag
// names are lower-cased into the tokenizer's own buffer when written in upper case).
// Character references are decoded on demand (decode_html_text). The caller, which knows
// the open elements, switches the tokenizer into raw text after <script>, <style>,
// <title>, ... (raw_text_kind, enter_raw_text); CDATA sections are text only when the
// caller says it is inside SVG/MathML (set_foreign), else they are comments, as in HTML.
//
// Malformed input never fails: a '<' that opens nothing is text, an unterminated comment
// runs to the end, a tag cut off by the end of input is dropped (as browsers do).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean {

enum class HtmlTokenType : uint8_t { start_tag, end_tag, text, comment };

struct HtmlAttribute {
  std::string_view name;   // as written
  std::string_view value;  // raw: character references not decoded (see decode_html_attribute)
};

struct HtmlToken {
  HtmlTokenType type = HtmlTokenType::text;
  std::string_view name;              // start/end tag: lower-case ASCII name
  std::vector<HtmlAttribute> attrs;   // start tag, in order written (duplicates kept; attr() finds the first)
  bool self_closing = false;          // start tag written "<x ... />"
  std::string_view text;              // text: raw bytes; comment: its content
  bool references = true;             // text: character references are to be decoded (false in raw text)
  size_t offset = 0;                  // byte offset of the token in the input

  // The first attribute of that name (ASCII case-insensitive), or nullptr.
  const HtmlAttribute* attr(std::string_view lower_name) const;
};

// How an element's content is tokenized.
enum class RawText : uint8_t {
  none,       // markup
  rawtext,    // <style>, <xmp>, <iframe>, <noembed>, <noframes>, <noscript>: text up to the end tag
  rcdata,     // <title>, <textarea>: text with character references up to the end tag
  script,     // <script>: raw text with the "<!-- <script> -->" escape states
  nested,     // <template>: raw, nested <template> elements counted
  plaintext,  // <plaintext>: the rest of the input is text
};

// The raw-text kind of an HTML element named `lower_name` (none for ordinary elements).
RawText raw_text_kind(std::string_view lower_name);

class HtmlTokenizer {
 public:
  explicit HtmlTokenizer(std::string_view html) : s_(html) {}

  // Reads the next token into `t` (its buffers are reused); false at the end of input.
  bool next(HtmlToken& t);

  // After a start tag: its content up to the matching end tag is one text token.
  void enter_raw_text(RawText kind, std::string_view lower_name);

  // Inside <svg>/<math>: "<![CDATA[...]]>" is text.
  void set_foreign(bool foreign) { foreign_ = foreign; }

  size_t position() const { return pos_; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  RawText raw_ = RawText::none;
  std::string raw_name_;
  std::string name_buf_;
  bool foreign_ = false;

  bool tag(HtmlToken& t, size_t lt);
  void comment_to(HtmlToken& t, size_t start, size_t content, size_t end, size_t after);
  bool raw(HtmlToken& t);
  size_t find_end_tag(size_t from, std::string_view lower_name) const;
  size_t script_end(size_t from) const;
  size_t template_end(size_t from) const;
};

// Appends `raw` with its character references decoded ("&amp;", "&#8217;", "&#x2014;",
// "&nbsp" without ';'); numeric references to nothing valid give U+FFFD, C1 controls
// (&#150;) are read as windows-1252, other control characters are dropped. In an
// attribute value a legacy reference without ';' before a letter, digit or '=' is kept
// as written ("?a=1&copy=2").
void decode_html_text(std::string_view raw, std::string& out);
void decode_html_attribute(std::string_view raw, std::string& out);
std::string decode_html_attribute(std::string_view raw);

}  // namespace sitrep::clean
