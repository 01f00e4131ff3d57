#!/usr/bin/env bash
# The evaluation gate: sitrep extract on the dev set, scored by the reference scorer.
# Fails when event F1 or killed-field accuracy drop below what the extractor reached,
# so quality cannot regress silently (F1 1.00 reached; the gate leaves room for one event
# of parser churn: one miss or one extra out of 11 gives 0.95). Usage: eval_gate_test.sh path/to/sitrep
set -euo pipefail
SITREP=${1:?usage: eval_gate_test.sh path/to/sitrep}
SHARED=${SITREP_SHARED:-../shared}
DEV="$SHARED/eval/dev"
MIN_F1=${SITREP_GATE_F1:-0.95}
MIN_KILLED=${SITREP_GATE_KILLED:-1.00}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$SITREP" extract "$DEV/input.jsonl" > "$out"
report=$(python3 "$SHARED/eval/score.py" "$DEV" "$out")
echo "$report"
python3 - "$MIN_F1" "$MIN_KILLED" <<PY
import re, sys
report = """$report"""
f1 = float(re.search(r"F1=([0-9.]+)", report).group(1))
m = re.search(r"field killed: (\d+)/(\d+)", report)
killed = int(m.group(1)) / int(m.group(2)) if m and int(m.group(2)) else 0.0
ok = f1 >= float(sys.argv[1]) and killed >= float(sys.argv[2])
print(f"gate: F1={f1:.2f} (min {sys.argv[1]}), killed={killed:.2f} (min {sys.argv[2]}): {'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
PY
