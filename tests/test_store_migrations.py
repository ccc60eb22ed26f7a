"""Schema migrations with Alembic (``quellen.store.migrate``), on SQLite and PostgreSQL.

What must hold: a new database gets exactly the tables of ``schema.py``; databases made before Alembic
(``meta.schema_version`` 1, 2 or 3, no ``alembic_version``) are stamped and upgraded in place with every row
kept; a database at an intermediate revision is upgraded; an upgrade that fails leaves the database as it was
(transactional DDL on both backends); a current database is only read; a newer revision is refused.
"""
from __future__ import annotations

import sqlite3
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from quellen.errors import MISSING_MODULE, STORAGE, EnvironmentFault
from quellen.store import Store, engine_url, migrate
from quellen.store import schema as S
from test_store import TEXT, make_doc, table_counts
from test_store_warnings import V1_DDL, WARNINGS, doc_with_warnings, make_v1_db

# What quellen 0.1 added for schema version 2 (SQLAlchemy 2.1 DDL of the version-2 schema.py, commit 07e010c).
V2_DDL = """
CREATE TABLE warnings (pk INTEGER NOT NULL, doc_id VARCHAR(64) NOT NULL, stage VARCHAR(32) NOT NULL, item TEXT,
    reason TEXT NOT NULL, PRIMARY KEY (pk), FOREIGN KEY(doc_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_warnings_doc_id ON warnings (doc_id);
UPDATE meta SET value = '2' WHERE key = 'schema_version';
"""


def _sql(db: str, *statements: str, params: dict | None = None) -> list:
    """Run ``statements`` in one transaction on ``db`` (file or URL); the rows of the last one."""
    engine = create_engine(engine_url(db))
    try:
        with engine.begin() as conn:
            for statement in statements:
                result = conn.execute(text(statement), params or {})
            return result.all() if result.returns_rows else []
    finally:
        engine.dispose()


def migrate_to(db: str, revision: str, pre_alembic: bool = False) -> None:
    """Bring ``db`` to ``revision`` with the shipped revisions; ``pre_alembic``: then forget Alembic's stamp, as
    in a database that quellen made before it used Alembic (the tables are the same, see the schema test)."""
    engine = create_engine(engine_url(db))
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), revision)
        if pre_alembic:
            conn.execute(text("DROP TABLE alembic_version"))
    engine.dispose()


def stamp_and_version(db: str) -> tuple[str | None, str | None]:
    engine = create_engine(engine_url(db))
    try:
        with engine.connect() as conn:
            state = migrate.read_state(conn)
            return state.revision, state.version
    finally:
        engine.dispose()


def schema_differences(db: str) -> list:
    """What Alembic's autogenerate finds different between the database and ``schema.metadata``."""
    def include(name, type_, parents):  # noqa: ANN001
        if type_ == "table":
            return not (name.startswith(S.FTS_TABLE) or name == "alembic_version")
        return not (type_ == "index" and name == "ix_attributions_search")

    engine = create_engine(engine_url(db))
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"include_name": include}), S.metadata)
    finally:
        engine.dispose()


def test_revisions_are_the_schema_versions_in_order():
    script = ScriptDirectory(str(migrate.SCRIPTS))
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(migrate.REVISIONS)
    assert script.get_current_head() == migrate.HEAD
    assert migrate.REVISION_OF[S.SCHEMA_VERSION] in migrate.REVISIONS


def test_new_database_has_exactly_the_tables_of_schema_py(backend):
    store = Store(backend.url)
    assert store.upgraded_from is None
    assert stamp_and_version(backend.url) == (migrate.HEAD, S.SCHEMA_VERSION)
    assert schema_differences(backend.url) == []
    engine = create_engine(engine_url(backend.url))
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        indexes = {i["name"] for i in inspect(conn).get_indexes("attributions")}
    engine.dispose()
    assert set(S.metadata.tables) <= tables
    assert (S.FTS_TABLE in tables) == (S.FTS_ROWS in tables) == (backend.name == "sqlite")
    assert ("ix_attributions_search" in indexes) == (backend.name == "postgresql")


