"""The REST API of ``quellen serve`` (FastAPI's TestClient) on a real database: the bundled examples and a hostile
article, analysed by the real CLI. Ids, spans and contents are checked against the JSONL export of the same run."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quellen.cli import app as cli
from quellen.errors import EnvironmentFault
from quellen.serve import create_app

import serve_fixtures

LISTS = ["/api/documents", "/api/attributions", "/api/claims", "/api/entities"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return serve_fixtures.build(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def client(built) -> TestClient:
    return TestClient(create_app(built[0]))


@pytest.fixture(scope="module")
def records(built) -> dict[str, dict]:
    return {r["id"]: r for r in built[1]}


def _all(client: TestClient, url: str, limit: int = 50) -> list[dict]:
    items, offset = [], 0
    while offset is not None:
        body = client.get(url + ("&" if "?" in url else "?") + f"limit={limit}&offset={offset}").json()
        items += body["items"]
        offset = body["next_offset"]
    return items


def test_documents_and_their_ids_are_the_exports(client, records):
    docs = _all(client, "/api/documents")
    assert {d["id"] for d in docs} == set(records)
    for d in docs:
        full = client.get(f"/api/documents/{d['id']}").json()
        rec = records[d["id"]]
        assert full["text"] == rec["text"] and full["source"] == rec["source"]
        assert [a["id"] for a in full["attributions"]] == [a["id"] for a in rec["attributions"]]
        assert [a["claim"] for a in full["attributions"]] == [a["claim"] for a in rec["attributions"]]
        assert [e.get("cid") for e in full["entities"]] == [e.get("cid") for e in rec["entities"]]
        assert d["attributions"] == len(rec["attributions"])


def test_document_spans_point_at_their_text(client, records):
    for doc_id in records:
        d = client.get(f"/api/documents/{doc_id}").json()
        text = d["text"]
        for a in d["attributions"]:
            for role in ("cue", "source", "content"):
                if a[role]:
                    assert text[a[role]["start"]:a[role]["end"]] == a[role]["text"]
        for e in d["entities"]:
            assert all(0 <= m["start"] < m["end"] <= len(text) for m in e["mentions"])
        for b in d["boilerplate"] + d["gaps"]:
            assert 0 <= b["start"] <= b["end"] <= len(text)


@pytest.mark.parametrize("url", LISTS)
def test_pages_concatenate_to_the_whole_list_in_a_stable_order(client, url):
    whole = _all(client, url, limit=500)
    assert whole, url
    key = (lambda x: (x["doc"], x["attribution"])) if "attributions" in url else (lambda x: x["id"])
    paged = _all(client, url, limit=1) if len(whole) <= 60 else _all(client, url, limit=7)
    assert [key(x) for x in paged] == [key(x) for x in whole]
    assert len({key(x) for x in whole}) == len(whole)
    last = client.get(url, params={"limit": 500}).json()
    assert last["next_offset"] is None


def test_filters_filter(client):
    every = _all(client, "/api/attributions", limit=500)
    for field, param, value in (("type", "type", "direct"), ("type", "type", "denial"),
                                ("speaker_kind", "kind", "person"), ("hedged", "hedged", True)):
        got = _all(client, f"/api/attributions?{param}={str(value).lower()}")
        want = [x for x in every if x[field] == value]
        assert got == want and got, (param, value)
    dated = [x for x in every if x["published"]]
    day = sorted(x["published"] for x in dated)[len(dated) // 2]
    since = _all(client, f"/api/attributions?since={day}")
    assert since == [x for x in every if x["published"] and x["published"] >= day]
    until = _all(client, f"/api/attributions?until={day[:7]}")            # a month includes all its days
    assert until == [x for x in every if x["published"] and x["published"][:7] <= day[:7]]
    outlet = next(x["outlet"] for x in every if x["outlet"])
    assert _all(client, "/api/attributions", limit=500) == every
    assert _all(client, f"/api/attributions?outlet={outlet}") == [x for x in every if x["outlet"] == outlet]
    claims = _all(client, "/api/claims")
    status = claims[0]["status"]
    assert _all(client, f"/api/claims?status={status}") == [c for c in claims if c["status"] == status]


def test_entity_filter_and_page_agree(client):
    top = client.get("/api/entities", params={"limit": 1}).json()["items"][0]
    page = client.get(f"/api/entities/{top['id']}", params={"limit": 500}).json()
    events = {(e["doc"], e["attribution"]) for e in page["events"]}
    assert page["said"] + page["denied"] + page["about"] == len(events) > 0
    found = {(x["doc"], x["attribution"]) for x in _all(client, f"/api/attributions?entity={top['id']}")}
    assert found == events
    by_name = client.get(f"/api/entities/{top['name']}").json()
    assert by_name["id"] == top["id"]
    assert sum(b["said"] + b["denied"] + b["about"] for b in page["timeline"]) + page["undated"] == len(events)
    said = {(e["doc"], e["attribution"]) for e in page["events"] if e["role"] != "about"}
    assert {(x["doc"], x["attribution"]) for x in _all(client, f"/api/attributions?speaker={top['id']}")} == said


def test_text_search_finds_and_marks_the_word(client, records):
    a = next(a for r in records.values() for a in r["attributions"] if len(a["content"]["text"].split()) > 3)
    word = max(a["content"]["text"].split(), key=len).strip(".,;:!?„“\"()")
    body = client.get("/api/attributions", params={"q": word, "limit": 500}).json()
    hit = [h for h in body["items"] if h["content"] == a["content"]["text"]]
    assert hit and f"[{word}]".lower() in hit[0]["snippet"].lower()
    assert body["order"] == "rank"


def test_claim_pages_list_their_appearances(client, records):
    for c in _all(client, "/api/claims"):
        full = client.get(f"/api/claims/{c['id']}").json()
        assert full["appearances_count"] == len(full["appearances"]) >= 1
        for ap in full["appearances"]:
            att = {a["id"]: a for a in records[ap["doc"]]["attributions"]}[ap["attribution"]]
            assert att["claim"] == c["id"] and ap["content"] == att["content"]["text"]
            sent, text = ap["sentence"], records[ap["doc"]]["text"]
            assert text[sent["start"]:sent["end"]] == sent["text"]
            assert sent["start"] <= ap["content_span"][0] < ap["content_span"][1] <= sent["end"]


def test_csv_twins_have_the_same_rows(client):
    for url in LISTS + ["/api/failures"]:
        body = client.get(url, params={"limit": 20}).json()
        csv = client.get(url, params={"limit": 20, "format": "csv"})
        assert csv.headers["content-type"].startswith("text/csv")
        lines = [x for x in csv.text.splitlines() if x]
        if body["items"]:
            assert lines[0].split(",")[0] == next(iter(body["items"][0]))
        import csv as csvmod
        import io

        assert len(list(csvmod.DictReader(io.StringIO(csv.text)))) == len(body["items"]), url


@pytest.mark.parametrize("url, names", [
    ("/api/documents?limit=0", "limit"), ("/api/documents?limit=10000", "limit"),
    ("/api/attributions?type=foo", "type"), ("/api/attributions?since=2024-13-01", "since"),
    ("/api/attributions?hedged=maybe", "hedged"), ("/api/claims?status=true", "status"),
    ("/api/entities?offset=-1", "offset")])
def test_bad_parameters_are_422_naming_the_parameter(client, url, names):
    r = client.get(url)
    assert r.status_code == 422 and r.json()["error"] == "bad parameter" and names in r.json()["detail"]


@pytest.mark.parametrize("url", ["/api/documents/nope", "/api/claims/Cnope", "/api/entities/Niemand Unbekannt",
                                 "/api/attributions?entity=Niemand Unbekannt", "/api/claims?entity=Niemand"])
def test_unknown_ids_are_404_naming_them(client, url):
    r = client.get(url)
    assert r.status_code == 404 and r.json()["error"] == "not found"
    assert "Niemand" in r.json()["detail"] or "nope" in r.json()["detail"]


@pytest.mark.parametrize("q", ['"(', "foo:bar", "NOT", "AND OR", "*", '"', "speaker:", "ü" * 400])
def test_any_text_query_answers_without_a_server_error(client, q):
    r = client.get("/api/attributions", params={"q": q, "facets": "true"})
    assert r.status_code == 200, r.text


def test_hostile_text_comes_back_verbatim_with_security_headers(client, records):
    doc = next(r for r in records.values() if "angriff" in r["source"])
    d = client.get(f"/api/documents/{doc['id']}")
    assert "<script>window.__xss=1</script>" in d.json()["text"]
    contents = [a["content"]["text"] for a in d.json()["attributions"]]
    assert any("<script>" in c for c in contents)
    for r in (d, client.get("/api/claims"), client.get("/api/documents/nope")):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["server-timing"].startswith("app;dur=")


def test_no_write_endpoint_without_the_flag(built):
    ro = TestClient(create_app(built[0]))
    assert ro.post("/api/ledger/update").status_code in (404, 405)
    assert all(set(ops) <= {"get"} for ops in ro.get("/openapi.json").json()["paths"].values())
    rw = TestClient(create_app(built[0], write=True))
    r = rw.post("/api/ledger/update")
    assert r.status_code == 200 and r.json()["added"] == 0 and r.json()["claims"] > 0


def test_a_missing_database_is_an_error_not_a_new_file(tmp_path):
    missing = tmp_path / "nichts.db"
    with pytest.raises(EnvironmentFault, match="nichts.db"):
        create_app(str(missing))
    assert not missing.exists()
    result = CliRunner().invoke(cli, ["serve", "--db", str(missing)])
    assert result.exit_code == 3 and not missing.exists()


def test_serve_command_is_there():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--write" in result.output and "127.0.0.1" in result.output
