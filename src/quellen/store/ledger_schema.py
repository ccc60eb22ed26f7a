"""The corpus-level tables of the claim ledger (schema version 4, Alembic revision ``0005``; version 5, revision
``0006``, adds ``entity_events`` and ``entity_months``).

Everything here is derived data (``quellen.ledger``): it can be rebuilt from the stored documents at any time
(``quellen ledger --rebuild``) and must then equal what the incremental updates made. So these tables carry no
foreign keys to ``documents``: re-saving or deleting a document leaves its ledger rows until the next ledger
update removes or redoes them (``ledger_docs`` records which version of each document the ledger holds).
"""
from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, PrimaryKeyConstraint, String, Table, Text

from .schema import metadata


def _key(prefix: str = "") -> list[Column]:
    return [Column(f"{prefix}doc_id", String(64), nullable=False),
            Column(f"{prefix}attribution_id", String(32), nullable=False)]


ledger_docs = Table(
    "ledger_docs", metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("stamp", String(160), nullable=False),   # which analysis of the document the ledger holds
)

# per-article entities (and named speakers without one) as identity reads them: ledger/identity.EntityRecord
entity_records = Table(
    "entity_records", metadata,
    Column("doc_id", String(64), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("aliases", Text),                         # JSON list
    Column("kind", String(16)),
    PrimaryKeyConstraint("doc_id", "entity_id", name="pk_entity_records"),
)

corpus_entities = Table(
    "corpus_entities", metadata,
    Column("cid", String(24), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("aliases", Text),                         # JSON list
    Column("n_docs", Integer, nullable=False),
    Index("ix_corpus_entities_name", "name"),
)

entity_links = Table(
    "entity_links", metadata,
    Column("doc_id", String(64), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("cid", String(24), nullable=False),
    Column("score", Float, nullable=False),
    Column("why", Text),
    PrimaryKeyConstraint("doc_id", "entity_id", name="pk_entity_links"),
    Index("ix_entity_links_cid", "cid"),
)

entity_merges = Table(
    "entity_merges", metadata,
    Column("old_cid", String(24), primary_key=True),
    Column("new_cid", String(24), nullable=False),
)

doc_signatures = Table(
    "doc_signatures", metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("signature", LargeBinary),                # ledger/copies.signature; NULL: too short to compare
)

copy_pairs = Table(                                  # verified near-duplicate pairs (doc_id < other_id)
    "copy_pairs", metadata,
    Column("doc_id", String(64), nullable=False),
    Column("other_id", String(64), nullable=False),
    Column("share", Float, nullable=False),
    Column("kind", String(16), nullable=False),
    PrimaryKeyConstraint("doc_id", "other_id", name="pk_copy_pairs"),
    Index("ix_copy_pairs_other", "other_id"),
)

copies = Table(                                      # each copy -> the original of its group
    "copies", metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("of_doc_id", String(64), nullable=False),
    Column("share", Float, nullable=False),
    Column("kind", String(16), nullable=False),
    Index("ix_copies_of", "of_doc_id"),
)

claim_statements = Table(                            # ledger/claims.Statement of each attribution, as JSON
    "claim_statements", metadata,
    *_key(),
    Column("stance", String(8), nullable=False),
    Column("features", Text, nullable=False),
    PrimaryKeyConstraint("doc_id", "attribution_id", name="pk_claim_statements"),
)

claim_keys = Table(                                  # blocking: rarest content stems of each statement
    "claim_keys", metadata,
    Column("term", String(64), nullable=False),
    *_key(),
    Index("ix_claim_keys_term", "term"),
    Index("ix_claim_keys_doc", "doc_id"),
)

claim_edges = Table(                                 # pair scores >= claims.EDGE, (a) < (b)
    "claim_edges", metadata,
    *_key("a_"), *_key("b_"),
    Column("score", Float, nullable=False),
    Column("why", Text),
    PrimaryKeyConstraint("a_doc_id", "a_attribution_id", "b_doc_id", "b_attribution_id", name="pk_claim_edges"),
    Index("ix_claim_edges_b", "b_doc_id", "b_attribution_id"),
)

claims = Table(
    "claims", metadata,
    Column("id", String(24), primary_key=True),
    Column("gist", Text),
    Column("gist_doc_id", String(64)),
    Column("gist_attribution_id", String(32)),
    Column("status", String(16), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("n_appearances", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("hedged_share", Float, nullable=False),
    Column("speakers", Text),                        # JSON list of names
    Column("outlets", Text),                         # JSON list
    Index("ix_claims_status", "status"),
    Index("ix_claims_first_seen", "first_seen"),
)

claim_members = Table(
    "claim_members", metadata,
    *_key(),
    Column("claim_id", String(24), nullable=False),
    Column("stance", String(8), nullable=False),
    Column("similarity", Float, nullable=False),
    Column("why", Text),
    PrimaryKeyConstraint("doc_id", "attribution_id", name="pk_claim_members"),
    Index("ix_claim_members_claim", "claim_id"),
)

claim_merges = Table(                                # a claim id that disappeared -> the claim holding its member
    "claim_merges", metadata,
    Column("old_id", String(24), primary_key=True),
    Column("new_id", String(24), nullable=False),
)

entity_events = Table(                               # ledger/events.py: what each entity said, denied, is named in
    "entity_events", metadata,
    Column("cid", String(24), nullable=False),
    *_key(),
    Column("role", String(8), nullable=False),       # said | denied | about
    Column("published", String(10)),                 # the document's date
    PrimaryKeyConstraint("cid", "doc_id", "attribution_id", name="pk_entity_events"),
    Index("ix_entity_events_date", "cid", "published", "doc_id", "attribution_id"),
    Index("ix_entity_events_doc", "doc_id", "attribution_id"),
)

entity_months = Table(                               # counts of entity_events per month ('' = undated) and role
    "entity_months", metadata,
    Column("cid", String(24), nullable=False),
    Column("month", String(7), nullable=False),
    Column("role", String(8), nullable=False),
    Column("n", Integer, nullable=False),
    PrimaryKeyConstraint("cid", "month", "role", name="pk_entity_months"),
)

LEDGER_TABLES = (ledger_docs, entity_records, corpus_entities, entity_links, entity_merges, doc_signatures,
                 copy_pairs, copies, claim_statements, claim_keys, claim_edges, claims, claim_members, claim_merges,
                 entity_events, entity_months)
