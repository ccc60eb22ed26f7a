"""Stage warnings in the database (schema version 2; on SQLite and PostgreSQL) and the in-place upgrade of a
version-1 SQLite database (more upgrades: ``test_store_migrations.py``)."""
from __future__ import annotations

import io
import json
import sqlite3

import pytest
from sqlalchemy import create_engine, text

from quellen.errors import STORAGE, EnvironmentFault
from quellen.model import Failure, StageWarning
from quellen.store import Store, StoredWarning
from quellen.store import schema as S
from quellen.store.export import export_jsonl
from test_store import TEXT, make_doc, table_counts

# The tables of schema version 1 exactly as quellen 0.1 created them (SQLAlchemy 2.1 DDL from the version-1
# schema.py, commit 4973198), so the upgrade is tested against a real old file rather than today's schema minus
# a table.
V1_DDL = """
CREATE TABLE documents (id VARCHAR(64) NOT NULL, source TEXT NOT NULL, url TEXT, language VARCHAR(16), title TEXT,
    published VARCHAR(10), outlet TEXT, text TEXT NOT NULL, PRIMARY KEY (id));
CREATE INDEX ix_documents_source ON documents (source);
CREATE TABLE failures (pk INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL, stage VARCHAR(32) NOT NULL,
    PRIMARY KEY (pk));
CREATE INDEX ix_failures_source ON failures (source);
CREATE TABLE meta ("key" VARCHAR(64) NOT NULL, value TEXT, PRIMARY KEY ("key"));
CREATE TABLE entities (doc_id VARCHAR(64) NOT NULL, id VARCHAR(32) NOT NULL, name TEXT NOT NULL,
    type VARCHAR(8) NOT NULL, aliases TEXT, CONSTRAINT uq_entities_doc_id UNIQUE (doc_id, id),
    FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_entities_doc_id ON entities (doc_id);
CREATE TABLE mentions (pk INTEGER NOT NULL, doc_id VARCHAR(64) NOT NULL, entity_id VARCHAR(32) NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT, PRIMARY KEY (pk),
    FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_mentions_doc_id ON mentions (doc_id);
CREATE TABLE attributions (pk INTEGER NOT NULL, doc_id VARCHAR(64) NOT NULL, id VARCHAR(32) NOT NULL,
    type VARCHAR(16) NOT NULL, cue_start INTEGER, cue_end INTEGER, cue_text TEXT, source_start INTEGER,
    source_end INTEGER, source_text TEXT, speaker_name TEXT, speaker_entity VARCHAR(32), speaker_kind VARCHAR(16),
    content_start INTEGER, content_end INTEGER, content_text TEXT, hedged BOOLEAN NOT NULL, denies VARCHAR(32),
    confidence FLOAT, form VARCHAR(32), addr_start INTEGER, addr_end INTEGER, addr_text TEXT, frame_start INTEGER,
    frame_end INTEGER, frame_text TEXT, origin VARCHAR(16), PRIMARY KEY (pk),
    CONSTRAINT uq_attributions_doc_id UNIQUE (doc_id, id),
    FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_attributions_doc_id ON attributions (doc_id);
CREATE TABLE boilerplate (pk INTEGER NOT NULL, doc_id VARCHAR(64) NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, reason VARCHAR(64), PRIMARY KEY (pk),
    FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_boilerplate_doc_id ON boilerplate (doc_id);
CREATE TABLE gaps (pk INTEGER NOT NULL, doc_id VARCHAR(64) NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (pk), FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_gaps_doc_id ON gaps (doc_id);
CREATE VIRTUAL TABLE attributions_fts USING fts5(content, speaker, doc_id UNINDEXED, attr_id UNINDEXED,
    tokenize='unicode61 remove_diacritics 0');
"""
V1_TABLES = ("documents", "entities", "mentions", "attributions", "boilerplate", "gaps", "failures",
             "attributions_fts")

WARNINGS = [StageWarning("attribution", "cue without content", "a7"),
            StageWarning("entities", "RecursionError: maximum recursion depth exceeded", None),
            StageWarning("attribution", "speaker span outside the text", "a2")]


def doc_with_warnings(**kw):
    doc = make_doc(**kw)
    doc.warnings = list(WARNINGS)
    return doc


@pytest.fixture
def db(tmp_path):
    return tmp_path / "quellen.db"


def test_warnings_round_trip_in_insertion_order(backend):
    doc = doc_with_warnings()
    Store(backend.url).save(doc)
    store = Store(backend.url)
    back = store.get(doc.id)
    assert back.to_dict() == doc.to_dict()
    assert back.warnings == WARNINGS            # insertion order, not sorted by stage or item
    assert store.warning_count() == 3
    assert store.warnings() == [StoredWarning(doc.id, "artikel.txt", w.stage, w.item, w.reason) for w in WARNINGS]
    assert [w.item for w in store.warnings(stage="attribution")] == ["a7", "a2"]
    out = io.StringIO()
    export_jsonl(store, out)
    assert json.loads(out.getvalue())["warnings"][1] == {"stage": "entities", "item": None,
                                                         "reason": WARNINGS[1].reason}


