"""The Spark runner gives what one process gives: same results in the same order, same faults (issue 16).

Runs real PySpark jobs on ``local[2]`` (a JVM and two Python workers: about 10-30 s per job here). Skipped with a
reason where pyspark or Java is missing. Faults are injected across processes the way a cluster would meet them:
through what the executors' Python finds on its path (``spark.executorEnv.PYTHONPATH``), since a monkeypatch in
the test process cannot reach them.
"""
from __future__ import annotations

import dataclasses
import gzip
import importlib
import os
import shutil
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install quellen[spark])")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("no Java runtime (java on PATH or JAVA_HOME); Spark needs Java 17+", allow_module_level=True)

from quellen.engines import spark as spark_engine  # noqa: E402
from quellen.engines.spark import iter_spark  # noqa: E402
from quellen.environment import fault_for_exception  # noqa: E402
from quellen.errors import EnvironmentFault  # noqa: E402
from quellen.ingest import iter_inputs, list_inputs  # noqa: E402
from quellen.limits import Limits  # noqa: E402
from quellen.model import Document, Failure  # noqa: E402
from quellen.pipeline import DEFAULT_STAGES, Pipeline  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
LIMITS = Limits(max_bytes=100_000, max_chars=20_000, max_seconds=30)


def _local(files, stages, limits):
    return Pipeline(stages, limits=limits).run(iter_inputs(files, max_bytes=limits.max_bytes))


def _no_active_spark() -> bool:
    from pyspark import SparkContext

    return SparkContext._active_spark_context is None


