"""The NER with its own tok2vec, put into a pipeline: it brings its entities and changes nothing else.

A tiny donor is trained here on three hand-written sentences (seconds); grafted into the shipped pipeline, the
result must tag, lemmatise and split sentences exactly like the shipped pipeline and find the donor's entities,
after a round trip through disk (what ``load_pipeline`` loads). Where the shipped pipeline is itself a graft, the
donor replaces its second NER only."""
from __future__ import annotations

import random

import pytest

from quellen.nlp import MODEL_DIR, load_pipeline

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped pipeline")

TRAIN = [
    ("Kremlsprecher Dmitri Peskow sagte in Moskau, es gebe keinen Termin.",
     [("Dmitri Peskow", "PER"), ("Moskau", "LOC")]),
    ("Die Europäische Union lehnte den Vorschlag von Olaf Scholz ab.",
     [("Europäische Union", "ORG"), ("Olaf Scholz", "PER")]),
    ("In Berlin erklärte die Siemens AG, sie halte an ihren Plänen fest.",
     [("Berlin", "LOC"), ("Siemens AG", "ORG")]),
]
TEXT = ("Kremlsprecher Dmitri Peskow sagte in Moskau, es gebe keinen Termin. Die Europäische Union lehnte ab. "
        "Er habe nichts davon gewusst, sagte er.")


def _donor(tmp_path):
    from spacy.tokens import DocBin
    from spacy.training import Example
    from spacy.training.initialize import init_nlp

    from quellen.nlp.tokenizer import blank_german
    from quellen.training.ner_probe import ner_config, vectors_model

    blank = blank_german()
    db = DocBin()
    for text, ents in TRAIN:
        doc = blank.make_doc(text)
        doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=lab) for s, lab in ents]
        db.add(doc)
    db.to_disk(tmp_path / "train.spacy")
    cfg = ner_config()
    cfg["paths"].update({"train": str(tmp_path / "train.spacy"), "dev": str(tmp_path / "train.spacy"),
                         "vectors": str(vectors_model(tmp_path / "vectors"))})
    nlp = init_nlp(cfg, use_gpu=-1)
    examples = [Example(nlp.make_doc(d.text), d) for d in db.get_docs(nlp.vocab)]
    optimizer = nlp.resume_training()
    random.seed(0)
    for _ in range(30):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(tmp_path / "donor")
    return tmp_path / "donor"


def test_graft_keeps_the_shared_components_and_brings_the_donors_entities(tmp_path):
    import spacy

    from quellen.attribution.learned import pos_of_doc_tokens
    from quellen.nlp.components import attribution_entities
    from quellen.training.ner_graft import graft

    donor_dir = _donor(tmp_path)
    out = graft(MODEL_DIR, donor_dir, tmp_path / "grafted" / "de_quellen")
    shipped, grafted, donor = load_pipeline(), load_pipeline(str(out)), spacy.load(donor_dir)
    if "attribution_ner" in shipped.pipe_names:     # the shipped pipeline is a graft: only its second NER changes
        assert grafted.pipe_names == shipped.pipe_names
        assert grafted.get_pipe("tok2vec").listening_components == shipped.get_pipe("tok2vec").listening_components
    else:
        assert grafted.pipe_names == [*("attribution_ner" if n == "ner" else n for n in shipped.pipe_names),
                                      "quellen_attribution_ents", "ner", "quellen_ner_combine"]
        assert grafted.get_pipe("tok2vec").listening_components == [
            "attribution_ner" if n == "ner" else n for n in shipped.get_pipe("tok2vec").listening_components]
    a, b, d = shipped(TEXT), grafted(TEXT), donor(TEXT)
    for attr in ("tag_", "pos_", "lemma_", "is_sent_start"):
        assert [getattr(t, attr) for t in a] == [getattr(t, attr) for t in b], attr
    assert str(a[0].morph) == str(b[0].morph)
    spans = lambda ents: [(e.start_char, e.end_char, e.label_) for e in ents]  # noqa: E731
    assert spans(b.ents) == spans(d.ents)   # the entity layer reads the donor's entities (the combine adds none)
    assert spans(attribution_entities(b)) == spans(attribution_entities(a))   # attribution: the ones it was trained with
    assert pos_of_doc_tokens(list(b)) == pos_of_doc_tokens(list(a))
    assert ("Dmitri Peskow", "PER") in {(e.text, e.label_) for e in b.ents}


def test_graft_refuses_a_donor_trained_on_other_vectors(tmp_path):
    from quellen.nlp.tokenizer import blank_german
    from quellen.training.ner_graft import graft

    nlp = blank_german()
    nlp.add_pipe("ner").add_label("PER")
    nlp.initialize()
    nlp.to_disk(tmp_path / "novectors")
    with pytest.raises(ValueError, match="vectors"):
        graft(MODEL_DIR, tmp_path / "novectors", tmp_path / "out")
