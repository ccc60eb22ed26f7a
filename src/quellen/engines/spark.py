"""The per-article pipeline as a PySpark job, with exactly the results of a run on one machine (issue 16).

``iter_spark(files, stage_names, limits)`` yields what ``Pipeline(stage_names, limits=limits).run(iter_inputs(
files, max_bytes=limits.max_bytes))`` yields, in the same order, so the caller stores the results as it always
does. Why it is built this way:

* The driver parallelises only ``(index, path)`` pairs. Each executor reads its files with quellen's own
  readers, so a truncated JSON or a corrupt WARC fails with the same words as on one machine, and no article
  text passes through the driver. (On a cluster the paths must therefore be readable by every executor.)
* One :class:`quellen.pipeline.Pipeline` per Python worker process, kept in a module variable and warmed up once
  (with ``spark.python.worker.reuse`` the process outlives its tasks), so models load once per worker, not per
  task. The worker first runs the preflight of ``quellen analyze`` (:func:`quellen.environment.check_environment`):
  a module or model missing on an executor is the same Q101/Q102 fault as on one machine.
* Results are JSON lines written by Spark under ``workdir`` (not collected into driver memory) and read back
  part file by part file. That is input order: partitions are contiguous slices of the input list and keep
  their order; every record carries (file index, record index within the file) and the order is checked.
* A record holds the whole Document (``dataclasses.asdict``), not the public ``Document.to_dict()``: the store
  writes fields that the JSONL contract leaves out (url, input_hash, entity aliases, attribution origin) or
  rounds (confidence), and a result from Spark must be stored exactly like one from a single process.
* An environment fault is not raised inside the executor, where Spark would wrap it in a Py4J error carrying a
  Python traceback as text: the partition writes the fault (code, message) as a record and stops. The driver
  yields every result before it in input order and then raises the same :class:`EnvironmentFault`, as a run on
  one machine would.
* Work is cut into jobs of at most :data:`FILES_PER_JOB` files, so a long batch streams its results to the
  caller (progress bar, database) and stops soon after a fault instead of analysing everything first. The next
  job runs while the caller takes one job's results (a fault stops it).
* A failed task (a Python worker that died: a crash in native code, the OOM killer) fails its job; as in
  :mod:`quellen.workers`, the job's files are then analysed again one per job, and the one that fails alone
  becomes a :class:`Failure` (stage ``worker``) while the others are analysed.

Not covered: an article stuck in native code, where the worker's own timer (``max_seconds``) cannot reach it,
holds its task (Spark has no per-task time limit); :mod:`quellen.workers` kills such a worker.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import types
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..errors import MISSING_MODULE, EnvironmentFault, as_environment_fault
from ..limits import Limits
from ..model import Document, Failure, Unchanged

log = logging.getLogger(__name__)

FILES_PER_JOB = 512       # files per Spark job: results reach the caller after each job
TASKS_PER_CORE = 4        # partitions per core in a job: small files and large WARCs even out

_WORKER: tuple[Any, Any] | None = None     # (settings, Pipeline) of this Python worker process


# --- executor side ---------------------------------------------------------------------------------------

def _worker_pipeline(stage_names: list[str], config: dict[str, Any] | None, limits: Limits):
    """This worker's Pipeline, made, checked and warmed up once per process (and again only for new settings)."""
    global _WORKER
    key = (tuple(stage_names), json.dumps(config or {}, sort_keys=True, default=repr), limits)
    if _WORKER is None or _WORKER[0] != key:
        from ..environment import check_environment
        from ..nlp import one_blas_thread
        from ..pipeline import Pipeline

        one_blas_thread()          # one core per Spark task slot
        check_environment(stage_names)
        pipeline = Pipeline(stage_names, config, limits)
        pipeline.warm_up()
        _WORKER = (key, pipeline)
    return _WORKER[1]


