"""Fuzzing, bounded for CI: the properties the long run (scripts/fuzz.py, 100,000 inputs) checks, on a sample.

Hypothesis runs derandomized (the same examples every run, no example database written), with a few hundred
examples in all; the Pipeline is loaded once for the module. The last test is one fixed driver sample: 0 crashes
and 0 invariant violations, with the reproducers' folder named when it fails.
"""
from __future__ import annotations

import copy
import gzip
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from quellen.fuzz import formats
from quellen.fuzz.collect import Runner, lost_article
from quellen.fuzz.driver import load_corpus, make_input, run
from quellen.fuzz.invariants import check_document, check_raw, first_difference
from quellen.fuzz.mutate import MUTATORS, mutate, window
from quellen.ingest import SUPPORTED_SUFFIXES, iter_inputs, list_inputs
from quellen.model import Document, Failure, RawDocument

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
# Hypothesis caches Unicode tables in ./.hypothesis; keep the checkout clean.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "quellen-hypothesis"))
_BASE = settings(deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def bounded(n: int) -> settings:
    return settings(_BASE, max_examples=n)


@pytest.fixture(scope="module")
def pipeline():
    from quellen.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([EXAMPLES])


def _analysed_ok(pipeline, text: str) -> None:
    res = pipeline.analyse_or_fail(RawDocument("fuzz.txt", text=text))
    assert isinstance(res, (Document, Failure))
    if isinstance(res, Document):
        d = res.to_dict()
        assert check_document(d) == [], d["text"][:200]
    else:
        assert lost_article(res) is None, f"article lost: {res.stage}: {res.reason}"


# ---------------------------------------------------------------- mutators

@bounded(60)
@given(text=st.text(max_size=300), seed=st.integers(0, 2**32 - 1), name=st.sampled_from(sorted(MUTATORS)))
def test_every_mutator_takes_any_text_and_is_deterministic(text, seed, name):
    a = MUTATORS[name](text, random.Random(seed))
    b = MUTATORS[name](text, random.Random(seed))
    assert isinstance(a, str) and a == b


# ---------------------------------------------------------------- the analysis

@bounded(70)
@given(seed=st.integers(0, 2**32 - 1), n_ops=st.integers(1, 6), which=st.integers(0, 99), whole=st.booleans())
def test_any_mutation_of_a_real_article_is_a_document_or_a_failure(pipeline, corpus, seed, n_ops, which, whole):
    rng = random.Random(seed)
    art = corpus[which % len(corpus)]
    _analysed_ok(pipeline, mutate(art.text if whole else window(art.text, rng), rng, n_ops, max_len=8000))


@bounded(50)
@given(piece=st.text(st.characters(exclude_categories=()), min_size=1, max_size=40), where=st.floats(0, 1),
       which=st.integers(0, 99))
def test_any_characters_spliced_into_a_real_article(pipeline, corpus, piece, where, which):
    text = window(corpus[which % len(corpus)].text, random.Random(which), 2)
    cut = int(where * len(text))
    _analysed_ok(pipeline, text[:cut] + piece + text[cut:])


# ---------------------------------------------------------------- the readers

def _read_all(path: Path) -> list:
    items = list(iter_inputs(list_inputs([path])))
    for item in items:
        assert check_raw(item, path) == []
        if isinstance(item, Failure):
            assert not item.reason.startswith("could not read:"), f"reader bug: {item.reason}"
    return items


@bounded(90)
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES),
       data=st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(gzip.compress),
                      st.text(max_size=500).map(lambda t: t.encode("utf-8"))))
