"""What only PostgreSQL has: its text search against SQLite's FTS5, concurrent writers, server faults, the CLI.

Against the throw-away server of ``pg_server.py`` (these tests skip where none can be started), with the example
articles analysed once by the real pipeline as data. Other store behaviour runs on both backends in
``test_store.py``, ``test_store_warnings.py`` and ``test_store_migrations.py``.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from quellen.errors import STORAGE, EnvironmentFault
from quellen.model import Document, Failure, document_id
from quellen.store import Store, pg_search
from test_store import make_doc

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="module")
def analysed() -> list[Document]:
    """The example articles as the pipeline of the day analyses them, and the hand-made test document."""
    from quellen.ingest import iter_inputs, list_inputs
    from quellen.pipeline import Pipeline

    docs = [d for d in Pipeline().run(iter_inputs(list_inputs([ARTICLES]))) if isinstance(d, Document)]
    assert sum(len(d.attributions) for d in docs) >= 20, "too few attributions in examples/articles to compare"
    return [*docs, make_doc()]


@pytest.fixture(scope="module")
def both(analysed, postgres, tmp_path_factory) -> tuple[Store, Store]:
    """The same documents in a SQLite file and in a PostgreSQL database."""
    stores = Store(str(tmp_path_factory.mktemp("sqlite") / "q.db")), Store(postgres.create_database("search"))
    for store in stores:
        for doc in analysed:
            store.save(doc)
    return stores


def _hits(store: Store, query: str) -> set[tuple[str, str]]:
    return {(h.doc_id, h.attribution_id) for h in store.search(query, limit=1000)}


def _stems(pg: Store, words: list[str]) -> dict[str, frozenset]:
    """Each word's lexemes in PostgreSQL's German configuration (empty for a stop word)."""
    with pg.engine.connect() as conn:
        return {w: frozenset(conn.execute(text("SELECT unnest(tsvector_to_array(to_tsvector('german', :w)))"),
                                          {"w": w}).scalars()) for w in words}


def test_search_hits_agree_with_sqlite(both, analysed):
    """Every word of the contents and speakers, speaker: filters, phrases, OR, NOT, prefixes and broken syntax
    find the same attributions on both backends. Where German stemming joins several words of the data into
    one stem (``Erhöhung``/``Erhöhungen``), PostgreSQL may find more, and never less."""
    sqlite, pg = both
    texts = [t for d in analysed for a in d.attributions for t in (a.content.text, a.speaker.name or "")]
    words = sorted({w for t in texts for w in re.findall(r"\w+", t)}, key=str.lower)
    stems = _stems(pg, words)
    family: dict[str, set[str]] = {}
    for w, lexemes in stems.items():
        for lexeme in lexemes:
            family.setdefault(lexeme, set()).add(w.lower())
    joined = {w for w, lexemes in stems.items() if any(len(family[x]) > 1 for x in lexemes)}

    contents = [a.content.text for d in analysed for a in d.attributions]
    pairs = [m for c in contents for m in re.findall(r"(?=\b(\w{4,}\s+\w{4,})\b)", c)][::3]
    exact = [w for w in words if w not in joined]
    speakers = sorted({a.speaker.name.split()[-1] for d in analysed for a in d.attributions if a.speaker.name} -
                      joined)
    queries = exact + [f'"{p}"' for p in pairs] + [f"speaker:{s}" for s in speakers] + [
        f"{a} OR {b}" for a, b in zip(exact[::7], exact[3::7])] + [
        f"{a} NOT {b}" for a, b in zip(exact[::11], exact[5::11])] + [
        f"{w[:4]}*" for w in exact[::5] if len(w) > 5] + [
        f'"{w} (' for w in exact[::13]] + [f"content: {w}" for w in exact[::9]]
    wider = [w for w in words if w in joined]

    differ = {q: (sorted(_hits(sqlite, q)), sorted(_hits(pg, q))) for q in queries if _hits(sqlite, q) != _hits(pg, q)}
    assert not differ, f"{len(differ)} of {len(queries)} queries differ (sqlite, postgresql): {differ}"
    less = {q: sorted(_hits(sqlite, q) - _hits(pg, q)) for q in wider if not _hits(sqlite, q) <= _hits(pg, q)}
    assert not less, f"PostgreSQL misses hits of SQLite: {less}"
    assert len(queries) > 150 and sum(bool(_hits(pg, q)) for q in queries) > 100     # the queries find things


def test_search_results_and_snippets(both):
    """Hits carry their attribution and document; snippets are FTS5's wherever both find the same hit."""
    sqlite, pg = both
    hit = next(h for h in pg.search("Härtefallfonds") if h.speaker == "Karin Albers")
    assert hit.type == "indirect" and hit.source.endswith("stadtwerke-strompreis.txt") and hit.title
    assert "[Härtefallfonds]" in hit.snippet
    assert pg.search("Erhöhungen") and pg.search("erhöhung") == pg.search("ERHÖHUNG")   # stems, any case
    assert {h.attribution_id for h in pg.search("das stimmt")} == {"a3"}
    assert pg.search("") == [] and pg.search("(((") == [] and pg.search("speaker:") == []
    same = differ = 0
    for query in ("Beschaffungskosten", "nicht", "Erhöhung", "sollen dort", "werd*", "speaker:Albers",
                  '"Mannschaft nach"', "Wortbruch OR Preise", "die", "Verlust NOT Erhöhung"):
        theirs = {(h.doc_id, h.attribution_id): h.snippet for h in sqlite.search(query)}
        for h in pg.search(query):
            if (h.doc_id, h.attribution_id) in theirs:
                same += h.snippet == theirs[h.doc_id, h.attribution_id]
                differ += h.snippet != theirs[h.doc_id, h.attribution_id]
    assert same > 20 and differ == 0


