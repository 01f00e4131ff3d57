#!/usr/bin/env python3
"""Writes data/clean/html_entities.tsv: the HTML named character references.

The table is the WHATWG HTML Living Standard's (https://html.spec.whatwg.org/entities.json,
(c) WHATWG, CC BY 4.0), read from Python 3's copy of it (html.entities.html5), so that no
download is needed. One row per name: name (without ';'), code points in hex, and `legacy`
when browsers also accept the name without the closing ';' ("&nbsp", "&copy").

usage: python3 scripts/gen_html_entities.py > data/clean/html_entities.tsv
"""
import html.entities
import sys

table = html.entities.html5
out = sys.stdout
out.write("# HTML named character references: name<TAB>code points (hex)<TAB>legacy\n")
out.write("# `legacy` names are also recognised without the closing ';' (\"&amp\", \"&nbsp\"), as browsers do.\n")
out.write("# Source: the WHATWG HTML Living Standard's table of named character references\n")
out.write("# (https://html.spec.whatwg.org/entities.json), read from Python 3's html.entities.html5;\n")
out.write("# see README.md.\n")
for key in sorted(k for k in table if k.endswith(";")):
    name = key[:-1]
    row = name + "\t" + " ".join("%X" % ord(c) for c in table[key])
    if name in table:
        assert table[name] == table[key]
        row += "\tlegacy"
    out.write(row + "\n")
