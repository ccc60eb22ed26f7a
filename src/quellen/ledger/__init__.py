"""Corpus level: entity identity, copies, claims, status, timelines (derived from the stored documents)."""