@pytest.mark.parametrize("version", ["1", "2", "3"])
def test_database_made_before_alembic_is_stamped_and_upgraded(backend, version):
    """At each schema version: rows written at that version survive, the schema becomes today's."""
    migrate_to(backend.url, migrate.REVISION_OF[version], pre_alembic=True)
    assert stamp_and_version(backend.url) == (None, version)
    cols = "id, source, text, title" + (", input_hash, analysis_version" if version == "3" else "")
    values = ":id, 'alt.txt', :text, 'Alt'" + (", :h, 'v0'" if version == "3" else "")
    _sql(backend.url, f"INSERT INTO documents ({cols}) VALUES ({values})",
         "INSERT INTO attributions (doc_id, id, type, content_start, content_end, content_text, speaker_name, "
         "hedged) VALUES (:id, 'a1', 'direct', :start, :start + 16, 'Das stimmt nicht', 'Dmitri Peskow', false)",
         "INSERT INTO failures (source, reason, stage) VALUES ('kaputt.json', 'malformed JSON', 'ingest')",
         params={"id": "d" * 16, "text": TEXT, "h": "h" * 64, "start": TEXT.index("Das stimmt nicht")})
    if backend.name == "sqlite":
        _sql(backend.url, f"INSERT INTO {S.FTS_TABLE} (content, speaker, doc_id, attr_id) "
                          "VALUES ('Das stimmt nicht', 'Dmitri Peskow', :id, 'a1')", params={"id": "d" * 16})

    store = Store(backend.url)
    assert store.upgraded_from == (None if version == S.SCHEMA_VERSION else version)
    assert stamp_and_version(backend.url) == (migrate.HEAD, S.SCHEMA_VERSION)
    assert schema_differences(backend.url) == []
    old = store.get("d" * 16)
    assert old.title == "Alt" and old.text == TEXT and old.attributions[0].content.text == "Das stimmt nicht"
    assert old.input_hash == ("h" * 64 if version == "3" else None)
    assert [h.doc_id for h in store.search("stimmt")] == ["d" * 16]
    assert [f.source for f in store.failures()] == ["kaputt.json"]
    store.save(doc_with_warnings())                       # today's tables are usable at once
    assert Store(backend.url).get(make_doc().id).warnings == WARNINGS
    assert Store(backend.url).upgraded_from is None


def test_version_1_file_of_quellen_0_1_is_stamped_and_gets_todays_schema(tmp_path):
    db = tmp_path / "v1.db"
    make_v1_db(db, tmp_path)
    before = table_counts(db)
    assert Store(str(db)).upgraded_from == "1"
    assert stamp_and_version(str(db)) == (migrate.HEAD, S.SCHEMA_VERSION)
    assert schema_differences(str(db)) == [] and table_counts(db) == before


def test_version_2_file_of_quellen_0_1_is_upgraded_in_place(tmp_path):
    db = tmp_path / "v2.db"
    make_v1_db(db, tmp_path)
    con = sqlite3.connect(db)
    con.executescript(V2_DDL)
    doc_id = con.execute("SELECT id FROM documents ORDER BY source LIMIT 1").fetchone()[0]
    con.execute("INSERT INTO warnings (doc_id, stage, item, reason) VALUES (?, 'attribution', 'a9', 'kaputt')",
                (doc_id,))
    con.commit()
    con.close()
    before = table_counts(db)

    store = Store(str(db))
    assert store.upgraded_from == "2"
    assert stamp_and_version(str(db)) == (migrate.HEAD, S.SCHEMA_VERSION) and schema_differences(str(db)) == []
    assert table_counts(db) == before
    assert [(w.doc_id, w.item) for w in store.warnings()] == [(doc_id, "a9")]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents WHERE input_hash IS NULL").fetchone() == (2,)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_failed_upgrade_leaves_the_database_as_it_was(backend):
    """The upgrade to version 3 fails halfway (its index name is taken): nothing of it stays, not even the stamp."""
    migrate_to(backend.url, "0002", pre_alembic=True)
    _sql(backend.url, "INSERT INTO documents (id, source, text) VALUES ('d1', 'a.txt', 'Text')",
         "CREATE INDEX ix_documents_input ON failures (source)")
    with pytest.raises(EnvironmentFault) as info:
        Store(backend.url)
    assert info.value.code == STORAGE and "cannot open the database" in str(info.value)
    assert stamp_and_version(backend.url) == (None, "2")
    engine = create_engine(engine_url(backend.url))
    with engine.connect() as conn:
        assert "input_hash" not in {c["name"] for c in inspect(conn).get_columns("documents")}
        assert "alembic_version" not in inspect(conn).get_table_names()
    engine.dispose()
    assert table_counts(backend.url)["documents"] == 1


