"""Fault isolation on real articles: a failing item costs that item, a failing stage its result, a runaway
or over-long article becomes a failure, a dying worker costs one article, a broken environment stops the run.

Faults are injected the way SQLite's test suite injects them: the real pipeline runs on real text, and one
function is made to raise (or hang, or kill its process) at a chosen point.
"""
from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from quellen.consistency import enforce
from quellen.errors import EnvironmentFault
from quellen.limits import Limits
from quellen.link import speakers as speakers_module
from quellen.model import Attribution, Document, Failure, RawDocument, Span, Speaker
from quellen.pipeline import DEFAULT_STAGES, Analysis, Pipeline, stage

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
ARTICLE = (EXAMPLES / "stadtwerke-strompreis.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@stage("test-boom")
def _boom(analysis: Analysis, resources) -> None:
    raise RuntimeError("injected fault")


@stage("test-import")
def _missing(analysis: Analysis, resources) -> None:
    raise ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean")


@stage("test-loop")
def _loop(analysis: Analysis, resources) -> None:
    if "ENDLOS" in analysis.document.text:
        re.match(r"(a+)+$", "a" * 40 + "b")          # catastrophic backtracking: minutes in C code


@stage("test-die")
def _die(analysis: Analysis, resources) -> None:
    if "ABSTURZ" in analysis.document.text:
        os.kill(os.getpid(), signal.SIGKILL)          # as a segfault or the OOM killer would


@stage("test-stuck")
def _stuck(analysis: Analysis, resources) -> None:
    if "HAENGT" in analysis.document.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})   # native code that never returns
        time.sleep(120)


def test_an_error_in_one_attribution_drops_only_that_attribution(pipeline, monkeypatch):
    full = pipeline.analyse(RawDocument("s.txt", text=ARTICLE))
    victim = full.attributions[1]
    original = speakers_module._Resolver.resolve

    def flaky(self, start, end, text, a):
        if a.id == victim.id:
            raise IndexError("list index out of range")
        return original(self, start, end, text, a)

    monkeypatch.setattr(speakers_module._Resolver, "resolve", flaky)
    doc = pipeline.analyse_or_fail(RawDocument("s.txt", text=ARTICLE))
    assert isinstance(doc, Document)
    assert [a.id for a in doc.attributions] == [a.id for a in full.attributions if a.id != victim.id]
    assert [(w.stage, w.item) for w in doc.warnings] == [("speakers", victim.id)]
    assert "IndexError" in doc.warnings[0].reason and "link/speakers.py" in doc.warnings[0].reason
    assert doc.to_dict()["warnings"][0]["item"] == victim.id
    assert len(doc.entities) == len(full.entities)


def test_a_source_without_words_resolves_instead_of_crashing(pipeline):
    """The crash of 1 in 1,028 real articles: a source span of only punctuation split to no word."""
    doc = pipeline.analyse(RawDocument("s.txt", text=ARTICLE))
    analysis = Analysis(doc)
    r = speakers_module._Resolver(analysis, {e.id: e for e in doc.entities},
                                  [(m.start, m.end, e.id) for e in doc.entities for m in e.mentions])
    for text in (", der", " des ", ",", "der von", "in"):
        sp = r.resolve(10, 10 + len(text), text, doc.attributions[0])
        assert sp.kind in ("person", "organization", "media", "document", "anonymous", "unspecified")


def test_a_failing_stage_keeps_the_article_and_the_other_stages(pipeline):
    pipe = Pipeline([*DEFAULT_STAGES[:3], "test-boom", *DEFAULT_STAGES[3:]])
    doc = pipe.analyse_or_fail(RawDocument("s.txt", text=ARTICLE))
    assert isinstance(doc, Document)
    assert [(w.stage, w.item) for w in doc.warnings] == [("test-boom", None)]
    assert "injected fault" in doc.warnings[0].reason
    reference = pipeline.analyse(RawDocument("s.txt", text=ARTICLE))
    assert doc.to_dict()["attributions"] == reference.to_dict()["attributions"]


def test_a_missing_module_is_an_environment_fault_not_a_failure():
    pipe = Pipeline(["test-import"])
    with pytest.raises(EnvironmentFault, match=r"\[Q101\].*lxml_html_clean"):
        pipe.analyse_or_fail(RawDocument("a.txt", text="Der Minister sagte, er sei zufrieden."))