def _plain(value: Any) -> Any:
    """numpy scalars (a model's confidence) as the Python number they hold; anything else is a bug to report."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} in a result cannot be written as JSON")


def _record(key: list[int], result: Document | Failure | Unchanged) -> str:
    kind = ("document" if isinstance(result, Document) else "unchanged" if isinstance(result, Unchanged)
            else "failure")
    return json.dumps({"key": key, kind: dataclasses.asdict(result)}, default=_plain)


def _analyse_partition(rows: Iterable[tuple[int, str]], stage_names: list[str], config: dict[str, Any] | None,
                      limits: Limits, known: Any = None) -> Iterator[str]:
    """Read and analyse the files of one partition; one JSON line per result, a fault ends the partition.
    ``known``: a broadcast of input hash -> document id already stored by this analysis (skipped here)."""
    from ..environment import fault_for_exception
    from ..errors import as_environment_fault, is_environment_error
    from ..ingest import iter_inputs
    from ..versioning import mark_unchanged

    for index, path in rows:
        n = 0
        try:
            pipeline = _worker_pipeline(stage_names, config, limits)
            items = iter_inputs([Path(path)], max_bytes=limits.max_bytes)
            if known is not None:
                items = mark_unchanged(items, lambda h, _v: known.value.get(h), "")
            for item in items:
                yield _record([index, n], pipeline.analyse_or_fail(item))
                n += 1
        except Exception as exc:
            if not is_environment_error(exc):
                raise                                  # a quellen bug: Spark fails the task with the traceback
            fault = fault_for_exception(exc) or as_environment_fault(exc)
            yield json.dumps({"key": [index, n], "fault": {"code": fault.code, "message": fault.message}})
            return


# --- driver side -----------------------------------------------------------------------------------------

def _build(tp: Any, value: Any) -> Any:
    """Rebuild a value of type ``tp`` (dataclasses, lists, optionals) from its ``dataclasses.asdict`` form."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_build(item, v) for v in value]
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _build(hints[f.name], value[f.name])
                     for f in dataclasses.fields(tp) if f.init and f.name in value})
    return value


def _result(record: dict[str, Any]) -> Document | Failure | Unchanged:
    if "document" in record:
        return _build(Document, record["document"])
    if "unchanged" in record:
        return Unchanged(**record["unchanged"])
    return Failure(**record["failure"])


def _fault_in(exc: BaseException) -> EnvironmentFault | None:
    """The environment fault in a failed Spark job, which reports a Python error as its traceback in text: an
    EnvironmentFault raised outside the guarded code, or a module the executors' Python cannot import (quellen
    itself, when PYSPARK_PYTHON names a Python without it)."""
    text = str(exc)
    faults = re.findall(r"EnvironmentFault: \[(Q\d+)\] ([^\n]+)", text)
    if faults:
        return EnvironmentFault(faults[-1][0], faults[-1][1].strip())
    imports = re.findall(r"\b(?:ModuleNotFoundError|ImportError): ([^\n]+)", text)
    if imports:
        return EnvironmentFault(MISSING_MODULE, f"the Spark executors cannot import a module quellen needs "
                                                f"({imports[-1].strip()}). Fix: install quellen with its "
                                                "dependencies for the executors' Python (PYSPARK_PYTHON).")
    if re.search(r"\bMemoryError\b", text):
        return as_environment_fault(MemoryError())
    return None


def _died(exc: BaseException) -> bool:
    return bool(re.search(r"Python worker exited unexpectedly|worker crashed|EOFException", str(exc)))


def _why(exc: BaseException) -> str:
    """A failed Spark job in one line: the Python worker died, or the last Python error of its traceback."""
    if _died(exc):
        return "a Python worker died"
    errors = re.findall(r"^(\w+(?:Error|Exception): [^\n]+)", str(exc), flags=re.M)
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (errors[-1] if errors else lines[0] if lines else type(exc).__name__)[:300]


def _task_failure(path: str, exc: BaseException) -> Failure:
    """A file whose Spark task failed again when it ran alone: recorded, and the batch goes on (as in
    :mod:`quellen.workers`, in the same words where the Python worker died)."""
    if _died(exc):
        return Failure(path, "the analysis process died while analysing this article (a crash in native code or "
                             "out of memory); the batch went on", stage="worker")
    return Failure(path, f"the analysis of this file failed in its Spark task ({_why(exc)}); the batch went on",
                   stage="worker")


