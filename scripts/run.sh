#!/usr/bin/env bash
# The main job: set up if needed, ingest the example articles (the five seed articles as input
# records with their metadata, ../shared/eval/dev/input.jsonl, and the project's own examples/),
# then print the fused events and the territorial-control table and say where the database,
# CSV and GeoJSON files are.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/sitrep ] || bash scripts/setup.sh
SHARED=${SITREP_SHARED:-../shared}
OUT=${SITREP_OUT:-out}
mkdir -p "$OUT"
DB="$OUT/sitrep.db"

inputs=(examples/articles.jsonl)
if [ -f "$SHARED/eval/dev/input.jsonl" ]; then
  inputs=("$SHARED/eval/dev/input.jsonl" "${inputs[@]}")
else
  echo "run.sh: $SHARED/eval/dev/input.jsonl not found (set SITREP_SHARED); ingesting examples/ only" >&2
fi

status=0
build/sitrep ingest --db "$DB" "${inputs[@]}" || status=$?
if [ "$status" -gt 1 ]; then exit "$status"; fi

echo
echo "== Fused events (one row per happening; killed: best (low-high) over the sources)"
build/sitrep events --db "$DB" --format table
echo
echo "== Territorial control"
build/sitrep control --db "$DB" --format table
build/sitrep events --db "$DB" --format csv > "$OUT/events.csv"
build/sitrep events --db "$DB" --format geojson > "$OUT/events.geojson"
build/sitrep events --db "$DB" --format jsonl > "$OUT/events.jsonl"
echo
echo "Database:  $DB"
echo "CSV:       $OUT/events.csv"
echo "GeoJSON:   $OUT/events.geojson"
echo "JSONL:     $OUT/events.jsonl"
exit "$status"
