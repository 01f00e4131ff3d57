// libFuzzer target for the HTML path: charset conversion, UTF-8 repair, the tokenizer,
// the open-element stack and the extractor. Bad input must never crash, hang or read
// out of bounds. Built and run by scripts/fuzz_html.sh (clang, ASan + UBSan).
#include <cstddef>
#include <cstdint>
#include <string>

#include "clean/html_extract.h"
#include "clean/html_tokenizer.h"
#include "clean/text_repair.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string html(reinterpret_cast<const char*>(data), size);
  sitrep::clean::to_utf8_from_declared_charset(html);
  sitrep::clean::repair_utf8(html);
  sitrep::clean::HtmlPage page = sitrep::clean::extract_html(html);
  std::string text;
  sitrep::clean::decode_html_attribute(html, text);
  for (const auto& b : page.blocks)
    if (b.empty() || !sitrep::clean::is_valid_utf8(b)) __builtin_trap();  // blocks are trimmed UTF-8
  return 0;
}
