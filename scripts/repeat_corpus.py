#!/usr/bin/env python3
"""Repeat article records N times as a corpus for timers and tests.

    python3 scripts/repeat_corpus.py N FILE.jsonl... > corpus.jsonl

Each copy gets a distinct id ("<id>-<i>") and, where the record has one, a publication date
moved on by a week per copy: the store keeps one copy of an identical text (same text and
date), so copies that differed only in id would be skipped as duplicates.
"""
import datetime
import json
import sys


def main():
    n = int(sys.argv[1])
    recs = []
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            recs += [json.loads(line) for line in f if line.strip()]
    for i in range(n):
        for r in recs:
            r2 = dict(r)
            r2["id"] = f"{r['id']}-{i}"
            if r.get("published"):
                d = datetime.date.fromisoformat(r["published"][:10]) + datetime.timedelta(days=7 * i)
                r2["published"] = d.isoformat()
            print(json.dumps(r2))


if __name__ == "__main__":
    main()
