"""Bringing a database to the current schema with Alembic, including databases made before quellen used it.

Each schema version is one Alembic revision (``migrations/versions``: ``0001``-``0003`` are schema versions 1-3,
``0004`` adds PostgreSQL's search index). :func:`upgrade` runs ``alembic upgrade head`` programmatically on the
connection of the caller's one write transaction; SQLite and PostgreSQL both have transactional DDL, so an
upgrade interrupted by a crash or an error leaves the database as it was, rows included.

A database made before Alembic (``meta.schema_version`` ``'1'``-``'3'``, no ``alembic_version`` table) is first
stamped at the revision of its version, in the same transaction, and then upgraded in place. The revisions keep
``meta.schema_version`` up to date, because older quellen and the README read it.

Deciding whether anything is to be done (:func:`read_state`, :func:`is_current`) only reads, so a database that is
already current is never written when it is opened (a read-only SQLite file still opens for reading).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection

from . import schema as S
from .pglock import lock

SCRIPTS = Path(__file__).with_name("migrations")
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")            # in order; tests check this against the versions folder
HEAD = REVISIONS[-1]
REVISION_OF = {"1": "0001", "2": "0002", "3": "0003", "4": "0005", "5": "0006", "6": "0007"}  # meta.schema_version of a pre-Alembic database -> revision


@dataclass
class State:
    """What a database holds before it is opened."""

    revision: str | None     # alembic_version; None: not under Alembic (empty, or made before it)
    version: str | None      # meta.schema_version; None: an empty database
    tables: set[str]


def read_state(conn: Connection) -> State:
    """The revision and schema version found; a database with documents but no version row counts as version 1
    (none was ever written without one)."""
    tables = set(inspect(conn).get_table_names())
    version = revision = None
    if S.meta.name in tables:
        version = conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).scalar()
    if version is None and S.documents.name in tables:
        version = "1"
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return State(revision, version, tables)


def refusal(state: State, where: str) -> str | None:
    """Why this quellen must not touch the database (a newer or unknown schema), or ``None``."""
    for found, known, current in ((state.version, REVISION_OF, S.SCHEMA_VERSION),
                                  (state.revision, REVISIONS, HEAD)):
        if found is None or found in known:
            continue
        newer = found.isdigit() and int(found) > int(current)
        what = "schema version" if known is REVISION_OF else "schema revision (alembic_version)"
        return (f"cannot use the database {where}: its {what} is {found!r}, "
                f"{'newer than' if newer else 'unknown to'} this quellen (version {S.SCHEMA_VERSION}, revision "
                f"{HEAD}). " + ("Upgrade quellen, or choose another --db." if newer else "Choose another --db."))
    return None


def is_current(state: State) -> bool:
    return state.revision == HEAD and state.version == S.SCHEMA_VERSION


def upgrade(conn: Connection) -> State:
    """Stamp a pre-Alembic database, then ``alembic upgrade head``, inside the caller's transaction on ``conn``.

    Returns the state found once the transaction held the database (another process may have upgraded it in the
    meantime; on PostgreSQL an advisory lock makes concurrent openers wait for each other, on SQLite the
    transaction's ``BEGIN IMMEDIATE`` does)."""
    lock(conn, "migrate", "")
    state = read_state(conn)
    if is_current(state) or refusal(state, "") is not None:
        return state
    from alembic import command     # here, not at the top: a current database opens without Alembic's import

    config = alembic_config(conn)
    if state.revision is None and state.version is not None:
        command.stamp(config, REVISION_OF[state.version])
    command.upgrade(config, "head")
    return state


def alembic_config(conn: Connection):  # noqa: ANN201 - an alembic.config.Config
    """Alembic's configuration for running the revisions on ``conn`` (inside the caller's transaction)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = conn
    return config


__all__ = ["HEAD", "REVISIONS", "REVISION_OF", "State", "read_state", "refusal", "is_current", "upgrade",
           "alembic_config"]
