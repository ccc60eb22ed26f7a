"""The ledger measured on the hand-labelled same-claim dev set (``data/dev/claims``, scorer in
:mod:`quellen.evaluation.claims`): the real ledger (store + :func:`quellen.ledger.update.update`) on the
analysed articles, so what is measured is what ``analyze`` builds.

    quellen claims-eval --data ../shared/data [--labels data/dev/claims] [--json]
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


def run(data: Path, labels: Path) -> dict:
    """Figures of the ledger, the TF-IDF baseline (threshold 0.5) and all-singletons, on the same documents."""
    from ..evaluation import claims as E

    data = data / "news-spkatt" / "train" if (data / "news-spkatt").is_dir() else data
    result = E.evaluate(data, labels, ledger_clusters)
    documents = result.pop("documents")
    base = E.evaluate(data, labels, lambda docs: E.tfidf_baseline(docs, 0.5), documents=documents)
    base.pop("documents")
    alone = E.evaluate(data, labels, E.singletons, documents=documents)
    alone.pop("documents")
    return {"ledger": result, "tfidf_0.5": base, "singletons": alone}
