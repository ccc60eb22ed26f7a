"""Schema version 3: ``documents.input_hash`` and ``documents.analysis_version`` (resumable batches).

Both are nullable: documents stored before carry neither and are analysed again once. A database whose
``documents`` already has a column (a development build) keeps it.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("input_hash", "analysis_version")


def _set_schema_version(version: str) -> None:
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', :v)""").bindparams(v=version))


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("documents")}
    for name in COLUMNS:
        if name not in present:
            op.add_column("documents", sa.Column(name, sa.String(64)))
    if "ix_documents_input" not in {i["name"] for i in inspector.get_indexes("documents")}:
        op.create_index("ix_documents_input", "documents", ["input_hash"])
    _set_schema_version("3")


def downgrade() -> None:
    op.drop_index("ix_documents_input", table_name="documents")
    for name in COLUMNS:      # SQLite >= 3.35 drops a column in place (no table copy, which would cascade)
        op.drop_column("documents", name)
    _set_schema_version("2")
