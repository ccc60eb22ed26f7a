"""The seed articles as one story: which of their gold attributions state the same claim (``data/dev/claims-seeds``).

The news-spkatt dev set (:mod:`quellen.evaluation.claims`) has few cross-article pairs, because its 700 articles
span 18 years; the five seed reports are one story (Putin, Trump, the Kremlin, 2024–25) told across outlets,
which is what the ledger is for. The labels name gold attributions of ``../shared/seeds-gold`` by document and
id (no text is stored); a gold attribution is *found* when an analysed attribution matches it as the seed scorer
matches them (content token-F1 >= 0.5, one to one: :func:`quellen.evaluation.seeds.match`). The figures are
those of :func:`quellen.evaluation.claims.score`, over found statements. A measure only: the ledger is not tuned
on it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from . import claims as E
from .seeds import match


def load(labels_dir: Path | str) -> list[dict]:
    return [json.loads(x) for x in (Path(labels_dir) / "labels.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()]


def analyse(seeds_dir: Path | str, pipeline: Any = None) -> list:
    from ..model import RawDocument
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline()
    return [pipe.analyse(RawDocument(source=str(p), text=p.read_text(encoding="utf-8")))
            for p in sorted(Path(seeds_dir).glob("*.txt"))]


def evaluate(seeds_dir: Path | str, gold_dir: Path | str, labels_dir: Path | str,
             cluster_fn: Callable[[list], dict], documents: list | None = None) -> dict[str, Any]:
    """Figures of ``cluster_fn(documents) -> {(doc id, attribution id): (claim id, stance)}``, plus the
    ``documents`` (analysed here unless given)."""
    labels = load(labels_dir)
    documents = documents if documents is not None else analyse(seeds_dir)
    by_name = {Path(d.source).stem: d for d in documents}
    gold, links = [], {}
    for name in sorted({r["doc"] for r in labels}):
        g_attrs = json.loads((Path(gold_dir) / f"{name}.gold.json").read_text(encoding="utf-8"))["attributions"]
        rows = {r["attribution"]: r for r in labels if r["doc"] == name}
        if set(rows) != {a["id"] for a in g_attrs}:
            raise ValueError(f"{labels_dir}: the labels of {name} do not cover its gold attributions exactly")
        gold += [{"key": (name, a["id"]), "cluster": rows[a["id"]]["cluster"], "stance": rows[a["id"]]["stance"]}
                 for a in g_attrs]
        doc = by_name.get(name)
        if doc is None:
            continue
        pred = doc.to_dict()["attributions"]
        for gi, pi, _ in match(g_attrs, pred):
            links[(name, g_attrs[gi]["id"])] = (doc.id, pred[pi]["id"])
    clusters = cluster_fn(documents)
    predicted = {k: clusters[ak] for k, ak in links.items() if ak in clusters}
    return {**E.score(gold, predicted), "documents": documents}
