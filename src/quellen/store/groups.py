"""Saving a batch's documents a group at a time, reporting every result in input order.

Why groups: committing each document on its own costs a sync to disk and a round of transaction work per
document, done in the main process while the workers wait for it to take their results: at 10,000 articles
about a third of a core. A group is one transaction with a savepoint per document (:meth:`Store.save_many`),
so each document is still stored whole or not at all, and one that cannot be stored is reported failed
without undoing its group. What a crash can cost is the group not yet committed: those articles are not in
the database, so a re-run analyses them (nothing is lost, nothing is stored twice).

A group is written when it holds :data:`GROUP_SIZE` documents, when a result arrives after its first document
has waited :data:`GROUP_SECONDS` (so a slow stretch of articles still commits about once a second), before any
other result (a failure or an unchanged input, so that the order of what is
reported stays the input order), and at the end.
"""
from __future__ import annotations

import time
from typing import Callable

from ..model import Document, Failure

GROUP_SIZE = 32
GROUP_SECONDS = 1.0


class GroupWriter:
    """Takes results in input order (:meth:`add`); stores the documents among them in groups and passes every
    result on to ``emit`` in the same order once it is stored (a document that could not be stored is passed
    on as a :class:`~quellen.model.Failure` of stage ``store``). Call :meth:`flush` at the end."""

    def __init__(self, store, version: str | None, emit: Callable[[object], None],  # noqa: ANN001 - a Store
                 size: int = GROUP_SIZE, seconds: float = GROUP_SECONDS):
        self.store, self.version, self.emit = store, version, emit
        self.size, self.seconds = size, seconds
        self.pending: list[Document] = []
        self.since = 0.0

    def add(self, item: object) -> None:
        if not isinstance(item, Document):
            self.flush()
            self.emit(item)
            return
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= self.size or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        docs, self.pending = self.pending, []
        if not docs:
            return
        errors = self.store.save_many(docs, self.version)
        for doc, err in zip(docs, errors):
            self.emit(doc if err is None else Failure(doc.source, str(err), stage="store"))


__all__ = ["GroupWriter", "GROUP_SIZE", "GROUP_SECONDS"]
