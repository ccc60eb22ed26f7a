"""Denials across articles (``quellen.ledger.denials``) on hand-written German mini-articles: a denial that only
names a report joins the claim of that report in another article, an unrelated, ambiguous, undated or late
denial does not, and the links do not depend on the order in which the articles arrive.

The articles are analysed by the real pipeline and the ledger is built in real SQLite databases; dates are set
on the analysed documents (as an HTML date or a feed would give them).
"""
from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from sqlalchemy import select

from quellen.ledger import denials as D
from quellen.ledger.update import update
from quellen.model import RawDocument
from quellen.pipeline import Pipeline
from quellen.store import Store
from quellen.store import ledger_schema as L
from quellen.store import queries as Q

REPORT = "Die Washington Post berichtete am Montag, Trump habe mit Putin telefoniert."
DENIAL = "Der Kreml dementierte den Bericht der Washington Post."
OTHER_STORY = "Der Kreml dementierte den Bericht der Washington Post über Waffenlieferungen an Nordkorea."
NAMED_STORY = "Der Kreml hat einen Bericht der Washington Post über ein Telefonat zwischen Trump und Putin dementiert."


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _doc(pipeline, name: str, text: str, published: str | None):
    return replace(pipeline.analyse(RawDocument(source=name, text=text)), published=published)


def _ledger(db: str, docs, one_by_one: bool = False) -> Store:
    store = Store(db)
    for i, d in enumerate(docs):
        store.save(d)
        if one_by_one or i == len(docs) - 1:
            update(store, analysed="2026-01-01")
    return store


def _claim_of(store: Store, doc) -> dict:
    """The claim of the first attribution of ``doc``."""
    m = L.claim_members.c
    with store.engine.connect() as conn:
        row = conn.execute(select(L.claim_members).where(m.doc_id == doc.id, m.attribution_id == "a1")).first()
        return Q.claim(conn, row.claim_id)


def _tables(store: Store) -> dict[str, list]:
    out = {}
    with store.engine.connect() as conn:
        for t in (L.claims, L.claim_members, L.claim_edges):
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t)))
    return out


def test_denial_of_the_report_joins_its_claim_in_another_article(pipeline, tmp_path):
    a = _doc(pipeline, "a.txt", REPORT, "2025-03-03")
    b = _doc(pipeline, "b.txt", DENIAL, "2025-03-04")
    store = _ledger(str(tmp_path / "q.db"), [a, b])
    c = _claim_of(store, a)
    assert c["id"] == _claim_of(store, b)["id"]
    assert {(x["doc"], x["stance"]) for x in c["appearances"]} == {(a.id, "asserts"), (b.id, "denies")}
    assert c["status"] == "denied" and "Kreml" in c["status_reason"]


def test_denial_of_an_unrelated_story_is_not_linked(pipeline, tmp_path):
    a = _doc(pipeline, "a.txt", REPORT, "2025-03-03")
    others = [_doc(pipeline, "c.txt", OTHER_STORY, "2025-03-04"),
              _doc(pipeline, "d.txt", "Die Regierung in Paris wies die Vorwürfe zurück.", "2025-03-04"),
              _doc(pipeline, "e.txt", DENIAL, "2025-06-20")]          # months later: outside the window
    store = _ledger(str(tmp_path / "q.db"), [a, *others])
    claim = _claim_of(store, a)
    assert [x["doc"] for x in claim["appearances"]] == [a.id]
    assert claim["status"] == "single_source"


def test_an_ambiguous_reference_stands_alone(pipeline, tmp_path):
    """Two reports of the Washington Post in the same days, a denial that names neither story: no link."""
    a = _doc(pipeline, "a.txt", REPORT, "2025-03-03")
    a2 = _doc(pipeline, "a2.txt", "Die Washington Post berichtete, die Regierung in Kiew plane Neuwahlen im Sommer.",
              "2025-03-03")
    b = _doc(pipeline, "b.txt", DENIAL, "2025-03-04")
    store = _ledger(str(tmp_path / "q.db"), [a, a2, b])
    assert [x["doc"] for x in _claim_of(store, b)["appearances"]] == [b.id]


