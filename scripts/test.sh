#!/usr/bin/env bash
# Runs every test: the release build (what users run) and a second build under
# AddressSanitizer + UndefinedBehaviorSanitizer, both through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "== tests (release build)" >&2
ctest --test-dir build --output-on-failure -j"$(nproc)"

echo "== tests (AddressSanitizer + UBSan build)" >&2
# The same set-up as the release build (binary and its gazetteer.bin), in build-asan/.
SITREP_BUILD_DIR=build-asan SITREP_CMAKE_ARGS=-DSITREP_SANITIZE=ON bash scripts/setup.sh
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
