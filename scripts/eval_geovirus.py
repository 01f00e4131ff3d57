#!/usr/bin/env python3
"""GeoVirus geocoding accuracy for `sitrep geocode`.

Feeds the 238 GeoVirus articles (Gritta et al. 2018; ../shared/peer/geovirus/GeoVirus.xml)
to `sitrep geocode` as JSONL records and compares each gold toponym with the predicted
toponym that overlaps its character span. A gold toponym with no overlapping prediction
counts as wrong (error = 20,038 km, half the Earth's circumference).

Prints: accuracy within 161 km (the benchmark's figure), median and mean error in km,
recognition recall, and with --verbose every miss.

    python3 scripts/eval_geovirus.py [--sitrep build/sitrep] [--gazetteer FILE] [--verbose]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HALF_EARTH_KM = 20038.0


def haversine(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sitrep", default=os.path.join(root, "build", "sitrep"))
    ap.add_argument("--gazetteer", default=None)
    ap.add_argument("--xml", default=os.path.join(root, "..", "shared", "peer", "geovirus", "GeoVirus.xml"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    articles = []
    for i, a in enumerate(ET.parse(args.xml).getroot().iter("article")):
        text = a.find("text").text or ""
        gold = []
        for loc in a.iter("location"):
            gold.append({
                "name": loc.find("name").text,
                "start": int(loc.find("start").text),
                "end": int(loc.find("end").text),
                "lat": float(loc.find("lat").text),
                "lon": float(loc.find("lon").text),
                "page": loc.find("page").text if loc.find("page") is not None else "",
            })
        articles.append({"id": "geovirus-%03d" % i, "text": text, "gold": gold})

    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "geovirus.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps({"id": a["id"], "text": a["text"]}, ensure_ascii=False) + "\n")
        cmd = [args.sitrep, "geocode", inp]
        if args.gazetteer:
            cmd += ["--gazetteer", args.gazetteer]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit("sitrep geocode failed (%d): %s" % (out.returncode, out.stderr.strip()))

    preds = {}
    for line in out.stdout.splitlines():
        p = json.loads(line)
        preds.setdefault(p["doc_id"], []).append(p)

    errors, recognised, misses, same_entity = [], 0, [], 0
    for a in articles:
        text_bytes = a["text"].encode("utf-8")
        spans = []
        for p in preds.get(a["id"], []):
            # byte offsets -> character offsets of the same text
            cs = len(text_bytes[: p["start"]].decode("utf-8", errors="replace"))
            ce = len(text_bytes[: p["end"]].decode("utf-8", errors="replace"))
            spans.append((cs, ce, p))
        for g in a["gold"]:
            hit = None
            for cs, ce, p in spans:
                if cs < g["end"] and g["start"] < ce:
                    hit = p
                    break
            if hit is None:
                errors.append(HALF_EARTH_KM)
                misses.append((a["id"], g["name"], "not recognised", ""))
                continue
            recognised += 1
            km = haversine(g["lat"], g["lon"], hit["lat"], hit["lon"])
            errors.append(km)
            # Diagnostic only: a country, province or region resolved to the entity the gold
            # Wikipedia page names, whose centre point follows another convention.
            page = (g.get("page") or "").rsplit("/", 1)[-1].replace("_", " ")
            if km > 161 and hit["feature"] in ("country", "province", "region") and page and (
                    page.split(" (")[0].lower() in (hit["name"].lower(), hit["admin1"].lower())):
                same_entity += 1
            if km > 161:
                misses.append((a["id"], g["name"], "%.0f km" % km,
                               "%s (%s, %s, %s)" % (hit["name"], hit["admin1"], hit["country"], hit["feature"])))

    n = len(errors)
    within = sum(1 for e in errors if e <= 161)
    if args.verbose:
        for m in misses:
            print("MISS %s %-28s %-16s %s" % m)
    print("gold toponyms: %d, recognised: %d (%.3f)" % (n, recognised, recognised / n))
    print("median error km (unrecognised = %.0f): %.1f" % (HALF_EARTH_KM, statistics.median(errors)))
    rec = [e for e, in zip(errors) if e < HALF_EARTH_KM]
    if rec:
        print("median error km over recognised: %.1f" % statistics.median(rec))
    print("accuracy@161km: %.3f (%d/%d)" % (within / n, within, n))
    print("diagnostic: + right country/province/region entity beyond 161 km (centre-point convention): "
          "%.3f (%d more)" % ((within + same_entity) / n, same_entity))


if __name__ == "__main__":
    main()