def test_undated_articles_need_the_source_and_the_story(pipeline, tmp_path):
    a = _doc(pipeline, "a.txt", REPORT, None)
    bare = _doc(pipeline, "b.txt", DENIAL, None)
    named = _doc(pipeline, "f.txt", NAMED_STORY, None)
    store = _ledger(str(tmp_path / "q.db"), [a, bare, named])
    assert {x["doc"] for x in _claim_of(store, a)["appearances"]} == {a.id, named.id}
    assert [x["doc"] for x in _claim_of(store, bare)["appearances"]] == [bare.id]


def test_links_do_not_depend_on_the_order_of_arrival(pipeline, tmp_path):
    docs = [_doc(pipeline, "a.txt", REPORT, "2025-03-03"), _doc(pipeline, "b.txt", DENIAL, "2025-03-04"),
            _doc(pipeline, "c.txt", OTHER_STORY, "2025-03-04"),
            _doc(pipeline, "g.txt", "Kremlsprecher Dmitri Peskow sagte, das sei falsch. Trump und Putin hätten "
                                    "nicht miteinander telefoniert.", "2025-03-05")]
    reference = _tables(_ledger(str(tmp_path / "all.db"), docs))
    assert any(r[3] == "denies" for r in reference["claim_members"])
    for i, order in enumerate(itertools.permutations(docs)):
        got = _tables(_ledger(str(tmp_path / f"o{i}.db"), list(order), one_by_one=True))
        assert got == reference, [d.source for d in order]


@pytest.mark.parametrize("text, verdict, reference", [
    ("Das sei falsch", True, True),
    ("diese Darstellung als falsch", True, True),
    ("Das stimmt nicht", True, True),
    ("Die Berichte seien frei erfunden", True, True),
    ("Das ist richtig", False, True),
    ("Das sei nicht falsch", False, True),
    ("Das wäre ein falsches Signal an die Märkte", False, False),
    ("den Bericht der Washington Post", False, True),
    ("die Vorwürfe", False, True),
    ("dass Trump mit Putin telefoniert habe", False, False),
])
def test_verdicts_and_report_references(text, verdict, reference):
    assert D.is_verdict(text) is verdict
    assert D.is_reference(text) is reference


@pytest.mark.parametrize("text, refuted", [
    ("hatten sich die Anschuldigungen gegen den Spieler nicht bestätigt", True),
    ("Die Vorwürfe haben sich als haltlos erwiesen", True),
    ("Der Bericht konnte nicht bestätigt werden", False),       # unverified, not refuted
    ("Die Zahlen haben sich nicht bestätigt", False),           # no report or charge
])
def test_refuted_reports(text, refuted):
    assert D.refutes_report(text) is refuted


def test_a_charge_and_its_refutation_across_two_articles(pipeline, tmp_path):
    """A passive charge (no speaker) repeated in a later article that reports it refuted: one claim, denied."""
    a = _doc(pipeline, "a.txt", "Dem Bürgermeister Hans Korb wurde vorgeworfen, Fördergelder des Landes veruntreut "
                                "zu haben. Die Polizei ermittelt.", "2025-03-03")
    b = _doc(pipeline, "b.txt", "Dem Bürgermeister Hans Korb wurde vorgeworfen, Fördergelder des Landes veruntreut "
                                "zu haben. Nach Angaben des Gerichts hatten sich die Vorwürfe gegen Korb nicht "
                                "bestätigt.", "2025-03-20")
    store = _ledger(str(tmp_path / "q.db"), [a, b])
    c = _claim_of(store, a)
    assert {(x["doc"], x["stance"]) for x in c["appearances"]} == {(a.id, "asserts"), (b.id, "asserts"),
                                                                   (b.id, "denies")}
    assert c["status"] == "denied"


def test_a_reported_denial_by_the_accused_joins_the_charge(pipeline, tmp_path):
    """'Nach Angaben der dpa hat Brand die Vorwürfe zurückgewiesen' in a later article: the accused denies the
    charge of an earlier one; both the report of the denial and the denial are in the charge's claim."""
    a = _doc(pipeline, "a.txt", "Dem Trainer Max Brand wird vorgeworfen, Spieler des Vereins beleidigt zu haben.",
             "2025-04-01")
    b = _doc(pipeline, "b.txt", "Nach Angaben der Nachrichtenagentur dpa hat Brand am Dienstag die Vorwürfe "
                                "zurückgewiesen.", "2025-04-02")
    store = _ledger(str(tmp_path / "q.db"), [a, b])
    c = _claim_of(store, a)
    assert {(x["doc"], x["stance"]) for x in c["appearances"]} == {(a.id, "asserts"), (b.id, "denies")}
    assert c["status"] == "denied" and c["status_reason"].startswith("denied by Brand (as reported by dpa)")


