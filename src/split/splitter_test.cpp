// Sentence splitting and EWT tokenisation on news text. Each sentence case lists the
// sentences of one paragraph; the paragraph is those sentences joined by one space,
// and the splitter must return exactly them.
#include "split/splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sitrep {
namespace {

std::vector<std::string> sentences_of(const std::string& text) {
  Document d;
  d.text = text;
  split(d);
  std::vector<std::string> out;
  for (const auto& s : d.sentences) out.emplace_back(d.slice(s.span));
  return out;
}

std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<Token> toks;
  tokenize(text, 0, toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.push_back(text.substr(t.span.start, t.span.size()));
  return out;
}

const std::vector<std::vector<std::string>> kSentenceCases = {
    // abbreviations: titles never end a sentence
    {"Gen. Austin Miller left Kabul on Monday."},
    {"Brig. Gen. Mohammad Ajmal said the attack was repelled."},
    {"Gov. Mohammad Farhad Azimi called for calm."},
    {"Sen. Lindsey Graham criticised the withdrawal."},
    {"Dr. Ahmad Zia said 12 patients were treated."},
    {"Lt. Col. Sonny Leggett, a U.S. military spokesman, declined to comment."},
    {"Maj. Gen. Khoshal Sadat was appointed police chief."},
    {"Capt. Abdul Basir was killed in the ambush."},
    {"Sgt. Maj. Lee said the base was secure."},
    {"Rep. Adam Smith called for hearings."},
    {"Mr. Ghani left the country on Sunday."},
    {"Mrs. Ahmadi and her children were evacuated."},
    {"Prof. Barnett Rubin said the talks had failed."},
    {"He lives on No. 5 Street in Kabul."},
    {"Resolution No. 2593 was adopted by the council."},
    {"St. Louis sent relief supplies."},
    {"Adm. John Aquilino visited the region."},
    {"Col. Ahmad Shah said the road was closed.", "Traffic resumed later."},
    // months and dates
    {"The U.S. will pull out its remaining troops by Sept. 11 and air support will end."},
    {"Kabul, Aug. 31 (EFE).- The Taliban launched several major attacks overnight."},
    {"KABUL, Afghanistan (Jan. 25, 2013) — A suicide bomber struck a checkpoint."},
    {"The attack happened on Oct. 7 in Kunduz province."},
    {"Talks resumed on Dec. 2, officials said."},
    {"The ceasefire expired on Feb. 28.", "Fighting resumed the next day."},
    {"Elections were held in Sept. 2019.", "The result was disputed."},
    {"The deadline is Aug. 31.", "The Pentagon said it would be met."},
    {"Troops arrived on Nov. 3 and left on Nov. 9."},
    // initialisms
    {"The U.N. said 1,000 civilians were killed in the first half of the year."},
    {"U.S. forces withdrew from Bagram.", "The base was handed over to Afghan troops."},
    {"The militants fought U.S. and Afghan forces for two decades."},
    {"He was flown to the U.K. for treatment."},
    {"Washington’s push for a settlement has been futile since the U.S. announcement."},
    {"The strike was carried out by the U.S.", "The Pentagon confirmed it on Monday."},
    {"Officials in the U.S. said the embassy would close.", "Staff were flown out."},
    {"The meeting began at 10 a.m. local time."},
    {"Gunfire was heard after 9 p.m. on Friday."},
    {"The E.U. foreign ministers met in Brussels."},
    {"The rally ended around 11 p.m.", "Police said no one was hurt."},
    {"Joe Biden said the U.S. would keep supporting Afghan forces."},
    // initials in names
    {"John F. Kennedy International Airport was closed."},
    {"George W. Bush ordered the invasion in 2001."},
    {"The report by J. R. Smith was released on Tuesday."},
    // ordinary sentences
    {"The Taliban captured Faizabad overnight.", "It was the ninth provincial capital to fall."},
    {"Ghani arrived in Mazar.", "He met local strongmen.", "Fighting continued nearby."},
    {"At least 12 people were killed.", "Another 30 were wounded."},
    {"Is the city safe?", "Nobody can say."},
    {"What happens now?", "Analysts expect more fighting."},
    {"They fled!", "The house was burning."},
    {"The Taliban have captured Kunduz, Sheberghan and Taloqan.", "Mazar is next."},
    {"Over 80 Taliban militants were killed in the fighting, with one hideout destroyed.", "The army said so."},
    {"Nearly 1,000 Afghan soldiers have fled into Tajikistan."},
    {"The number of Afghans killed or injured hit a record 5,183.", "Most were civilians."},
    {"Police said 3.5 tonnes of explosives were seized."},
    {"The convoy was hit at 4:30 in the morning.", "Two vehicles burned."},
    {"It now controls 118 of the country’s 407 districts, with another 190 being fought over."},
    {"The death toll rose to 170.", "It was the deadliest day in months."},
    {"In 2001, the Taliban were driven from power.", "They returned in 2021."},
    {"The 1990s were brutal.", "Thousands died."},
    {"Fighting raged on Tuesday.", "On Wednesday, it eased."},
    // quotations
    {"“The Taliban have captured the city now,” said Zabihullah Attiq."},
    {"\"The Taliban have captured the city now,\" said Zabihullah Attiq."},
    {"“I do not regret my decision,” he said.", "“They have got to want to fight.”"},
    {"“They have got to want to fight.", "They have outnumbered the Taliban,” he said."},
    {"He said: “We will defend the city.”", "Then he left."},
    {"“Where are the soldiers?” asked one resident."},
    {"“Run!” a man shouted, as the shelling began."},
    {"He urged leaders to “fight for themselves” on Tuesday."},
    {"“Heroic security and defense forces members have once again contained the enemy,” the 209 Shaheen Corps wrote on social media."},
    {"The spokesman said the claims were “baseless.”", "He gave no details."},
    {"She called it \"a catastrophe.\"", "Others agreed."},
    {"'We are surrounded,' one officer said."},
    {"The statement ended: “Victory is near.”"},
    {"“Why now?” he asked.", "“Because the Americans are leaving.”"},
    // brackets
    {"The National Directorate of Security (NDS) said it arrested four suspects."},
    {"The group (which has denied involvement) issued a statement.", "It was brief."},
    {"The attack was claimed by Islamic State (IS).", "Nobody else claimed it."},
    {"Casualties were high (at least 40 dead).", "Hospitals were full."},
    // dashes and lists
    {"Mazar saw fierce fighting — the worst in years — on Friday."},
    {"The loss of Mazar would be a blow to the government – and to its allies."},
    {"He listed three demands: a ceasefire, prisoner releases and talks."},
    {"The strikes hit three districts; two were in Helmand."},
    {"1. The Taliban must stop attacking cities."},
    {"2. Prisoners will be released in stages."},
    // ellipsis
    {"The line went dead... then the shelling started."},
    {"He paused… and then spoke again."},
    // numbers and currency
    {"The U.S. spent $2 trillion on the war.", "Critics called it a waste."},
    {"Prices rose 50% in a week.", "Bread ran short."},
    {"The fund received €1.2 billion in pledges."},
    {"The temperature fell to -5 degrees overnight."},
    // hashtags, handles, urls
    {"The ministry posted on Twitter using #Afghanistan and #Kabul."},
    {"The video was shared by @TOLOnews on Monday."},
    {"Details are at https://www.un.org/en/ for readers.", "The report is long."},
    // headlines and datelines inside sentences
    {"MAZAR-I-SHARIF, Afghanistan (AP) — Taliban fighters entered the city on Saturday."},
    {"ISLAMABAD (Reuters) - Pakistan closed its border crossing on Sunday."},
    {"WASHINGTON — The Pentagon said on Monday it had completed the withdrawal."},
    // company abbreviations
    {"Boeing Co. said it would deliver the aircraft.", "The contract is worth $1 billion."},
    {"The firm, Acme Inc., denied wrongdoing."},
    {"Shares of Apple Inc. rose.", "The market closed higher."},
    {"Refugees, aid workers, journalists etc. were evacuated.", "The airport was closed."},
    // clitics do not break sentences
    {"The Taliban's advance was swift.", "Kabul's defences collapsed."},
    {"He didn't say when the talks would resume.", "They can't continue without a ceasefire."},
    {"It's unclear who's in charge.", "We'll know more tomorrow."},
    {"The refugees’ camp was shelled.", "Nobody was hurt."},
    // lower-case continuation after terminal punctuation inside quotes
    {"“Are you coming?” she asked him twice."},
    {"“Stop!” shouted the guard, raising his rifle."},
    // mixed long paragraph
    {"The Afghan armed forces said on Tuesday that they have repulsed a Taliban offensive in Mazar-i-Sharif, the capital of the northern Balkh province, with over 80 militants killed in the operation.",
     "On Monday, the Taliban announced that they would soon capture Mazar-i-Sharif.",
     "Shortly after the advance was launched, the radical movement told Sputnik that the government had lost control over the city."},
    {"The U.S. will pull out its remaining 2,500 troops by Sept. 11 and American air support for Afghan forces will also end.",
     "NATO’s 7,000 troops who train and advise Afghan forces will follow the US."},
    {"Ghani and Abdullah Abdullah will be heading to the U.S. on Friday to hold talks with President Joe Biden."},
    {"Dashti claimed that the Taliban suffered “heavy losses” in the clashes and around 30 of their fighters were killed, 15 injured and some captured by the resistance."},
    {"They regrouped in the valley after the Taliban takeover.", "Currently Panjshir is the only province outside Taliban control."},
    {"The consulates of Uzbekistan, Tajikistan, India and Pakistan have reduced their services, Balkh provincial governor's spokesman Munir Farhad said Tuesday."},
};

class SentenceCase : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(SentenceCase, SplitsIntoExactlyTheseSentences) {
  const auto& expected = GetParam();
  std::string text;
  for (const auto& s : expected) {
    if (!text.empty()) text += ' ';
    text += s;
  }
  EXPECT_EQ(sentences_of(text), expected) << text;
}

INSTANTIATE_TEST_SUITE_P(News, SentenceCase, ::testing::ValuesIn(kSentenceCases));

TEST(SentenceCases, AtLeastAHundred) { EXPECT_GE(kSentenceCases.size(), 100u); }

TEST(Split, HeadlinesWithoutFinalPunctuationEndAtTheLineBreak) {
  auto s = sentences_of("Consulates closed\nThe consulates of Turkey and Russia have reportedly closed.");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "Consulates closed");
}

