"""Store: round trip, idempotency, replacement, failures, FTS search and exports against a real SQLite file."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from quellen.model import (Attribution, Boilerplate, Document, Entity, Failure, Gap, Mention, Span, Speaker,
                           document_id)
from quellen.store import Store, engine_url
from quellen.store.export import CSV_COLUMNS, export_csv, export_jsonl

TEXT = ("Kremlsprecher Dmitri Peskow wies den Bericht zurück. „Das stimmt nicht“, sagte Peskow. "
        "Laut Bloomberg soll Putin Gespräche angeboten haben.\nKommentar (0)")


def _span(text: str, needle: str, after: int = 0) -> Span:
    i = text.index(needle, after)
    return Span(i, i + len(needle), needle)


def _mention(text: str, needle: str, after: int = 0) -> Mention:
    s = _span(text, needle, after)
    return Mention(s.start, s.end, s.text)


def make_doc(text: str = TEXT, source: str = "artikel.txt") -> Document:
    peskow = Entity("e1", "Dmitri Peskow", "PER", [_mention(text, "Dmitri Peskow"), _mention(text, "Peskow", 60)],
                    aliases=["Kremlsprecher"])
    bloomberg = Entity("e2", "Bloomberg", "ORG", [_mention(text, "Bloomberg")])
    attrs = [
        Attribution("a1", "according_to", _span(text, "Laut"), _span(text, "Bloomberg"),
                    Speaker("Bloomberg", "e2", "media"), _span(text, "Putin Gespräche angeboten haben"),
                    hedged=True, confidence=0.9),
        Attribution("a2", "denial", _span(text, "wies"), _span(text, "Kremlsprecher Dmitri Peskow"),
                    Speaker("Dmitri Peskow", "e1", "person"), _span(text, "den Bericht"), denies="a1",
                    confidence=0.8),
        Attribution("a3", "direct", _span(text, "sagte"), _span(text, "Peskow", 60),
                    Speaker("Dmitri Peskow", "e1", "person"), _span(text, "Das stimmt nicht"), confidence=0.95,
                    form="Direct", origin="model"),
    ]
    i = text.index("Kommentar (0)")
    return Document(id=document_id(text), source=source, text=text, language="de", title="Kreml dementiert",
                    published="2024-10-26", outlet="Beispielbote", url="https://example.org/a",
                    boilerplate=[Boilerplate(i, i + 13, "ui")], gaps=[Gap(0, 13)], entities=[peskow, bloomberg],
                    attributions=attrs)


def table_counts(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("documents", "entities", "mentions", "attributions", "boilerplate", "gaps", "failures",
                          "attributions_fts")}
    finally:
        con.close()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sub" / "quellen.db"


def test_engine_url():
    assert engine_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("/tmp/x.db") == "sqlite:////tmp/x.db"


def test_round_trip(db):
    doc = make_doc()
    store = Store(str(db))
    store.save(doc)
    back = Store(str(db)).get(doc.id)
    assert back is not None
    assert back.to_dict() == doc.to_dict()
    assert back.url == doc.url and back.entities[0].aliases == ["Kremlsprecher"]
    assert back.attributions[2].form == "Direct" and back.attributions[2].origin == "model"
    assert db.exists()


def test_save_is_idempotent(db):
    doc = make_doc()
    store = Store(str(db))
    store.save(doc)
    first = table_counts(db)
    store.save(doc)
    Store(str(db)).save(make_doc())
    assert table_counts(db) == first
    assert first["documents"] == 1 and first["attributions"] == 3 and first["mentions"] == 3
    assert first["attributions_fts"] == 3


def test_resave_replaces_rows(db):
    store = Store(str(db))
    doc = make_doc()
    store.save(doc)
    doc.attributions = doc.attributions[:1]
    doc.entities = doc.entities[1:]
    doc.title = "Neuer Titel"
    store.save(doc)
    back = store.get(doc.id)
    assert back.title == "Neuer Titel" and [a.id for a in back.attributions] == ["a1"]
    assert [e.id for e in back.entities] == ["e2"]
    assert table_counts(db)["attributions_fts"] == 1
    assert store.search("stimmt") == []


def test_get_by_prefix_and_source(db, tmp_path):
    store = Store(str(db))
    a = make_doc(source=str(tmp_path / "in" / "a.txt"))
    b = make_doc(TEXT + " Zusatz.", source=str(tmp_path / "in" / "b.jsonl") + "#line 3")
    store.save(a)
    store.save(b)
    assert store.get(a.id[:8]).id == a.id
    assert store.get(a.source).id == a.id
    assert store.get("a.txt").id == a.id            # unique path suffix
    assert store.get("b.jsonl").id == b.id          # file of a multi-record input
    assert store.get("zzzz") is None and store.get("") is None
    assert [d.id for d in store.documents()] == [a.id, b.id] and store.count() == 2


def test_failures_recorded_once_and_cleared_on_success(db):
    store = Store(str(db))
    f = Failure("artikel.txt", "binary file (contains NUL bytes)")
    store.record_failure(f)
    store.record_failure(f)
    store.record_failure(Failure("kaputt.json", "malformed JSON: Expecting value"))
    assert [x.source for x in store.failures()] == ["artikel.txt", "kaputt.json"]
    store.save(make_doc(source="artikel.txt"))
    assert [x.source for x in store.failures()] == ["kaputt.json"]


def test_fts_search(db):
    store = Store(str(db))
    store.save(make_doc())
    assert store.has_fts
    hits = store.search("Gespräche")
    assert [(h.attribution_id, h.speaker, h.type) for h in hits] == [("a1", "Bloomberg", "according_to")]
    assert "[Gespräche]" in hits[0].snippet and hits[0].source == "artikel.txt"
    assert [h.attribution_id for h in store.search("stimmt nicht")] == ["a3"]
    assert store.search('"unbalanciert (') == []  # FTS syntax errors fall back to plain words
    assert [h.attribution_id for h in store.search("speaker: Peskow")] == ["a2", "a3"]  # FTS5 column filter
    assert [h.attribution_id for h in store.search("content: Peskow")] == []


def test_export_jsonl_and_csv(db):
    store = Store(str(db))
    doc = make_doc()
    store.save(doc)
    out = io.StringIO()
    assert export_jsonl(store, out) == 1
    lines = out.getvalue().splitlines()
    assert json.loads(lines[0]) == doc.to_dict()
    out = io.StringIO()
    assert export_csv(store, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0].keys()) == CSV_COLUMNS
    denial = next(r for r in rows if r["type"] == "denial")
    assert denial["speaker_name"] == "Dmitri Peskow" and denial["speaker_kind"] == "person"
    assert denial["denies"] == "a1" and denial["cue_text"] == "wies"
    assert TEXT[int(denial["source_start"]):int(denial["source_end"])] == denial["source_text"]
    hedged = next(r for r in rows if r["attribution_id"] == "a1")
    assert hedged["hedged"] == "true" and hedged["content_text"] == "Putin Gespräche angeboten haben"


def test_search_without_fts_uses_portable_like(db):
    store = Store(str(db))
    store.save(make_doc())
    store.has_fts = False  # as on PostgreSQL or a SQLite without FTS5
    assert [h.attribution_id for h in store.search("gespräche ANGEBOTEN")] == ["a1"]
    assert store.search("nirgends") == []


def test_schema_compiles_for_postgresql():
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from quellen.store import schema

    for table in schema.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
        assert "CREATE TABLE" in ddl
        if table.name == "gaps":
            assert '"end"' in ddl  # reserved word quoted
