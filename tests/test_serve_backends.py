"""``quellen serve`` on PostgreSQL answers as on SQLite (a real throw-away server, tests/pg_server.py).

The same articles are analysed by the real CLI into both databases; every list and page of the API is then asked
the same questions on both. Text search ranks differently (FTS5's bm25 against PostgreSQL's ts_rank, and German
stemming there), so for ``q`` the test compares what is found, not its order.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quellen.cli import app as cli
from quellen.serve import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


def _client(db: str) -> TestClient:
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLES), "--db", db, "--no-report"])
    assert result.exit_code == 0, result.output
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def sqlite_client(tmp_path_factory) -> TestClient:
    return _client(str(tmp_path_factory.mktemp("serve") / "q.db"))


def _all(client: TestClient, url: str) -> list[dict]:
    """Every item of a list, page by page (limit 7: several pages)."""
    items, offset = [], 0
    while offset is not None:
        page = client.get(url + ("&" if "?" in url else "?") + f"limit=7&offset={offset}")
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        offset = body["next_offset"]
    return items


@pytest.mark.postgres
def test_postgres_serves_what_sqlite_serves(sqlite_client, postgres):
    pg = _client(postgres.create_database())
    lists = ["/api/documents", "/api/claims", "/api/entities", "/api/failures", "/api/attributions",
             "/api/attributions?type=denial", "/api/attributions?kind=person&hedged=false",
             "/api/attributions?since=2024&until=2025-12", "/api/claims?status=single_source"]
    for url in lists:
        assert _all(pg, url) == _all(sqlite_client, url), url
    entity = _all(sqlite_client, "/api/entities")[0]["id"]
    claim = _all(sqlite_client, "/api/claims")[0]["id"]
    doc = _all(sqlite_client, "/api/documents")[0]["id"]
    for url in (f"/api/entities/{entity}", f"/api/claims/{claim}", f"/api/documents/{doc}",
                f"/api/attributions?entity={entity}", f"/api/attributions?speaker={entity}"):
        assert pg.get(url).json() == sqlite_client.get(url).json(), url
    # text search: the same attributions are found (ranked by each backend's own measure)
    word = sqlite_client.get("/api/attributions?type=direct&limit=1").json()["items"][0]["content"].split()[0]
    for url in (f"/api/attributions?q={word}", f"/api/attributions?q={word}&type=direct"):
        found = {(h["doc"], h["attribution"]) for h in _all(pg, url)}
        assert (sqlite_hits := {(h["doc"], h["attribution"]) for h in _all(sqlite_client, url)}) and found >= sqlite_hits, url
    # the pages render from the same reads
    for url in ("/", f"/documents/{doc}", f"/claims/{claim}", f"/entities/{entity}", f"/search?q={word}"):
        assert pg.get(url).status_code == 200, url
