#!/usr/bin/env python3
"""Generates a large help center for build and search benchmarks.

    python3 bench/gen-corpus.py OUT_DIR [--articles 100000] [--seed 7]

Articles are made from the demo content's own sentences (content/), reshuffled, so the text
has the vocabulary, length and Chinese/English mix of real help articles: about two thirds
zh-CN and one third en, 6 to 20 sentences each, with titles and tags drawn from the demo's.
The same seed gives the same corpus.
"""
import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT = re.compile(r"^\+\+\+\n(.*?)\n\+\+\+\n(.*)$", re.S)


def demo_articles():
    """(locale, title, category, tags, sentences) of every demo article."""
    out = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        m = FRONT.match(path.read_text(encoding="utf-8"))
        if not m:
            continue
        front, body = m.groups()
        get = lambda key: (re.search(rf'^{key} = "(.*)"$', front, re.M) or [None, ""])[1]
        tags = re.findall(r'"([^"]+)"', (re.search(r"^tags = \[(.*)\]$", front, re.M) or [None, ""])[1])
        lines = [l.strip() for l in body.splitlines()]
        text = " ".join(l for l in lines if l and not l.startswith(("#", "|", "```")))
        sentences = [s.strip() for s in re.split(r"(?<=[。！？.!?])\s*", text) if len(s.strip()) > 6]
        out.append((get("locale"), get("title"), get("category"), tags, sentences))
    return out


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    demo = demo_articles()
    by_locale = {loc: [a for a in demo if a[0] == loc] for loc in {a[0] for a in demo}}
    pools = {loc: [s for a in arts for s in a[4]] for loc, arts in by_locale.items()}
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    for n in range(args.articles):
        locale = "en" if n % 3 == 2 else "zh-CN"
        _, title, category, tags, own = rng.choice(by_locale[locale])
        # Keep the article's own sentences first, then borrow from the rest of its language.
        body = own[: rng.randint(2, 6)] + rng.sample(pools[locale], rng.randint(4, 14))
        suffix = f"（{n}）" if locale != "en" else f" ({n})"
        folder = out / locale / f"{n // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag_list = ", ".join(toml_string(t) for t in rng.sample(tags, min(len(tags), rng.randint(2, 5))))
        paragraphs = "\n\n".join(" ".join(body[i : i + 3]) for i in range(0, len(body), 3))
        (folder / f"a{n}.md").write_text(
            "+++\n"
            f'id = "a{n}"\n'
            f"title = {toml_string(title + suffix)}\n"
            f"category = {toml_string(category)}\n"
            f"tags = [{tag_list}]\n"
            f'locale = "{locale}"\n'
            "+++\n\n"
            f"{paragraphs}\n",
            encoding="utf-8",
        )
    print(f"wrote {args.articles} articles under {out}")


if __name__ == "__main__":
    main()
