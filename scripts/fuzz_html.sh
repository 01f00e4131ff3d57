#!/usr/bin/env bash
# Fuzzes the HTML reader (tests/fuzz/html_fuzz.cpp) with libFuzzer under ASan + UBSan.
# usage: scripts/fuzz_html.sh [SECONDS]   (default 300; needs clang from the Debian package)
# Seeds: the ScrapingHub pages in ../shared/peer/article-extraction (decompressed into
# build-fuzz/seeds, never into the repository); crashes are written to build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-300}
OUT=build-fuzz
mkdir -p "$OUT/corpus" "$OUT/seeds"
SHARED=${SITREP_SHARED:-../shared}
if [ -d "$SHARED/peer/article-extraction/html" ] && [ -z "$(ls -A "$OUT/seeds")" ]; then
  for f in "$SHARED"/peer/article-extraction/html/*.html.gz; do
    gzip -dc "$f" | head -c 65536 > "$OUT/seeds/$(basename "$f" .html.gz).html" || true  # head closes the pipe
  done
fi
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DSITREP_VERSION='"fuzz"' -DSITREP_SOURCE_DIR="\"$PWD\"" -Isrc \
  $(pkg-config --cflags icu-uc re2) \
  tests/fuzz/html_fuzz.cpp src/clean/html_extract.cpp src/clean/html_tree.cpp src/clean/html_tokenizer.cpp src/clean/text_repair.cpp \
  src/clean/furniture.cpp src/clean/data_file.cpp src/core/paths.cpp \
  $(pkg-config --libs icu-uc re2) -o "$OUT/html_fuzz"
SITREP_HOME="$PWD" "$OUT/html_fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=262144 -timeout=10 \
  -rss_limit_mb=4096 -artifact_prefix="$OUT/" "$OUT/corpus" "$OUT/seeds"
