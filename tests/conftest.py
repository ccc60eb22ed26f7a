"""Shared fixtures: the throw-away PostgreSQL server (``pg_server.py``) and the ``backend`` the store tests run on.

The server is started once per session, and only when a test asks for it; where none can be started, the tests
that need it skip with the reason (the SQLite half of each ``backend`` test still runs).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import pg_server as pg


@pytest.fixture(scope="session")
def postgres():
    """A running :class:`pg_server.PgServer` (skips the test when none can be started)."""
    try:
        server = pg.start()
    except pg.Unavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield server
    server.stop()


@dataclass
class Backend:
    """Where a store test keeps its database: ``url`` is a new, empty one; :meth:`new` makes another."""

    name: str            # "sqlite" or "postgresql"
    url: str
    path: Path | None    # the SQLite file (None on PostgreSQL)
    _new: object

    def new(self) -> str:
        return self._new()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request, tmp_path) -> Backend:
    if request.param == "sqlite":
        names = iter(range(1, 1000))
        path = tmp_path / "sub" / "quellen.db"
        return Backend("sqlite", str(path), path, lambda: str(tmp_path / f"other{next(names)}.db"))
    server = request.getfixturevalue("postgres")
    return Backend("postgresql", server.create_database(), None, server.create_database)


@pytest.fixture(scope="session")
def nlp():
    """quellen's German pipeline, loaded once; a test that needs it skips with the reason where it cannot load."""
    try:
        from quellen.nlp import load_pipeline

        return load_pipeline()
    except Exception as exc:  # noqa: BLE001 - no trained pipeline, or a broken install
        pytest.skip(f"needs quellen's German pipeline (tags, morphology, names): {exc}")


@pytest.fixture(scope="module")
def analyse():
    """Analyse one text with the whole pipeline (the rules alone on a blank tokenizer where no trained German
    pipeline is installed: they must still work)."""
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    try:
        from quellen.nlp import load_pipeline

        load_pipeline()
        pipe = Pipeline()
    except Exception:  # noqa: BLE001 - no trained pipeline
        pipe = Pipeline(stages=("entities", "attribution", "speakers", "denials"))

    def run(text: str):
        return pipe.analyse(RawDocument(source="test.txt", text=text))
    return run
