"""Store: round trip, idempotency, replacement, failures, full-text search and exports, each test on a real SQLite
file and on a real PostgreSQL database (the ``backend`` fixture of ``conftest.py``)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from sqlalchemy import create_engine, text

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


TABLES = ("documents", "entities", "mentions", "attributions", "boilerplate", "gaps", "failures")


def table_counts(db) -> dict[str, int]:
    """Rows per table of a SQLite file (with its FTS5 index) or, given a URL, of any database."""
    if "://" in str(db):
        engine = create_engine(str(db))
        try:
            with engine.connect() as conn:
                return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}
        finally:
            engine.dispose()
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in (*TABLES, "attributions_fts")}
    finally:
        con.close()


def test_engine_url():
    assert engine_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("/tmp/x.db") == "sqlite:////tmp/x.db"


def test_round_trip(backend):
    doc = make_doc()
    store = Store(backend.url)
    store.save(doc)
    back = Store(backend.url).get(doc.id)
    assert back is not None
    assert back.to_dict() == doc.to_dict()
    assert back.url == doc.url and back.entities[0].aliases == ["Kremlsprecher"]
    assert back.attributions[2].form == "Direct" and back.attributions[2].origin == "model"
    assert backend.name != "sqlite" or backend.path.exists()


def test_save_is_idempotent(backend):
    doc = make_doc()
    store = Store(backend.url)
    store.save(doc)
    first = table_counts(backend.url)
    store.save(doc)
    Store(backend.url).save(make_doc())
    assert table_counts(backend.url) == first
    assert first["documents"] == 1 and first["attributions"] == 3 and first["mentions"] == 3
    assert first.get("attributions_fts", 3) == 3


def test_resave_replaces_rows(backend):
    store = Store(backend.url)
    doc = make_doc()
    store.save(doc)
    doc.attributions = doc.attributions[:1]
    doc.entities = doc.entities[1:]
    doc.title = "Neuer Titel"
    store.save(doc)
    back = store.get(doc.id)
    assert back.title == "Neuer Titel" and [a.id for a in back.attributions] == ["a1"]
    assert [e.id for e in back.entities] == ["e2"]
    assert table_counts(backend.url).get("attributions_fts", 1) == 1
    assert store.search("stimmt") == [] and [h.attribution_id for h in store.search("Gespräche")] == ["a1"]


def test_get_by_prefix_and_source(backend, tmp_path):
    store = Store(backend.url)
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
    assert store.get("in/b.jsonl#line 3").id == b.id and store.get("a.t_t") is None   # LIKE escapes "_"
    store.delete(a.id)
    assert store.get(a.id) is None and store.count() == 1 and table_counts(backend.url)["attributions"] == 3


def test_current_finds_the_input_analysed_by_this_version(backend):
    store = Store(backend.url)
    doc = make_doc()
    doc.input_hash = "f" * 64
    store.save(doc, analysis_version="v1")
    assert store.current("f" * 64, "v1") == doc.id
    assert store.current("f" * 64, "v2") is None and store.current("0" * 64, "v1") is None
    assert Store(backend.url).get(doc.id).input_hash == "f" * 64


def test_failures_recorded_once_and_cleared_on_success(backend):
    store = Store(backend.url)
    f = Failure("artikel.txt", "binary file (contains NUL bytes)")
    store.record_failure(f)
    store.record_failure(f)
    store.record_failure(Failure("kaputt.json", "malformed JSON: Expecting value"))
    assert [x.source for x in store.failures()] == ["artikel.txt", "kaputt.json"]
    store.save(make_doc(source="artikel.txt"))
    assert [x.source for x in store.failures()] == ["kaputt.json"]


def test_fts_search(backend):
    store = Store(backend.url)
    store.save(make_doc())
    assert store.has_fts
    hits = store.search("Gespräche")
    assert [(h.attribution_id, h.speaker, h.type) for h in hits] == [("a1", "Bloomberg", "according_to")]
    assert "[Gespräche]" in hits[0].snippet and hits[0].source == "artikel.txt"
    assert hits[0].title == "Kreml dementiert" and hits[0].content == "Putin Gespräche angeboten haben"
    assert [h.attribution_id for h in store.search("stimmt nicht")] == ["a3"]
    assert store.search('"unbalanciert (') == []  # FTS syntax errors fall back to plain words
    assert [h.attribution_id for h in store.search("speaker: Peskow")] == ["a2", "a3"]  # FTS5 column filter
    assert [h.attribution_id for h in store.search("content: Peskow")] == []
    assert sorted(h.attribution_id for h in store.search('"Putin Gespräche" OR stimmt')) == ["a1", "a3"]
    assert [h.attribution_id for h in store.search("Gespr*")] == ["a1"]
    assert store.search("   ") == [] and len(store.search("Peskow", limit=1)) == 1


def test_export_jsonl_and_csv(backend):
    store = Store(backend.url)
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


def test_search_without_fts_uses_portable_like(backend):
    store = Store(backend.url)
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
