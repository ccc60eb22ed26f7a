"""Tables (SQLAlchemy Core, portable types only) and the SQLite FTS5 helpers.

Schema versions (``meta.schema_version``), each one Alembic revision in ``migrations/versions``:

* ``1`` — documents, entities, mentions, attributions, boilerplate, gaps, failures (revision ``0001``);
* ``2`` — adds ``warnings``: the items a stage dropped from a document (``Document.warnings``; ``0002``);
* ``3`` — adds ``documents.input_hash`` and ``documents.analysis_version`` (:mod:`quellen.versioning`), so a
  re-run skips what is already analysed; documents stored before have neither and are analysed again once
  (``0003``; ``0004`` adds PostgreSQL's search index and leaves the version at 3);
* ``4`` — adds the claim ledger's corpus-level tables (``ledger_schema.py``; ``0005``);
* ``5`` — adds the ledger's ``entity_events`` and ``entity_months`` (``ledger/events.py``; ``0006``), filled from
  the ledger already there;
* ``6`` — adds ``attributions_fts_rows`` (SQLite only): which FTS5 rows belong to which document, so that
  replacing a document's search rows is an index lookup instead of a scan of the whole FTS5 index (``0007``).

These tables are what the revisions build (``tests/test_store_migrations.py`` compares them); a change here
needs a new revision. :mod:`quellen.store.migrate` upgrades an older database in place when a
:class:`quellen.store.Store` opens it, inside one transaction: a crash during the upgrade leaves it as it was.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, text)
from sqlalchemy.engine import Connection

SCHEMA_VERSION = "6"
metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("language", String(16)),
    Column("title", Text),
    Column("published", String(10)),      # YYYY-MM-DD
    Column("outlet", Text),
    Column("text", Text, nullable=False),
    Column("input_hash", String(64)),          # quellen.versioning.input_hash of the input it was made from
    Column("analysis_version", String(64)),    # quellen.versioning.analysis_version of the analysis
    Index("ix_documents_source", "source"),
    Index("ix_documents_input", "input_hash"),
    Index("ix_documents_published", "published", "id"),    # schema version 5: date-ordered lists (serve)
    Index("ix_documents_outlet", "outlet"),
)


def _doc_fk() -> Column:
    return Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True)


entities = Table(
    "entities", metadata,
    _doc_fk(),
    Column("id", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("aliases", Text),              # JSON list
    UniqueConstraint("doc_id", "id", name="uq_entities_doc_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("entity_id", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),
)

attributions = Table(
    "attributions", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("id", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("cue_start", Integer), Column("cue_end", Integer), Column("cue_text", Text),
    Column("source_start", Integer), Column("source_end", Integer), Column("source_text", Text),
    Column("speaker_name", Text), Column("speaker_entity", String(32)), Column("speaker_kind", String(16)),
    Column("content_start", Integer), Column("content_end", Integer), Column("content_text", Text),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("denies", String(32)),
    Column("confidence", Float),
    Column("form", String(32)),
    Column("addr_start", Integer), Column("addr_end", Integer), Column("addr_text", Text),
    Column("frame_start", Integer), Column("frame_end", Integer), Column("frame_text", Text),
    Column("origin", String(16)),
    UniqueConstraint("doc_id", "id", name="uq_attributions_doc_id"),
    Index("ix_attributions_type_kind", "type", "speaker_kind"),     # schema version 5: serve's filters
    Index("ix_attributions_kind", "speaker_kind"),
)

boilerplate = Table(
    "boilerplate", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("reason", String(64)),
)

gaps = Table(
    "gaps", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

warnings = Table(
    "warnings", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),   # insertion order = the document's order
    _doc_fk(),
    Column("stage", String(32), nullable=False),
    Column("item", Text),                 # what was dropped (``a3``, an entity name); NULL: the stage gave up
    Column("reason", Text, nullable=False),
)

failures = Table(
    "failures", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Index("ix_failures_source", "source"),
)

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)

CHILD_TABLES = (mentions, entities, attributions, boilerplate, gaps, warnings)


# ------------------------------------------------------------------ FTS5 (SQLite only)

FTS_TABLE = "attributions_fts"


FTS_ROWS = "attributions_fts_rows"     # FTS5 rowid -> doc_id, indexed by doc_id (schema version 6, 0007)


def fts_delete(conn: Connection, doc_id: str) -> None:
    """Remove a document's search rows through ``attributions_fts_rows`` (FTS5's own ``doc_id`` column is
    unindexed: a ``WHERE doc_id`` there scans the whole index)."""
    conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                      f"(SELECT fts_rowid FROM {FTS_ROWS} WHERE doc_id = :d)"), {"d": doc_id})
    conn.execute(text(f"DELETE FROM {FTS_ROWS} WHERE doc_id = :d"), {"d": doc_id})


def fts_insert(conn: Connection, rows: list[dict]) -> None:
    """Add search rows (all of one document) under explicit rowids after the largest in use, and record them
    in ``attributions_fts_rows``. Writers hold the database's write lock, so no other insert can take these
    rowids."""
    if not rows:
        return
    start = conn.execute(text(f"SELECT coalesce(max(fts_rowid), 0) FROM {FTS_ROWS}")).scalar_one() + 1
    numbered = [{**r, "rowid": start + k} for k, r in enumerate(rows)]
    conn.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, content, speaker, doc_id, attr_id) "
                      "VALUES (:rowid, :content, :speaker, :doc_id, :attr_id)"), numbered)
    conn.execute(text(f"INSERT INTO {FTS_ROWS} (fts_rowid, doc_id) VALUES (:rowid, :doc_id)"), numbered)


def fts_search(conn: Connection, query: str, limit: int) -> list[tuple[str, str, str]]:
    """(doc_id, attr_id, snippet) best first; the query is FTS5 syntax, or plain words when that fails."""
    sql = text(f"SELECT doc_id, attr_id, snippet({FTS_TABLE}, 0, '[', ']', '…', 12) FROM {FTS_TABLE} "
               f"WHERE {FTS_TABLE} MATCH :q ORDER BY rank LIMIT :n")
    try:
        return [tuple(r) for r in conn.execute(sql, {"q": query, "n": limit})]
    except Exception:  # noqa: BLE001 - FTS syntax error: search the words as quoted phrases
        words = [w.replace('"', '""') for w in query.split() if w.strip()]
        if not words:
            return []
        quoted = " ".join(f'"{w}"' for w in words)
        return [tuple(r) for r in conn.execute(sql, {"q": quoted, "n": limit})]


from . import ledger_schema  # noqa: E402,F401 - the ledger's tables join ``metadata`` (schema versions 4, 5)
