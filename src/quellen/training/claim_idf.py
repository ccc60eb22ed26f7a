"""Build the fixed stem document-frequency table that the claim ledger weighs content words with.

Why a shipped table and not the ledger's own corpus counts: a pair score that depended on the corpus would change
whenever articles arrive, so an incremental ledger could never equal a rebuilt one and claim ids would drift.
A fixed table makes every pair score a pure function of the two statements. The table counts stems
(:func:`quellen.ledger.terms.stem`) per paragraph of the Bundestag text plus the unlabeled news-spkatt articles
(news words that the parliament rarely says: "Anschlag", "Festnahme").

    python -m quellen.training.claim_idf --data ../shared/data --out src/quellen/data/models/claims/idf.tsv.gz
"""
from __future__ import annotations

import argparse
import gzip
import json
import lzma
from collections import Counter
from pathlib import Path

from ..ledger.terms import WORD_RE, stem

PARAGRAPHS = 400_000     # about 13M words of the Bundestag text: enough for stable frequencies of common stems
MIN_DF = 3               # rarer stems get the table's maximum weight anyway


def _paragraphs(data: Path, limit: int):
    with lzma.open(data / "raw-german" / "bundestag.txt.xz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            yield line
    # only the unlabeled news-spkatt articles: the training ones hold the hand-labelled claim dev set
    for f in sorted((data / "news-spkatt" / "unlabeled").glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        for s in doc["Sentences"]:
            yield " ".join(s["Tokens"])


def build(data: Path, out: Path, limit: int = PARAGRAPHS) -> int:
    df: Counter[str] = Counter()
    n = 0
    for line in _paragraphs(data, limit):
        n += 1
        df.update({stem(w) for w in WORD_RE.findall(line)})
        if n % 100_000 == 0:
            print(f"claim idf: {n} paragraphs, {len(df)} stems", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    kept = sorted((s, c) for s, c in df.items() if c >= MIN_DF)
    with gzip.GzipFile(out, "wb", mtime=0) as gz:          # mtime 0: the same input gives the same bytes
        gz.write(f"#paragraphs\t{n}\n".encode())
        gz.write("".join(f"{s}\t{c}\n" for s, c in kept).encode("utf-8"))
    print(f"claim idf: {n} paragraphs, {len(kept)} stems with df >= {MIN_DF} -> {out}")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--paragraphs", type=int, default=PARAGRAPHS)
    a = ap.parse_args(argv)
    build(a.data, a.out, a.paragraphs)


if __name__ == "__main__":
    main()
