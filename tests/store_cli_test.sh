#!/usr/bin/env bash
# sitrep events / control on databases they must refuse: a clear message naming the file and
# exit status 3 (could not run), never output read from a file sitrep did not understand.
set -uo pipefail
SITREP=${1:?usage: store_cli_test.sh path/to/sitrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

expect() {  # expect STATUS PATTERN -- command...
  local want=$1 pattern=$2
  shift 3
  local out rc
  out=$("$@" 2>&1 >/dev/null)
  rc=$?
  if [[ $rc -ne $want || ! $out =~ $pattern ]]; then
    echo "FAIL: $* -> exit $rc (want $want), stderr: $out" >&2
    fail=1
  fi
}

expect 3 "no such database" -- "$SITREP" events --db "$tmp/missing.db"
expect 3 "no such database" -- "$SITREP" control --db "$tmp/missing.db"

head -c 8192 /dev/urandom > "$tmp/corrupt.db"
expect 3 "corrupt.db: not a sitrep database, or corrupt" -- "$SITREP" events --db "$tmp/corrupt.db"
expect 3 "corrupt.db: not a sitrep database, or corrupt" -- "$SITREP" control --db "$tmp/corrupt.db"

python3 - "$tmp" <<'PY'
import sqlite3, sys
d = sys.argv[1]
c = sqlite3.connect(d + "/foreign.db"); c.execute("CREATE TABLE t(x)"); c.commit(); c.close()
c = sqlite3.connect(d + "/newer.db")
c.execute("PRAGMA application_id = %d" % 0x53495452); c.execute("PRAGMA user_version = 999")
c.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)"); c.commit(); c.close()
PY
expect 3 "did not write" -- "$SITREP" events --db "$tmp/foreign.db"
expect 3 "newer sitrep \(schema 999" -- "$SITREP" events --db "$tmp/newer.db" --format csv
expect 3 "newer sitrep" -- "$SITREP" control --db "$tmp/newer.db"

expect 2 "unknown --format" -- "$SITREP" events --db "$tmp/newer.db" --format xml
expect 2 "not a date" -- "$SITREP" control --db "$tmp/newer.db" --as-of 2021-13-01
expect 2 "" -- "$SITREP" events

exit $fail
