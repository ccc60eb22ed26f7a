"""Schema version 5: the ledger's ``entity_events`` and ``entity_months`` (``quellen.ledger.events``), and the
indexes that ``quellen serve``'s date-ordered lists and filters use (documents by date and outlet, attributions
by type and speaker kind).

The tables are written out here, as every revision writes out its own; ``tests/test_store_migrations.py`` checks
that they agree with ``ledger_schema.py``. Their rows are derived data: an existing ledger is filled by today's
``events.rebuild``, the same code that ``quellen ledger --rebuild`` runs.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _tables() -> dict[str, list]:
    return {
        "entity_events": [
            sa.Column("cid", sa.String(24), nullable=False), sa.Column("doc_id", sa.String(64), nullable=False),
            sa.Column("attribution_id", sa.String(32), nullable=False), sa.Column("role", sa.String(8), nullable=False),
            sa.Column("published", sa.String(10)),
            sa.PrimaryKeyConstraint("cid", "doc_id", "attribution_id", name="pk_entity_events")],
        "entity_months": [
            sa.Column("cid", sa.String(24), nullable=False), sa.Column("month", sa.String(7), nullable=False),
            sa.Column("role", sa.String(8), nullable=False), sa.Column("n", sa.Integer, nullable=False),
            sa.PrimaryKeyConstraint("cid", "month", "role", name="pk_entity_months")],
    }


INDEXES = {
    "ix_entity_events_date": ("entity_events", ["cid", "published", "doc_id", "attribution_id"]),
    "ix_entity_events_doc": ("entity_events", ["doc_id", "attribution_id"]),
    "ix_documents_published": ("documents", ["published", "id"]),
    "ix_documents_outlet": ("documents", ["outlet"]),
    "ix_attributions_type_kind": ("attributions", ["type", "speaker_kind"]),
    "ix_attributions_kind": ("attributions", ["speaker_kind"]),
}


def upgrade() -> None:
    from quellen.ledger.events import rebuild

    for name, columns in _tables().items():
        op.create_table(name, *columns)
    for name, (table, cols) in INDEXES.items():
        op.create_index(name, table, cols)
    rebuild(op.get_bind())
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', '5')"""))


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        if table in ("documents", "attributions"):     # the others go with their tables
            op.drop_index(name, table)
    for name in reversed(list(_tables())):
        op.drop_table(name)
    op.execute(sa.text("""UPDATE meta SET value = '4' WHERE "key" = 'schema_version'"""))