def test_a_runaway_article_is_stopped_and_the_batch_goes_on():
    pipe = Pipeline(["test-loop"], limits=Limits(max_seconds=0.5))
    t0 = time.monotonic()
    out = list(pipe.run([RawDocument("a.txt", text="Erster Text."), RawDocument("b.txt", text="ENDLOS hier."),
                         RawDocument("c.txt", text="Dritter Text.")]))
    assert time.monotonic() - t0 < 10
    assert [type(x).__name__ for x in out] == ["Document", "Failure", "Document"]
    assert out[1].stage == "timeout" and "0.5 s" in out[1].reason and "--max-seconds" in out[1].reason


def test_an_over_long_text_is_a_failure_naming_the_limit():
    pipe = Pipeline([], limits=Limits(max_chars=100))
    f = pipe.analyse_or_fail(RawDocument("lang.txt", text="Wort " * 100))
    assert isinstance(f, Failure) and f.stage == "limits"
    assert "499 characters exceed the 100 character limit" in f.reason and "--max-chars" in f.reason


def _batch(marker: str) -> list[RawDocument]:
    return [RawDocument(f"{i}.txt", text=f"Artikel {i}: {marker if i == 3 else 'ruhig'}. Er sagte, es sei gut.")
            for i in range(7)]


def test_a_worker_that_dies_costs_one_article_not_the_batch():
    out = list(Pipeline(["nlp", "test-die"]).run(_batch("ABSTURZ"), workers=2))
    assert [x.source for x in out] == [f"{i}.txt" for i in range(7)]
    assert [type(x).__name__ for x in out].count("Document") == 6
    assert isinstance(out[3], Failure) and out[3].stage == "worker" and "died" in out[3].reason


def test_a_worker_stuck_in_native_code_is_killed():
    out = list(Pipeline(["test-stuck"], limits=Limits(max_seconds=1)).run(_batch("HAENGT"), workers=2))
    assert [x.source for x in out] == [f"{i}.txt" for i in range(7)]
    assert isinstance(out[3], Failure) and out[3].stage == "timeout" and "killed" in out[3].reason
    assert all(isinstance(x, Document) for i, x in enumerate(out) if i != 3)


def test_the_consistency_gate_drops_items_that_break_the_contract():
    text = "Der Minister sagte, er sei zufrieden. Die Opposition wies das zurück."
    good = Attribution("a1", "indirect", Span.of(text, 12, 17), Span.of(text, 0, 11),
                       Speaker("Minister", "e9", "person"), Span.of(text, 19, 36))
    bad = Attribution("a2", "indirect", Span(12, 17, "falsch"), None, Speaker(None, None, "person"),
                      Span.of(text, 19, 36))
    denial = Attribution("a3", "denial", Span.of(text, 52, 56), None, Speaker(None, None, "organization"),
                         Span.of(text, 57, 60), denies="a2")
    outside = Attribution("a4", "direct", Span(60, 999, "x"), None, Speaker(None, None, "person"),
                          Span.of(text, 0, 3))
    doc = Document("d", "t.txt", text, attributions=[good, bad, denial, outside])
    enforce(doc)
    assert [a.id for a in doc.attributions] == ["a1", "a3"]
    assert doc.attributions[1].denies is None and doc.attributions[0].speaker.entity is None
    assert sorted((w.item, w.stage) for w in doc.warnings) == [("a1", "consistency"), ("a2", "consistency"),
                                                                ("a3", "consistency"), ("a4", "consistency")]


def test_a_long_repetitive_article_is_analysed_within_the_default_time_limit(pipeline):
    """A fuzzed 115k-character page (an article repeated, with hundreds of mentions, attributions and denials) once
    ran past the 60 s limit and was lost: speaker kinds searched the whole text once per mention and attribution,
    and denial linking compared every claim with every other once per denial. Now each is computed once per
    article; the same kind of page (the bundled article 60 times, 95k characters) must come back as a Document
    under the default limit, with the attributions of the copies."""
    from quellen.limits import DEFAULT_MAX_SECONDS, Limits

    base = (EXAMPLES / "stadtwerke-strompreis.txt").read_text(encoding="utf-8")
    before, pipeline.limits = pipeline.limits, Limits(max_seconds=DEFAULT_MAX_SECONDS)
    try:
        res = pipeline.analyse_or_fail(RawDocument("lang.txt", text=base * 60))
    finally:
        pipeline.limits = before
    assert isinstance(res, Document), res
    single = pipeline.analyse_or_fail(RawDocument("kurz.txt", text=base))
    assert len(res.attributions) >= 30 * len(single.attributions)      # 534 of 60 x 14 today
    assert sum(a.type == "denial" for a in res.attributions) >= 30     # 41 today
