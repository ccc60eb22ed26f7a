"""Schema version 4: the claim ledger's corpus-level tables (``quellen.store.ledger_schema``).

Written out here rather than taken from today's ``ledger_schema.py`` (a revision must go on creating what its
version had); ``tests/test_store_migrations.py`` checks that the two agree. All derived data: no rows to move.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

S64, S32, S24, S16, S8 = sa.String(64), sa.String(32), sa.String(24), sa.String(16), sa.String(8)


def _c(name: str, type_, **kw) -> sa.Column:  # noqa: ANN001
    kw.setdefault("nullable", not kw.get("primary_key", False) and not kw.pop("required", False))
    return sa.Column(name, type_, **kw)


def _pair(prefix: str = "") -> list[sa.Column]:
    return [_c(f"{prefix}doc_id", S64, required=True), _c(f"{prefix}attribution_id", S32, required=True)]


def _tables() -> dict[str, list]:
    """Fresh column objects on every call (a Column belongs to one Table; tests upgrade many databases)."""
    return {
        "ledger_docs": [_c("doc_id", S64, primary_key=True), _c("stamp", sa.String(160), required=True)],
        "entity_records": [_c("doc_id", S64, required=True), _c("entity_id", sa.String(40), required=True),
                           _c("name", sa.Text, required=True), _c("type", S8, required=True), _c("aliases", sa.Text),
                           _c("kind", S16), sa.PrimaryKeyConstraint("doc_id", "entity_id", name="pk_entity_records")],
        "corpus_entities": [_c("cid", S24, primary_key=True), _c("name", sa.Text, required=True),
                            _c("type", S8, required=True), _c("aliases", sa.Text), _c("n_docs", sa.Integer, required=True)],
        "entity_links": [_c("doc_id", S64, required=True), _c("entity_id", sa.String(40), required=True),
                         _c("cid", S24, required=True), _c("score", sa.Float, required=True), _c("why", sa.Text),
                         sa.PrimaryKeyConstraint("doc_id", "entity_id", name="pk_entity_links")],
        "entity_merges": [_c("old_cid", S24, primary_key=True), _c("new_cid", S24, required=True)],
        "doc_signatures": [_c("doc_id", S64, primary_key=True), _c("signature", sa.LargeBinary)],
        "copy_pairs": [_c("doc_id", S64, required=True), _c("other_id", S64, required=True),
                       _c("share", sa.Float, required=True), _c("kind", S16, required=True),
                       sa.PrimaryKeyConstraint("doc_id", "other_id", name="pk_copy_pairs")],
        "copies": [_c("doc_id", S64, primary_key=True), _c("of_doc_id", S64, required=True),
                   _c("share", sa.Float, required=True), _c("kind", S16, required=True)],
        "claim_statements": [*_pair(), _c("stance", S8, required=True), _c("features", sa.Text, required=True),
                             sa.PrimaryKeyConstraint("doc_id", "attribution_id", name="pk_claim_statements")],
        "claim_keys": [_c("term", S64, required=True), *_pair()],
        "claim_edges": [*_pair("a_"), *_pair("b_"), _c("score", sa.Float, required=True), _c("why", sa.Text),
                        sa.PrimaryKeyConstraint("a_doc_id", "a_attribution_id", "b_doc_id", "b_attribution_id",
                                                name="pk_claim_edges")],
        "claims": [_c("id", S24, primary_key=True), _c("gist", sa.Text), _c("gist_doc_id", S64),
                   _c("gist_attribution_id", S32), _c("status", S16, required=True),
                   _c("status_reason", sa.Text, required=True), _c("first_seen", sa.String(10)),
                   _c("last_seen", sa.String(10)), _c("n_appearances", sa.Integer, required=True),
                   _c("n_documents", sa.Integer, required=True), _c("n_sources", sa.Integer, required=True),
                   _c("hedged_share", sa.Float, required=True), _c("speakers", sa.Text), _c("outlets", sa.Text)],
        "claim_members": [*_pair(), _c("claim_id", S24, required=True), _c("stance", S8, required=True),
                          _c("similarity", sa.Float, required=True), _c("why", sa.Text),
                          sa.PrimaryKeyConstraint("doc_id", "attribution_id", name="pk_claim_members")],
        "claim_merges": [_c("old_id", S24, primary_key=True), _c("new_id", S24, required=True)],
    }
INDEXES = {
    "ix_corpus_entities_name": ("corpus_entities", ["name"]),
    "ix_entity_links_cid": ("entity_links", ["cid"]),
    "ix_copy_pairs_other": ("copy_pairs", ["other_id"]),
    "ix_copies_of": ("copies", ["of_doc_id"]),
    "ix_claim_keys_term": ("claim_keys", ["term"]),
    "ix_claim_keys_doc": ("claim_keys", ["doc_id"]),
    "ix_claim_edges_b": ("claim_edges", ["b_doc_id", "b_attribution_id"]),
    "ix_claims_status": ("claims", ["status"]),
    "ix_claims_first_seen": ("claims", ["first_seen"]),
    "ix_claim_members_claim": ("claim_members", ["claim_id"]),
}


def _set_schema_version(version: str) -> None:
    op.execute(sa.text("""DELETE FROM meta WHERE "key" = 'schema_version'"""))
    op.execute(sa.text("""INSERT INTO meta ("key", value) VALUES ('schema_version', :v)""").bindparams(v=version))


def upgrade() -> None:
    for name, columns in _tables().items():
        op.create_table(name, *columns)
    for name, (table, cols) in INDEXES.items():
        op.create_index(name, table, cols)
    _set_schema_version("4")


def downgrade() -> None:
    for name in reversed(list(_tables())):
        op.drop_table(name)
    _set_schema_version("3")