def test_newer_revision_is_refused(backend):
    Store(backend.url).save(make_doc())
    _sql(backend.url, "UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(EnvironmentFault) as info:
        Store(backend.url)
    assert info.value.code == STORAGE and "'0099', newer than" in str(info.value)


def test_downgrade_and_upgrade_keep_the_documents(backend):
    Store(backend.url).save(doc_with_warnings())
    engine = create_engine(engine_url(backend.url))
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0002")
    engine.dispose()
    assert stamp_and_version(backend.url) == ("0002", "2")
    store = Store(backend.url)
    assert store.upgraded_from == "2" and store.get(make_doc().id).warnings == WARNINGS


def test_current_file_is_only_read(tmp_path):
    """Opening a current database writes nothing: the file stays byte for byte (a read-only copy opens too)."""
    db = tmp_path / "q.db"
    Store(str(db)).save(make_doc())
    before = db.read_bytes()
    Store(str(db)).count()
    assert db.read_bytes() == before


def test_read_only_file_made_before_alembic_opens_for_reading(tmp_path):
    """A current file without Alembic's stamp needs a write only for the stamp: read-only, it still opens."""
    db = tmp_path / "q.db"
    Store(str(db)).save(make_doc())
    _sql(str(db), "DROP TABLE alembic_version")
    ro = Store(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert ro.count() == 1 and ro.has_fts and [h.attribution_id for h in ro.search("Gespräche")] == ["a1"]
    assert stamp_and_version(str(db)) == (None, S.SCHEMA_VERSION)
    assert Store(str(db)).upgraded_from is None and stamp_and_version(str(db)) == (migrate.HEAD, S.SCHEMA_VERSION)


def test_v1_ddl_is_what_revision_0001_creates(tmp_path):
    """The DDL kept as quellen 0.1's (test_store_warnings.V1_DDL) and revision 0001 agree table by table."""
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    con = sqlite3.connect(old)
    con.executescript(V1_DDL)
    con.close()
    migrate_to(str(new), "0001")

    def columns(path):
        con = sqlite3.connect(path)
        try:
            names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT "
                                               "LIKE 'attributions_fts_%' AND name != 'alembic_version'")]
            return {t: [r[1:] for r in con.execute(f"PRAGMA table_info({t})")] for t in sorted(names)}
        finally:
            con.close()

    assert columns(new) == columns(old)


def test_without_alembic_a_current_database_opens_and_a_new_one_is_a_missing_module(tmp_path, monkeypatch):
    Store(str(tmp_path / "current.db")).save(make_doc())
    monkeypatch.setitem(sys.modules, "alembic", None)            # as if it were not installed
    assert Store(str(tmp_path / "current.db")).count() == 1
    with pytest.raises(EnvironmentFault) as info:
        Store(str(tmp_path / "new.db"))
    assert info.value.code == MISSING_MODULE and "pip install alembic" in str(info.value)


def test_version_5_search_rows_are_mapped_and_replaced_without_stale_hits(tmp_path):
    """A database from before ``attributions_fts_rows`` (schema version 5) gets its FTS5 rows mapped on upgrade,
    so that re-saving a document replaces its search rows instead of leaving the old ones findable."""
    db = str(tmp_path / "v5.db")
    migrate_to(db, "0006")
    doc = make_doc()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO documents (id, source, text) VALUES (?, ?, ?)", (doc.id, doc.source, doc.text))
    con.executemany(f"INSERT INTO {S.FTS_TABLE} (content, speaker, doc_id, attr_id) VALUES (?, ?, ?, ?)",
                    [(a.content.text, a.speaker.name, doc.id, a.id) for a in doc.attributions]
                    + [("Ein ganz anderer Satz über Zölle", "Niemand", "other-doc", "a1")])
    con.commit()
    con.close()
    store = Store(db)
    assert store.upgraded_from == "5"
    con = sqlite3.connect(db)
    mapped = con.execute(f"SELECT fts_rowid, doc_id FROM {S.FTS_ROWS} ORDER BY fts_rowid").fetchall()
    assert mapped == con.execute(f"SELECT rowid, doc_id FROM {S.FTS_TABLE} ORDER BY rowid").fetchall()
    con.close()
    doc.attributions = doc.attributions[2:]          # re-analysed: only "Das stimmt nicht" is left
    store.save(doc)
    assert [h.attribution_id for h in store.search("stimmt")] == ["a3"]
    assert store.search("Gespräche") == []            # the old row is gone, not just unmapped
    con = sqlite3.connect(db)
    assert con.execute(f"SELECT count(*) FROM {S.FTS_TABLE} WHERE doc_id = ?", (doc.id,)).fetchone() == (1,)
    assert con.execute(f"SELECT count(*) FROM {S.FTS_TABLE}").fetchone() == \
        con.execute(f"SELECT count(*) FROM {S.FTS_ROWS}").fetchone() == (2,)   # the other document's row is kept
    con.close()
