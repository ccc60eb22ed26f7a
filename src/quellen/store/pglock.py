"""Concurrent writers on PostgreSQL: a transaction-scoped advisory lock per document, and which errors to retry.

Saving replaces a document's rows by id (delete, then insert). Two processes saving the same document at once
under READ COMMITTED would both delete nothing and then both insert: the second fails on the primary key, or,
for tables without one, rows are doubled. ``SELECT … FOR UPDATE`` cannot lock a row that does not exist yet, so
each write transaction first takes ``pg_advisory_xact_lock`` on its document id (failures: on the source; the
schema upgrade: on one fixed key). The second writer waits until the first commits and then, with a fresh
snapshot for each statement, deletes the first one's rows and inserts its own: each document's rows exactly once.
The lock ends with the transaction, also when the process dies.

SQLite needs none of this (``BEGIN IMMEDIATE`` serialises writers), so :func:`lock` does nothing there.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# First key of the two-key advisory lock, one per kind of thing locked (the second is hashtext of the name).
_KINDS = {"migrate": 0x5145_0000, "document": 0x5145_0001, "failure": 0x5145_0002}

# SQLSTATEs after which the whole transaction is simply run again: serialization failure, deadlock detected.
RETRY_SQLSTATES = ("40001", "40P01")
ATTEMPTS = 4

_LOCK = text("SELECT pg_advisory_xact_lock(CAST(:k AS integer), hashtext(:n))")


def lock(conn: Connection, kind: str, name: str) -> None:
    """Hold ``kind``/``name`` until the transaction on ``conn`` ends (PostgreSQL only)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK, {"k": _KINDS[kind], "n": name})


def retryable(exc: BaseException) -> bool:
    """A PostgreSQL error that a second try of the same transaction can succeed at."""
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", "") or "") in RETRY_SQLSTATES


__all__ = ["lock", "retryable", "RETRY_SQLSTATES", "ATTEMPTS"]
