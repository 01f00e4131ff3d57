#!/usr/bin/env bash
# `sitrep ingest` at the command line, as an operator meets it:
#  - kill -9 in the middle of a large ingest leaves a consistent database (integrity check,
#    every stored article whole: its events, each event in a fused event, no orphans);
#  - re-running the same ingest completes it: every article once, and the same fused events,
#    byte for byte, as one uninterrupted ingest;
#  - a reader (`sitrep events`, `sitrep control`) answers while the ingest writes;
#  - a database another process holds locked: a clear message and a non-zero exit, nothing lost.
set -uo pipefail
SITREP=${1:?usage: ingest_cli_test.sh path/to/sitrep}
SHARED=${SITREP_SHARED:-../shared}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
say_fail() { echo "FAIL: $*" >&2; fail=1; }

# The dev articles and examples/ repeated under distinct ids and dates (a week apart): an
# ingest of several transactions (64 articles each).
N=${SITREP_INGEST_TEST_COPIES:-16}
python3 scripts/repeat_corpus.py "$N" "$SHARED/eval/dev/input.jsonl" examples/articles.jsonl > "$tmp/corpus.jsonl"
total=$(wc -l < "$tmp/corpus.jsonl")

count() {  # count DB TABLE
  python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute('SELECT count(*) FROM '+sys.argv[2]).fetchone()[0])" "$1" "$2" 2>/dev/null || echo 0
}

# One uninterrupted ingest: the reference.
"$SITREP" ingest --quiet --db "$tmp/ref.db" "$tmp/corpus.jsonl" || say_fail "reference ingest exited $?"
"$SITREP" events --db "$tmp/ref.db" --format jsonl > "$tmp/ref.jsonl" || say_fail "events on the reference"

# Interrupted: batches of one article so that a kill lands between and inside transactions.
"$SITREP" ingest --quiet --threads 1 --db "$tmp/k.db" "$tmp/corpus.jsonl" &
pid=$!
stored=0
for _ in $(seq 1 600); do
  stored=$(count "$tmp/k.db" articles)
  [ "$stored" -ge 1 ] && break
  sleep 0.05
done
# A reader while the writer runs.
"$SITREP" events --db "$tmp/k.db" --format jsonl > "$tmp/during.jsonl" || say_fail "sitrep events during an ingest exited $?"
"$SITREP" control --db "$tmp/k.db" --format jsonl > /dev/null || say_fail "sitrep control during an ingest exited $?"
python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$tmp/during.jsonl" || say_fail "events during an ingest: not JSON Lines"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
after_kill=$(count "$tmp/k.db" articles)
echo "killed after $after_kill of $total articles"
[ "$after_kill" -lt "$total" ] || echo "note: the ingest finished before the kill (fast machine); the re-run still has to change nothing"
python3 - "$tmp/k.db" "$tmp/ref.db" <<'PY' || say_fail "database inconsistent after kill -9"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check"
assert not c.execute("PRAGMA foreign_key_check").fetchall(), "foreign keys"
q = lambda sql: c.execute(sql).fetchone()[0]
assert q("SELECT count(*) FROM events WHERE fused_id NOT IN (SELECT id FROM fused)") == 0, "event without fused"
assert q("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)") == 0, "orphan event"
assert q("SELECT count(*) FROM fused WHERE sources_count != (SELECT count(*) FROM events e WHERE e.fused_id = fused.id)") == 0, "fused count"
# Every stored article is whole: the events and control facts the uninterrupted ingest stored for it.
per_article = """SELECT a.doc_id, (SELECT count(*) FROM events e WHERE e.article_id = a.id),
                         (SELECT count(*) FROM control k WHERE k.article_id = a.id) FROM articles a"""
ref = {d: (n, k) for d, n, k in sqlite3.connect(sys.argv[2]).execute(per_article)}
bad = [(d, n, k, ref.get(d)) for d, n, k in c.execute(per_article) if ref.get(d) != (n, k)]
assert not bad, f"articles stored in part (doc, events, control, reference): {bad[:5]}"
PY

# Re-run: completes, no duplicates, the same fused events as the uninterrupted ingest.
"$SITREP" ingest --quiet --db "$tmp/k.db" "$tmp/corpus.jsonl" || say_fail "re-run after kill exited $?"
[ "$(count "$tmp/k.db" articles)" -eq "$total" ] || say_fail "after the re-run: $(count "$tmp/k.db" articles) articles, want $total"
for t in events fused control; do
  [ "$(count "$tmp/k.db" $t)" -eq "$(count "$tmp/ref.db" $t)" ] ||
    say_fail "$t: $(count "$tmp/k.db" $t) after kill and re-run, $(count "$tmp/ref.db" $t) in one run"
done
"$SITREP" events --db "$tmp/k.db" --format jsonl > "$tmp/k.jsonl"
cmp -s "$tmp/ref.jsonl" "$tmp/k.jsonl" || say_fail "fused events after kill and re-run differ from one uninterrupted ingest"
# Once more: nothing changes.
"$SITREP" ingest --quiet --db "$tmp/k.db" "$tmp/corpus.jsonl" || say_fail "third ingest exited $?"
"$SITREP" events --db "$tmp/k.db" --format jsonl | cmp -s - "$tmp/ref.jsonl" || say_fail "a repeated ingest changed the fused events"

# Locked by another process: a clear message, exit 3, the database unchanged.
python3 - "$tmp/k.db" "$tmp/locked" <<'PY' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(300)  # killed below, once the ingest has met the lock
PY
pid=$!
for _ in $(seq 1 1200); do [ -f "$tmp/locked" ] && break; sleep 0.05; done
head -3 "$SHARED/eval/dev/input.jsonl" | sed 's/"id": "/"id": "locked-/' > "$tmp/more.jsonl"
out=$("$SITREP" ingest --quiet --db "$tmp/k.db" "$tmp/more.jsonl" 2>&1 >/dev/null)
rc=$?
[[ $rc -eq 3 && $out =~ "locked by another process" && $out =~ k.db ]] || say_fail "locked database: exit $rc, stderr: $out"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
[ "$(count "$tmp/k.db" articles)" -eq "$total" ] || say_fail "the locked attempt changed the database"
exit $fail
