"""Pretraining the second NER's tok2vec (quellen.training.ner_pretrain) on a few hand-written paragraphs: the text
reader keeps its bounds, and the weights it writes are the probe's tok2vec, loadable where spaCy's
``[initialize] init_tok2vec`` loads them."""
from __future__ import annotations

import lzma

import pytest

from quellen.nlp import MODEL_DIR

PARAGRAPHS = [
    "Der Bundestag hat am Donnerstag über den Haushalt beraten.",
    "kurz",
    "Die Ministerin sagte, sie wolle die Schulden in den kommenden Jahren deutlich senken.",
    "Die Opposition warf der Regierung vor, die Zahlen schönzurechnen und Risiken zu verschweigen.",
    "Herr Präsident, meine Damen und Herren, wir beraten heute einen wichtigen Gesetzentwurf.",
]


@pytest.fixture
def raw(tmp_path):
    path = tmp_path / "raw.txt.xz"
    with lzma.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(PARAGRAPHS * 4) + "\n")
    return path


def test_paragraphs_take_every_nth_long_enough_one_up_to_the_word_budget(raw):
    from quellen.training.ner_pretrain import paragraphs

    got = list(paragraphs(raw, stride=1, max_words=10 ** 6))
    assert "kurz" not in got and len(got) == 16                      # shorter than five words: left out
    assert list(paragraphs(raw, stride=5, max_words=10 ** 6)) == [PARAGRAPHS[0]] * 4
    assert list(paragraphs(raw, stride=1, max_words=12)) == [PARAGRAPHS[0], PARAGRAPHS[2]]


@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped pipeline (its vectors are used)")
def test_pretrained_weights_load_into_the_probes_tok2vec(raw, tmp_path):
    from spacy.training.initialize import load_vectors_into_model
    from spacy.training.pretrain import create_pretraining_model
    from spacy.util import load_model_from_config, registry

    from quellen.training.ner_pretrain import pretrain, pretrain_config
    from quellen.training.ner_probe import vectors_model

    vectors = vectors_model(tmp_path / "vectors")
    weights = pretrain(raw, tmp_path / "out", words=200, stride=1, vectors=vectors, batch_words=50)
    assert weights.exists() and weights.stat().st_size > 0
    assert (tmp_path / "out" / "log.json").exists()
    nlp = load_model_from_config(pretrain_config(), auto_fill=True)
    load_vectors_into_model(nlp, str(vectors))
    P = registry.resolve(nlp.config.interpolate()["pretraining"])
    model = create_pretraining_model(nlp, P)
    before = model.get_ref("tok2vec").to_bytes()
    model.get_ref("tok2vec").from_bytes(weights.read_bytes())
    assert model.get_ref("tok2vec").to_bytes() != before
    doc = nlp.make_doc(PARAGRAPHS[0])
    assert model.get_ref("tok2vec").predict([doc])[0].shape == (len(doc), 96)
