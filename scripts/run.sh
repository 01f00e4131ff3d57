#!/usr/bin/env bash
# The main job: set up if needed, then run sitrep over the example articles.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/sitrep ] || bash scripts/setup.sh
SHARED=${SITREP_SHARED:-../shared}
build/sitrep info