def test_warnings_replaced_on_resave_and_removed_with_their_document(backend):
    store = Store(backend.url)
    doc = doc_with_warnings()
    other = doc_with_warnings(text=TEXT + " Noch ein Satz.", source="b.txt")
    store.save(doc)
    store.save(other)
    store.save(doc)                              # idempotent: no duplicate warnings
    assert store.warning_count() == 6
    doc.warnings = doc.warnings[:1]
    store.save(doc)
    assert store.get(doc.id).warnings == WARNINGS[:1] and store.warning_count() == 4
    store.delete(other.id)
    assert [(w.source, w.item) for w in store.warnings()] == [("artikel.txt", "a7")]
    doc.warnings = []
    store.save(doc)
    assert store.warning_count() == 0 and store.warnings() == []


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of the version-1 tables, in their version-1 columns (later versions only add columns)."""
    v1 = sqlite3.connect(":memory:")
    v1.executescript(V1_DDL)
    columns = {t: ", ".join(f'"{r[1]}"' for r in v1.execute(f"PRAGMA table_info({t})")) for t in V1_TABLES}
    v1.close()
    con = sqlite3.connect(path)
    try:
        return {t: sorted(con.execute(f"SELECT {columns[t]} FROM {t}").fetchall(), key=repr) for t in V1_TABLES}
    finally:
        con.close()


def make_v1_db(path, tmp_path):
    """A version-1 database holding two documents, their FTS rows and a failure, as quellen 0.1 left it."""
    con = sqlite3.connect(path)
    con.executescript(V1_DDL)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.commit()
    con.close()
    # the rows: written by today's store into a scratch file, copied column by column into the old tables
    scratch = tmp_path / "scratch.db"
    store = Store(str(scratch))
    store.save(make_doc())
    store.save(make_doc(TEXT + " Zusatz.", source="b.txt"))
    store.record_failure(Failure("kaputt.json", "malformed JSON"))
    store.close()
    con = sqlite3.connect(path)
    con.execute("ATTACH DATABASE ? AS new", (str(scratch),))
    for t in V1_TABLES:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
        names = ", ".join(f'"{c}"' for c in cols)
        con.execute(f"INSERT INTO main.{t} ({names}) SELECT {names} FROM new.{t}")
    con.commit()
    con.execute("DETACH DATABASE new")
    con.close()


def test_version_1_database_is_upgraded_in_place(db, tmp_path):
    make_v1_db(db, tmp_path)
    before = _dump(db)
    assert len(before["documents"]) == 2 and len(before["attributions_fts"]) == 6

    store = Store(str(db))
    assert store.upgraded_from == "1"
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (S.SCHEMA_VERSION,)
        assert S.SCHEMA_VERSION == "6"
        assert con.execute("SELECT COUNT(*) FROM warnings").fetchone() == (0,)
        assert con.execute("SELECT COUNT(*) FROM documents WHERE input_hash IS NULL").fetchone() == (2,)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert _dump(db) == before                    # nothing lost, nothing rewritten
    doc = make_doc()
    assert store.get(doc.id).to_dict() == doc.to_dict()     # an old document reads back, with no warnings
    hits = store.search("Gespräche")
    assert sorted((h.source, h.attribution_id) for h in hits) == [("artikel.txt", "a1"), ("b.txt", "a1")]
    assert [f.source for f in store.failures()] == ["kaputt.json"]

    store.save(doc_with_warnings())                # the new table is usable at once
    assert Store(str(db)).get(doc.id).warnings == WARNINGS
    assert Store(str(db)).upgraded_from is None   # upgraded once
    assert table_counts(db)["documents"] == 2


def test_current_database_opens_read_only_without_writing(db, tmp_path):
    Store(str(db)).save(doc_with_warnings())
    ro = Store(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert ro.count() == 1 and ro.warning_count() == 3 and ro.has_fts


def test_version_1_database_that_cannot_be_written_is_a_storage_fault(db, tmp_path):
    make_v1_db(db, tmp_path)
    with pytest.raises(EnvironmentFault) as info:
        Store(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert info.value.code == STORAGE and "read-only" in str(info.value)
    assert sqlite3.connect(db).execute("SELECT value FROM meta").fetchone() == ("1",)   # left as it was


def set_meta_version(db: str, version: str) -> None:
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("""UPDATE meta SET value = :v WHERE "key" = 'schema_version'"""), {"v": version})
    engine.dispose()


def test_newer_schema_version_is_refused(backend):
    Store(backend.url).save(make_doc())
    set_meta_version(backend.url, "99")
    with pytest.raises(EnvironmentFault) as info:
        Store(backend.url)
    assert info.value.code == STORAGE and "newer" in str(info.value) and "Upgrade quellen" in str(info.value)
    set_meta_version(backend.url, "x1")
    with pytest.raises(EnvironmentFault) as info:
        Store(backend.url)
    assert info.value.code == STORAGE and "unknown to this quellen" in str(info.value)