def _read_back(folder: Path) -> Iterator[dict[str, Any]]:
    """The records of one job's output in input order (part files in order; each keeps its partition's)."""
    last: list[int] | None = None
    for part in sorted(folder.glob("part-*")):
        with part.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                record = json.loads(line)
                if last is not None and record["key"] <= last:
                    raise RuntimeError(f"spark results out of order: {record['key']} after {last} in {part}")
                last = record["key"]
                yield record


def check_spark() -> None:
    """Raise ``Q101`` before any work when this machine cannot start a Spark job (no PySpark, no Java)."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise EnvironmentFault(MISSING_MODULE, f"--engine spark needs PySpark ({exc}): pip install "
                                               "'quellen[spark]', or use --engine local.") from exc
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").exists()) and shutil.which("java") is None:
        raise EnvironmentFault(MISSING_MODULE, "--engine spark needs Java (17 or newer) on PATH or in JAVA_HOME: "
                                               "on Debian, apt-get install default-jre-headless; or use "
                                               "--engine local.")


def _session(master: str, run_dir: Path, settings: Mapping[str, str]):
    from pyspark.sql import SparkSession

    log4j = run_dir / "log4j2.properties"
    log4j.write_text("rootLogger.level = fatal\nrootLogger.appenderRef.stderr.ref = console\n"
                     # PySpark's gateway counts as a shell, which Spark turns to WARN (with two lines on
                     # stderr) unless the gateway's own logger is configured
                     "logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer\n"
                     "logger.gateway.level = fatal\n"
                     "appender.console.type = Console\nappender.console.name = console\n"
                     "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
                     "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n", encoding="utf-8")
    conf = {
        "spark.master": master,
        "spark.app.name": "quellen",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.driver.memory": "1g",
        # the driver's JVM only schedules and writes lines: the quick JIT and the serial collector start it
        # seconds sooner (12 s -> 7 s on two busy cores) and cost nothing measurable after
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j} -XX:TieredStopAtLevel=1 "
                                         "-XX:+UseSerialGC",
        "spark.local.dir": str(run_dir / "spark-local"),
    }
    if master.startswith("local"):
        conf["spark.driver.host"] = conf["spark.driver.bindAddress"] = "127.0.0.1"
    conf.update(settings)
    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    # executors run this Python (where quellen is installed), not PATH's python3, unless PYSPARK_PYTHON says
    # otherwise; PySpark reads the variable once, when the context starts, so it is set only for that moment
    before = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = before or sys.executable
    try:
        spark = builder.getOrCreate()
    finally:
        if before is None:
            os.environ.pop("PYSPARK_PYTHON", None)
    spark.sparkContext.setLogLevel("FATAL")   # what matters arrives as a result or a fault
    return spark


def _run_job(sc, stage_names: list[str], config: dict[str, Any] | None, limits: Limits, known: Any,
             rows: list[tuple[int, str]], slices: int, out: Path) -> None:
    """One Spark job: analyse ``rows`` in ``slices`` partitions, results as JSON lines under ``out``."""
    try:
        (sc.parallelize(rows, slices)
           .mapPartitions(lambda part: _analyse_partition(part, stage_names, config, limits, known))
           .saveAsTextFile(out.as_uri()))
    except Exception as exc:
        fault = _fault_in(exc)
        if fault is not None:
            raise fault from None
        raise


def _results(out: Path) -> Iterator[Document | Failure | Unchanged]:
    """A job's results in input order; a fault record raises the fault after the results before it."""
    for record in _read_back(out):
        if "fault" in record:
            raise EnvironmentFault(record["fault"]["code"], record["fault"]["message"])
        yield _result(record)
    shutil.rmtree(out, ignore_errors=True)


