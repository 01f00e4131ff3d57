// The HTML tokenizer: tokens of well-formed and broken markup, character references,
// comments, raw-text elements; and a random-bytes loop (bad input never crashes).
#include "clean/html_tokenizer.h"

#include <gtest/gtest.h>

#include <random>

#include "clean/html_extract.h"

namespace sitrep::clean {
namespace {

// Tokens as one line each: "<name k=v>", "</name>", "T:text" (references decoded),
// "R:raw text", "C:comment".
std::string tokens(std::string_view html) {
  HtmlTokenizer tok(html);
  HtmlToken t;
  std::string out;
  while (tok.next(t)) {
    if (!out.empty()) out += '|';
    switch (t.type) {
      case HtmlTokenType::start_tag:
        out += '<';
        out.append(t.name);
        for (const auto& a : t.attrs) {
          out += ' ';
          out.append(a.name);
          out += '=';
          decode_html_attribute(a.value, out);
        }
        if (t.self_closing) out += " /";
        out += ">";
        if (RawText k = raw_text_kind(t.name); k != RawText::none) tok.enter_raw_text(k, t.name);
        break;
      case HtmlTokenType::end_tag:
        out += "</";
        out.append(t.name);
        out += '>';
        break;
      case HtmlTokenType::text:
        if (t.references) {
          out += "T:";
          decode_html_text(t.text, out);
        } else {
          out += "R:";
          out.append(t.text);
        }
        break;
      case HtmlTokenType::comment:
        out += "C:";
        out.append(t.text);
        break;
    }
  }
  return out;
}

struct TokenCase {
  const char* name;
  const char* html;
  const char* expected;
};

const TokenCase kTokenCases[] = {
    {"plain", "<p class=\"lead\">Kabul fell.</p>", "<p class=lead>|T:Kabul fell.|</p>"},
    {"upper_case_names", "<P CLASS='x'>a</P>", "<p CLASS=x>|T:a|</p>"},
    {"unquoted_and_bare_attributes", "<input type=checkbox checked value=a&amp;b>",
     "<input type=checkbox checked= value=a&b>"},
    {"quoted_gt_in_attribute", "<a title=\"x > y\" href='/z'>z</a>", "<a title=x > y href=/z>|T:z|</a>"},
    {"self_closing", "<br/><img src=x />", "<br />|<img src=x />"},
    {"duplicate_attribute_first_wins", "<a id=1 id=2>", "<a id=1 id=2>"},
    {"end_tag_attributes_ignored", "</div class=x>", "</div>"},
    {"lone_less_than", "1 < 2 and 3 <4", "T:1 < 2 and 3 <4"},
    {"less_than_at_end", "a <", "T:a <"},
    {"end_tag_open_at_end", "a </", "T:a </"},
    {"empty_end_tag", "a</>b", "T:a|T:b"},
    {"bogus_end_tag", "a</ x>b", "T:a|C: x|T:b"},
    {"comment", "a<!-- note -->b", "T:a|C: note |T:b"},
    {"comment_with_dashes", "<!-- a -- b --->c", "C: a -- b -|T:c"},
    {"empty_comments", "<!---->x<!-->y<!--->z", "C:|T:x|C:|T:y|C:|T:z"},
    {"comment_bang_close", "<!-- a --!>b", "C: a |T:b"},
    {"unterminated_comment", "a<!-- never closed <p>x", "T:a|C: never closed <p>x"},
    {"doctype", "<!DOCTYPE html><p>", "C:DOCTYPE html|<p>"},
    {"processing_instruction", "<?xml version=\"1.0\"?><p>", "C:?xml version=\"1.0\"?|<p>"},
    {"cdata_in_html_is_comment", "<![CDATA[x<y]]>z", "C:[CDATA[x<y]]|T:z"},
    {"script_raw", "<script>if (a<b && c>d) x='</p>';</script>t", "<script>|R:if (a<b && c>d) x='</p>';|</script>|T:t"},
    {"script_end_tag_case", "<script>x</SCRIPT >y", "<script>|R:x|</script>|T:y"},
    {"script_escaped_nested", "<script><!-- document.write('<script>a()</script>'); --></script>z",
     "<script>|R:<!-- document.write('<script>a()</script>'); -->|</script>|T:z"},
    {"script_escaped_plain_end", "<script><!-- x </script>y", "<script>|R:<!-- x |</script>|T:y"},
    {"script_unterminated", "<script>var a = 1;", "<script>|R:var a = 1;"},
    {"script_not_closed_by_prefix", "<script>a</scripty>b</script>", "<script>|R:a</scripty>b|</script>"},
    {"style_raw", "<style>p > a { x: '&amp;' }</style>", "<style>|R:p > a { x: '&amp;' }|</style>"},
    {"title_rcdata", "<title>A &amp; B <b>c</b></title>", "<title>|T:A & B <b>c</b>|</title>"},
    {"textarea_rcdata", "<textarea><p>&lt;</textarea>", "<textarea>|T:<p><|</textarea>"},
    {"noscript_raw", "<noscript><img src=x><p>y</p></noscript>z", "<noscript>|R:<img src=x><p>y</p>|</noscript>|T:z"},
    {"template_nested", "<template>a<template>b</template>c</template>d",
     "<template>|R:a<template>b</template>c|</template>|T:d"},
    {"plaintext_to_end", "<plaintext>a</plaintext><p>", "<plaintext>|R:a</plaintext><p>"},
    {"tag_cut_by_end", "a<div class=\"x", "T:a"},
    {"attribute_cut_by_end", "a<div class=", "T:a"},
    {"tag_name_cut_by_end", "a<div", "T:a"},
};

class TokenizerCases : public ::testing::TestWithParam<TokenCase> {};

TEST_P(TokenizerCases, Tokens) { EXPECT_EQ(tokens(GetParam().html), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Html, TokenizerCases, ::testing::ValuesIn(kTokenCases),
                         [](const auto& info) { return std::string(info.param.name); });

struct RefCase {
  const char* raw;
  const char* text;       // decoded as text
  const char* attribute;  // decoded as an attribute value
};

const RefCase kRefCases[] = {
    {"AT&amp;T", "AT&T", "AT&T"},
    {"&lt;p&gt;", "<p>", "<p>"},
    {"it&#8217;s", "it\xE2\x80\x99s", "it\xE2\x80\x99s"},
    {"&#x2014;&#X2014;", "\xE2\x80\x94\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94"},
    {"&#150;", "\xE2\x80\x93", "\xE2\x80\x93"},                    // windows-1252 en dash
    {"&#0;&#xD800;&#x110000;&#99999999999;", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"a&#1;b&#x7f;c&#x81;d", "abcd", "abcd"},                      // control characters dropped
    {"&#65", "A", "A"},                                            // no ';'
    {"&#;&#x;&#xZ", "&#;&#x;&#xZ", "&#;&#x;&#xZ"},                 // no digits: literal
    {"&nbsp;x&nbspy", "\xC2\xA0x\xC2\xA0y", "\xC2\xA0x&nbspy"},    // legacy name without ';'
    {"?a=1&copy=2", "?a=1\xC2\xA9=2", "?a=1&copy=2"},
    {"&notit; &notin;", "\xC2\xACit; \xE2\x88\x89", "&notit; \xE2\x88\x89"},
    {"&nGt;", "\xE2\x89\xAB\xE2\x83\x92", "\xE2\x89\xAB\xE2\x83\x92"},  // two code points
    {"&rsquo;&hellip;&mdash;", "\xE2\x80\x99\xE2\x80\xA6\xE2\x80\x94", "\xE2\x80\x99\xE2\x80\xA6\xE2\x80\x94"},
    {"&unknown; & &;", "&unknown; & &;", "&unknown; & &;"},
    {"&AMP;&Amp;", "&&Amp;", "&&Amp;"},                             // names are case-sensitive
    {"&CounterClockwiseContourIntegral;", "\xE2\x88\xB3", "\xE2\x88\xB3"},
    {"&", "&", "&"},
};

TEST(HtmlReferences, DecodedAsBrowsersDo) {
  for (const auto& c : kRefCases) {
    std::string text, attr;
    decode_html_text(c.raw, text);
    decode_html_attribute(c.raw, attr);
    EXPECT_EQ(text, c.text) << c.raw;
    EXPECT_EQ(attr, c.attribute) << c.raw;
  }
}

TEST(HtmlTokenizer, CdataIsTextInForeignContent) {
  HtmlTokenizer tok("<![CDATA[a<b]]>c");
  tok.set_foreign(true);
  HtmlToken t;
  ASSERT_TRUE(tok.next(t));
  EXPECT_EQ(t.type, HtmlTokenType::text);
  EXPECT_EQ(t.text, "a<b");
  ASSERT_TRUE(tok.next(t));
  EXPECT_EQ(t.text, "c");
}

TEST(HtmlTokenizer, AttributeLookupIsCaseInsensitive) {
  HtmlTokenizer tok("<meta PROPERTY=\"og:title\" Content='T'>");
  HtmlToken t;
  ASSERT_TRUE(tok.next(t));
  ASSERT_NE(t.attr("property"), nullptr);
  EXPECT_EQ(t.attr("property")->value, "og:title");
  ASSERT_NE(t.attr("content"), nullptr);
  EXPECT_EQ(t.attr("content")->value, "T");
  EXPECT_EQ(t.attr("name"), nullptr);
}

// Random bytes and random markup fragments: the tokenizer always terminates, consumes
// the input in order, and the extractor never crashes (run under ASan by scripts/test.sh).
TEST(HtmlTokenizer, RandomInputNeverCrashes) {
  std::mt19937 rng(20211121);
  const char* pieces[] = {"<", ">", "</", "<!--", "-->", "<!", "<?", "&", "&#", "&#x", ";", "amp", "\"", "'", "=",
                          " ", "\n", "/", "p", "div", "a", "script", "style", "template", "title", "svg", "math",
                          "table", "td", "tr", "li", "h1", "<![CDATA[", "]]>", "class=share", "hidden", "x", "\xC3\xA9",
                          "<p>", "</p>", "<a href=x>", "</a>", "<div class=content>", "</div>", "<script>",
                          "</script>", "<table><tr><td>", "<li>", "<svg><title>", "</svg>", "<b>", "</b>",
                          "<select><option>", "<body>", "<head>", "<meta name=date content=2021-01-02>",
                          "<time datetime=2021-06-22>", "<script type=application/ld+json>{\"headline\":"};
  for (int round = 0; round < 3000; ++round) {
    std::string html;
    int len = static_cast<int>(rng() % 200);
    for (int k = 0; k < len; ++k) {
      if (rng() % 4 == 0) html.push_back(static_cast<char>(rng() % 128));
      else html += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    }
    HtmlTokenizer tok(html);
    HtmlToken t;
    size_t last = 0;
    int count = 0;
    while (tok.next(t)) {
      ASSERT_GE(tok.position(), last) << html;
      last = tok.position();
      ASSERT_LT(++count, 100000) << html;
      if (t.type == HtmlTokenType::start_tag)
        if (RawText k = raw_text_kind(t.name); k != RawText::none) tok.enter_raw_text(k, t.name);
    }
    HtmlPage page = extract_html(html);
    for (const auto& b : page.blocks) EXPECT_FALSE(b.empty());
  }
}

// Deep nesting and long runs of unclosed elements stay linear and never crash.
TEST(HtmlTokenizer, PathologicalNesting) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<div><a href=x><b>";
  html += "<p>Deep text that is long enough to count as a paragraph, with commas, here.</p>";
  for (int i = 0; i < 20000; ++i) html += "</p></li></td></span>";
  HtmlPage page = extract_html(html);
  EXPECT_LE(page.blocks.size(), 1u);
}

}  // namespace
}  // namespace sitrep::clean
