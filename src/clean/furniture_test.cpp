// Furniture rules, one case (or more) per rule, from furniture seen on news pages, and
// the seed checks: no furniture line survives, every article sentence survives.
#include "clean/furniture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clean/reader.h"

namespace sitrep::clean {
namespace {

struct RuleCase {
  std::string block;
  std::string rule;  // empty: not furniture
};

const std::vector<RuleCase> kRuleCases = {
    {"<img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://www.facebook.com/tr?id=1&amp;ev=PageView\">", "stray-markup"},
    {"</div>", "stray-markup"},
    {"Loading...", "loading"},
    {"Loading…", "loading"},
    {"Back to top button", "back-to-top"},
    {"Scroll to top", "back-to-top"},
    {"Linkedin Pinterest", "share"},
    {"Share on Facebook Share on Twitter Email", "share"},
    {"If you like this story, share it with a friend!", "share"},
    {"Follow us on Twitter @Reuters", "follow-us"},
    {"Subscribe to the International Relations Updates by The Kootneeti", "subscribe"},
    {"Sign up for our daily newsletter", "subscribe"},
    {"Subscribe", "subscribe"},
    {"* indicates required", "form-field"},
    {"Email Address *", "form-field"},
    {"Full Name", "form-field"},
    {"made with mailchimp", "form-field"},
    {"CERTIFICATE COURSE IN INTERNATIONAL RELATIONS", "course-advert"},
    {"SIX-WEEK ONLINE COURSE IN INTERNATIONAL RELATIONS BY THE KOOTNEETI", "course-advert"},
    {"JOIN TODAY!", "call-to-action"},
    {"Read more »", "call-to-action"},
    {"team@thekootneeti.com", "contact"},
    {"courses.thekootneeti.in", "contact"},
    {"(+91) 120 4565994", "contact"},
    {"The views and opinions expressed in this article are those of the author and do not necessarily reflect the views of The Kootneeti Team", "disclaimer"},
    {"© 2021 Reuters. All rights reserved.", "disclaimer"},
    {"Facebook Comments", "comments"},
    {"0 Comments", "comments"},
    {"Leave a Reply", "comments"},
    {"SOURCE ; TRT WORLD", "credit"},
    {"(With input from news agency language)", "credit"},
    {"Reporting by Jane Doe; Editing by John Smith", "credit"},
    {"Image source: Yahoo News", "credit"},
    {"Photo: AFP", "credit"},
    {"We are a non-profit organization. Help us financially to keep our journalism free from government and corporate pressure.", "donation"},
    {"Advertisement", "advert"},
    {"Story continues below advertisement", "advert"},
    {"Watch: Afghans take up arms against Taliban across the country. #Afghanistan pic.twitter.com/mZtrNxAVKt", "tweet-link"},
    {"— Fawad Aman (@FawadAman2) July 6, 2021", "tweet-signature"},
    {"Related Articles", "related-heading"},
    {"You may also like", "related-heading"},
    {"Most Read", "related-heading"},
    {"Read also: Taliban seize Kunduz", "read-also"},
    {"News / Nation & World", "breadcrumb"},
    {"Conflicts & War", "breadcrumb"},
    {"Wednesday, April 24 , 2024", "page-date"},
    {"24 April 2024", "page-date"},
    {"By Eltaf Najafizada, Bloomberg News", "byline"},
    {"Published: June 22, 2021, 4:31pm", "published-line"},
    {"Updated on Aug. 31, 2021", "published-line"},
    // article text is not furniture
    {"The Taliban captured Faizabad overnight.", ""},
    {"No regrets", ""},
    {"Consulates closed", ""},
    {"Taliban launch major offensive to take over last Afghan province", ""},
    {"Iran said it has restricted activities at its consulate in the city.", ""},
    {"Social media is bold.", ""},
    {"Taliban & Afghan forces clash in Kunduz after week of fighting", ""},
    {"He urged people to donate blood at the city hospital.", ""},
    {"“Subscribers to the service were told to leave,” the official said.", ""},
};

class FurnitureRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(FurnitureRule, MatchesTheRightRule) { EXPECT_EQ(matching_rule(GetParam().block), GetParam().rule) << GetParam().block; }

INSTANTIATE_TEST_SUITE_P(News, FurnitureRule, ::testing::ValuesIn(kRuleCases));

std::vector<std::string> rules_removed(const CleanedBlocks& c) {
  std::vector<std::string> r;
  for (const auto& b : c.removed) r.push_back(b.rule);
  return r;
}

TEST(Furniture, HeadScopedRulesOnlyAboveTheFirstBodyParagraph) {
  std::vector<std::string> blocks = {
      "Conflicts & War", "Taliban launch major offensive",
      "The Taliban launched several major attacks overnight against the northern Panjshir province, sources said.",
      "Nation & World"};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(rules_removed(c), (std::vector<std::string>{"breadcrumb"}));
  EXPECT_EQ(c.paragraphs.back(), "Nation & World");
  EXPECT_EQ(c.title, "Taliban launch major offensive");
}

TEST(Furniture, EndScopeRemovesEverythingAfterRelatedArticles) {
  std::vector<std::string> blocks = {
      "Taliban take Panjshir",
      "The Taliban launched several major attacks overnight against the northern Panjshir province, sources said.",
      "Related Articles", "Taliban seize Kunduz in lightning offensive", "Back to top button"};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(c.paragraphs.size(), 2u);
  EXPECT_EQ(rules_removed(c), (std::vector<std::string>{"related-heading", "related-heading", "related-heading"}));
}

TEST(Furniture, TweetSignatureTakesTheTweetAboveIt) {
  std::vector<std::string> blocks = {
      "Headline of the story here",
      "The consulates of Turkey and Russia have reportedly closed in Mazar-e-Sharif, the capital of northern Balkh.",
      "Afghan forces pushed back the attack in the north of the country.",
      "— Fawad Aman (@FawadAman2) July 6, 2021", "Iran said it has restricted activities at its consulate in the city."};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(rules_removed(c), (std::vector<std::string>{"tweet-signature", "tweet-signature"}));
  EXPECT_EQ(c.paragraphs.size(), 3u);
}

TEST(Furniture, RepeatedHeadlineCopiesAreRemoved) {
  std::vector<std::string> blocks = {
      "Afghan leader flies into besieged northern city as Taliban extend gains",
      "Afghan President Ashraf Ghani flew to the besieged northern city of Mazar-i-Sharif Wednesday to rally forces.",
      "Afghan leader flies into besieged northern city as Taliban extend gains"};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(rules_removed(c), (std::vector<std::string>{"repeated-headline"}));
  EXPECT_EQ(c.title, blocks[0]);
}

TEST(Furniture, TitleCaseLinkHeadlinesInTheBodyAreRemoved) {
  std::vector<std::string> blocks = {
      "Afghan Army Repels Taliban Offensive In Mazar-i-Sharif; Eliminates Over 80 Militants – Military",
      "The Afghan armed forces said on Tuesday that they have repulsed a Taliban offensive in Mazar-i-Sharif.",
      "Pakistani Army Chief Discusses Deteriorating Situation In Afghanistan With US Secretary Of Defense – Spokesperson",
      "On Monday, the Taliban announced that they would soon capture Mazar-i-Sharif, the provincial capital."};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(rules_removed(c), (std::vector<std::string>{"related-headline"}));
  EXPECT_EQ(c.paragraphs.size(), 3u);
}

TEST(Furniture, SloganRunsAreRemovedButShortSubheadingsStay) {
  std::vector<std::string> blocks = {"Headline for the slogan test",
                                     "Months-old peace talks being held in Qatar between the Taliban and the government have stopped.",
                                     "Peace talks",
                                     "Social media is bold.", "Social media is young.", "Social media raises questions.",
                                     "Social media is free.", "But never irrelevant.", "Social media is you."};
  auto c = remove_furniture(blocks, "", {});
  EXPECT_EQ(c.paragraphs.size(), 3u);
  EXPECT_EQ(c.paragraphs.back(), "Peace talks");
}

TEST(Furniture, NormalizeBlockCollapsesUnicodeSpaces) {
  std::string b = "  Wednesday,\u00a0 April 24 ,\t2024 \n";
  normalize_block(b);
  EXPECT_EQ(b, "Wednesday, April 24 , 2024");
}

// ---- the five seeds ----

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Document> clean_seeds() {
  Diagnostics diags;
  std::vector<Document> docs;
  read_documents({std::string(SITREP_SHARED_DIR) + "/seeds"}, diags, [&](Document&& d) { docs.push_back(std::move(d)); });
  EXPECT_FALSE(diags.skipped_any());
  return docs;
}

TEST(Seeds, NoFurnitureLineSurvives) {
  auto docs = clean_seeds();
  ASSERT_EQ(docs.size(), 5u);
  const std::vector<std::string> furniture = {
      "Subscribe", "CERTIFICATE COURSE", "Social media is", "Back to top button", "Loading...",
      "Pakistani Army Chief Discusses", "Afghan Army Eliminated Over 570", "Related Articles", "pic.twitter.com",
      "(@FawadAman2)", "Facebook Comments", "0 Comments", "mailchimp", "Linkedin Pinterest", "<img",
      "Wednesday,  April 24", "Image source", "If you like this story", "Help us financially", "SOURCE ;",
      "The views and opinions expressed", "JOIN TODAY", "team@thekootneeti.com", "News / Nation & World",
      "Watch: Afghans take up arms", "Conflicts & War", "indicates required"};
  for (const auto& d : docs)
    for (const auto& f : furniture) EXPECT_EQ(d.text.find(f), std::string::npos) << d.id << " keeps \"" << f << "\"";
  // the repeated headline of seed 001 appears once
  const auto& d1 = docs[1];
  std::string h = "Afghan leader flies into besieged northern city as Taliban extend gains";
  EXPECT_EQ(d1.text.find(h, d1.text.find(h) + 1), std::string::npos);
}

// Every line of a seed that ends like a sentence and is not furniture must survive.
TEST(Seeds, EveryArticleSentenceSurvives) {
  auto docs = clean_seeds();
  ASSERT_EQ(docs.size(), 5u);
  const std::vector<std::string> not_article = {
      "pic.twitter.com", "Social media", "But never irrelevant", "If you like this story", "We are a non-profit",
      "(With input from", "The views and opinions", "Loading...", "JOIN TODAY"};
  size_t checked = 0;
  for (const auto& d : docs) {
    std::string raw = read_file(std::string(SITREP_SHARED_DIR) + "/seeds/" + d.id + ".txt");
    std::istringstream lines(raw);
    std::string line;
    while (std::getline(lines, line)) {
      normalize_block(line);
      if (line.size() < 40) continue;
      char last = line.back();
      if (last != '.' && last != '"' && last != '\x9d' && last != '!' && last != '?') continue;
      bool skip = false;
      for (const auto& n : not_article) skip = skip || line.find(n) != std::string::npos;
      if (skip) continue;
      ++checked;
      EXPECT_NE(d.text.find(line), std::string::npos) << d.id << " lost: " << line;
    }
  }
  EXPECT_GT(checked, 60u);
}

TEST(Seeds, SentencesCoverTheArticleText) {
  auto docs = clean_seeds();
  for (const auto& d : docs) {
    ASSERT_FALSE(d.sentences.empty()) << d.id;
    for (size_t i = 1; i < d.sentences.size(); ++i) EXPECT_LE(d.sentences[i - 1].span.end, d.sentences[i].span.start);
    EXPECT_LE(d.sentences.back().span.end, d.text.size());
  }
  // seed 004's first sentence keeps its dateline
  EXPECT_EQ(docs[4].slice(docs[4].sentences[1].span).substr(0, 22), "Kabul, Aug. 31 (EFE).-");
}

}  // namespace
}  // namespace sitrep::clean
