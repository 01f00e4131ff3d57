#!/usr/bin/env python3
"""HTML main-text extraction on the ScrapingHub article-extraction benchmark.

Runs `sitrep clean --format json` over the benchmark's 181 gzipped pages and scores each
document's text against ground-truth.json's articleBody the way the benchmark defines it
(scrapinghub/article-extraction-benchmark, evaluate.py): texts are split into \\w+ tokens,
shingles are runs of 4 consecutive tokens counted with multiplicity, and per page
tp = sum(min(true, pred)), fp = sum(max(0, pred - true)), fn = sum(max(0, true - pred)),
normalised so that tp + fp + fn = 1 (each page weighs the same). Precision, recall and F1
are computed from the sums over pages; a bootstrap over pages gives the spread.

usage: python3 scripts/eval_extraction.py [--sitrep build/sitrep] [--bench ../shared/peer/article-extraction]
       [--worst N] [--dump DIR]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter

TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text, n=4):
    tokens = TOKEN_RE.findall(text or "")
    out = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        s = " ".join(tokens[i:i + n])
        if s:
            out.append(s)
    return Counter(out)


def match(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(t) | set(p):
        tc, pc = t.get(k, 0), p.get(k, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (0.0, 0.0, 0.0)


def prf(rows):
    tp = sum(r[0] for r in rows)
    fp = sum(r[1] for r in rows)
    fn = sum(r[2] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--sitrep", default=os.path.join(root, "build", "sitrep"))
    ap.add_argument("--bench", default=os.path.join(root, "..", "shared", "peer", "article-extraction"))
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    ap.add_argument("--dump", help="write each page's extracted text to DIR/<id>.txt")
    args = ap.parse_args()

    truth = json.load(open(os.path.join(args.bench, "ground-truth.json"), encoding="utf-8"))
    html_dir = os.path.join(args.bench, "html")
    proc = subprocess.run([args.sitrep, "clean", "--format", "json", html_dir], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit("sitrep clean failed (%d): %s" % (proc.returncode, proc.stderr[-2000:]))
    pred = {}
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        pred[d["id"]] = d["text"]
    rows = {}
    for key, gt in sorted(truth.items()):
        rows[key] = match(gt.get("articleBody", ""), pred.get(key, ""))
    if args.dump:
        os.makedirs(args.dump, exist_ok=True)
        for key in rows:
            with open(os.path.join(args.dump, key + ".txt"), "w", encoding="utf-8") as f:
                f.write(pred.get(key, ""))
    values = [rows[k] for k in sorted(rows)]
    p, r, f = prf(values)
    rng = random.Random(42)
    boot = []
    for _ in range(1000):
        sample = [values[rng.randrange(len(values))] for _ in values]
        boot.append(prf(sample)[2])
    boot.sort()
    missing = sum(1 for k in truth if k not in pred)
    print("pages: %d (no document for %d)" % (len(truth), missing))
    print("precision=%.3f recall=%.3f F1=%.3f (bootstrap 95%% F1 %.3f-%.3f)" % (p, r, f, boot[25], boot[974]))
    if args.worst:
        scored = sorted(rows.items(), key=lambda kv: prf([kv[1]])[2])
        for key, row in scored[:args.worst]:
            pp, rr, ff = prf([row])
            print("  %.3f P=%.3f R=%.3f %s %s" % (ff, pp, rr, key[:16], truth[key].get("url", "")))


if __name__ == "__main__":
    main()
