"""Blocking (which statements the ledger compares) on German sentences, and the rebuild of a ledger stored with
an older key scheme."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update as sql_update

from quellen.ledger import blocking as B
from quellen.ledger import claims as C
from quellen.ledger.update import update
from quellen.model import RawDocument
from quellen.pipeline import Pipeline
from quellen.store import Store
from quellen.store import ledger_schema as L
from quellen.store import schema as S

ROOT = Path(__file__).resolve().parents[1]
st = C.statement


def _shared(a: C.Statement, b: C.Statement) -> set[str]:
    return set(B.block_keys(a)) & set(B.block_keys(b))


def test_two_shared_rare_words_make_a_candidate():
    a = st(("d1", "a1"), "Die Regierung werde die Steuern im nächsten Jahr deutlich senken")
    b = st(("d2", "a1"), "Im nächsten Jahr will die Regierung die Steuern deutlich senken")
    assert any(k.startswith("+") for k in _shared(a, b))
    assert (a.key, b.key) in B.candidate_pairs([b, a])
    assert C.score(a, b)[0] >= C.EDGE


def test_one_shared_word_needs_an_anchor_the_same_article_or_short_contents():
    port = "Der Hafen bleibe wegen des Streiks bis Freitag geschlossen"
    union = "Die Gewerkschaft kündigte einen neuen Streik der Lokführer an"
    a, b = st(("d1", "a1"), port), st(("d2", "a1"), union)
    assert "streik" in set(B.rarest(a, B.BLOCK_KEYS)) & set(B.rarest(b, B.BLOCK_KEYS))
    assert not _shared(a, b) and (a.key, b.key) not in B.candidate_pairs([a, b])
    assert C.score(a, b)[0] < C.EDGE, "the pair the rule leaves out would not have been an edge"
    # the same two contents naming the same person, or said in one article, are compared
    a2, b2 = st(("d1", "a1"), port, people=["Weselsky"]), st(("d2", "a1"), union, people=["Weselsky"])
    assert any(k.startswith("@streik") for k in _shared(a2, b2))
    same_doc = [st(("d1", "a1"), port), st(("d1", "a2"), union)]
    assert (("d1", "a1"), ("d1", "a2")) in B.candidate_pairs(same_doc)
    # two short contents sharing their one rare word
    e, f = st(("d1", "a3"), "den Vertrag zu kündigen"), st(("d2", "a3"), "Der Vertrag sei gültig")
    assert _shared(e, f) == {"!vertrag"}


def test_keys_depend_on_the_statement_alone_and_fit_the_column():
    long = ("Die Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellervereinigung habe die "
            "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzesnovelle begrüßt")
    a = st(("d1", "a1"), long, names=["Oberbürgermeisterkandidatinnenversammlungsleitung"])
    keys = B.block_keys(a)
    assert keys == B.block_keys(st(("d1", "a1"), long, names=["Oberbürgermeisterkandidatinnenversammlungsleitung"]))
    assert keys == sorted(set(keys)) and all(len(k) <= B.MAX_KEY for k in keys)
    assert any("#" in k for k in keys), "a pair of two long compounds is hashed to fit"


@pytest.fixture(scope="module")
def docs():
    pipeline = Pipeline()
    text = (ROOT / "examples" / "articles" / "stadtwerke-strompreis.txt").read_text("utf-8")
    return [pipeline.analyse(RawDocument(source=f"outlet{i}/a.txt", text=f"{text}\nTeil {i}\n")) for i in range(2)]


def _rows(store: Store) -> dict[str, list]:
    with store.engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t)))
                for t in (L.claim_keys, L.claim_edges, L.claims, L.claim_members)}


def test_a_ledger_of_another_key_scheme_is_rebuilt(docs, tmp_path):
    store = Store(str(tmp_path / "q.db"))
    for d in docs:
        store.save(d)
    update(store, analysed="2000-01-01")
    expected = _rows(store)
    assert expected["claim_keys"] and expected["claim_edges"]
    with store._writer.begin() as conn:       # what an older version left: other keys, another scheme
        conn.execute(sql_update(L.claim_keys).values(term="old-" + L.claim_keys.c.term))
        conn.execute(sql_update(S.meta).where(S.meta.c.key == "ledger_blocking").values(value="1"))
    rep = update(store, analysed="2000-01-01")
    assert rep.added == len(docs), "every document is read again"
    assert _rows(store) == expected
    assert update(store, analysed="2000-01-01").added == 0, "and only once"
    store.close()
