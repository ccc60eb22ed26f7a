"""The shipped "who" models on held-out slices against fixed floors: coreference on held-out PCC
documents, speaker names on the hand-annotated held-out news-spkatt referents (data/dev/who).

The floors sit below the figures in docs/who.md; they catch a broken model or a resolver change that
loses many speakers, not small regressions. Skipped with the reason where ../shared/data is absent.
"""
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not (DATA / "coref-pcc").is_dir() or not (DATA / "news-spkatt").is_dir(),
                                 reason=f"needs coref-pcc and news-spkatt under {DATA}")]


def test_coreference_on_heldout_pcc(nlp):
    from quellen.link.coref import load_model
    from quellen.training.coref import evaluate, pcc_split, tagged

    model = load_model()
    assert model is not None, "no shipped coreference model (src/quellen/data/models/coref/model.json)"
    _, held = pcc_split(DATA)
    res = evaluate(model, [(tagged(nlp, d["words"]), d) for d in held[:18]])
    assert res["pron"]["antecedent_accuracy"] >= 0.45, res
    assert res["desc"]["antecedent_accuracy"] >= 0.35, res
    assert res["name"]["antecedent_accuracy"] >= 0.50, res


def test_speaker_names_on_heldout_news():
    from quellen.evaluation.who import evaluate

    res = evaluate(DATA, part="dev", limit=25)
    assert res["found"] >= 50, res
    assert res["speaker_accuracy"] >= 0.60, {k: v for k, v in res.items() if k != "errors"}


def test_who_dev_set_is_complete():
    """Every annotation with a Source in the 70 held-out articles has exactly one hand-made referent."""
    import json

    from quellen.evaluation.who import REFERENTS
    from quellen.training.splits import spkatt_split

    _, held = spkatt_split(DATA)
    rows = [json.loads(x) for x in REFERENTS.read_text(encoding="utf-8").splitlines() if x.strip()]
    keys = {(r["doc"], r["annotation"]) for r in rows}
    assert len(keys) == len(rows)
    want = set()
    for f in held:
        doc = json.loads(f.read_text(encoding="utf-8"))
        want |= {(f.stem, i) for i, a in enumerate(doc["Annotations"]) if a.get("Source")}
    assert keys == want
    assert {r["kind"] for r in rows} <= {"person", "organization", "media", "document", "anonymous", "unspecified"}


@pytest.mark.parametrize("name, rest", [("b", 5), ("c", 3)])
def test_who_sets_b_and_c_are_complete(name, rest):
    """Sets B and C: every annotation with a Source in the 70 training articles with index % 10 == 5 (B) or 3
    (C) has one row."""
    import json

    from quellen.evaluation.who import SETS
    from quellen.training.splits import spkatt_files

    files = [f for i, f in enumerate(spkatt_files(DATA)) if i % 10 == rest]
    rows = [json.loads(x) for x in SETS[name].read_text(encoding="utf-8").splitlines() if x.strip()]
    keys = {(r["doc"], r["annotation"]) for r in rows}
    assert len(keys) == len(rows) and len(files) == 70
    want = set()
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        want |= {(f.stem, i) for i, a in enumerate(doc["Annotations"]) if a.get("Source")}
    assert keys == want
    assert {r["part"] for r in rows} <= {"dev", "test"}


def test_speakers_consistent_with_gold_sources_on_training_articles():
    """The wide proxy of docs/who.md sections 9-10 on the first 40 training articles (0.81 on all 630)."""
    from quellen.evaluation.sources import consistent, evaluate

    assert consistent("Anna Berg", "Ministerin Anna Berg ( SPD )") is True
    assert consistent("SPD", "Ministerin Anna Berg ( SPD )") is False
    assert consistent("Olaf Scholz", "er") is None
    res = evaluate(DATA, limit=40)
    assert res["scored"] >= 60 and res["consistency"] >= 0.70, {k: v for k, v in res.items() if k != "misses"}
