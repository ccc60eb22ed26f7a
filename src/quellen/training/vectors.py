"""Train floret subword vectors on German text, shared by every learned component.

Why floret: its hashed subword table keeps a fixed, small size (bucket x dim) and still gives a
vector for every unseen word, which matters for names and German compounds.
"""
from __future__ import annotations

import json
import lzma
import re
from pathlib import Path

TOKEN_RE = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)

# Fixed hyper-parameters (deterministic apart from floret's thread scheduling; see model card).
VECTOR_PARAMS = dict(
    model="cbow", dim=96, mode="floret", hashCount=2, bucket=50000,
    minn=3, maxn=5, minCount=3, epoch=5, thread=1,  # one thread: deterministic
)
BUNDESTAG_WORDS = 12_000_000


def _tok(line: str) -> str:
    return " ".join(TOKEN_RE.findall(line))


def build_corpus(data: Path, out: Path, bundestag_words: int = BUNDESTAG_WORDS) -> int:
    """Write one tokenised sentence/paragraph per line; returns words written."""
    words = 0
    with out.open("w", encoding="utf-8") as fh:
        for sub in ("train", "unlabeled"):
            for f in sorted((data / "news-spkatt" / sub).glob("*.json")):
                doc = json.loads(f.read_text(encoding="utf-8"))
                for s in doc["Sentences"]:
                    fh.write(" ".join(s["Tokens"]) + "\n")
                    words += len(s["Tokens"])
        for f in sorted((data / "germeval2014-ner").glob("NER-de-*.tsv")):
            sent: list[str] = []
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.startswith("#"):
                    continue
                if not line.strip():
                    if sent:
                        fh.write(" ".join(sent) + "\n"); words += len(sent); sent = []
                    continue
                parts = line.split("\t")
                if len(parts) > 1:
                    sent.append(parts[1])
        for f in sorted((data / "ud-german").glob("*.conllu")):
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.startswith("# text = "):
                    t = _tok(line[9:]); fh.write(t + "\n"); words += t.count(" ") + 1
        bt = 0
        with lzma.open(data / "raw-german" / "bundestag.txt.xz", "rt", encoding="utf-8") as src:
            for line in src:
                t = _tok(line)
                if t.count(" ") < 3:
                    continue
                fh.write(t + "\n")
                n = t.count(" ") + 1
                bt += n; words += n
                if bt >= bundestag_words:
                    break
    return words


def train_vectors(data: Path, workdir: Path) -> Path:
    """Train floret vectors; returns path of the .floret text table for `spacy init vectors`."""
    import floret

    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / "vectors_corpus.txt"
    if not corpus.exists():
        build_corpus(data, corpus)
    model = floret.train_unsupervised(str(corpus), **VECTOR_PARAMS)
    out = workdir / "vectors.floret"
    model.save_floret_vectors(str(out))
    return out


if __name__ == "__main__":  # pragma: no cover - used by `quellen models train`
    import sys
    print(train_vectors(Path(sys.argv[1]), Path(sys.argv[2])))