def test_search_uses_the_gin_index(both):
    _, pg = both
    with pg.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))     # the table is small: make the planner show its choice
        for query in ("Erhöhung", '"Mannschaft nach"', "speaker:Albers OR Wortbruch"):
            sql, params, _ = pg_search.build(conn, query, 5)
            plan = "\n".join(conn.execute(text("EXPLAIN " + sql.text), params).scalars())
            assert pg_search.INDEX in plan, (query, plan)


# ------------------------------------------------------------------ concurrent writers

WRITER = r"""
import json, sys
from quellen.model import Document, Failure
from quellen.store import Store

db, docs_path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(docs_path, encoding="utf-8") as fh:
    docs = [Document.from_dict(json.loads(line)) for line in fh]
print("ready", flush=True)
sys.stdin.readline()                       # both writers start at the same moment, on an empty database
store = Store(db)
for r in range(rounds):
    order = docs if r % 2 == 0 else docs[::-1]
    if r % 4 >= 2:                          # rounds 2, 3: groups of 3 in one transaction each (save_many)
        for k in range(0, len(order), 3):
            assert store.save_many(order[k:k + 3]) == [None] * len(order[k:k + 3])
    for doc in order:
        if r % 4 < 2:
            store.save(doc)
        store.record_failure(Failure("kaputt-" + doc.id[:6] + ".json", "malformed JSON", "ingest"))
print("done", store.upgraded_from, flush=True)
"""


def _versions(analysed: list[Document], copies: int) -> tuple[list[dict], list[dict]]:
    """Two versions of the same documents (same ids): B has another title, one attribution less, a warning."""
    a, b = [], []
    for k in range(copies):
        for base in analysed:
            d = base.to_dict()
            d["text"] = f"{base.text}\n\nKopie {k}."
            d["id"] = document_id(d["text"])
            d["source"] = f"kopie-{k}/{base.source}"
            a.append(Document.from_dict(d).to_dict())
            d = json.loads(json.dumps(d))
            d["title"] = f"{d.get('title') or ''} (B)"
            d["attributions"] = d["attributions"][:-1]
            d["warnings"] = [{"stage": "attribution", "item": "a1", "reason": f"Fassung B {k}"}]
            b.append(Document.from_dict(d).to_dict())
    return a, b


