"""What the ledger keeps of one document, computed from the document alone: its entity records, copy signature
and shingle hashes, statements and their blocking keys.

Why a module of its own: this is the per-document part of a ledger update (the larger part of its "read" step),
a pure function of one document, so it can run in worker processes while the update's one transaction stays in
the parent (:func:`digests`). On 2 cores the pool takes it off the single core the rest of the update runs on.
The rows are the same whichever process made them and in whatever order the documents come.
"""
from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
from dataclasses import dataclass

import numpy as np

from . import blocking as B
from . import claims as C
from . import copies as K
from . import identity as I
from .statements import statements_of, to_json

log = logging.getLogger(__name__)

POOL_MIN = 400           # fewer new documents than this are digested in the parent (a pool costs ~0.3 s to start)
MAP_MIN = 16             # and a list shorter than this (the last few documents) too


@dataclass
class Digest:
    doc_id: str
    copy_input: K.CopyInput       # without its text (verification needs only the id and the date)
    shingles: np.ndarray
    signature: bytes
    records: list[dict]           # entity_records rows
    statements: list[C.Statement]
    statement_rows: list[dict]    # claim_statements rows
    key_rows: list[dict]          # claim_keys rows


def copy_input(doc) -> K.CopyInput:  # noqa: ANN001 - a quellen.model.Document
    """What copy detection reads of a document: its text, boilerplate spans and date."""
    return K.CopyInput(doc.id, doc.text, tuple((b.start, b.end) for b in doc.boilerplate), doc.published)


def digest(doc) -> Digest:  # noqa: ANN001 - a quellen.model.Document
    shingles = K.shingle_hashes(copy_input(doc))
    sts = statements_of(doc)
    return Digest(
        doc.id, K.CopyInput(doc.id, "", (), doc.published), shingles, K.signature_of(shingles),
        [{"doc_id": r.doc_id, "entity_id": r.entity_id, "name": r.name, "type": r.type,
          "aliases": json.dumps(list(r.aliases), ensure_ascii=False), "kind": r.kind} for r in I.records_of(doc)],
        sts,
        [{"doc_id": st.key[0], "attribution_id": st.key[1], "stance": st.stance, "features": to_json(st)}
         for st in sts],
        [{"term": t, "doc_id": st.key[0], "attribution_id": st.key[1]} for st in sts for t in B.stored_keys(st)])


def _warm() -> None:
    from .terms import _idf_table, stop_words

    stop_words()
    _idf_table()


class Pending:
    """Digests on their way: from the pool (an AsyncResult), or made here when asked for."""

    def __init__(self, docs: list, result):  # noqa: ANN001 - multiprocessing AsyncResult or None
        self.docs, self.result = docs, result

    def get(self) -> list[Digest]:
        return [digest(d) for d in self.docs] if self.result is None else self.result.get()


class Digester:
    """``start(docs).get()`` gives the digests of a list of documents, in order: in a pool of ``processes``
    (forked, so the models and tables already loaded are shared) when there are at least :data:`POOL_MIN`
    documents, else here. Where a pool cannot start (no ``fork``), everything is digested here."""

    def __init__(self, n_docs: int, processes: int | None = None):
        processes = min(2, os.cpu_count() or 1) if processes is None else processes
        self.pool = None
        if processes > 1 and n_docs >= POOL_MIN and "fork" in mp.get_all_start_methods():
            _warm()          # loaded once here, shared by the forked processes
            try:
                self.pool = mp.get_context("fork").Pool(processes)
            except OSError as exc:     # no processes to spare: the same work, here
                log.warning("ledger: digesting in this process (%s)", exc)

    def start(self, docs: list) -> Pending:
        """Begin digesting ``docs``; ``.get()`` on the result gives their digests, in order. In a pool, the work
        goes on while the caller reads the next documents and stores the last ones. A list in, not a stream:
        the documents are read by the caller, on the update's connection, which no other thread (such as a
        pool's feeder) may use."""
        if self.pool is None or len(docs) < MAP_MIN:
            return Pending(docs, None)
        return Pending(docs, self.pool.map_async(digest, docs, chunksize=8))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Digester:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        if self.pool is not None and exc[0] is not None:
            self.pool.terminate()
        self.close()
