#!/usr/bin/env bash
# Corpus timer for `sitrep ingest` against `sitrep extract` on the same articles: the dev
# input and examples/ repeated N times under distinct ids and dates (the store keeps one copy of
# an identical text), T threads. Prints CPU seconds (user+sys, from /usr/bin/time) and wall
# seconds of each, articles per CPU second, and the ratio ingest/extract (issue 7: ingest
# throughput >= 90% of extract's). Each is run R times, alternating, and the least CPU and the
# least wall time are kept (the machine is shared: the minimum is the least disturbed run).
#   bash scripts/store_throughput.sh [build/sitrep] [N] [T] [R]
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP=${1:-build/sitrep}
N=${2:-40}
T=${3:-1}
R=${4:-3}
SHARED=${SITREP_SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/repeat_corpus.py "$N" "$SHARED/eval/dev/input.jsonl" examples/articles.jsonl > "$tmp/corpus.jsonl"
articles=$(wc -l < "$tmp/corpus.jsonl")
measure() {  # measure NAME command... -> "NAME cpu wall"
  local name=$1; shift
  /usr/bin/time -f "%U %S %e" -o "$tmp/time" "$@" > /dev/null 2>&1
  read -r u s e < "$tmp/time"
  python3 -c "import sys; u,s,e=map(float,sys.argv[2:5]); print(sys.argv[1], u+s, e)" "$name" "$u" "$s" "$e"
}
x="extract 1e9 1e9"
i="ingest 1e9 1e9"
least() {  # least "NAME cpu wall" "NAME cpu wall"
  python3 -c "import sys; a=sys.argv[1].split(); b=sys.argv[2].split(); print(a[0], min(float(a[1]),float(b[1])), min(float(a[2]),float(b[2])))" "$1" "$2"
}
for _ in $(seq 1 "$R"); do
  x=$(least "$x" "$(measure extract "$SITREP" extract --threads "$T" "$tmp/corpus.jsonl")")
  rm -f "$tmp"/t.db*
  i=$(least "$i" "$(measure ingest "$SITREP" ingest --quiet --threads "$T" --db "$tmp/t.db" "$tmp/corpus.jsonl")")
done
python3 - "$articles" "$T" "$x" "$i" "$R" <<'PY'
import sys
n, t = int(sys.argv[1]), sys.argv[2]
_, xc, xw = sys.argv[3].split(); _, ic, iw = sys.argv[4].split()
xc, xw, ic, iw = map(float, (xc, xw, ic, iw))
print(f"articles={n} threads={t} (least of {sys.argv[5]} runs each)")
print(f"extract: cpu={xc:.2f}s wall={xw:.2f}s articles/cpu_s={n/xc:.1f}")
print(f"ingest:  cpu={ic:.2f}s wall={iw:.2f}s articles/cpu_s={n/ic:.1f}")
print(f"ingest/extract throughput: cpu={xc/ic:.1%} wall={xw/iw:.1%}")
PY
