// The open-element stack: which element holds which text in broken and well-formed
// markup (the WHATWG tree-construction rules the extractor depends on), and the page
// metadata collected on the way.
#include "clean/html_tree.h"

#include <gtest/gtest.h>

namespace sitrep::clean::html {
namespace {

// Every non-blank text run as "path:text" ("+L" when inside a link), "/" for a <br>/<hr>.
std::string runs(std::string_view page) {
  HtmlTree tree = build_html_tree(page);
  std::string out;
  for (const auto& e : tree.events) {
    std::string item;
    if (e.kind == EventKind::brk) {
      item = "/";
    } else if (e.kind == EventKind::text) {
      std::string_view t = tree.text(e);
      if (t.find_first_not_of(" \n\t") == std::string_view::npos) continue;
      item = tree.path(static_cast<int32_t>(e.elem)) + ":" + std::string(t) + (e.in_link ? "+L" : "");
    } else {
      continue;
    }
    if (!out.empty()) out += '|';
    out += item;
  }
  return out;
}

struct TreeCase {
  const char* name;
  const char* html;
  const char* expected;
};

const TreeCase kTreeCases[] = {
    {"well_formed", "<html><head><title>T</title></head><body><div><p>a</p></div></body></html>",
     "html>body>div>p:a"},
    {"implied_html_head_body", "<title>T</title><meta charset=utf-8>text<p>x", "html>body:text|html>body>p:x"},
    {"unclosed_paragraphs", "<p>a<p>b", "html>body>p:a|html>body>p:b"},
    {"block_closes_paragraph", "<p>a<div>b</div>c", "html>body>p:a|html>body>div:b|html>body:c"},
    {"list_items", "<ul><li>a<li>b</ul>c", "html>body>ul>li:a|html>body>ul>li:b|html>body:c"},
    {"nested_list_item", "<ul><li>a<ul><li>b</ul><li>c</ul>",
     "html>body>ul>li:a|html>body>ul>li>ul>li:b|html>body>ul>li:c"},
    {"definition_list", "<dl><dt>a<dd>b<dt>c</dl>", "html>body>dl>dt:a|html>body>dl>dd:b|html>body>dl>dt:c"},
    {"headings_close_headings", "<h1>a<h2>b", "html>body>h1:a|html>body>h2:b"},
    {"table_implied_rows", "<table><tr><td>a<td>b</table>",
     "html>body>table>tbody>tr>td:a|html>body>table>tbody>tr>td:b"},
    {"table_implied_tbody_and_tr", "<table><td>a</table>", "html>body>table>tbody>tr>td:a"},
    {"cell_outside_table_ignored", "<div><td>a</td></div>", "html>body>div:a"},
    {"stray_end_tags_ignored", "<div>a</span></p>b</div>", "html>body>div:a|html>body>div:b"},
    {"end_tag_closes_inline_elements", "<div><span><b>a</div>b", "html>body>div>span>b:a|html>body:b"},
    {"br_and_end_br", "<p>a<br>b</br>c</p>", "html>body>p:a|/|html>body>p:b|/|html>body>p:c"},
    {"link_text", "<p>x <a href=/y>y</a> z</p>", "html>body>p:x |html>body>p>a:y+L|html>body>p: z"},
    {"link_reopened_after_block", "<p><a href=/x>a</p><p>b", "html>body>p>a:a+L|html>body>p>a:b+L"},
    {"link_misnested_with_block", "<a href=/x><div>b</a>c</div>", "html>body>div:b+L|html>body>div:c"},
    {"nested_links", "<a href=1>a<a href=2>b</a>c", "html>body>a:a+L|html>body>a:b+L|html>body:c"},
    {"script_content_is_not_text", "<p>a<script>if (a<b) x('</p>')</script>b</p>", "html>body>p:a|html>body>p:b"},
    {"style_noscript_template_not_text",
     "<style>p{}</style><noscript><p>n</p></noscript><template><p>t</p></template><p>x",
     "html>body>p:x"},
    {"xmp_is_raw_text", "<xmp><b>x</b></xmp>", "html>body>xmp:<b>x</b>"},
    {"character_references", "<p>AT&amp;T &lt;3 &#8220;q&#x201D;</p>", "html>body>p:AT&T <3 \xE2\x80\x9Cq\xE2\x80\x9D"},
    {"svg_content_and_breakout", "<svg><title>x</title><p>y</svg>", "html>body>svg>*:x|html>body>p:y"},
    {"custom_elements", "<my-card><p>a</p></my-card>", "html>body>*>p:a"},
    {"select_options", "<select><option>a<option>b</select>",
     "html>body>select>option:a|html>body>select>option:b"},
    {"comments_and_doctype_ignored", "<!DOCTYPE html><!-- c --><p>a<!-- d -->b", "html>body>p:a|html>body>p:b"},
    {"text_after_body_end", "<body><p>a</p></body></html>b", "html>body>p:a|html>body:b"},
    {"upper_case_tags", "<DIV><P>a</P></DIV>", "html>body>div>p:a"},
};

class TreeCases : public ::testing::TestWithParam<TreeCase> {};

TEST_P(TreeCases, TextGoesToTheRightElement) { EXPECT_EQ(runs(GetParam().html), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Html, TreeCases, ::testing::ValuesIn(kTreeCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HtmlTree, HiddenClassAndId) {
  HtmlTree tree = build_html_tree(
      "<div class=\"share-bar\" id=\"top\" class=\"ignored\"><p hidden>a</p><p style=\"display: none\">b</p>"
      "<p aria-hidden=\"true\">c</p><p>d</p></div>");
  std::vector<std::string> seen;
  for (const auto& e : tree.elements) {
    if (e.tag == t_div) {
      EXPECT_EQ(e.cls, "share-bar");  // the first class attribute
      EXPECT_EQ(e.id, "top");
    }
    if (e.tag == t_p) seen.push_back(e.hidden ? "hidden" : "shown");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"hidden", "hidden", "hidden", "shown"}));
}

TEST(HtmlTree, MetadataInDocumentOrder) {
  HtmlTree tree = build_html_tree(
      "<head><title>A &amp; B</title><meta property=\"OG:Title\" content=\"T\">"
      "<link rel=canonical href=\"https://x.org/a?b=1&amp;c=2\">"
      "<script type=\"application/ld+json\">{\"datePublished\": \"2021-08-31\"}</script></head>"
      "<body><time datetime=\"2021-06-22\" pubdate>June 22</time></body>");
  std::vector<std::string> got;
  for (const auto& m : tree.meta) {
    const char* kind = m.kind == MetaKind::title ? "title" : m.kind == MetaKind::meta ? "meta"
                       : m.kind == MetaKind::canonical ? "canonical" : m.kind == MetaKind::time ? "time" : "jsonld";
    got.push_back(std::string(kind) + ":" + m.key + "=" + m.value + (m.pub ? "+pub" : ""));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"title:=A & B", "meta:og:title=T", "canonical:=https://x.org/a?b=1&c=2",
                                           "jsonld:={\"datePublished\": \"2021-08-31\"}", "time:=2021-06-22+pub"}));
}

// Parents always come before their children (the extractor sums subtrees backwards).
TEST(HtmlTree, ParentsPrecedeChildren) {
  HtmlTree tree = build_html_tree(
      "<a href=1><div><p>x</a><table><td><a href=2>y<p>z</table><svg><g><p>w</svg><li>v<ul><li>u");
  for (size_t i = 0; i < tree.elements.size(); ++i) EXPECT_LT(tree.elements[i].parent, static_cast<int32_t>(i));
}

}  // namespace
}  // namespace sitrep::clean::html