def test_concurrent_writers_lose_and_duplicate_nothing(analysed, postgres, tmp_path):
    """Two processes open one empty database at once (both create the schema) and save the same documents in
    opposite orders, one version each, four times over (two rounds one document per transaction, two in groups
    of three, ``save_many``): every document is there once, complete in one of the two versions, and every
    failure once."""
    url = postgres.create_database("race")
    a, b = _versions(analysed, copies=5)
    writers = []
    for name, docs in (("a", a), ("b", b)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        writers.append(subprocess.Popen([sys.executable, "-c", WRITER, url, str(path), "4"], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}))
    for w in writers:
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    results = [w.communicate(timeout=120) for w in writers]
    for w, (out, err) in zip(writers, results):
        assert w.returncode == 0 and out.startswith("done"), err[-3000:]

    store = Store(url)
    assert store.count() == len(a)
    versions = {d["id"]: (d, e) for d, e in zip(a, b)}
    seen = set()
    for doc in store.documents():
        got = doc.to_dict()
        assert got in versions[doc.id], (f"{doc.source}: neither version, or rows lost or doubled", [(k, len(str(got[k])), [len(str(v[k])) for v in versions[doc.id]]) for k in got if all(got[k] != v[k] for v in versions[doc.id])])
        seen.add(got["title"].endswith("(B)"))
    assert sorted(f.source for f in store.failures()) == sorted(f"kaputt-{d['id'][:6]}.json" for d in a)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT COUNT(*) FROM meta")).scalar() == 1
    engine.dispose()


# ------------------------------------------------------------------ server faults and the CLI

def test_unreachable_server_is_a_storage_fault():
    import pg_server

    url = f"postgresql+psycopg://postgres@127.0.0.1:{pg_server._free_port()}/quellen"
    with pytest.raises(EnvironmentFault) as info:
        Store(url)
    assert info.value.code == STORAGE and "Check the server" in str(info.value)


def test_dropped_connection_is_replaced_and_read_only_database_refuses_writes(postgres):
    url = postgres.create_database("ro")
    store = Store(url)
    store.save(make_doc())
    admin = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with admin.connect() as conn:     # the server drops the store's connection (as on a restart)
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"), {"d": name})
    store.save(make_doc())
    assert store.count() == 1
    store.close()
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    ro = Store(url)                   # a current database opens without writing
    assert ro.count() == 1 and [h.attribution_id for h in ro.search("Gespräche")] == ["a1"]
    with pytest.raises(EnvironmentFault) as info:
        ro.save(make_doc(source="neu.txt"))
    assert info.value.code == STORAGE and "refuses writes" in str(info.value)


def test_cli_analyze_search_show_export_on_postgresql(postgres, monkeypatch, tmp_path):
    monkeypatch.setenv("QUELLEN_DB", postgres.create_database("cli"))
    monkeypatch.setenv("COLUMNS", "200")
    from quellen.cli import app

    runner = CliRunner()
    article = str(ARTICLES / "stadtwerke-strompreis.txt")
    first = runner.invoke(app, ["analyze", article, "--no-report"])
    assert first.exit_code == 0 and "1 documents analysed" in first.output, first.output
    again = runner.invoke(app, ["analyze", article, "--no-report"])
    assert again.exit_code == 0 and "1 unchanged" in again.output, again.output
    found = runner.invoke(app, ["search", "speaker:Albers"])
    assert found.exit_code == 0 and "Karin Albers" in found.output and "0 attributions" not in found.output
    shown = runner.invoke(app, ["show", "stadtwerke"])
    assert shown.exit_code == 0 and "Stadtwerke Neustadt" in shown.output
    exported = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "a.csv")])
    assert exported.exit_code == 0 and (tmp_path / "a.csv").read_text(encoding="utf-8").count("\n") > 5
