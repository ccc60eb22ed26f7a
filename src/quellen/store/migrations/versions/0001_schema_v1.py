"""Schema version 1: documents and what was found in them, failures, meta, and SQLite's FTS5 index.

The tables exactly as quellen 0.1 created them (``tests/test_store_warnings.py`` keeps that DDL), written out here
rather than taken from today's ``schema.py``: a revision must go on creating what its version had.

Revision ID: 0001
Revises: (none)
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_TABLE = "attributions_fts"
TABLES = ("gaps", "boilerplate", "attributions", "mentions", "entities", "meta", "failures", "documents")


def _doc_fk() -> sa.Column:
    return sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def _span(prefix: str) -> list[sa.Column]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer),
            sa.Column(f"{prefix}_text", sa.Text)]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("outlet", sa.Text),
        sa.Column("text", sa.Text, nullable=False))
    op.create_index("ix_documents_source", "documents", ["source"])
    op.create_table(
        "failures",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False))
    op.create_index("ix_failures_source", "failures", ["source"])
    op.create_table("meta", sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text))
    op.create_table(
        "entities",
        _doc_fk(),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("aliases", sa.Text),
        sa.UniqueConstraint("doc_id", "id", name="uq_entities_doc_id"))
    op.create_table(
        "mentions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("entity_id", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text))
    op.create_table(
        "attributions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        *_span("cue"), *_span("source"),
        sa.Column("speaker_name", sa.Text), sa.Column("speaker_entity", sa.String(32)),
        sa.Column("speaker_kind", sa.String(16)),
        *_span("content"),
        sa.Column("hedged", sa.Boolean, nullable=False),
        sa.Column("denies", sa.String(32)),
        sa.Column("confidence", sa.Float),
        sa.Column("form", sa.String(32)),
        *_span("addr"), *_span("frame"),
        sa.Column("origin", sa.String(16)),
        sa.UniqueConstraint("doc_id", "id", name="uq_attributions_doc_id"))
    op.create_table(
        "boilerplate",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(64)))
    op.create_table(
        "gaps",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False))
    for table in ("entities", "mentions", "attributions", "boilerplate", "gaps"):
        op.create_index(f"ix_{table}_doc_id", table, ["doc_id"])
    if op.get_context().dialect.name == "sqlite":
        _create_fts()
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', '1')"""))


def _create_fts() -> None:
    """SQLite's FTS5 index over attribution contents and speakers; a SQLite built without FTS5 gets none (and
    ``Store.search`` falls back to LIKE). A failed statement leaves SQLite's transaction usable."""
    try:
        op.execute(sa.text(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(content, speaker, doc_id UNINDEXED, attr_id UNINDEXED, "
            "tokenize='unicode61 remove_diacritics 0')"))
    except sa.exc.OperationalError:
        pass


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(sa.text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    for table in TABLES:
        op.drop_table(table)
