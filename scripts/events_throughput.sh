#!/usr/bin/env bash
# Corpus timer for `sitrep extract` (raw article records -> events, reading and cleaning
# included): the dev articles repeated N times under distinct ids, on 1 and 2 threads.
#   bash scripts/events_throughput.sh [build/sitrep] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP=${1:-build/sitrep}
N=${2:-200}
SHARED=${SITREP_SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/repeat_corpus.py "$N" "$SHARED/eval/dev/input.jsonl" > "$tmp/corpus.jsonl"
sentences=$("$SITREP" clean "$tmp/corpus.jsonl" 2>/dev/null | python3 -c '
import json, sys
n = 0
for l in sys.stdin:
    try: n += len(json.loads(l).get("sentences", []))
    except Exception: pass
print(n)')
for t in 1 2; do
  start=$(date +%s.%N)
  "$SITREP" extract --threads "$t" "$tmp/corpus.jsonl" > "$tmp/out$t.jsonl" 2>/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'threads={sys.argv[3]} seconds={s:.2f} sentences={sys.argv[4]} sentences/s={int(sys.argv[4])/s:.0f}')" "$start" "$end" "$t" "$sentences"
done
cmp -s "$tmp/out1.jsonl" "$tmp/out2.jsonl" && echo "output identical on 1 and 2 threads" || { echo "OUTPUT DIFFERS"; exit 1; }
