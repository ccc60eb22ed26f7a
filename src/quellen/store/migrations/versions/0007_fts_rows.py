"""Schema version 6: ``attributions_fts_rows``, which FTS5 rows belong to which document (SQLite only).

Why: the FTS5 table keeps ``doc_id`` as an UNINDEXED column, so replacing a document's search rows
(``DELETE ... WHERE doc_id = ?``) scanned the whole index: 13.7 ms per stored document at 10,000 documents,
growing with the database, so that storing slowed down as the corpus grew (quadratic in a long batch). With this
table (FTS5 rowid as INTEGER PRIMARY KEY, so it survives VACUUM as FTS5's own rowids do; indexed by document)
the delete is two index lookups. An existing database gets the table filled from its FTS5 rows.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FTS_TABLE = "attributions_fts"
ROWS_TABLE = "attributions_fts_rows"


def _has_fts() -> bool:
    return op.get_bind().execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = :t"),
                                 {"t": FTS_TABLE}).first() is not None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite" and _has_fts():
        op.execute(sa.text(f"CREATE TABLE {ROWS_TABLE} (fts_rowid INTEGER PRIMARY KEY, doc_id VARCHAR(64) NOT NULL)"))
        op.execute(sa.text(f"CREATE INDEX ix_{ROWS_TABLE}_doc_id ON {ROWS_TABLE} (doc_id)"))
        op.execute(sa.text(f"INSERT INTO {ROWS_TABLE} (fts_rowid, doc_id) SELECT rowid, doc_id FROM {FTS_TABLE}"))
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', '6')"""))


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(sa.text(f"DROP TABLE IF EXISTS {ROWS_TABLE}"))
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', '5')"""))
