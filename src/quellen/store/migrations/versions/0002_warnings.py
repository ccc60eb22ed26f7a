"""Schema version 2: ``warnings``, the items a stage dropped from a document (``Document.warnings``).

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _set_schema_version(version: str) -> None:
    """``meta.schema_version``, which the README documents and older quellen read, kept equal to the revision."""
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', :v)""").bindparams(v=version))


def upgrade() -> None:
    op.create_table(
        "warnings",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("item", sa.Text),
        sa.Column("reason", sa.Text, nullable=False))
    op.create_index("ix_warnings_doc_id", "warnings", ["doc_id"])
    _set_schema_version("2")


def downgrade() -> None:
    op.drop_table("warnings")
    _set_schema_version("1")
