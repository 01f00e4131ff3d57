// Sentence splitting and tokenisation of a cleaned Document, following the
// Universal Dependencies English EWT conventions the parser is trained on:
// punctuation is its own token; clitics are split ("Taliban's" -> Taliban 's,
// "don't" -> do n't, "can't" -> ca n't); hyphenated words ("Mazar-i-Sharif"),
// numbers with separators ("1,000", "4:31") and abbreviations with their period
// ("U.S.", "Gen.") stay whole. Abbreviation classes and sentence-opening words are
// data (data/split/), loaded once.
//
// Sentences never cross a line break: the cleaner puts each paragraph (and each
// headline or list item) on its own line; blank lines separate paragraphs, and
// Sentence::paragraph counts them.
#pragma once

#include <string_view>
#include <vector>

#include "core/document.h"

namespace sitrep {

// Fills doc.sentences and doc.tokens (replacing what was there) from doc.text.
void split(Document& doc);

// Tokenises text[0, size) and appends spans shifted by `base` (for tests and for
// callers that tokenise a fragment).
void tokenize(std::string_view text, uint32_t base, std::vector<Token>& out);

}  // namespace sitrep
