// Text repair shared by every reader: invalid UTF-8 is replaced (never passed on),
// control characters are dropped, line ends are normalised, and the result is NFC.
#pragma once

#include <string>
#include <string_view>

namespace sitrep::clean {

struct RepairReport {
  size_t invalid_sequences = 0;  // bytes sequences replaced by U+FFFD
  size_t control_chars = 0;      // C0 controls (other than \n, \t) and NULs dropped
};

// Replaces each invalid UTF-8 sequence by U+FFFD, drops control characters,
// turns \r\n and lone \r into \n and \t into a space. Returns what it did.
RepairReport repair_utf8(std::string& text);

// True when `s` is well-formed UTF-8 (control characters allowed).
bool is_valid_utf8(std::string_view s);

// True when `bytes` look like a binary file rather than text: NUL bytes, or many
// control characters / invalid sequences in the first few KiB.
bool looks_binary(std::string_view bytes);

// Unicode NFC (ICU). ASCII input is returned unchanged without a copy through ICU.
std::string to_nfc(std::string_view utf8);

// Decodes one code point at s[i]; advances i. Input must be valid UTF-8.
char32_t next_code_point(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);

}  // namespace sitrep::clean
