"""The ways ``quellen serve`` fetches a search (serve/data.py ``_matching``) give the same answers.

Which way is taken depends on how many rows a query and its filters leave (a million attributions need other
plans than a thousand), so on the small test database the thresholds are lowered to force each one:

* reading the filtered rows through their indexes and sorting them;
* walking the documents by date;
* walking an entity's events by date;
* checking a broad query's few candidates in Python;
* streaming a broad query's matches (``recent`` order: the same rows, in another order).

Each must give what the default way gives.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from quellen.serve import create_app, data

import serve_fixtures


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db, _ = serve_fixtures.build(tmp_path_factory.mktemp("paths"))
    return TestClient(create_app(db))


def _all(client: TestClient, url: str) -> tuple[list[tuple], set[str]]:
    keys, orders, offset = [], set(), 0
    while offset is not None:
        body = client.get(url + ("&" if "?" in url else "?") + f"limit=3&offset={offset}").json()
        keys += [(h["doc"], h["attribution"]) for h in body["items"]]
        orders.add(body["order"])
        offset = body["next_offset"]
    return keys, orders


def _urls(client: TestClient) -> list[str]:
    """Searches whose answers are not empty, made from the database's own attributions."""
    hits = client.get("/api/attributions?limit=500").json()["items"]
    spoken = next(h for h in hits if h["speaker_cid"] and h["type"] == "indirect")
    ent, kind = spoken["speaker_cid"], spoken["speaker_kind"]
    word = "der"
    return ["/api/attributions", "/api/attributions?type=indirect", f"/api/attributions?kind={kind}&hedged=false",
            f"/api/attributions?entity={ent}", f"/api/attributions?speaker={ent}",
            f"/api/attributions?entity={ent}&type=indirect", "/api/attributions?since=2025",
            f"/api/attributions?q={word}", f"/api/attributions?q={word}&type=indirect",
            f"/api/attributions?q={word}&kind={kind}", f"/api/attributions?q={word}&speaker={ent}"]


@pytest.mark.parametrize("few, to_check, rank_limit", [(0, 0, 0), (0, 10_000, 0), (10_000, 10_000, 0),
                                                       (0, 0, 10_000)])
def test_every_way_of_fetching_gives_the_same_rows(client, monkeypatch, few, to_check, rank_limit):
    expected = {u: _all(client, u) for u in _urls(client)}
    assert sum(bool(keys) for keys, _ in expected.values()) >= len(expected) - 1
    monkeypatch.setattr(data, "FEW", few)
    monkeypatch.setattr(data, "FEW_TO_CHECK", to_check)
    monkeypatch.setattr(data, "RANK_LIMIT", rank_limit)
    for url, (keys, orders) in expected.items():
        got, got_orders = _all(client, url)
        assert len(set(got)) == len(got), url
        if orders == got_orders:
            assert got == keys, url            # the same order: the very same list
        else:
            assert set(got) == set(keys), url  # rank against recent/date: the same rows
    facets = client.get("/api/attributions?q=der&facets=true").json()["facets"]
    assert sum(f["count"] for f in facets["type"]) > 0
