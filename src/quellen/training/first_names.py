"""A list of first names, learned from the NER training data, for the entity layer (``link/entities.py``).

Why: the tagger types a foreign or rare full name as an organisation now and then ("Michael Gordon" as ORG,
then a speaker of kind *organization*). A name whose first word is a common first name is a person. The list
is taken from the *training* parts only (GermEval dev + 4/5 of test, SmartData train, Europarl train + dev):
the first word of every multi-word PER entity, kept when it starts at least two PER names and starts no
more ORG/LOC/MISC names than PER names.

    python -m quellen.training.first_names --data ../shared/data
"""
from __future__ import annotations

import argparse
from collections import Counter
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


def count_first_words(data: Path) -> tuple[Counter, Counter]:
    per, other = Counter(), Counter()
    sents = list(corpora.germeval_parts(data)["train"])
    folder = Path(data) / "ner-europarl"
    for name in ("train.tsv", "dev.tsv"):
        sents += read_europarl(folder / name)
    for toks, tags in sents:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    names = first_names(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("# first names learned from quellen's NER training data "
                        "(python -m quellen.training.first_names)\n" + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} first names -> {args.out}")


if __name__ == "__main__":
    main()
