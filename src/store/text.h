// Small text helpers the store shares: case-folded hashes, content hashes
// (ASCII lower case and hex digits: core/text.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"

namespace sitrep::store {

// 64-bit FNV-1a of the ASCII-lower-cased bytes (non-ASCII bytes as they are).
uint64_t hash_lower(std::string_view s);
// Identity of an article's text: 128 bits as 32 hex digits (two independent FNV-1a lanes
// over the bytes and the length); equal texts give equal hashes on every platform.
std::string content_hash(std::string_view text);

}  // namespace sitrep::store
