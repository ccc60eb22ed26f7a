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
  caller (progress bar, database) and stops soon after a fault instead of analysing everything first.

Not covered (unlike :mod:`quellen.workers`): a Python worker that dies or hangs in native code fails its Spark
task, and with it the job; the Spark error is raised as it is.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..errors import EnvironmentFault
from ..limits import Limits
from ..model import Document, Failure

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
        from ..pipeline import Pipeline

        check_environment(stage_names)
        pipeline = Pipeline(stage_names, config, limits)
        pipeline.warm_up()
        _WORKER = (key, pipeline)
    return _WORKER[1]


def _record(key: list[int], result: Document | Failure) -> str:
    kind = "document" if isinstance(result, Document) else "failure"
    return json.dumps({"key": key, kind: dataclasses.asdict(result)})


def analyse_partition(rows: Iterable[tuple[int, str]], stage_names: list[str], config: dict[str, Any] | None,
                      limits: Limits) -> Iterator[str]:
    """Read and analyse the files of one partition; one JSON line per result, a fault ends the partition."""
    from ..environment import fault_for_exception
    from ..errors import as_environment_fault, is_environment_error
    from ..ingest import iter_inputs

    for index, path in rows:
        n = 0
        try:
            pipeline = _worker_pipeline(stage_names, config, limits)
            for item in iter_inputs([Path(path)], max_bytes=limits.max_bytes):
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


def _result(record: dict[str, Any]) -> Document | Failure:
    if "document" in record:
        return _build(Document, record["document"])
    return Failure(**record["failure"])


def _fault_in(exc: BaseException) -> EnvironmentFault | None:
    """An EnvironmentFault raised outside the guarded code, as Spark reports it (a traceback in text)."""
    found = re.search(r"EnvironmentFault: \[(Q\d+)\] (.+)", str(exc))
    return EnvironmentFault(found.group(1), found.group(2).strip()) if found else None


def _read_back(folder: Path) -> Iterator[dict[str, Any]]:
    """The records of one job's output in input order (part files in order; each keeps its partition's)."""
    records = (json.loads(line) for part in sorted(folder.glob("part-*"))
               for line in part.open(encoding="utf-8") if line.strip())
    last: list[int] | None = None
    for record in records:
        if last is not None and record["key"] <= last:
            raise RuntimeError(f"spark results out of order: {record['key']} after {last} in {folder}")
        last = record["key"]
        yield record


def _session(master: str, run_dir: Path, settings: Mapping[str, str]):
    from pyspark.sql import SparkSession

    log4j = run_dir / "log4j2.properties"
    log4j.write_text("rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
                     # Spark sets a "shell" (as PySpark's driver counts) to WARN unless this logger is set
                     "logger.repl.name = org.apache.spark.repl.Main\nlogger.repl.level = error\n"
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
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}",
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
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def iter_spark(files: list[Path], stage_names: list[str], limits: Limits, *, master: str = "local[2]",
               workdir: Path | None = None, config: dict[str, Any] | None = None,
               spark_conf: Mapping[str, str] | None = None) -> Iterator[Document | Failure]:
    """Analyse ``files`` as a Spark job; yields one Document or Failure per article, in input order.

    ``stage_names``, ``config`` and ``limits`` are those of :class:`quellen.pipeline.Pipeline` (the limits hold in
    every executor); ``master`` is Spark's (``local[N]``, ``spark://host:7077``, ...); results are written under
    ``workdir`` (a temporary folder when ``None``; the run's own subfolder is removed at the end);
    ``spark_conf`` adds or overrides Spark settings. Raises ``KeyError`` for an unknown stage before Spark starts,
    and :class:`EnvironmentFault` (same code and message as on one machine) after yielding every result before it.
    The SparkSession is made here and stopped at the end, also on an error or when the caller stops early."""
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
        spark = _session(master, run_dir, dict(spark_conf or {}))
        sc = spark.sparkContext
        cores = max(1, sc.defaultParallelism)
        names = list(stage_names)
        for job, start in enumerate(range(0, len(indexed), FILES_PER_JOB)):
            chunk = indexed[start:start + FILES_PER_JOB]
            out = run_dir / f"job-{job:05d}"
            try:
                (sc.parallelize(chunk, min(len(chunk), cores * TASKS_PER_CORE))
                   .mapPartitions(lambda rows: analyse_partition(rows, names, config, limits))
                   .saveAsTextFile(out.as_uri()))
            except Exception as exc:
                fault = _fault_in(exc)
                if fault is None:
                    raise
                raise fault from None
            for record in _read_back(out):
                if "fault" in record:
                    raise EnvironmentFault(record["fault"]["code"], record["fault"]["message"])
                yield _result(record)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        if spark is not None:
            spark.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


__all__ = ["iter_spark", "analyse_partition", "FILES_PER_JOB"]
