"""The name typer (``nlp/name_types.py``): a name's type from its letters and neighbours, as a second opinion on
the NER's. Hand-written sentences with invented names; the shipped model and, where ../shared/data is there, its
training on a small slice."""
from pathlib import Path

import numpy as np
import pytest

from quellen.nlp.name_types import TYPES, NameTyper, features, open_to_retype, set_types, shipped

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _type(nlp, text: str, name: str) -> str:
    start = text.index(name)
    return TYPES[int(shipped().probs(nlp.vocab, text, start, start + len(name)).argmax())]


@pytest.mark.parametrize("text,name,label", [
    ("Der Konvoi erreichte am Abend das Dorf Wolkersdorfhausen im Norden.", "Wolkersdorfhausen", "LOC"),
    ("Die Brakelmann Dynamics GmbH hat am Montag Insolvenz angemeldet.", "Brakelmann Dynamics GmbH", "ORG"),
    ("„Wir sind zufrieden“, sagte Jolanta Wiśniewska nach dem Spiel.", "Jolanta Wiśniewska", "PER"),
])
def test_a_name_never_seen_is_typed_by_its_letters_and_neighbours(nlp, text, name, label):
    assert shipped() is not None, "no shipped name typer (src/quellen/data/models/name_types/model.npz)"
    assert _type(nlp, text, name) == label


def test_features_see_the_name_its_letters_and_two_words_on_each_side():
    text = "Er wohnt in Oberkleinhausen am Rhein bei Bonn."
    f = features(text, text.index("Ober"), text.index(" am"))
    assert {"L1:in", "L2:wohnt in", "R1:am", "R2:am rhein", "c3:sen", "w:oberkleinhausen"} <= set(f)


def test_the_typer_overrules_a_type_only_when_confident():
    typer = NameTyper(np.zeros((8, 4)), np.zeros((192, 4)), np.zeros(4), threshold=0.7, margin=0.3)
    assert typer.choose(np.array([0.1, 0.8, 0.05, 0.05]), "PER") == "ORG"
    assert typer.choose(np.array([0.25, 0.65, 0.05, 0.05]), "PER") == "PER"      # below the threshold
    assert typer.choose(np.array([0.5, 0.75, 0.0, 0.0]), "PER") == "PER"         # the margin
    assert typer.choose(np.array([0.1, 0.8, 0.05, 0.05]), "ORG") == "ORG"


def test_where_both_ners_agree_the_type_is_not_open_to_the_typer(nlp):
    doc = nlp.make_doc("Jim Kalberg kam aus South Carolina zurück.")
    from spacy.tokens import Span

    from quellen.nlp.components import ATTRIBUTION_ENTS

    doc.ents = [Span(doc, 0, 2, label="LOC"), Span(doc, 4, 6, label="LOC")]
    doc.spans[ATTRIBUTION_ENTS] = [Span(doc, 0, 2, label="PER"), Span(doc, 4, 6, label="LOC")]
    assert [e.text for e in open_to_retype(doc)] == ["Jim Kalberg"]
    set_types(doc, {(0, 2): "PER"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Jim Kalberg", "PER"), ("South Carolina", "LOC")]


def test_the_shipped_pipeline_runs_the_typer_between_the_second_ner_and_the_combine(nlp):
    names = nlp.pipe_names
    assert names.index("ner") < names.index("quellen_name_types") < names.index("quellen_ner_combine")


@pytest.mark.shared
@pytest.mark.skipif(not (DATA / "germeval2014-ner").is_dir(), reason=f"needs germeval2014-ner under {DATA}")
def test_training_on_germeval_types_held_out_names_better_than_the_commonest_type(nlp):
    pytest.importorskip("sklearn", reason="training needs scikit-learn: bash scripts/setup.sh train")
    from quellen.training.corpora import germeval_parts
    from quellen.training.name_types import _column_texts, _matrix, fit

    parts = germeval_parts(DATA)
    typer = fit(_column_texts(parts["train"][:2500]), nlp.vocab)
    held = _column_texts(parts["heldout"][:400])
    _, y = _matrix(held, nlp.vocab)
    pred = [TYPES[int(typer.probs(nlp.vocab, t, s, e).argmax())] for t, spans in held for s, e, _ in sorted(spans)]
    accuracy = np.mean([p == TYPES[k] for p, k in zip(pred, y)])
    assert accuracy >= 0.70 > max(np.bincount(y)) / len(y)


def test_a_failing_typer_keeps_the_ners_types_and_the_text(nlp, monkeypatch, caplog):
    from quellen.nlp import name_types as NT

    text = "Die Brakelmann Dynamics GmbH hat am Montag in Wolkersdorfhausen Insolvenz angemeldet."
    before = [(e.text, e.label_) for e in nlp(text).ents]

    def broken(*args, **kwargs):
        raise ValueError("injected")

    monkeypatch.setattr(NT.NameTyper, "probs", broken)
    doc = nlp(text)
    assert doc.ents and [e.text for e in doc.ents] == [t for t, _ in before]
    assert any("name typer failed" in r.message for r in caplog.records)
