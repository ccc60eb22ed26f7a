"""The claim ledger end to end on real articles: claims across articles, denials, copies, order-independence,
the commands and the export contracts.

The articles are the bundled examples and the five seed reports (skipped with the reason where ../shared is
absent); the documents are analysed once by the real pipeline and stored in real SQLite databases.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from quellen.ledger import claims as C
from quellen.ledger.update import update
from quellen.model import RawDocument
from quellen.pipeline import Pipeline
from quellen.store import Store
from quellen.store import ledger_schema as L
from quellen.store import queries as Q

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"needs the seed articles in {SEEDS}")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _analyse(pipeline, path: Path, text: str | None = None):
    return pipeline.analyse(RawDocument(source=str(path), text=text if text is not None else path.read_text("utf-8")))


@pytest.fixture(scope="module")
def seed_docs(pipeline):
    if not SEEDS.is_dir():
        pytest.skip(f"needs the seed articles in {SEEDS}")
    return [_analyse(pipeline, p) for p in sorted(SEEDS.glob("*.txt"))]


def _tables(db: str) -> dict[str, list]:
    """Every ledger row, as sorted tuples (what an order-independent ledger must reproduce)."""
    store = Store(db)
    out = {}
    with store.engine.connect() as conn:
        for t in L.LEDGER_TABLES:
            if t.name in ("ledger_docs", "entity_merges", "claim_merges"):
                continue      # history of how the ledger got there, not its content
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t)))
    store.close()
    return out


def _build(db: str, docs, batches: int = 1) -> Store:
    store = Store(db)
    size = max(1, -(-len(docs) // batches))
    for i in range(0, len(docs), size):
        for d in docs[i:i + size]:
            store.save(d)
        update(store, analysed="2026-01-01")
    return store


def _member(conn, doc, attr_text: str):
    """The claim membership of the attribution of ``doc`` whose content contains ``attr_text``."""
    a = next(a for a in doc.attributions if attr_text in a.content.text)
    m = L.claim_members.c
    row = conn.execute(select(L.claim_members).where(m.doc_id == doc.id, m.attribution_id == a.id)).first()
    return a, row


@needs_seeds
def test_seed_denial_in_the_same_article_joins_the_claim_it_denies(seed_docs, tmp_path):
    """Peskow's "das stimmt nicht" denies the Woodward report of the calls: one claim, status denied."""
    store = _build(str(tmp_path / "q.db"), seed_docs)
    doc = next(d for d in seed_docs if any(a.type == "denial" and "Anrufe" in a.content.text for a in d.attributions))
    with store.engine.connect() as conn:
        denial, drow = _member(conn, doc, "Anrufe")
        assert drow.stance == "denies"
        target = next(a for a in doc.attributions if a.id == denial.denies)
        _, trow = _member(conn, doc, target.content.text)
        assert trow.claim_id == drow.claim_id and trow.stance == "asserts"
        c = Q.claim(conn, drow.claim_id)
    assert c["status"] == "denied" and "Peskow" in c["status_reason"]
    assert {a["stance"] for a in c["appearances"]} == {"asserts", "denies"}


@needs_seeds
def test_same_claim_reported_by_two_articles_is_one_claim(seed_docs, tmp_path):
    """Trump's promise to end the war within 24 hours, reported in two seed articles in different words."""
    store = _build(str(tmp_path / "q.db"), seed_docs)
    with store.engine.connect() as conn:
        rows = conn.execute(select(L.claims).where(L.claims.c.n_documents > 1)).all()
        found = [Q.claim(conn, r.id) for r in rows]
    together = [c for c in found if all("24 Stunden" in a["content"] for a in c["appearances"])]
    assert together and len({a["doc"] for a in together[0]["appearances"]}) == 2


@needs_seeds
def test_topic_overlap_alone_does_not_merge(seed_docs, tmp_path):
    """Claims sharing names but not a proposition stay apart: every multi-member claim shares content words."""
    store = _build(str(tmp_path / "q.db"), seed_docs)
    with store.engine.connect() as conn:
        ids = [r.id for r in conn.execute(select(L.claims.c.id).where(L.claims.c.n_appearances > 1))]
        for cid in ids:
            apps = [a for a in Q.claim(conn, cid)["appearances"] if a["stance"] == "asserts"]
            words = [set(re.findall(r"\w{4,}", a["content"].lower())) for a in apps]
            for w in words[1:]:
                assert w & words[0], (cid, [a["content"] for a in apps])


