"""A list of first names, learned from the NER training data and the Bundestag text, for the entity layer
(``link/entities.py``).

Why: the tagger types a foreign or rare full name as an organisation or a place now and then ("Michael Gordon"
as ORG, "Nach dem Sieg von Donald Trump" as LOC, then a speaker of kind *organization*). A name whose first word
is a common first name is a person. Two sources:

* the *training* parts of the NER data (GermEval dev + 4/5 of test, SmartData train, Europarl train + dev): the
  first word of every multi-word PER entity, kept when it starts at least two PER names and starts no more
  ORG/LOC/MISC names than PER names;
* the unlabelled Bundestag text (``raw-german/bundestag.txt.xz``), which names far more people, foreign ones
  too ("Wladimir Putin", "Donald Trump" are in none of the labelled data). A surname there is a capitalised
  word that follows a form of address ("Herr Trump", "Kollegin Künast") at least twice; a first name is a
  capitalised word seen at least ``RAW_MIN`` times, never written in lower case, no role noun, that is followed
  by such a surname in at least half of its occurrences. Words the NER annotators left outside a person's
  name right before it ("Oberst Klein", "der Soziologe Heinz Bude") are roles, not first names, and are dropped.

    python -m quellen.training.first_names --data ../shared/data
"""
from __future__ import annotations

import argparse
import lzma
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..link.entities import FIRST_NAMES
from . import corpora
from .ner_data import read_europarl, smartdata_split

OUT = FIRST_NAMES


def _bio_entities(tokens: list[str], tags: list[str]):
    cur: list[str] = []
    label = None
    for tok, tag in list(zip(tokens, tags)) + [("", "O")]:
        if tag.startswith("I-") and cur and tag[2:] == label:
            cur.append(tok)
            continue
        if cur:
            yield label, cur
        cur, label = ([tok], tag[2:]) if tag.startswith("B-") else ([], None)


def _training_sentences(data: Path) -> list:
    sents = list(corpora.germeval_parts(data)["train"])
    folder = Path(data) / "ner-europarl"
    for name in ("train.tsv", "dev.tsv"):
        sents += read_europarl(folder / name)
    return sents


def count_first_words(data: Path) -> tuple[Counter, Counter]:
    per, other = Counter(), Counter()
    for toks, tags in _training_sentences(data):
        for label, words in _bio_entities(toks, tags):
            if len(words) >= 2:
                (per if label == "PER" else other)[words[0]] += 1
    train, _ = smartdata_split(data)
    for d in train:
        for start, end, label in d["spans"]:
            words = d["text"][start:end].split()
            if len(words) >= 2 and label in ("PER", "ORG", "LOC"):
                (per if label == "PER" else other)[words[0]] += 1
    return per, other


def first_names(data: Path) -> list[str]:
    per, other = count_first_words(data)
    return sorted(w for w, n in per.items() if n >= 2 and n > other[w] and w[:1].isupper() and w.isalpha()
                  and len(w) >= 2)


RAW_MIN = 10
ADDRESS = {"Herr", "Herrn", "Frau", "Kollege", "Kollegin", "Kollegen"}
_CAPITALISED = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáàóòíìúùçğşćčšžřńłýě]+$")


def roles_before_names(data: Path) -> set[str]:
    """Capitalised words tagged outside a name right before a PER entity in the training data ('Oberst')."""
    out = set()
    for toks, tags in _training_sentences(data):
        for i in range(1, len(toks)):
            if tags[i] == "B-PER" and tags[i - 1] == "O" and toks[i - 1][:1].isupper():
                out.add(toks[i - 1])
    return out


def raw_first_names(lines, roles: set[str] = frozenset()) -> list[str]:
    """First names of running text (see the module docstring), from an iterable of lines."""
    from ..link.entities import _role_kind

    total, lower, address = Counter(), Counter(), Counter()
    follow: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        words = line.split()
        for i, w in enumerate(words):
            if w[:1].islower():
                lower[w] += 1
                continue
            if not _CAPITALISED.match(w):
                continue
            total[w] += 1
            nxt = words[i + 1] if i + 1 < len(words) else ""
            core = nxt.rstrip(",.;:!?)")
            if not _CAPITALISED.match(core):
                continue
            follow[w][core] += 1
            after = words[i + 2] if i + 2 < len(words) else ""
            if w in ADDRESS and (core != nxt or not after[:1].isupper()):   # 'Herr Trump hat', 'Herr Trump,'
                address[core] += 1
    surnames = {s for s, n in address.items() if n >= 2 and _role_kind(s) is None}
    names = []
    for w, n in total.items():
        if n < RAW_MIN or w in ADDRESS or w in roles or _role_kind(w) or lower[w.lower()]:
            continue
        hits = sum(c for y, c in follow[w].items() if y in surnames and y != w)
        if hits * 2 >= n:
            names.append(w)
    return sorted(names)


def write_first_names(data: Path, out: Path = OUT) -> str:
    """Learn the list from both sources and write it to ``out``; returns what was written, in words."""
    names = first_names(data)
    note = f"{len(names)} first names from the NER training data"
    raw = Path(data) / "raw-german" / "bundestag.txt.xz"
    if raw.exists():
        with lzma.open(raw, "rt", encoding="utf-8") as fh:
            mined = raw_first_names(fh, roles_before_names(data))
        note += f", {len(mined)} from {raw.name}"
        names = sorted(set(names) | set(mined))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# first names learned from quellen's NER training data and the Bundestag text "
                   "(python -m quellen.training.first_names)\n" + "\n".join(names) + "\n", encoding="utf-8")
    return f"{note}: {len(names)} -> {out}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    print(write_first_names(args.data, args.out))


if __name__ == "__main__":
    main()
