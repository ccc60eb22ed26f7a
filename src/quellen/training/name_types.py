"""Train the name typer (``nlp/name_types.py``): a linear model over a name's letters and neighbours.

    python -m quellen.training.name_types --data ../shared/data [--out FILE] [--pipeline DIR]

Training names: the gold PER / ORG / LOC / MISC names of the NER training parts (GermEval, SmartData train,
Europarl train + dev, legal decisions; each name with its sentence or document for the neighbouring words).
The threshold at which it may overrule the NER is chosen on three slices that no NER of the pipeline was
trained on: GermEval's monitoring sentences, Europarl's test file and SmartData test.json's RSS items and
tweets that are not in its train file. The held-out GermEval and SmartData news parts that ``quellen models
evaluate`` scores stay unseen by both steps.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from ..nlp.name_types import MODEL, TYPES, NameTyper, dense, features, hashed, open_to_retype, set_types

DIM = 1 << 18
LEGAL_EVERY = 3            # legal decisions: a third of their sentences (ORG/LOC only; they would outnumber news)


def _column_texts(sentences) -> list[tuple[str, set]]:
    from .ner_data import token_spans

    return [token_spans(toks, tags) for toks, tags in sentences]


def training_texts(data: Path) -> list[tuple[str, set]]:
    from .corpora import germeval_parts
    from .ner_data import flat_spans, legal_sentences, read_europarl, smartdata_split

    out = _column_texts(germeval_parts(data)["train"])
    train, _ = smartdata_split(data)
    out += [(d["text"], {s for s in flat_spans(d["spans"]) if s[2] in TYPES}) for d in train]
    folder = Path(data) / "ner-europarl"
    out += _column_texts(read_europarl(folder / "train.tsv") + read_europarl(folder / "dev.tsv"))
    out += _column_texts(legal_sentences(data)[::LEGAL_EVERY])
    return out


def tuning_texts(data: Path) -> list[tuple[str, set]]:
    from .corpora import germeval_parts
    from .ner_data import flat_spans, read_europarl, read_smartdata

    out = _column_texts(germeval_parts(data)["monitor"])
    out += _column_texts(read_europarl(Path(data) / "ner-europarl" / "test.tsv"))
    folder = Path(data) / "ner-smartdata"
    seen = {d["text"].strip() for d in read_smartdata(folder / "train.json")}
    for d in read_smartdata(folder / "test.json"):
        if d["source"] != "news" and d["text"].strip() not in seen:
            seen.add(d["text"].strip())
            out.append((d["text"], {s for s in flat_spans(d["spans"]) if s[2] in TYPES}))
    return out


def _matrix(texts: list[tuple[str, set]], vocab):
    """(hashed features then dense vectors, one row per gold name; the gold types' indices)."""
    from scipy.sparse import csr_matrix, hstack

    rows, cols, ys, vecs = [], [], [], []
    for text, spans in texts:
        for start, end, label in sorted(spans):
            idx = hashed(features(text, start, end), DIM)
            rows.append(np.full(len(idx), len(ys))); cols.append(idx); ys.append(TYPES.index(label))
            vecs.append(dense(vocab, text, start, end))
    r, c = np.concatenate(rows), np.concatenate(cols)
    x = csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(ys), DIM))
    x.sum_duplicates()
    return hstack([x, csr_matrix(np.array(vecs))]).tocsr(), np.array(ys)


def fit(texts: list[tuple[str, set]], vocab, c: float = 1.0) -> NameTyper:
    from sklearn.linear_model import LogisticRegression

    x, y = _matrix(texts, vocab)
    clf = LogisticRegression(C=c, max_iter=500)
    clf.fit(x, y)
    coef = np.zeros((x.shape[1], len(TYPES)), dtype=np.float32)
    coef[:, clf.classes_] = clf.coef_.T
    bias = np.full(len(TYPES), -30.0, dtype=np.float32)          # a type no training name has is never given
    bias[clf.classes_] = clf.intercept_
    return NameTyper(coef[:DIM], coef[DIM:], bias, threshold=1.0)


def _f1(golds, preds) -> float:
    tp = sum(len(g & p) for g, p in zip(golds, preds))
    n_p, n_g = sum(map(len, preds)), sum(map(len, golds))
    return 2 * tp / (n_p + n_g) if n_p + n_g else 0.0


def tune(typer: NameTyper, texts: list[tuple[str, set]], nlp) -> dict:
    """The threshold and margin with the best PER/ORG/LOC F1 on ``texts`` of the pipeline's names as it ships
    them: the second NER's names retyped (``open_to_retype``), then the combine with the first NER."""
    golds = [{s for s in g if s[2] in ("PER", "ORG", "LOC")} for _, g in texts]
    combine = nlp.get_pipe("quellen_ner_combine")
    with nlp.select_pipes(disable=["quellen_ner_combine"]):
        docs = list(nlp.pipe([t for t, _ in texts], batch_size=32))
    options = [[((e.start, e.end), e.label_, typer.probs(nlp.vocab, doc.text, e.start_char, e.end_char))
                for e in open_to_retype(doc)] for doc in docs]

    def score(th, margin):
        preds = []
        for doc, opts in zip(docs, options):
            doc = doc.copy()
            set_types(doc, {k: typer.choose(p, label, th, margin) for k, label, p in opts})
            preds.append({(e.start_char, e.end_char, e.label_) for e in combine(doc).ents
                          if e.label_ in ("PER", "ORG", "LOC")})
        return _f1(golds, preds)

    grid = {(th, m): score(th, m) for th in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01) for m in (0.0, 0.3, 0.6)}
    (th, m), best = max(grid.items(), key=lambda kv: (round(kv[1], 4), kv[0]))
    return {"threshold": th, "margin": m, "f1": round(best, 4), "f1_without": round(grid[(1.01, 0.0)], 4),
            "grid": {f"{k[0]}/{k[1]}": round(v, 4) for k, v in sorted(grid.items())}}


def train(data: Path, out: Path = MODEL, pipeline: Path | None = None, c: float = 1.0) -> dict:
    """Fit on the training names, set the threshold on the tuning slices with ``pipeline`` (default: the shipped
    one, without a typer), save to ``out``; the tuning report."""
    from ..nlp import load_pipeline

    nlp = load_pipeline(str(pipeline) if pipeline else None, typed=False)
    names = training_texts(data)
    typer = fit(names, nlp.vocab, c)
    report = tune(typer, tuning_texts(data), nlp)
    typer.threshold, typer.margin = report["threshold"], report["margin"]
    typer.save(out)
    report["training_names"] = sum(len(s) for _, s in names)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--pipeline", type=Path, default=None, help="the pipeline it follows (default: the shipped one)")
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = ap.parse_args()
    print(json.dumps(train(args.data, args.out, args.pipeline, args.c), indent=1))


if __name__ == "__main__":
    main()
