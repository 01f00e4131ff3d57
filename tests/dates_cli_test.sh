#!/usr/bin/env bash
# `sitrep dates`: output format, exit statuses, and clear messages for bad anchors and dates.
# Usage: tests/dates_cli_test.sh path/to/sitrep
set -uo pipefail
SITREP=${1:?usage: $0 path/to/sitrep}
fail=0
check() {  # name, condition result
  if [ "$2" -ne 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}

out=$("$SITREP" dates --anchor 2021-08-31 --text 'Kabul, Aug. 31 (EFE).- Attacks overnight.' 2>/dev/null)
check "exit 0 on good input" $?
expected='{"text":"Aug. 31","start":7,"end":14,"value":{"start":"2021-08-31","end":"2021-08-31","precision":"day"},"kind":"date","tense":"present"}
{"text":"overnight","start":31,"end":40,"value":{"start":"2021-08-30","end":"2021-08-31","precision":"days"},"kind":"interval","tense":"present"}'
[ "$out" = "$expected" ]; check "one JSON line per expression, exact format" $?

err=$("$SITREP" dates --anchor 2021-02-30 --text 'yesterday' 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ]; check "impossible anchor exits 2 (got $rc)" $?
[[ "$err" == *"February 2021 has no day 30"* ]]; check "impossible anchor message: $err" $?

err=$("$SITREP" dates --anchor tomorrow --text 'yesterday' 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [[ "$err" == *"expected YYYY-MM-DD"* ]]; check "non-date anchor rejected: $err" $?

err=$("$SITREP" dates --text 'yesterday' 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [[ "$err" == *"needs --anchor"* ]]; check "no anchor, no clock: $err" $?

out=$("$SITREP" dates --anchor 2021-08-31 --text 'Talks were set for February 30, then moved to Sept. 2.' 2>"${TMPDIR:-/tmp}/dates_cli_err.$$"); rc=$?
err=$(cat "${TMPDIR:-/tmp}/dates_cli_err.$$"); rm -f "${TMPDIR:-/tmp}/dates_cli_err.$$"
[ $rc -eq 0 ]; check "impossible date in text is a warning, not a failure (rc $rc)" $?
[[ "$err" == *"February 30"*"no such date"* ]]; check "impossible date named: $err" $?
[[ "$out" == *'"text":"Sept. 2"'* ]] && [[ "$out" != *"February"* ]]; check "the good date after it is kept" $?

err=$("$SITREP" dates --anchor 2021-08-31 /nonexistent/article.txt 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ "$err" == *"/nonexistent/article.txt"* ]]; check "unreadable input named, exit 1 (rc $rc)" $?

# Articles: each against its own published date; one without a date is skipped by name.
tmp=$(mktemp -d)
printf '%s\n' '{"id":"a1","published":"2021-08-31","text":"The Taliban launched attacks overnight, sources said on Tuesday."}' \
  '{"id":"a2","published":"2021-06-22","text":"Ghani will travel to Washington on Friday."}' \
  '{"id":"a3","text":"The city fell yesterday."}' >"$tmp/in.jsonl"
out=$("$SITREP" dates "$tmp/in.jsonl" 2>"$tmp/err"); rc=$?
[ $rc -eq 1 ]; check "an article without a date makes exit 1 (rc $rc)" $?
grep -q 'in.jsonl.*no publication date' "$tmp/err"; check "the dateless article is named: $(cat "$tmp/err")" $?
[[ "$out" == *'"text":"Friday","start":35,"end":41,"value":{"start":"2021-06-25","end":"2021-06-25","precision":"day"},"kind":"date","tense":"future","doc":"a2","anchor":"2021-06-22"}'* ]]
check "each article resolved against its own date" $?
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ]; check "three expressions from the two dated articles" $?
out=$("$SITREP" dates --anchor 2021-08-31 "$tmp/in.jsonl" 2>/dev/null); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *'"text":"yesterday"'*'"start":"2021-08-30"'* ]]; check "--anchor overrides and dates every article (rc $rc)" $?
rm -rf "$tmp"

exit $fail