def iter_spark(files: list[Path], stage_names: list[str], limits: Limits, *, master: str = "local[2]",
               workdir: Path | None = None, config: dict[str, Any] | None = None,
               spark_conf: Mapping[str, str] | None = None,
               unchanged: Mapping[str, str] | None = None) -> Iterator[Document | Failure | Unchanged]:
    """Analyse ``files`` as a Spark job; yields one Document or Failure per article, in input order.

    ``unchanged``: input hash -> document id of what the database already holds from this analysis version
    (:meth:`quellen.store.Store.current_inputs`); such inputs are skipped on the executors and yielded as
    :class:`quellen.model.Unchanged` in their place, as a resumed run on one machine does.

    ``stage_names``, ``config`` and ``limits`` are those of :class:`quellen.pipeline.Pipeline` (the limits hold in
    every executor); ``master`` is Spark's (``local[N]``, ``spark://host:7077``, ...); results are written under
    ``workdir`` (a temporary folder when ``None``), in a subfolder of the run that is removed at the end;
    ``spark_conf`` adds or overrides Spark settings. Raises ``KeyError`` for an unknown stage before Spark starts,
    and :class:`EnvironmentFault` (the code and message a run on one machine raises) after yielding every result
    before it. The SparkSession is made here and stopped at the end, also on an error or when the caller stops
    early; only a session the caller already has active is used as it is (``master``, ``spark_conf`` unused) and
    left running."""
    from ..pipeline import Pipeline

    Pipeline(stage_names, config, limits)         # an unknown stage is a usage error: before starting Spark
    logging.getLogger("py4j").setLevel(logging.WARNING)
    indexed = [(i, str(p)) for i, p in enumerate(files)]
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="quellen-spark-", dir=workdir))
    spark = None
    try:
        if not indexed:
            return
        from pyspark.sql import SparkSession

        if SparkSession.getActiveSession() is None:       # else the caller's session: used, and left running
            spark = _session(master, run_dir, dict(spark_conf or {}))
        sc = (spark or SparkSession.getActiveSession()).sparkContext
        cores = max(1, sc.defaultParallelism)
        known = sc.broadcast(dict(unchanged)) if unchanged else None
        run = functools.partial(_run_job, sc, list(stage_names), config, limits, known)
        jobs = [(job, indexed[start:start + FILES_PER_JOB]) for job, start in
                enumerate(range(0, len(indexed), FILES_PER_JOB))]

        def submit(k: int):  # noqa: ANN202 - a Future
            job, chunk = jobs[k]
            return ahead.submit(run, chunk, min(len(chunk), cores * TASKS_PER_CORE), run_dir / f"job-{job:05d}")

        # One job ahead: the next job runs (a second driver thread; SparkContext takes jobs from several) while
        # this one's results are read back and stored, so the executors do not wait for the caller between jobs.
        with ThreadPoolExecutor(1, thread_name_prefix="quellen-spark") as ahead:
            running = submit(0)
            try:
                for k, (job, chunk) in enumerate(jobs):
                    out = run_dir / f"job-{job:05d}"
                    try:
                        running.result()
                        failed = None
                    except EnvironmentFault:
                        raise
                    except Exception as exc:  # noqa: BLE001 - a task failed (its worker died): find the file
                        failed = exc
                    running = submit(k + 1) if k + 1 < len(jobs) else None
                    if failed is None:
                        yield from _results(out)
                        continue
                    log.warning("a Spark task failed (%s); analysing the %d files of this job one at a time",
                                _why(failed), len(chunk))
                    shutil.rmtree(out, ignore_errors=True)
                    for n, row in enumerate(chunk):
                        alone = run_dir / f"job-{job:05d}-{n:05d}"
                        try:
                            run([row], 1, alone)
                        except EnvironmentFault:
                            raise
                        except Exception as again:  # noqa: BLE001
                            yield _task_failure(row[1], again)
                            continue
                        yield from _results(alone)
            finally:
                if running is not None and not running.done():     # stopped early or by a fault
                    sc.cancelAllJobs()
    finally:
        if spark is not None:
            spark.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


__all__ = ["iter_spark", "check_spark"]