@needs_seeds
def test_incremental_in_any_order_equals_rebuild(seed_docs, tmp_path):
    full = _build(str(tmp_path / "full.db"), seed_docs)
    update(full, rebuild=True, analysed="2026-01-01")
    reference = _tables(str(tmp_path / "full.db"))
    assert reference["claims"] and reference["corpus_entities"]
    for seed in (1, 2, 3):
        docs = list(seed_docs)
        random.Random(seed).shuffle(docs)
        db = str(tmp_path / f"inc{seed}.db")
        _build(db, docs, batches=len(docs))
        assert _tables(db) == reference, f"order {seed}"


def test_digests_made_in_worker_processes_equal_those_made_here(seed_docs, tmp_path, monkeypatch):
    """The per-document part of an update runs in a pool when there are many new documents, a chunk digested
    while the next is read: same tables."""
    from quellen.ledger import digest as G
    from quellen.ledger import update as U

    db = str(tmp_path / "pool.db")
    store = _build(db, seed_docs)
    reference = _tables(db)
    pools = []
    start = G.Digester.__init__

    def spy(self, n_docs, processes=None):
        start(self, n_docs, 2)
        pools.append(self.pool)

    monkeypatch.setattr(G, "POOL_MIN", 1)
    monkeypatch.setattr(G, "MAP_MIN", 1)
    monkeypatch.setattr(U, "READ_CHUNK", 2)     # several chunks, each digested while the next is read
    monkeypatch.setattr(G.Digester, "__init__", spy)
    update(store, rebuild=True, analysed="2026-01-01")
    assert pools and pools[0] is not None
    assert _tables(db) == reference


def test_edges_and_clusters_made_in_small_parts_equal_one_pass(seed_docs, tmp_path, monkeypatch):
    """A large update scores edges and reclusters a few thousand statements at a time (memory stays flat); with
    parts of a handful of statements, and after a re-analysed and a deleted document, the tables are the same."""
    from quellen.ledger import update as U

    db = str(tmp_path / "one.db")
    store = _build(db, seed_docs)
    reference = _tables(db)
    monkeypatch.setattr(U, "EDGE_CHUNK", 3)
    monkeypatch.setattr(U, "RECLUSTER_CHUNK", 2)
    update(store, rebuild=True, analysed="2026-01-01")
    assert _tables(db) == reference
    store.delete(seed_docs[0].id)
    update(store, analysed="2026-01-01")
    small = _tables(db)
    monkeypatch.setattr(U, "EDGE_CHUNK", 2000)
    monkeypatch.setattr(U, "RECLUSTER_CHUNK", 2000)
    update(store, rebuild=True, analysed="2026-01-01")
    assert _tables(db) == small


@needs_seeds
def test_reanalysed_and_deleted_documents_leave_no_trace(seed_docs, tmp_path):
    db = str(tmp_path / "q.db")
    store = _build(db, seed_docs)
    store.save(seed_docs[0])                    # the same analysis again: nothing to do
    assert update(store).added == 0
    store.delete(seed_docs[1].id)
    rep = update(store, analysed="2026-01-01")
    assert rep.removed == 1
    expected = _build(str(tmp_path / "ref.db"), [d for d in seed_docs if d.id != seed_docs[1].id])
    assert _tables(db) == _tables(str(tmp_path / "ref.db"))
    expected.close()


def test_wire_copies_count_as_one_source(pipeline, tmp_path):
    """The same agency text in three outlets: each statement is one claim with three appearances, counted as the
    sources of one copy (the anonymous staff's rumour: anonymous_only, one source, not three)."""
    text = (ROOT / "examples" / "articles" / "stadtwerke-strompreis.txt").read_text("utf-8")
    docs = [_analyse(pipeline, Path(f"outlet{i}/strompreis.txt"), f"Anzeige\n{text}\nLesen Sie auch: Teil {i}\n")
            for i in range(3)]
    docs = [replace(d, outlet=f"Zeitung {i}") for i, d in enumerate(docs)]
    store = _build(str(tmp_path / "q.db"), docs)
    with store.engine.connect() as conn:
        copies = conn.execute(select(L.copies)).all()
        assert len(copies) == 2 and len({c.of_doc_id for c in copies}) == 1
        multi = [Q.claim(conn, r.id) for r in conn.execute(select(L.claims).where(L.claims.c.n_documents == 3))]
    assert multi, "the repeated statements form claims across the three copies"
    for c in multi:      # copies add no source: the count is that of one copy's speakers
        one_copy = {a["speaker"] for a in c["appearances"] if a["doc"] == docs[0].id and a["stance"] == "asserts"}
        assert 1 <= c["sources"] <= len({s for s in one_copy if s}), c
    rumour = [c for c in multi if "weitere Erhöhung" in c["gist"]]     # "Mitarbeiter der Stadtwerke" (anonymous)
    assert rumour and rumour[0]["status"] == "anonymous_only" and rumour[0]["sources"] == 1, multi


