"""Alembic revisions, one per schema version (``0001``-``0003``), then ``0004`` (PostgreSQL search index)."""
