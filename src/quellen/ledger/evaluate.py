"""The ledger measured on the hand-labelled same-claim dev set (``data/dev/claims``, scorer in
:mod:`quellen.evaluation.claims`): the real ledger (store + :func:`quellen.ledger.update.update`) on the
analysed articles, so what is measured is what ``analyze`` builds.

    quellen claims-eval --data ../shared/data [--labels data/dev/claims] [--seed-labels data/dev/claims-seeds] [--json]
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select


def ledger_clusters(documents: list) -> dict[tuple[str, str], tuple[str, str]]:
    """(doc id, attribution id) -> (claim id, stance), from a ledger built over ``documents`` in a temporary
    SQLite database."""
    from ..store import Store
    from ..store import ledger_schema as L
    from .update import update

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "eval.db"))
        for doc in documents:
            store.save(doc)
        update(store, analysed="2000-01-01")
        with store.engine.connect() as conn:
            out = {(r.doc_id, r.attribution_id): (r.claim_id, r.stance) for r in conn.execute(select(L.claim_members))}
        store.close()
    return out


def _three(evaluate) -> dict:
    """The ledger, the TF-IDF baseline (threshold 0.5) and all-singletons, on the same analysed documents;
    ``evaluate(cluster_fn, documents)`` returns figures with the ``documents``."""
    from ..evaluation import claims as E

    result = evaluate(ledger_clusters, None)
    documents = result.pop("documents")
    base = evaluate(lambda docs: E.tfidf_baseline(docs, 0.5), documents)
    base.pop("documents")
    alone = evaluate(E.singletons, documents)
    alone.pop("documents")
    return {"ledger": result, "tfidf_0.5": base, "singletons": alone}


def run(data: Path, labels: Path, seed_labels: Path | None = None) -> dict:
    """Figures on the news-spkatt dev set, and on the seeds as one story when ``seed_labels`` is given and the
    seeds and their gold lie beside ``data`` (``../shared/seeds``, ``../shared/seeds-gold``)."""
    from ..evaluation import claims as E
    from ..evaluation import claims_seeds as ES

    spkatt = data / "news-spkatt" / "train" if (data / "news-spkatt").is_dir() else data
    out = _three(lambda fn, docs: E.evaluate(spkatt, labels, fn, documents=docs))
    seeds, gold = data.parent / "seeds", data.parent / "seeds-gold"
    if seed_labels is not None and seeds.is_dir() and gold.is_dir():
        out.update({f"seeds {k}": v for k, v in
                    _three(lambda fn, docs: ES.evaluate(seeds, gold, seed_labels, fn, documents=docs)).items()})
    return out
