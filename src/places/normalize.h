// Name normalisation: the one function that makes spelling variants of a place meet.
// The gazetteer builder keys every name with it and the recogniser keys text with it,
// so "Mazār-e Sharīf", "Mazar-i-Sharif" and "Mazar-e-Sharif" all become "mazar sharif",
// and Kunduz/Kondoz/Qunduz, Sheberghan/Shibirghan, Badakhshan/Badakshan collapse too.
//
// Per word: diacritics folded to ASCII, lower case, apostrophes and dots dropped, then a
// coarse transliteration key: kh->k, gh->g, q->k, ph->f, ck->k, ow/ou/oo->u, vowels
// e/i/y->i and o/u->u (a word-initial y stays), doubled letters collapsed. Between
// words, the Persian izafe ("e", "i", "ye", "-e-", "-i-") is dropped when it is not the
// first word. The key is coarse on purpose: ranking, not the key, picks the place.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::places {

// Appends the key of one word (no spaces inside) to `out`. Returns false when the word
// holds a letter outside the Latin script (such a name is not keyed; text words with
// such letters never match). A word that folds to nothing appends nothing.
bool append_word_key(std::string_view word, std::string& out);

// True for the izafe particles dropped between words ("e", "i", "ye", "y").
bool is_izafe(std::string_view word_key);

// The key of a whole name: words split at spaces, hyphens and other punctuation, keyed,
// izafe dropped, joined with one space. Empty when the name has no Latin letters.
std::string name_key(std::string_view name);

// A spelling-exact form for comparing two spellings: diacritics folded, lower case,
// apostrophes and dots dropped, hyphens as spaces; no transliteration key.
std::string fold_name(std::string_view name);

// 64-bit FNV-1a of a key: the gazetteer's name index is keyed by it.
uint64_t key_hash(std::string_view key);

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes yield U+FFFD.
char32_t decode_utf8(std::string_view s, size_t& i);

// ASCII folding of one code point: "a" for U+0101, "ss" for U+00DF, "" for combining
// marks and apostrophes; nullptr when the code point is not a Latin letter or digit.
const char* fold_code_point(char32_t cp);

// Upper-case test for the first code point of a word (ASCII and Latin letters).
bool starts_upper(std::string_view word);

}  // namespace sitrep::places