TEST(Split, ParagraphIndexCountsBlankLineSeparatedBlocks) {
  Document d;
  d.text = "Taliban besiege key city\n\nCivilians took up arms. Troops held.\n\nTalks stalled.";
  split(d);
  ASSERT_EQ(d.sentences.size(), 4u);
  EXPECT_EQ(d.sentences[0].paragraph, 0u);
  EXPECT_EQ(d.sentences[1].paragraph, 1u);
  EXPECT_EQ(d.sentences[2].paragraph, 1u);
  EXPECT_EQ(d.sentences[3].paragraph, 2u);
}

TEST(Split, SentenceTokensIndexIntoDocumentTokens) {
  Document d;
  d.text = "Gen. Miller left. He said so.";
  split(d);
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_EQ(d.sentences[0].first_token, 0u);
  EXPECT_EQ(d.sentences[0].token_count, 4u);  // Gen. Miller left .
  EXPECT_EQ(d.sentences[1].first_token, 4u);
  EXPECT_EQ(d.slice(d.tokens[d.sentences[1].first_token].span), "He");
}

TEST(Split, ListItemsOnTheirOwnLinesAreSentences) {
  auto s = sentences_of("Demands:\n- a ceasefire\n- prisoner releases");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1], "- a ceasefire");
}

struct TokenCase {
  std::string text;
  std::vector<std::string> tokens;
};

