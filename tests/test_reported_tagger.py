"""The sentence-level Reported tagger's training labels and features (pure functions, real German text)."""
from __future__ import annotations

from quellen.attribution.learned import Featurizer, sentence_features
from quellen.taskformat.io import SpkattAnnotation, SpkattDoc
from quellen.training.attribution import reported_labels

SENTENCES = [
    "In Berlin fand am Montag eine Sitzung statt .".split(),
    "Die Opposition forderte den Rücktritt des Ministers .".split(),
    "Er sagte , die Lage sei ernst .".split(),
]


def test_reported_labels_mark_whole_sentences_covered_by_an_outer_reported_message():
    doc = SpkattDoc(name="t", sentences=SENTENCES)
    doc.annotations = [
        SpkattAnnotation(message=[(1, k) for k in range(8)], source=[(1, 0), (1, 1)], form="Reported"),
        SpkattAnnotation(message=[(2, k) for k in range(3, 7)], cue=[(2, 1)], source=[(2, 0)], form="Indirect"),
    ]
    assert reported_labels(doc) == ["O", "B-Reported", "O"]
    assert reported_labels(doc, ("Reported", "Indirect")) == ["O", "B-Reported", "B-Indirect"]
    doc.annotations[0].is_nested = True     # nested Reported messages are not sentence events
    assert reported_labels(doc) == ["O", "O", "O"]


def test_sentence_features_aggregate_the_sentence_and_its_predecessor():
    tokens = [t for s in SENTENCES for t in s]
    sent_of = [k for k, s in enumerate(SENTENCES) for _ in s]
    tags = ["APPR", "NE", "VVFIN", "APPR", "NN", "ART", "NN", "PTKVZ", "$.",
            "ART", "NN", "VVFIN", "ART", "NN", "ART", "NN", "$.",
            "PPER", "VVFIN", "$,", "ART", "NN", "VAFIN", "ADJD", "$."]
    lemmas = [t.lower() for t in tokens]
    lemmas[11] = "fordern"
    konj = [t == "sei" for t in tokens]
    ents = ["O"] * len(tokens)
    base, info = Featurizer({"forderte": 0.6, "sagte": 0.9}).base(tokens, sent_of, (tags, konj, lemmas, ents))
    feats = sentence_features(base, info)
    assert len(feats) == 3
    assert "vlem=fordern" in feats[1] and "w0=die" in feats[1] and "t=VVFIN" in feats[1]
    assert "konj" in feats[2] and "konj" not in feats[1]
    assert "p:vlem=fordern" in feats[2]         # the previous sentence's verbs

