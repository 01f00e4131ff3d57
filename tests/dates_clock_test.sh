#!/usr/bin/env bash
# Proves `sitrep dates` never reads the system clock: the same text and anchor give
# byte-identical output while the clock (time, gettimeofday, clock_gettime, as seen through
# an LD_PRELOAD shim built here) and TZ are set to very different moments.
# Usage: tests/dates_clock_test.sh path/to/sitrep
set -euo pipefail
SITREP=${1:?usage: $0 path/to/sitrep}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/fakeclock.c" <<'C'
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
static time_t fake(void) { const char* s = getenv("FAKE_EPOCH"); return s ? (time_t)atoll(s) : 0; }
time_t time(time_t* t) { time_t v = fake(); if (t) *t = v; return v; }
int gettimeofday(struct timeval* tv, void* tz) { (void)tz; if (tv) { tv->tv_sec = fake(); tv->tv_usec = 0; } return 0; }
int clock_gettime(clockid_t id, struct timespec* ts) { (void)id; if (ts) { ts->tv_sec = fake(); ts->tv_nsec = 0; } return 0; }
int timespec_get(struct timespec* ts, int base) { if (ts) { ts->tv_sec = fake(); ts->tv_nsec = 0; } return base; }
C
${CC:-cc} -shared -fPIC -O2 -o "$work/fakeclock.so" "$work/fakeclock.c"

# The shim works: a program asking for the year sees the fake one.
year=$(FAKE_EPOCH=2000000000 LD_PRELOAD="$work/fakeclock.so" TZ=UTC date +%Y)
[ "$year" = 2033 ] || { echo "FAIL: the clock shim is not effective (date says $year)"; exit 1; }

text='Kabul, Aug. 31 (EFE).- The Taliban launched attacks overnight, sources said on Tuesday. The group will meet on Friday. Fighting has raged since May, and last week, in the past 24 hours, in July, this year, next month and two days ago.'
run() {  # FAKE_EPOCH TZ
  FAKE_EPOCH=$1 TZ=$2 LD_PRELOAD="$work/fakeclock.so" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
    "$SITREP" dates --anchor 2021-08-31 --text "$text"
}
run 0 UTC >"$work/a"                         # 1970
run 2000000000 Asia/Kabul >"$work/b"         # 2033
run 946684800 America/Los_Angeles >"$work/c" # 2000
"$SITREP" dates --anchor 2021-08-31 --text "$text" >"$work/d"  # the real clock

lines=$(wc -l <"$work/a")
[ "$lines" -ge 10 ] || { echo "FAIL: expected at least 10 expressions, got $lines"; cat "$work/a"; exit 1; }
for f in b c d; do
  cmp -s "$work/a" "$work/$f" || { echo "FAIL: output changed with the clock ($f)"; diff "$work/a" "$work/$f"; exit 1; }
done
echo "ok: $lines expressions, identical under four clocks"