def test_pair_score_vetoes(pipeline):
    st = C.statement
    a = st(("d1", "a1"), "Der Konzern habe im vergangenen Jahr 300 Stellen abgebaut")
    b = st(("d2", "a1"), "Der Konzern habe im vergangenen Jahr 500 Stellen abgebaut")
    c = st(("d3", "a1"), "Der Konzern habe im vergangenen Jahr keine Stellen abgebaut")
    d = st(("d4", "a1"), "Im vergangenen Jahr habe der Konzern 300 Arbeitsplätze abgebaut")
    assert C.score(a, b)[0] == 0.0 and "numbers" in C.score(a, b)[1]
    assert C.score(a, c)[0] == 0.0 and "negated" in C.score(a, c)[1]
    assert C.score(a, d)[0] >= C.MERGE
    p1 = st(("d1", "a2"), "Musk habe heimlich Kontakt zu Putin aufgenommen", people=["Musk", "Putin"])
    p2 = st(("d2", "a2"), "Trump habe heimlich Kontakt zu Putin aufgenommen", people=["Trump", "Putin"])
    assert C.score(p1, p2)[0] < C.EDGE, "the same words about different people are not one claim"


def test_cluster_is_order_independent_and_ids_are_stable():
    texts = ["Die Regierung werde die Steuern im nächsten Jahr deutlich senken",
             "Im nächsten Jahr will die Regierung die Steuern deutlich senken",
             "Die Steuern sollen im kommenden Jahr deutlich gesenkt werden, sagte die Regierung",
             "Der Hafen werde wegen des Streiks bis Freitag geschlossen bleiben",
             "Wegen des Streiks bleibt der Hafen bis Freitag geschlossen"]
    sts = [C.statement((f"d{i}", "a1"), t) for i, t in enumerate(texts)]
    ref = [(c.id, [m.key for m in c.members]) for c in C.cluster(sts)]
    for seed in range(5):
        shuffled = list(sts)
        random.Random(seed).shuffle(shuffled)
        assert [(c.id, [m.key for m in c.members]) for c in C.cluster(shuffled)] == ref
    groups = [keys for _, keys in ref]
    assert [("d3", "a1"), ("d4", "a1")] in groups
    assert not any(("d0", "a1") in g and ("d3", "a1") in g for g in groups)


@needs_seeds
def test_commands_and_export_contracts(seed_docs, tmp_path):
    from quellen.cli import _register_subapps, app

    db = str(tmp_path / "q.db")
    _build(db, seed_docs).close()
    _register_subapps()
    run = CliRunner().invoke
    res = run(app, ["claims", "--db", db, "--json", "--min", "2"])
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert listed and all(c["appearances_count"] >= 2 for c in listed)
    one = json.loads(run(app, ["claim", listed[0]["id"], "--db", db, "--json"]).stdout)
    assert len(one["appearances"]) == listed[0]["appearances_count"]
    page = run(app, ["entity", "Peskow", "--db", db, "--json"])
    assert page.exit_code == 0, page.output
    page = json.loads(page.stdout)
    assert "Peskow" in page["name"] and page["said"] + page["denied"] >= 3
    assert run(app, ["timeline", "Peskow", "--db", db]).exit_code == 0
    assert run(app, ["claim", "Cnothere", "--db", db]).exit_code == 1
    out = tmp_path / "claims.jsonl"
    assert run(app, ["export", "--format", "claims", "--db", db, "-o", str(out)]).exit_code == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    keys = {"id", "status", "status_reason", "gist", "first_seen", "last_seen", "appearances"}
    assert records and all(keys <= set(r) for r in records)
    app_keys = {"doc", "source", "attribution", "stance", "speaker", "speaker_kind", "outlet", "published"}
    assert all(app_keys <= set(a) for r in records for a in r["appearances"])
    docs = tmp_path / "docs.jsonl"
    assert run(app, ["export", "--format", "jsonl", "--db", db, "-o", str(docs)]).exit_code == 0
    claim_ids = {r["id"] for r in records}
    for line in docs.read_text("utf-8").splitlines():
        for a in json.loads(line)["attributions"]:
            assert a["claim"] in claim_ids
    ld = tmp_path / "claims.jsonld"
    assert run(app, ["export", "--format", "claim-jsonld", "--db", db, "-o", str(ld)]).exit_code == 0
    objs = json.loads(ld.read_text("utf-8"))
    assert len(objs) == len(records) and all(o["@type"] == "Claim" and o["appearance"] for o in objs)
    assert not any("reviewRating" in o for o in objs)