def _batch(tmp_path: Path) -> list[Path]:
    """The bundled articles (txt, html, jsonl, warc.gz) and inputs that fail in ingest, the limits or cleaning."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for f in EXAMPLES.iterdir():
        if f.name.endswith((".txt", ".html", ".jsonl", ".warc.gz")):
            shutil.copy(f, folder / f.name)
    text = (EXAMPLES / "stadtwerke-strompreis.txt").read_text(encoding="utf-8")
    (folder / "abgebrochen.json").write_text('{"title": "Halb", "text": "Der Minister sagte', encoding="utf-8")
    (folder / "leer.txt").write_text("", encoding="utf-8")
    (folder / "zu-gross.txt").write_text("Wort " * 30_000, encoding="utf-8")           # over max_bytes
    (folder / "zu-lang.txt").write_text("Satz mit Wort. " * 1_500, encoding="utf-8")   # over max_chars
    (folder / "kaputt.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n")[:-6])
    (folder / "zweimal.txt").write_text(text.replace("Stadtwerke", "Gaswerke"), encoding="utf-8")
    return list_inputs([folder]) + [folder / "fehlt.txt"]


def test_spark_run_equals_the_single_process_run(tmp_path):
    files = _batch(tmp_path)
    stages = list(DEFAULT_STAGES)
    expected = list(_local(files, stages, LIMITS))
    got = list(iter_spark(files, stages, LIMITS, master="local[2]", workdir=tmp_path / "work"))

    assert [x.source for x in got] == [x.source for x in expected]
    assert [type(x) for x in got] == [type(x) for x in expected]
    kinds = {type(x).__name__ for x in expected}
    assert kinds == {"Document", "Failure"} and sum(isinstance(x, Document) for x in expected) >= 5
    for g, e in zip(got, expected):
        if isinstance(e, Failure):
            assert (g.source, g.reason, g.stage) == (e.source, e.reason, e.stage)
        else:
            assert g.to_dict() == e.to_dict()
            assert g == e and g.input_hash == e.input_hash      # what the store writes beyond the JSONL record
    stages_failed = {x.stage for x in expected if isinstance(x, Failure)}
    assert "limits" in stages_failed                            # max_chars held inside the executors
    assert any("exceeds the 100000 bytes limit" in x.reason for x in got if "zu-gross" in x.source)   # max_bytes
    assert _no_active_spark()
    assert list((tmp_path / "work").iterdir()) == []            # the run's own folder is removed


PLUGIN = '''\
import os
import signal
import time

from quellen.errors import EnvironmentFault
from quellen.pipeline import stage


@stage("test-spark-crash")
def _crash(analysis, resources):
    if "ABSTURZ" in analysis.document.text:
        os.kill(os.getpid(), signal.SIGKILL)          # as a segfault or the OOM killer would
    if "ENDLOS" in analysis.document.text:
        time.sleep(60)                                # a runaway article: the worker's timer must stop it


@stage("test-spark-fault")
def _fault(analysis, resources):
    if "STOPP" in analysis.document.text:
        raise EnvironmentFault("Q103", "cannot write /daten/aus: No space left on device (injected)")
'''


def _plugin(root: Path) -> Path:
    """A quellen stage plugin as an installed package would be (an entry point in ``quellen.stages``)."""
    root.mkdir()
    (root / "quellen_spark_fault_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = root / "quellen_spark_fault_plugin-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: quellen-spark-fault-plugin\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[quellen.stages]\nfault = quellen_spark_fault_plugin\n")
    return root


def test_a_fault_in_an_executor_arrives_as_the_same_environment_fault(tmp_path, monkeypatch):
    plugins = _plugin(tmp_path / "plugins")
    monkeypatch.syspath_prepend(str(plugins))
    importlib.import_module("quellen_spark_fault_plugin")      # the driver knows the stage too
    files = _articles(tmp_path / "in", ["ruhig", "ruhig", "ruhig", "STOPP", "ruhig", "ruhig"])
    stages = ["test-spark-fault"]

    def run(results):
        seen = []
        with pytest.raises(EnvironmentFault) as info:
            for item in results:
                seen.append(item)
        return seen, info.value

    expected, fault = run(_local(files, stages, LIMITS))
    monkeypatch.setattr(spark_engine, "FILES_PER_JOB", 2)   # 3 jobs: the one after the fault is already running
    got, spark_fault = run(iter_spark(files, stages, LIMITS, spark_conf={
        "spark.executorEnv.PYTHONPATH": str(plugins)}))
    assert type(spark_fault) is EnvironmentFault                # not a Py4J or PySpark wrapper
    assert (spark_fault.code, spark_fault.message) == (fault.code, fault.message) == (
        "Q103", "cannot write /daten/aus: No space left on device (injected)")
    assert [x.source for x in got] == [x.source for x in expected] == [str(f) for f in files[:3]]
    assert [x.to_dict() for x in got] == [x.to_dict() for x in expected]
    assert _no_active_spark()


def _articles(folder: Path, markers: list[str]) -> list[Path]:
    folder.mkdir()
    for i, marker in enumerate(markers):
        (folder / f"{i}.txt").write_text(f"Artikel {i}: {marker}. Die Sprecherin sagte, es sei gut.\n",
                                         encoding="utf-8")
    return list_inputs([folder])


def test_a_dying_worker_costs_one_file_and_a_runaway_article_is_stopped(tmp_path, monkeypatch):
    plugins = _plugin(tmp_path / "plugins")
    monkeypatch.syspath_prepend(str(plugins))
    importlib.import_module("quellen_spark_fault_plugin")
    files = _articles(tmp_path / "in", ["ruhig", "ruhig", "ABSTURZ", "ruhig", "ENDLOS", "ruhig"])
    stages, limits = ["test-spark-crash"], Limits(max_seconds=1)
    expected = list(Pipeline(stages, limits=limits).run(iter_inputs(files), workers=2))   # --workers 2
    monkeypatch.setattr(spark_engine, "FILES_PER_JOB", 2)   # a failed job's files run alone beside the next job
    got = list(iter_spark(files, stages, limits, spark_conf={"spark.executorEnv.PYTHONPATH": str(plugins)}))
    assert [x.source for x in got] == [x.source for x in expected] == [str(f) for f in files]
    assert [(x.stage, x.reason) for x in got if isinstance(x, Failure)] == [
        (x.stage, x.reason) for x in expected if isinstance(x, Failure)]
    assert [x.stage for x in got if isinstance(x, Failure)] == ["worker", "timeout"]
    assert [x.to_dict() for x in got if isinstance(x, Document)] == [
        x.to_dict() for x in expected if isinstance(x, Document)]
    assert _no_active_spark()


def test_a_module_missing_on_the_executors_is_the_preflights_q101(tmp_path):
    shadow = tmp_path / "shadow" / "pycrfsuite"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'pycrfsuite\'", name="pycrfsuite")\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text((EXAMPLES / "stadtwerke-strompreis.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(EnvironmentFault) as info:
        list(iter_spark([article], list(DEFAULT_STAGES), LIMITS,
                        spark_conf={"spark.executorEnv.PYTHONPATH": str(shadow.parent)}))
    expected = fault_for_exception(ModuleNotFoundError("No module named 'pycrfsuite'", name="pycrfsuite"))
    assert info.value.code == "Q101" and "pycrfsuite" in info.value.message
    assert info.value.message == expected.message                  # the words of the preflight, with the fix
    assert _no_active_spark()


def test_an_unknown_stage_is_refused_before_spark_starts(tmp_path):
    with pytest.raises(KeyError, match="unknown pipeline stage"):
        list(iter_spark([tmp_path / "a.txt"], ["gibt-es-nicht"], LIMITS))
    assert _no_active_spark()


def test_records_rebuild_every_field_of_a_document():
    from quellen.engines.spark import _build
    from quellen.model import RawDocument

    doc = Pipeline(limits=LIMITS).analyse(RawDocument("s.txt", text=(EXAMPLES / "stadtwerke-strompreis.txt")
                                                      .read_text(encoding="utf-8")))
    doc.url = "https://example.org/a"
    doc.entities[0].aliases = ["Alias"]
    rebuilt = _build(Document, dataclasses.asdict(doc))
    assert rebuilt == doc and rebuilt.input_hash == doc.input_hash
    assert [a.origin for a in rebuilt.attributions] == [a.origin for a in doc.attributions]


def test_a_caller_that_stops_early_stops_the_session(tmp_path, monkeypatch):
    monkeypatch.setattr(spark_engine, "FILES_PER_JOB", 1)   # the next job is running when the caller stops
    files = _articles(tmp_path / "in", ["eins", "zwei", "drei"])
    results = iter_spark(files, [], LIMITS)
    first = next(results)
    assert isinstance(first, Document) and first.source == str(files[0])
    results.close()
    assert _no_active_spark()


def test_analyze_engine_spark_stores_what_local_stores_and_resumes(tmp_path):
    """`quellen analyze --engine spark` end to end: the same JSONL as the local engine, the same database rows;
    a second run skips everything on the executors (unchanged), whichever engine stored it."""
    from typer.testing import CliRunner

    from quellen.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for f in EXAMPLES.iterdir():
        shutil.copy(f, folder / f.name)
    runner = CliRunner()
    out = {}
    for engine in ("local", "spark"):
        r = runner.invoke(app, ["analyze", str(folder), "--db", str(tmp_path / f"{engine}.db"), "--no-report",
                                "--jsonl", str(tmp_path / f"{engine}.jsonl"), "--engine", engine])
        assert r.exit_code == 0, r.output
        assert "5 documents analysed, 0 failed" in r.output, r.output
        out[engine] = (tmp_path / f"{engine}.jsonl").read_text(encoding="utf-8")
    assert out["spark"] == out["local"]
    r = runner.invoke(app, ["analyze", str(folder), "--db", str(tmp_path / "local.db"), "--no-report",
                            "--engine", "spark"])
    assert r.exit_code == 0 and "0 documents analysed, 5 unchanged, 0 failed" in r.output, r.output
    r = runner.invoke(app, ["analyze", str(folder), "--db", str(tmp_path / "x.db"), "--engine", "sparc"])
    assert r.exit_code == 2
    assert _no_active_spark()
