"""The shipped German pipeline on hand-written news sentences: sentences, tags, Konjunktiv, lemmas, entities."""

import pytest

from quellen.nlp import MODEL_DIR, load_pipeline

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped pipeline")


def ents(doc):
    return {(e.text, e.label_) for e in doc.ents}


def test_kremlin_spokesman_denial(nlp):
    doc = nlp("Kremlsprecher Dmitri Peskow dementierte den Bericht der Washington Post am Montag.")
    assert ("Dmitri Peskow", "PER") in ents(doc)
    verb = [t for t in doc if t.text == "dementierte"][0]
    assert verb.pos_ == "VERB" and verb.tag_ == "VVFIN" and verb.lemma_ == "dementieren"
    assert not any(e.text.startswith("Kremlsprecher") for e in doc.ents if e.label_ == "PER")


def test_konjunktiv_is_mood_sub(nlp):
    doc = nlp("Der Minister sagte, er sei offen für Gespräche, die Regierung habe nichts zu verbergen.")
    sei = [t for t in doc if t.text == "sei"][0]
    habe = [t for t in doc if t.text == "habe"][0]
    assert "Sub" in sei.morph.get("Mood") and sei.lemma_ == "sein" and sei.pos_ == "AUX"
    assert "Sub" in habe.morph.get("Mood")
    sagte = [t for t in doc if t.text == "sagte"][0]
    assert "Sub" not in sagte.morph.get("Mood")
    assert [t.lemma_ for t in doc if t.text == "Gespräche"] == ["Gespräch"]


def test_indicative_is_not_sub(nlp):
    doc = nlp("Die Regierung ist offen für Gespräche und hat nichts zu verbergen.")
    assert not any("Sub" in t.morph.get("Mood") for t in doc)


def test_quote_spanning_two_sentences(nlp):
    text = ("„Wir sind zu Gesprächen bereit. Aber nicht um jeden Preis“, sagte Bundeskanzler Olaf Scholz am "
            "Dienstag in Berlin. Die Opposition kritisierte das.")
    doc = nlp(text)
    sents = [s.text for s in doc.sents]
    assert len(sents) == 3, sents
    assert sents[0] == "„Wir sind zu Gesprächen bereit."
    assert sents[1].startswith("Aber nicht um jeden Preis“, sagte")
    assert doc[0].text == "„" and doc[0].tag_ == "$("
    assert ("Olaf Scholz", "PER") in ents(doc) and ("Berlin", "LOC") in ents(doc)


def test_entities_org_loc(nlp):
    doc = nlp("Die Europäische Union und die NATO berieten am 10. Januar 2025 in Brüssel über die Ukraine.")
    e = ents(doc)
    assert ("Brüssel", "LOC") in e and ("Ukraine", "LOC") in e
    assert ("NATO", "ORG") in e
    assert [t.text for t in doc if t.text.startswith("10")] == ["10."]


def test_tags_and_lemmas(nlp):
    doc = nlp("Die Polizei hat am Montag zwei Männer festgenommen.")
    tags = [t.tag_ for t in doc]
    assert tags == ["ART", "NN", "VAFIN", "APPRART", "NN", "CARD", "NN", "VVPP", "$."]
    assert [t.pos_ for t in doc][:3] == ["DET", "NOUN", "AUX"]
    assert doc[6].lemma_ == "Mann" and doc[7].lemma_ == "festnehmen"


def test_paragraphs_and_offsets(nlp):
    text = "Berlin (dpa) – Der Minister trat zurück.\n\nEr habe keine Wahl gehabt, sagte ein Sprecher."
    doc = nlp(text)
    starts = [s[0].idx for s in doc.sents if not s[0].is_space]
    assert text.index("Er habe") in starts
    for t in doc:
        assert text[t.idx:t.idx + len(t)] == t.text


def test_loads_again_after_the_cache_is_cleared():
    """Loading from the shipped files works on its own (its time is a benchmark figure: bench/bench_pipeline.py
    prints it, and `quellen models evaluate` reports it; no timed assertion here)."""
    load_pipeline.cache_clear()
    nlp = load_pipeline()
    assert {"tok2vec", "ner", "senter"} <= set(nlp.pipe_names)


def test_release_models_frees_them_and_a_new_pipeline_still_works():
    """`analyze` drops its models before the ledger step; a later Pipeline loads them again and analyses alike."""
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline, release_models

    text = 'Der Kremlsprecher Dmitri Peskow sagte, ein Treffen sei nicht geplant. "Wir warten ab", sagte er.'

    def analyse():
        doc = Pipeline().analyse(RawDocument(source="release.txt", text=text))
        return [(a.cue.text, a.content.text, a.speaker.name) for a in doc.attributions]

    before = analyse()
    assert before
    assert release_models() >= 1
    assert load_pipeline.cache_info().currsize == 0
    assert analyse() == before
