// CoNLL-U reading and writing (Universal Dependencies treebanks, e.g. UD English EWT).
// Only basic syntactic words are kept: multiword-token ranges ("19-20 don't") and empty
// nodes ("8.1") are skipped, because the tagger and parser work on syntactic words,
// which is also what the splitter produces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/document.h"
#include "syntax/parser.h"

namespace sitrep::syntax {

struct TreebankSentence {
  std::string id;                   // "# sent_id", or "file:line" when absent
  std::vector<std::string> forms;
  std::vector<std::string> lemmas;
  std::vector<std::string> upos;
  std::vector<std::string> xpos;
  std::vector<int> heads;           // 0-based token index, -1 for the root
  std::vector<std::string> deprels; // UD relation with subtype, e.g. "nsubj:pass"
  size_t size() const { return forms.size(); }
  // The tagger's tag of token i: "UPOS\tXPOS", e.g. "VERB\tVBD".
  std::string tag(size_t i) const { return upos[i] + '\t' + xpos[i]; }
};

// Reads every well-formed sentence of a CoNLL-U file. A malformed sentence (wrong column
// count, bad ids or heads) is reported to `diag` with its line and skipped; the rest are
// kept. Returns false (with `error`) only when the file cannot be read at all.
bool read_conllu(const std::filesystem::path& path, std::vector<TreebankSentence>& out,
                 Diagnostics& diag, std::string* error);
// Same, from text already in memory; `origin` names it in messages.
void parse_conllu(std::string_view text, const std::string& origin,
                  std::vector<TreebankSentence>& out, Diagnostics& diag);

// Appends sentence `index` of `doc` with its analysis as a CoNLL-U block: "# sent_id =
// <doc id>-<n>" and "# text =" comments, one line per token (ID FORM LEMMA UPOS XPOS _
// HEAD DEPREL _ MISC, SpaceAfter=No where the next token touches it), a blank line.
void append_conllu(const Document& doc, size_t index, const ParsedSentence& parsed, std::string& out);
// Same for a treebank sentence parsed on its gold tokens (`sitrep parse --eval --output`).
void append_conllu(const TreebankSentence& sentence, const ParsedSentence& parsed, std::string& out);

// The distinct values of one column over `data`, sorted: e.g. the relations of a
// treebank, sorted_values(train, &TreebankSentence::deprels).
std::vector<std::string> sorted_values(const std::vector<TreebankSentence>& data,
                                       std::vector<std::string> TreebankSentence::*column);

// True when no two arcs of the tree cross (heads as above).
bool is_projective(const std::vector<int>& heads);

}  // namespace sitrep::syntax
