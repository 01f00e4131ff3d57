#!/usr/bin/env bash
# sitrep gazetteer build / geocode from the outside: malformed GeoNames rows are reported with
# file:line and skipped (exit 1) while the rest is compiled and usable; a missing or corrupt
# gazetteer is refused with a message naming it (exit 3); output is byte-identical across runs.
set -uo pipefail
SITREP=${1:?usage: places_cli_test.sh path/to/sitrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$1"; then echo "FAIL: $2" >&2; fail=1; fi; }

mkdir -p "$tmp/gn"
printf 'AF\tAFG\t004\tAF\tAfghanistan\tKabul\t647500\t37172386\tAS\t.af\tAFN\tAfghani\t93\t\t\tfa-AF\t1149361\tTM\t\n' > "$tmp/gn/countryInfo.txt"
printf 'AF.13\tKabul\tKabul\t1138957\nAF.30\tBalkh\tBalkh\t1147288\n' > "$tmp/gn/admin1CodesASCII.txt"
{
  printf '1138958\tKabul\tKabul\tKabol\t34.52813\t69.17233\tP\tPPLC\tAF\t\t13\t\t\t\t3043532\t\t1808\tAsia/Kabul\t2019-01-01\n'
  printf '1133616\tMazār-e Sharīf\tMazar-e Sharif\tMazar-i-Sharif\t36.70904\t67.11087\tP\tPPLA\tAF\t\t30\t\t\t\t303282\t\t369\tAsia/Kabul\t2019-01-01\n'
  printf '42\tBroken\tBroken\t\tnorth\t67.0\tP\tPPL\tAF\t\t30\t\t\t\t10\t\t1\tAsia/Kabul\t2019-01-01\n'
} > "$tmp/gn/cities15000.txt"
printf 'country\tAF\tAfghanistan\t-\tAfghan|Afghans\tKabul\t33.0\t65.0\n' > "$tmp/extra.tsv"

"$SITREP" gazetteer build --geonames "$tmp/gn" --extra "$tmp/extra.tsv" --out "$tmp/g.bin" 2> "$tmp/err"
rc=$?
check '[[ $rc -eq 1 ]]' "gazetteer build with a bad row: exit $rc, want 1"
check 'grep -q "cities15000.txt:3: skipped" "$tmp/err"' "bad row not reported with file:line: $(cat "$tmp/err")"
check '[[ -s "$tmp/g.bin" ]]' "gazetteer not written"

printf 'Afghan forces held Mazar-i-Sharif while Kabul waited.\n' > "$tmp/a.txt"
out=$("$SITREP" geocode --gazetteer "$tmp/g.bin" "$tmp/a.txt")
check '[[ $? -eq 0 ]]' "geocode failed"
check 'grep -q "\"text\":\"Mazar-i-Sharif\",\"start\":19,\"end\":33,\"name\":\"Mazār-e Sharīf\"" <<<"$out"' "Mazar-i-Sharif not resolved: $out"
check 'grep -q "\"text\":\"Afghan\".*\"country_ref\":true" <<<"$out"' "Afghan not a country reference: $out"
check '[[ $(wc -l <<<"$out") -eq 3 ]]' "want 3 toponyms: $out"
again=$("$SITREP" geocode --gazetteer "$tmp/g.bin" "$tmp/a.txt")
check '[[ "$out" == "$again" ]]' "geocode output differs between runs"

"$SITREP" gazetteer build --geonames "$tmp/gn" --extra "$tmp/extra.tsv" --out "$tmp/g2.bin" 2>/dev/null
check 'cmp -s "$tmp/g.bin" "$tmp/g2.bin"' "gazetteer build is not deterministic"
"$SITREP" gazetteer build --if-stale --geonames "$tmp/gn" --extra "$tmp/extra.tsv" --out "$tmp/g2.bin" 2> "$tmp/err2"
check 'grep -q "up to date" "$tmp/err2"' "--if-stale rebuilt an up-to-date gazetteer"

"$SITREP" geocode --gazetteer "$tmp/missing.bin" "$tmp/a.txt" > /dev/null 2> "$tmp/err3"
rc=$?
check '[[ $rc -eq 3 ]] && grep -q "missing.bin" "$tmp/err3"' "missing gazetteer: exit $rc, $(cat "$tmp/err3")"
head -c 1000 "$tmp/g.bin" > "$tmp/cut.bin"
"$SITREP" geocode --gazetteer "$tmp/cut.bin" "$tmp/a.txt" > /dev/null 2> "$tmp/err4"
rc=$?
check '[[ $rc -eq 3 ]] && grep -q "cut.bin" "$tmp/err4"' "truncated gazetteer: exit $rc, $(cat "$tmp/err4")"

"$SITREP" gazetteer build --geonames "$tmp/nowhere" --extra "$tmp/extra.tsv" --out "$tmp/g3.bin" 2> /dev/null
rc=$?
check '[[ $rc -ne 0 ]]' "a missing GeoNames folder must not pass silently"
exit $fail
