#!/usr/bin/env bash
# sitrep extract as a whole program: the output does not depend on --threads (several batches,
# uneven articles), a malformed input line is named and skipped (exit 1) without losing the
# good articles around it, --explain and --control add what they promise.
set -uo pipefail
SITREP=${1:?usage: extract_cli_test.sh path/to/sitrep}
SHARED=${SITREP_SHARED:-../shared}
DEV="$SHARED/eval/dev/input.jsonl"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*" >&2; fail=1; }

# The five seed articles x14 under distinct ids: 70 articles, more than one batch on 1 and 2 threads.
python3 - "$DEV" 14 > "$tmp/corpus.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for i in range(int(sys.argv[2])):
    for r in recs:
        r2 = dict(r); r2["id"] = f"{r['id']}-{i}"
        print(json.dumps(r2))
PY

for t in 1 2 3; do
  "$SITREP" extract --threads "$t" "$tmp/corpus.jsonl" > "$tmp/out$t.jsonl" 2>"$tmp/err$t" || say "--threads $t: exit $?"
done
[ -s "$tmp/out1.jsonl" ] || say "no events from the seed articles"
cmp -s "$tmp/out1.jsonl" "$tmp/out2.jsonl" || say "output differs between --threads 1 and 2"
cmp -s "$tmp/out1.jsonl" "$tmp/out3.jsonl" || say "output differs between --threads 1 and 3"
# Each article's events are the same whichever copy: 14 copies give 14 times the events of one.
n1=$(grep -c '"doc_id":"002_14c74eb7363e6d24-0"' "$tmp/out1.jsonl")
n13=$(grep -c '"doc_id":"002_14c74eb7363e6d24-13"' "$tmp/out1.jsonl")
[[ $n1 -gt 0 && $n1 -eq $n13 ]] || say "copies of one article gave $n1 and $n13 events"

# A malformed line between good ones: named on stderr, exit 1, the good articles still extracted.
{ head -n 2 "$DEV"; echo '{"id": "broken", "text": '; tail -n 3 "$DEV"; } > "$tmp/mixed.jsonl"
"$SITREP" extract "$tmp/mixed.jsonl" > "$tmp/mixed.out" 2>"$tmp/mixed.err"
rc=$?
[[ $rc -eq 1 ]] || say "malformed line: exit $rc (want 1)"
grep -q "mixed.jsonl:3" "$tmp/mixed.err" || say "malformed line not named: $(cat "$tmp/mixed.err")"
for id in 000_9f945a8645a002a7 004_12a958782a35a2b3; do
  grep -q "\"doc_id\":\"$id\"" "$tmp/mixed.out" || say "good article $id lost next to a malformed line"
done

# --explain: every line has the trigger and the rule; --control: claims as JSON Lines.
"$SITREP" extract --explain --control "$tmp/control.jsonl" "$DEV" > "$tmp/explain.jsonl" 2>/dev/null ||
  say "--explain --control: exit $?"
python3 - "$tmp/explain.jsonl" "$tmp/control.jsonl" <<'PY' || fail=1
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
assert events, "no events"
for e in events:
    x = e.get("explain")
    assert x and x["trigger"] and "triggers.tsv line" in x["rule"], f"no explanation: {e['event_id']}"
claims = [json.loads(l) for l in open(sys.argv[2])]
assert any(c["place"]["name"] and c["controller"] == "Taliban" for c in claims), "no Taliban control claim"
PY

exit $fail
