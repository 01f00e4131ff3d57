// Page-furniture removal over the blocks (paragraphs, headlines, list items) of one
// article, in page order. Wording rules are data (data/clean/furniture.tsv, compiled
// once into one RE2::Set); rules that depend on page structure (repeated headline,
// Title-Case link headlines, slogan runs) are here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sitrep::clean {

struct FurnitureOptions {
  // Plain text keeps its headline as the first paragraph and applies the Title-Case
  // link-headline rule (in HTML, link headlines are dropped by link density instead,
  // and the headline lives in Document::title only).
  bool plain_text = true;
};

struct CleanedBlocks {
  std::vector<std::string> paragraphs;  // kept blocks, page order
  std::vector<RemovedBlock> removed;    // removed blocks with their rule, page order
  std::string title;                    // headline found in the blocks (empty if none)
};

// Collapses runs of whitespace (including no-break and other Unicode spaces) into
// one ASCII space and trims both ends.
void normalize_block(std::string& block);

// `known_title` is the record's or the page's title when one is known.
CleanedBlocks remove_furniture(std::vector<std::string> blocks, std::string_view known_title,
                               const FurnitureOptions& options);

// Name of the first furniture.tsv rule whose pattern matches the whole block (ignoring
// scope), or empty. For tests and --explain.
std::string matching_rule(std::string_view block);

}  // namespace sitrep::clean