const std::vector<TokenCase> kTokenCases = {
    {"Taliban's advance", {"Taliban", "'s", "advance"}},
    {"Taliban’s advance", {"Taliban", "’s", "advance"}},
    {"don't", {"do", "n't"}},
    {"can't", {"ca", "n't"}},
    {"won't", {"wo", "n't"}},
    {"didn’t", {"did", "n’t"}},
    {"they're", {"they", "'re"}},
    {"we've", {"we", "'ve"}},
    {"he'll", {"he", "'ll"}},
    {"I'm", {"I", "'m"}},
    {"refugees’ deportation", {"refugees", "’", "deportation"}},
    {"Mazar-i-Sharif", {"Mazar-i-Sharif"}},
    {"long-running conflict", {"long-running", "conflict"}},
    {"1,000 soldiers", {"1,000", "soldiers"}},
    {"5,183.", {"5,183", "."}},
    {"U.S.", {"U.S."}},
    {"the U.S. set", {"the", "U.S.", "set"}},
    {"Gen. Miller", {"Gen.", "Miller"}},
    {"Aug. 31", {"Aug.", "31"}},
    {"(EFE).-", {"(", "EFE", ")", ".", "-"}},
    {"“fight for themselves”", {"“", "fight", "for", "themselves", "”"}},
    {"\"now,\" said", {"\"", "now", ",", "\"", "said"}},
    {"districts, according", {"districts", ",", "according"}},
    {"said: “We", {"said", ":", "“", "We"}},
    {"north—long", {"north", "—", "long"}},
    {"$2 trillion", {"$", "2", "trillion"}},
    {"50%", {"50", "%"}},
    {"4:31pm", {"4:31pm"}},
    {"#Afghanistan", {"#Afghanistan"}},
    {"@rtaworld)", {"@rtaworld", ")"}},
    {"pic.twitter.com/Af5o74XfVn", {"pic.twitter.com/Af5o74XfVn"}},
    {"https://www.un.org/en/.", {"https://www.un.org/en/", "."}},
    {"team@thekootneeti.com", {"team@thekootneeti.com"}},
    {"wait...", {"wait", "..."}},
    {"Kabul…", {"Kabul", "…"}},
    {"the 1990s.", {"the", "1990s", "."}},
    {"3.5 tonnes", {"3.5", "tonnes"}},
    {"a.m.", {"a.m."}},
    {"Kunduz & Kapisa", {"Kunduz", "&", "Kapisa"}},
    {"[the city]", {"[", "the", "city", "]"}},
    {"two-decade-old war", {"two-decade-old", "war"}},
    {"Mazar-e-Sharif,", {"Mazar-e-Sharif", ","}},
    {"Afghanistan’s fourth-largest city.", {"Afghanistan", "’s", "fourth-largest", "city", "."}},
    {"Ala. officials", {"Ala.", "officials"}},
    {"no\u00a0break", {"no", "break"}},
};

class TokenizerCase : public ::testing::TestWithParam<TokenCase> {};

TEST_P(TokenizerCase, FollowsEwtConventions) { EXPECT_EQ(tokens_of(GetParam().text), GetParam().tokens) << GetParam().text; }

INSTANTIATE_TEST_SUITE_P(Ewt, TokenizerCase, ::testing::ValuesIn(kTokenCases));

TEST(Tokenize, OffsetsAreShiftedByBase) {
  std::vector<Token> toks;
  tokenize("Kabul fell.", 100, toks);
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].span, (Span{100, 105}));
  EXPECT_EQ(toks[2].span, (Span{110, 111}));
}

TEST(Tokenize, SurvivesInvalidUtf8TailAndEmptyInput) {
  std::vector<Token> toks;
  tokenize("", 0, toks);
  EXPECT_TRUE(toks.empty());
  tokenize("abc \xE2\x80", 0, toks);  // truncated sequence at the end
  EXPECT_FALSE(toks.empty());
}

}  // namespace
}  // namespace sitrep
