#!/usr/bin/env bash
# Installs every Debian package sitrep needs (idempotent, non-interactive) and builds
# build/sitrep. Safe to run again: packages already present are not reinstalled and the
# build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config python3
  libicu-dev libsqlite3-dev libre2-dev zlib1g-dev
  nlohmann-json3-dev libsimdjson-dev libfmt-dev libcli11-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_DIR=${SITREP_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${SITREP_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
echo "setup: built $BUILD_DIR/sitrep" >&2

# The gazetteer (src/places): GeoNames from ../shared plus data/places, compiled into
# build/gazetteer.bin; skipped when it is newer than every input. Exit status 1 only
# means some rows were reported and skipped.
if [ -d ../shared/data/geonames ]; then
  rc=0
  "$BUILD_DIR/sitrep" gazetteer build --if-stale --geonames ../shared/data/geonames \
    --out "$BUILD_DIR/gazetteer.bin" 2> >(grep -v 'junk row filtered' >&2) || rc=$?
  [ "$rc" -le 1 ] || { echo "setup: gazetteer build failed" >&2; exit "$rc"; }
fi
