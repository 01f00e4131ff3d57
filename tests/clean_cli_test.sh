#!/usr/bin/env bash
# `sitrep clean` from the command line: output shape, --explain, stdin, and bad input
# (malformed JSON line, invalid UTF-8, binary, empty, unreadable path): each gives a
# message naming the file (and line), the other documents still come out, and the exit
# status is 1 only when something was skipped.
set -u
SITREP=${1:?usage: clean_cli_test.sh path/to/sitrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1" >&2; fail=1; fi; }

printf 'Taliban seize Faizabad\n\nThe Taliban captured Faizabad overnight, a lawmaker said.\n\nSubscribe\n' > "$tmp/a.txt"
out=$("$SITREP" clean "$tmp/a.txt"); rc=$?
check "clean ok exit 0" '[ $rc -eq 0 ]'
check "json fields" 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert set([\"id\",\"title\",\"published\",\"published_from\",\"text\",\"sentences\",\"removed\"]) <= set(d); assert d[\"removed\"]==1; assert d[\"id\"]==\"a\"; s,e=d[\"sentences\"][1]; t=d[\"text\"].encode(); assert t[s:e].decode().startswith(\"The Taliban\")" "$out"'
out=$("$SITREP" clean --explain "$tmp/a.txt")
check "explain lists the rule" '[[ "$out" == *"\"rule\":\"subscribe\""* ]]'
out=$("$SITREP" clean --format text - < "$tmp/a.txt"); rc=$?
check "stdin text format" '[ $rc -eq 0 ] && [[ "$out" == *"captured Faizabad"* ]] && [[ "$out" != *"Subscribe"* ]]'

printf '{"id":"x1","text":"The Taliban captured Kunduz."}\n{"id":"x2","text":"broken\n{"id":"x3","text":"Government forces retreated."}\n' > "$tmp/feed.jsonl"
printf 'The Taliban captured \xff\xfe Faizabad.' > "$tmp/bad-utf8.txt"
head -c 4096 /dev/urandom > "$tmp/random.bin.txt"
: > "$tmp/empty.txt"
out=$("$SITREP" clean "$tmp/feed.jsonl" "$tmp/bad-utf8.txt" "$tmp/random.bin.txt" "$tmp/empty.txt" "$tmp/missing.txt" 2> "$tmp/err"); rc=$?
check "skips give exit 1" '[ $rc -eq 1 ]'
check "good documents still come out" '[ "$(printf "%s\n" "$out" | wc -l)" -eq 3 ]'
check "jsonl message names file and line" 'grep -q "feed.jsonl:2: skipped" "$tmp/err"'
check "utf-8 repaired with warning" 'grep -q "bad-utf8.txt.*invalid UTF-8" "$tmp/err"'
check "binary file named" 'grep -q "random.bin.txt.*binary" "$tmp/err"'
check "empty file named" 'grep -q "empty.txt.*empty" "$tmp/err"'
check "missing path named" 'grep -q "missing.txt.*cannot read" "$tmp/err"'

out=$("$SITREP" clean "$tmp/bad-utf8.txt" "$tmp/empty.txt" 2>/dev/null); rc=$?
check "warnings alone give exit 0" '[ $rc -eq 0 ]'

exit $fail