def test_ledger_survives_mutated_articles(pipeline, tmp_path):
    """Fuzz-mutated articles (quotes, zero-width and combining characters, RTL, emoji, deletions, repeats) go
    through the ledger: no exception, every attribution in exactly one claim, and a rebuild gives the same."""
    from quellen.fuzz.mutate import mutate

    rng = random.Random(7)
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    docs = [_analyse(pipeline, Path(f"mut/{i}.txt"), mutate(texts[i % len(texts)], rng, 4)) for i in range(24)]
    docs = [d for d in docs if d.text.strip()]
    db = str(tmp_path / "q.db")
    store = _build(db, docs, batches=3)
    with store.engine.connect() as conn:
        members = {(r.doc_id, r.attribution_id) for r in conn.execute(select(L.claim_members))}
    assert members == {(d.id, a.id) for d in docs for a in d.attributions if a.content.text.strip()}
    before = _tables(db)
    update(store, rebuild=True, analysed="2026-01-01")
    assert _tables(db) == before


def test_big_components_fall_back_to_strong_pairs(monkeypatch):
    """Above BIG_COMPONENT statements average link is skipped (cubic): only pairs >= MERGE join, and edges to
    statements outside the component (a denial's) are ignored (they once raised KeyError at 10k articles)."""
    texts = ["Die Regierung werde die Steuern im nächsten Jahr deutlich senken",
             "Im nächsten Jahr will die Regierung die Steuern deutlich senken",
             "Die Steuern sollen im kommenden Jahr deutlich gesenkt werden, sagte die Regierung"]
    sts = [C.statement((f"d{i}", "a1"), t) for i, t in enumerate(texts)]
    sts.append(C.statement(("d9", "a1"), "Die Regierung werde die Steuern nicht senken", denial=True))
    expected = [(c.id, [m.key for m in c.members]) for c in C.cluster(sts)]
    monkeypatch.setattr(C, "BIG_COMPONENT", 1)
    got = [(c.id, [m.key for m in c.members]) for c in C.cluster(sts)]
    assert sorted(k for _, keys in got for k in keys) == sorted(st.key for st in sts)
    assert len(got) >= len(expected) - 1


def test_ledger_on_both_backends_gives_the_same_tables(pipeline, backend, tmp_path):
    """The ledger through SQLAlchemy Core only: on PostgreSQL (a real server, tests/pg_server.py) it holds the
    same rows as on SQLite, and an update with nothing new changes nothing."""
    docs = [_analyse(pipeline, p) for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    docs += [_analyse(pipeline, Path(f"copy/{i}.txt"), docs[0].text + f"\nLesen Sie auch: Teil {i}\n")
             for i in range(2)]
    ref = str(tmp_path / "ref.db")
    _build(ref, docs).close()
    store = _build(backend.url, docs, batches=2)
    assert update(store, analysed="2026-01-01").added == 0
    store.close()
    assert _tables(backend.url) == _tables(ref)


def test_a_genitive_mention_makes_its_base_form_a_name_in_the_contents():
    """The only mention of a person is a genitive ('als Gegner Thaksins'); 'Thaksin' in the quotes is his name,
    so two chants that share only it are not one claim ('Thaksin raus!' / 'Thaksin ist der schlechteste …')."""
    from quellen.ledger.claims import score
    from quellen.ledger.statements import statements_of
    from quellen.model import Attribution, Document, Entity, Mention, Span, Speaker

    text = ("Die Menge rief „Thaksin raus!“, sagte ein Augenzeuge. Ein Redner, selbst ein Gegner Thaksins, rief: "
            "„Thaksin ist der schlechteste Ministerpräsident aller Zeiten!“")
    at = text.index("Thaksins")

    def attribution(aid, content):
        i = text.index(content)
        return Attribution(aid, "direct", Span.of(text, 0, 3), None, Speaker(None, None, "anonymous"),
                           Span.of(text, i, i + len(content)))

    doc = Document("d1", "x.txt", text, entities=[Entity("e1", "Thaksins", "PER", [Mention(at, at + 8, "Thaksins")])],
                   attributions=[attribution("a1", "Thaksin raus!"),
                                 attribution("a2", "Thaksin ist der schlechteste Ministerpräsident aller Zeiten!")])
    a, b = statements_of(doc)
    assert "thaksin" in {n.lower() for n in a.terms.names}
    assert score(a, b)[0] < 0.40