def test_readers_on_random_bytes_never_raise_and_name_the_input(suffix, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(data)
        assert _read_all(path), "an input must yield a document or a failure"


@bounded(90)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(formats.FORMATS), broken=st.booleans())
def test_readers_on_every_written_format(corpus, seed, fmt, broken):
    rng = random.Random(seed)
    text = mutate(window(rng.choice(corpus).text, rng), rng, 2)
    with tempfile.TemporaryDirectory() as tmp:
        w = (formats.write_malformed(text, rng, Path(tmp), "in") if broken
             else formats.write_article(text, rng, Path(tmp), "in", fmt))
        listed = list_inputs([Path(tmp)])
        for path in listed:
            assert _read_all(path)
        assert listed or w.paths[0].name.startswith(".") or not w.paths[0].name.lower().endswith(
            SUPPORTED_SUFFIXES)


# ---------------------------------------------------------------- the checker itself

def test_the_invariants_catch_broken_documents(pipeline):
    raw = next(r for r in iter_inputs(list_inputs([EXAMPLES / "stadtwerke-strompreis.txt"])))
    good = pipeline.analyse_or_fail(raw).to_dict()
    assert check_document(good) == []
    assert good["attributions"] and good["entities"]

    def broken(fn):
        d = copy.deepcopy(good)
        fn(d)
        return check_document(d)

    a0, e0 = 0, 0
    assert broken(lambda d: d["attributions"][a0]["cue"].update(end=len(d["text"]) + 5))
    assert broken(lambda d: d["attributions"][a0]["content"].update(text="falsch"))
    assert broken(lambda d: d["attributions"][a0].update(confidence=1.5))
    assert broken(lambda d: d["attributions"][a0].update(type="quote"))
    assert broken(lambda d: d["attributions"][a0]["speaker"].update(entity="e999", kind="alien"))
    assert broken(lambda d: d["attributions"][a0].update(denies="a999"))
    assert broken(lambda d: d["attributions"].append(copy.deepcopy(d["attributions"][a0])))
    assert broken(lambda d: d["entities"].append(copy.deepcopy(d["entities"][e0])))
    assert broken(lambda d: d["entities"][e0]["mentions"].reverse() if len(d["entities"][e0]["mentions"]) > 1
                  else d["entities"][e0]["mentions"].append({"start": -1, "end": 0}))
    assert broken(lambda d: d["boilerplate"].append({"start": 0, "end": 10 ** 9, "reason": "ui"}))
    assert broken(lambda d: d.update(text=d["text"] + "\ud800"))
    assert broken(lambda d: d.update(published="2025-02-30"))
    assert broken(lambda d: d["attributions"].reverse() if len(d["attributions"]) > 1 else d.update(id="x"))
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == "$.a[1].b: 2 != 3"


def test_inputs_are_reproducible_from_seed_and_index(corpus, tmp_path):
    for i in range(12):
        a, b = tmp_path / f"a{i}", tmp_path / f"b{i}"
        assert make_input(i, 5, corpus, a) == make_input(i, 5, corpus, b)
        assert [p.read_bytes() for p in sorted(a.iterdir())] == [p.read_bytes() for p in sorted(b.iterdir())]


def test_an_oversized_input_fails_fast_in_every_format(tmp_path):
    from quellen.fuzz import special

    runner = Runner(tmp_path, seed=1, log=lambda m: None)
    report = special.big_inputs(runner, size=6 * 2**20)
    runner.store.close()
    assert runner.summary.violations == 0 and runner.summary.crashes == 0, runner.summary.violation_list
    assert set(report) == {"big.txt", "big.html", "big.json", "big.jsonl", "big.warc.gz"}


# ---------------------------------------------------------------- one driver sample

def test_a_bounded_driver_sample_has_no_crash_and_no_violation(pipeline, tmp_path):
    s = run(200, [EXAMPLES], seed=7, workdir=tmp_path, pipeline=pipeline, progress_every=0)
    assert s.inputs == 200 and s.documents > 100
    assert (s.crashes, s.violations) == (0, 0), (
        f"{s.line()}; reproducers in {tmp_path / 'crashes'}:\n"
        + "\n".join(f"{i} {k}: {m}" for i, k, m in (s.crash_list + s.violation_list)[:20]))
