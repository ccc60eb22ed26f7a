"""The entity layer's types where the tagger mistypes a person, on hand-written German sentences (names made up,
not from any seed or evaluation article) with the tagger's entities set by hand, so each rule is tested alone:
a role or form of address before a name, a known first name, a genitive name before a noun."""
from types import SimpleNamespace

import pytest


def layer(nlp, text: str, ents: list[tuple[str, str, int]], tags: dict[str, str] | None = None):
    """The entity layer on ``text`` with the tagger's entities replaced by ``ents``: (surface, label, nth
    occurrence of the surface), and the STTS tags of the words in ``tags`` set by hand."""
    from quellen.link.entities import extract_entities

    doc = nlp(text)
    for token in doc:
        if tags and token.text in tags:
            token.tag_ = tags[token.text]
            token.pos_ = {"NN": "NOUN", "NE": "PROPN"}.get(tags[token.text], token.pos_)
    spans, at = [], {}
    for surface, label, nth in ents:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        at[surface] = start
    doc.ents = sorted(spans, key=lambda s: s.start)
    analysis = SimpleNamespace(spacy_doc=doc, document=SimpleNamespace(text=text, boilerplate=[]), extra={})
    return [(e.name, e.type, len(e.mentions)) for e in extract_entities(analysis)]


def test_a_person_role_before_a_name_typed_a_place_makes_a_person(nlp):
    text = "Gewerkschaftssprecher Brettschneider wies die Vorwürfe am Montag zurück."
    assert layer(nlp, text, [("Brettschneider", "LOC", 0)]) == [("Brettschneider", "PER", 1)]
    text = "Laut Herrn Brettschneider sind die Vorwürfe falsch."
    assert layer(nlp, text, [("Brettschneider", "LOC", 0)]) == [("Brettschneider", "PER", 1)]
    # a company's description before its name is no person's role
    text = "Der Autobauer Volkswagen wies die Vorwürfe am Montag zurück."
    assert layer(nlp, text, [("Volkswagen", "ORG", 0)]) == [("Volkswagen", "ORG", 1)]


def test_a_first_name_makes_a_person_before_its_surname_is_attached(nlp):
    from quellen.link.entities import first_names

    if "Volker" not in first_names():
        pytest.skip("no first-name list shipped (python -m quellen.training.first_names)")
    text = "Nach dem Sieg von Volker Lindholm bei der Wahl dankte Lindholm seinen Wählern."
    got = layer(nlp, text, [("Volker Lindholm", "LOC", 0), ("Lindholm", "ORG", 1)])
    assert got == [("Volker Lindholm", "PER", 2)]
    text = "Die Volker Lindholm AG meldete am Montag einen Gewinn."       # a legal form: the company
    assert layer(nlp, text, [("Volker Lindholm AG", "ORG", 0)]) == [("Volker Lindholm AG", "ORG", 1)]


def test_a_genitive_name_before_a_noun_is_the_name_alone(nlp):
    text = "Nach Lindholms Wahlsieg sprach Lindholm von einem guten Tag für die Stadt."
    got = layer(nlp, text, [("Lindholms Wahlsieg", "LOC", 0), ("Lindholm", "PER", 1)])
    assert got == [("Lindholm", "PER", 2)]
    text = "Kaltenbergs Bürgermeister sagte, Kaltenberg werde die Brücke sanieren."
    got = layer(nlp, text, [("Kaltenbergs Bürgermeister", "ORG", 0), ("Kaltenberg", "LOC", 1)])
    assert got == [("Kaltenberg", "LOC", 2)]


def test_a_name_does_not_run_across_a_dash_standing_alone(nlp):
    text = "Kaltenberg – Die Stadtwerke erhöhen die Preise, sagte Lindholm."
    got = layer(nlp, text, [("Kaltenberg – Die Stadtwerke", "LOC", 0), ("Lindholm", "PER", 0)])
    assert got == [("Kaltenberg", "LOC", 1), ("Lindholm", "PER", 1)]
    text = "Die Stadtwerke Baden-Baden erhöhen die Preise."                 # a hyphen inside a word stays
    assert layer(nlp, text, [("Stadtwerke Baden-Baden", "ORG", 0)]) == [("Stadtwerke Baden-Baden", "ORG", 1)]


def test_a_persons_role_alone_typed_a_place_is_no_name_whatever_its_tag(nlp):
    text = "Kommissarin Lea Kriwitz sah das ähnlich."
    for tag in ("NN", "NE"):                                       # the tagger calls such a role either
        got = layer(nlp, text, [("Kommissarin", "LOC", 0), ("Lea Kriwitz", "PER", 0)], tags={"Kommissarin": tag})
        assert got == [("Lea Kriwitz", "PER", 1)], tag


def test_a_person_of_common_nouns_is_a_name_when_it_starts_with_a_first_name(nlp):
    from quellen.link.entities import first_names

    if not {"Volker", "Hans", "Peter"} <= first_names():
        pytest.skip("no first-name list shipped (python -m quellen.training.first_names)")
    common = {"Volker": "NN", "Lindholm": "NN", "Hans-Peter": "NN", "Kanäle": "NN", "Kontakt": "NN"}
    for name in ("Volker Lindholm", "Hans-Peter Lindholm"):
        text = f"Das sei falsch, sagte {name} am Montag."
        assert layer(nlp, text, [(name, "PER", 0)], tags=common) == [(name, "PER", 1)]
    text = "Die Kanäle Kontakt blieben am Montag geschlossen."          # common nouns, no first name: no name
    assert layer(nlp, text, [("Kanäle Kontakt", "PER", 0)], tags=common) == []


@pytest.mark.shared
def test_type_disagreements_count_who_is_right_per_pair_of_types():
    from pathlib import Path

    from quellen.evaluation.entities import type_disagreements

    data = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not (data / "germeval2014-ner").is_dir() or not (data / "ner-smartdata").is_dir():
        pytest.skip(f"needs germeval2014-ner and ner-smartdata under {data}")
    res = type_disagreements(data, limit=30)
    assert set(res) == {"germeval", "smartdata_news"}
    for counts in res.values():
        for key, n in counts.items():
            pair, who = key.split(":")
            assert who in ("first", "second", "neither") and pair.count("/") == 1 and n > 0


def test_a_particle_after_a_full_name_joins_only_a_proper_noun(nlp):
    # 'Ursula von der Leyen': a particle between first name and surname; 'Angela Merkel von der Möglichkeit' is a
    # name and a prepositional phrase
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    pipe = Pipeline()
    doc = pipe.analyse(RawDocument(source="t.txt", text="In einem Interview sprach Anna Lindqvist von der "
                                                         "Möglichkeit einer großen Koalition."))
    assert [e.name for e in doc.entities if e.type == "PER"] == ["Anna Lindqvist"]
    doc = pipe.analyse(RawDocument(source="t.txt", text="Ursula von der Leyen sagte, die Kommission handle."))
    assert [e.name for e in doc.entities if e.type == "PER"] == ["Ursula von der Leyen"]


def test_a_nominalised_adjective_after_a_known_surname_is_no_part_of_the_name(nlp):
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    doc = Pipeline().analyse(RawDocument(source="t.txt", text="Finanzminister Paul Bergmann sprach im Landtag. Am "
                                         "Ende hatte Bergmann Positives zu vermelden."))
    assert [e.name for e in doc.entities if e.type == "PER"] == ["Paul Bergmann"]