def test_the_entity_page_of_the_accused_lists_the_charge_and_the_denial(pipeline, tmp_path):
    """The charge names Kessler only as the accused (its Addr), not in its content; his page still lists it as
    said *about* him, next to his reported denial. An addressee that is no accused ("sagte er der Zeitung") is
    not made a subject."""
    a = _doc(pipeline, "a.txt", "Dem Trainer Max Kessler wird vorgeworfen, Spieler des Vereins beleidigt zu haben.",
             "2025-04-01")
    b = _doc(pipeline, "b.txt", "Nach Angaben der Nachrichtenagentur dpa hat Kessler am Dienstag die Vorwürfe "
                                "zurückgewiesen.", "2025-04-02")
    c = _doc(pipeline, "c.txt", "Der Vereinspräsident Karl Huber sagte der Zeitung Anna Seidl, die Saison sei "
                                "gut verlaufen.", "2025-04-03")
    store = _ledger(str(tmp_path / "q.db"), [a, b, c])
    with store.engine.connect() as conn:
        page = Q.entity_page(conn, "Max Kessler")
        seidl = Q.entity_page(conn, "Anna Seidl")
    roles = {(e["doc"], e["role"]) for e in page["events"]}
    assert (a.id, "about") in roles and (b.id, "denied") in roles
    assert page["about"] >= 1
    if seidl is not None:
        assert all(e["doc"] != c.id for e in seidl["events"])


def test_the_accused_answering_a_charge_with_its_negation_denies_it(pipeline, tmp_path):
    """'Ihm wird vorgeworfen, X getan zu haben' ... the accused: 'Ich habe X nicht getan' is his denial of that
    charge, in the charge's claim with a later article's repetition of it. The same negated sentence by someone
    other than the accused, or a negation that repeats none of the charge's words, stays an assertion."""
    a = _doc(pipeline, "a.txt", "Dem Trainer Jonas Wirth wird vorgeworfen, Gelder des Vereins veruntreut zu haben. "
                                "Der 41-jährige Trainer sagte am Montag: „Ich habe keine Gelder des Vereins "
                                "veruntreut.“", "2025-05-05")
    b = _doc(pipeline, "b.txt", "Dem Trainer Jonas Wirth wird vorgeworfen, Gelder des Vereins veruntreut zu haben. "
                                "Die Staatsanwaltschaft ermittelt.", "2025-05-07")
    other = _doc(pipeline, "c.txt", "Dem Trainer Jonas Wirth wird vorgeworfen, Gelder des Vereins veruntreut zu "
                                    "haben. Der Vereinspräsident Karl Huber sagte: „Ich habe nie einen Urlaub "
                                    "genommen.“", "2025-05-07")
    cue = next(x for x in a.attributions if x.type == "direct")
    assert cue.speaker.name == "Jonas Wirth"
    store = _ledger(str(tmp_path / "q.db"), [a, b, other])
    c = _claim_of(store, a)
    stances = {(x["doc"], x["attribution"], x["stance"]) for x in c["appearances"]}
    assert (a.id, cue.id, "denies") in stances and (b.id, "a1", "asserts") in stances
    assert c["status"] == "denied"
    assert all(x["stance"] == "asserts" for x in c["appearances"] if x["doc"] == other.id)


def test_a_named_speaker_the_ner_missed_is_a_name_of_the_denials_story(pipeline):
    """'Nach Angaben der dpa hat Brand die Vorwürfe zurückgewiesen' with no entity found for 'Brand' (NER takes it
    for the common noun 'Brand', fire): the denier the speakers stage named is still a name of the denial's story,
    so the denial can meet the charge against 'Max Brand' in another article."""
    from quellen.ledger.statements import statements_of

    doc = pipeline.analyse(RawDocument(source="b.txt", text="Nach Angaben der Nachrichtenagentur dpa hat Brand am "
                                                            "Dienstag die Vorwürfe zurückgewiesen."))
    denial = next(a for a in doc.attributions if a.type == "denial")
    assert denial.speaker.name == "Brand"
    bare = replace(doc, entities=[], attributions=[replace(a, speaker=replace(a.speaker, entity=None))
                                                   for a in doc.attributions])
    story = next(s for s in statements_of(bare) if s.stance == "denies").link.story
    assert any(name.startswith("brand") for name in story)
