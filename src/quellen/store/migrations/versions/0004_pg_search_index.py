"""PostgreSQL's text-search index over attribution contents and speakers (nothing on SQLite, which has FTS5).

A GIN index on the same expression that :mod:`quellen.store.pg_search` queries (German configuration, contents
weighted ``A``, speakers ``B`` so that ``speaker:`` filters work). It adds nothing that readers of the tables see,
so ``meta.schema_version`` stays ``3``: an older quellen still opens the database.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEX = "ix_attributions_search"
# Frozen copy of quellen.store.pg_search.VECTOR (tests/test_store_pg.py checks the search uses this index).
VECTOR = ("setweight(to_tsvector('german'::regconfig, coalesce(content_text, '')), 'A') || "
          "setweight(to_tsvector('german'::regconfig, coalesce(speaker_name, '')), 'B')")


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(sa.text(f"CREATE INDEX {INDEX} ON attributions USING gin (({VECTOR}))"))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(sa.text(f"DROP INDEX IF EXISTS {INDEX}"))
