"""The pipeline as a whole: stage registry, plugin-free configuration, parallel workers."""
from pathlib import Path

import pytest

from quellen.ingest import iter_inputs, list_inputs
from quellen.model import Document, Failure, RawDocument
from quellen.pipeline import Pipeline, get_stage

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def test_unknown_stage_is_named():
    with pytest.raises(KeyError, match="bogus"):
        get_stage("bogus")


def test_two_workers_give_the_same_results_in_the_same_order(tmp_path):
    broken = tmp_path / "leer.txt"
    broken.write_text("   \n", encoding="utf-8")
    files = list_inputs([EXAMPLES, broken])
    pipe = Pipeline()
    serial = list(pipe.run(iter_inputs(files)))
    parallel = list(pipe.run(iter_inputs(files), workers=2))
    assert [type(x) for x in serial] == [type(x) for x in parallel]
    assert any(isinstance(x, Failure) and "leer.txt" in x.source for x in parallel)
    docs = [x.to_dict() for x in serial if isinstance(x, Document)]
    assert docs == [x.to_dict() for x in parallel if isinstance(x, Document)]
    assert sum(len(d["attributions"]) for d in docs) > 20


def test_a_failing_article_is_recorded_and_the_batch_goes_on():
    pipe = Pipeline(stages=[])
    out = list(pipe.run([RawDocument("a.txt", text="Der Minister sagte, er sei zufrieden."),
                         RawDocument("b.txt", text=None, html=None),
                         RawDocument("c.txt", text="Die Sprecherin wies das zurück.")]))
    assert [type(x).__name__ for x in out] == ["Document", "Failure", "Document"]
    assert out[1].source == "b.txt" and "empty" in out[1].reason
