#!/usr/bin/env bash
# Quality gate for the committed syntax model: `sitrep parse --eval` on the UD English
# EWT test set (gold tokenisation) must still reach the figures recorded in
# models/syntax/README.md, so a change to the tagger, parser or model cannot lower
# them silently. Usage: syntax_eval_test.sh path/to/sitrep
set -euo pipefail
SITREP=${1:?usage: $0 path/to/sitrep}
cd "$(dirname "$0")/.."
UD=${SITREP_SHARED:-../shared}/data/ud-english-ewt
# The figures the models reached when they were trained (see models/syntax/README.md),
# less 0.001 for processors whose float kernels round differently (the 8-bit products give
# the same bits everywhere; the LSTM's nonlinearities and the score sums need not).
MIN_UPOS=0.955 MIN_UAS=0.874 MIN_LAS=0.841
FAST_UPOS=0.955 FAST_UAS=0.854 FAST_LAS=0.819

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
line=$("$SITREP" parse --eval "$UD/en_ewt-ud-test.conllu" --output "$OUT")
echo "$line"
# --output: the parses of the gold tokens, one block per gold sentence, forms unchanged.
python3 - "$UD/en_ewt-ud-test.conllu" "$OUT" <<'PY'
import sys
def words(path):
    out, cur = [], []
    for l in open(path, encoding="utf-8"):
        l = l.rstrip("\n")
        if not l:
            if cur: out.append(cur); cur = []
        elif not l.startswith("#"):
            f = l.split("\t")
            if f[0].isdigit(): cur.append(f)
    return out + ([cur] if cur else [])
gold, got = words(sys.argv[1]), words(sys.argv[2])
assert len(gold) == len(got), (len(gold), len(got))
for g, p in zip(gold, got):
    assert [r[1] for r in g] == [r[1] for r in p], (g, p)
    assert [int(r[6]) for r in p].count(0) == 1, p
print(f"--output: {len(got)} sentences ok")
PY
# check_figures LINE UPOS UAS LAS: the --eval line reaches the three minimums.
check_figures() {
python3 - "$1" "$2" "$3" "$4" <<'PY'
import re, sys
line, mins = sys.argv[1], dict(zip(("UPOS", "UAS", "LAS"), map(float, sys.argv[2:5])))
m = re.fullmatch(r"UPOS=(\d\.\d{3}) UAS=(\d\.\d{3}) LAS=(\d\.\d{3}) sentences_per_s=(\d+)", line)
if not m:
    sys.exit(f"unexpected --eval line: {line!r}")
got = dict(zip(("UPOS", "UAS", "LAS"), map(float, m.groups()[:3])))
bad = [f"{k}={got[k]:.3f} < {mins[k]:.3f}" for k in mins if got[k] < mins[k]]
if int(m.group(4)) <= 0:
    bad.append("sentences_per_s is not positive")
if bad:
    sys.exit("syntax quality regressed: " + ", ".join(bad))
PY
}
check_figures "$line" "$MIN_UPOS" "$MIN_UAS" "$MIN_LAS"
# The fast model (transition parser; the event stage's default) keeps its own figures.
fast=$("$SITREP" parse --model models/syntax/en_ewt_fast.model --eval "$UD/en_ewt-ud-test.conllu")
echo "fast: $fast"
check_figures "$fast" "$FAST_UPOS" "$FAST_UAS" "$FAST_LAS"

# Bad input: a missing file is reported by name with a non-zero status, not a crash.
if "$SITREP" parse --eval /nonexistent/x.conllu 2>/tmp/syntax_eval_err.$$; then
  echo "expected failure on a missing file" >&2; exit 1
fi
grep -q "/nonexistent/x.conllu" /tmp/syntax_eval_err.$$
rm -f /tmp/syntax_eval_err.$$
# Articles in, CoNLL-U out: every sentence a tree with one root, lemmas filled in.
SEED=${SITREP_SHARED:-../shared}/seeds/002_14c74eb7363e6d24.txt
"$SITREP" parse "$SEED" | python3 -c '
import sys
blocks = [b for b in sys.stdin.read().split("\n\n") if b.strip()]
assert blocks and blocks[0].startswith("# newdoc id = 002_14c74eb7363e6d24"), blocks[:1]
sentences = 0
for b in blocks:
    rows = [l.split("\t") for l in b.splitlines() if l and not l.startswith("#")]
    if not rows: continue
    sentences += 1
    assert all(len(r) == 10 for r in rows), b
    heads = [int(r[6]) for r in rows]
    assert heads.count(0) == 1, b
    assert all(0 <= h <= len(rows) and h != i + 1 for i, h in enumerate(heads)), b
    assert all(r[2] not in ("", "_") or r[1] == "_" for r in rows), b
fled = [r for b in blocks for r in (l.split("\t") for l in b.splitlines()) if len(r) == 10 and r[1] == "fled"]
assert fled and fled[0][2] == "flee" and fled[0][3] == "VERB", fled
assert sentences >= 5, sentences
print(f"parse INPUTS: {sentences} sentences ok")
'
echo "syntax eval gate: ok"
