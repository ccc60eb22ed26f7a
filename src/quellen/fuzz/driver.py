"""The fuzz driver: generate inputs, push each through ingest → analyse → store, check every output.

Why one driver for CI and the long run: the target (≥ 100,000 inputs, 0 crashes, 0 invariant violations) and the
bounded CI sample must count the same things the same way. Input ``i`` of seed ``s`` is generated from
``random.Random(f"quellen-fuzz:{s}:{i}")`` alone, so a run is deterministic whatever the number of workers, and any
single input can be regenerated (``indices=[i]``) without the others.

Each input is generated and analysed in a worker (or in this process with ``workers=1``); what comes back
is stored, checked and counted by :class:`quellen.fuzz.collect.Runner` here, the single writer — see that module
for what counts as a crash or a violation, and for the reproducers under ``workdir/crashes/``.
"""
from __future__ import annotations

import contextlib
import faulthandler
import io
import json
import logging
import os
import random
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..model import Failure
from . import formats
from .collect import InputResult, Outcome, Runner, Summary
from .invariants import check_raw
from .mutate import mutate, window

FORMAT_WEIGHTS = {"txt": 40, "json": 15, "jsonl": 15, "html": 15, "warc": 7, "warc.gz": 8}


@dataclass
class Article:
    name: str
    text: str
    html: str | None = None


def load_corpus(paths: list[Path | str]) -> list[Article]:
    """The real articles to mutate: every document ingest and clean get out of ``paths`` (HTML keeps its page)."""
    from ..clean import clean_document
    from ..ingest import iter_inputs, list_inputs

    out = []
    for raw in iter_inputs(list_inputs([Path(p) for p in paths])):
        if isinstance(raw, Failure):
            continue
        try:
            text = clean_document(raw).text
        except Exception:  # noqa: BLE001 - an unusable corpus file is skipped
            continue
        out.append(Article(raw.source, text, raw.html))
    if not out:
        raise ValueError(f"no readable articles in the corpus {[str(p) for p in paths]}")
    return out


# ---------------------------------------------------------------- one input

def make_input(index: int, seed: int, corpus: list[Article], folder: Path) -> tuple[str, str, list[str]]:
    """Write input ``index`` into ``folder``; (category, kind, mutators applied)."""
    rng = random.Random(f"quellen-fuzz:{seed}:{index}")
    art = corpus[rng.randrange(len(corpus))]
    ops: list[str] = []
    stem = f"in{index}"
    r = rng.random()
    if r < 0.72:
        text = mutate(window(art.text, rng), rng, rng.randint(1, 4), log=ops)
        fmt = rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
        return "window", formats.write_article(text, rng, folder, stem, fmt).kind, ops
    if r < 0.84:
        if art.html and rng.random() < 0.4:                      # the real page, its markup mutated
            page = mutate(art.html, rng, rng.randint(1, 6), log=ops)
            path = folder / f"{stem}.html"
            folder.mkdir(parents=True, exist_ok=True)
            enc = formats.pick_encoding(rng)
            path.write_bytes(formats.encode(page, enc))
            return "article", f"html/real-page/{enc}", ops
        text = mutate(art.text, rng, rng.randint(1, 8), log=ops)
        return "article", formats.write_article(text, rng, folder, stem).kind, ops
    text = mutate(window(art.text, rng), rng, rng.randint(0, 2), log=ops)
    return "malformed", formats.write_malformed(text, rng, folder, stem).kind, ops


class _Capture(logging.Handler):
    """Keeps what quellen logs (warnings, and tracebacks of ``log.exception``) for the current input's report,
    and — being a handler on the root logger — keeps 100,000 inputs' worth of it off the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("quellen") and len(self.records) < 50:
            tb = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
            self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}\n{tb}".rstrip())


def analyse_input(pipeline, index: int, seed: int, corpus: list[Article], scratch: Path,
                  capture: _Capture | None = None) -> InputResult:
    """Generate input ``index`` and run it through ingest and the analysis (the part a worker does)."""
    from ..ingest import iter_inputs, list_inputs

    folder = scratch / f"{index:07d}"
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    category, kind, ops = make_input(index, seed, corpus, folder)
    res = InputResult(index, category, kind, ops, str(folder))
    if capture is not None:
        capture.records.clear()
    try:
        files = list_inputs([folder])
    except Exception:  # noqa: BLE001
        res.crashes.append("list_inputs raised:\n" + traceback.format_exc())
        return res
    it = iter_inputs(files)
    while True:
        try:
            with contextlib.redirect_stderr(io.StringIO()) as err:   # warcio prints its complaints
                raw = next(it)
        except StopIteration:
            break
        except BaseException as exc:  # noqa: BLE001 - iter_inputs promises never to raise
            if isinstance(exc, KeyboardInterrupt):
                raise
            res.crashes.append("iter_inputs raised:\n" + traceback.format_exc())
            break
        if err.getvalue().strip():
            res.logged.append("ingest wrote to stderr:\n" + err.getvalue()[:2000])
        owner = next((f for f in files if raw_source(raw) == str(f) or raw_source(raw).startswith(f"{f}#")),
                     files[0] if files else folder)
        out = Outcome(raw_source(raw), None, isinstance(raw, Failure), check_raw(raw, owner))
        if isinstance(raw, Failure):
            out.result = raw
        else:
            try:
                out.result = pipeline.analyse_or_fail(raw)
            except BaseException as exc:  # noqa: BLE001 - ArticleTimeout etc. must not escape either
                if isinstance(exc, KeyboardInterrupt):
                    raise
                res.crashes.append(f"analyse_or_fail raised ({out.source}):\n" + traceback.format_exc())
        res.outcomes.append(out)
    for f in files:  # ingest never drops an input silently: every listed file yields a document or a failure
        if not any(o.source == str(f) or o.source.startswith(f"{f}#") for o in res.outcomes):
            res.violations.append(f"ingest yielded nothing for the listed file {f}")
    if capture is not None:
        res.logged += capture.records
    res.seconds = time.perf_counter() - t0
    return res


def raw_source(item) -> str:
    return str(getattr(item, "source", ""))


# ---------------------------------------------------------------- workers

_W: dict = {}


def _init_worker(seed: int, corpus: list[Article], scratch: str, hang_s: float, stage_names, config,
                 pipeline=None) -> None:
    from ..pipeline import Pipeline

    capture = _Capture()
    logging.getLogger().addHandler(capture)
    logging.getLogger("quellen").propagate = True
    _W.update(pipeline=pipeline or Pipeline(stage_names, config), seed=seed, corpus=corpus, scratch=Path(scratch),
              capture=capture, hang_s=hang_s)
    if hang_s:
        _W["hang_fh"] = open(Path(scratch).parent / f"hang-{os.getpid()}.txt", "w")  # noqa: SIM115


def _work(index: int) -> InputResult:
    if _W.get("hang_s"):
        faulthandler.dump_traceback_later(_W["hang_s"], exit=False, file=_W["hang_fh"])
    try:
        return analyse_input(_W["pipeline"], index, _W["seed"], _W["corpus"], _W["scratch"], _W["capture"])
    finally:
        if _W.get("hang_s"):
            faulthandler.cancel_dump_traceback_later()


def run(n_inputs: int, corpus_paths: list[Path | str], seed: int, workdir: Path | str, workers: int = 1, *,
        progress_every: int = 1000, log=print, indices: list[int] | None = None, big: bool = False,
        tiny: int = 0, hang_s: float = 300.0, rotate_every: int = 5000, stages=None, config=None,
        pipeline=None) -> Summary:
    """Fuzz ``n_inputs`` inputs (or exactly ``indices``) and return the :class:`Summary` (also written to
    ``workdir/summary.json``). ``big``/``tiny`` add the load cases of :mod:`quellen.fuzz.special`.
    ``hang_s``: an input still running after this long gets every thread's stack dumped to
    ``workdir/hang-<pid>.txt`` (the run goes on). ``pipeline``: an already loaded ``Pipeline`` to use when
    ``workers`` is 1 (tests load one once)."""
    from ..pipeline import DEFAULT_STAGES

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    scratch = workdir / "inputs"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    shutil.rmtree(workdir / "crashes", ignore_errors=True)
    corpus = load_corpus(corpus_paths)
    todo = list(indices) if indices is not None else list(range(n_inputs))
    runner = Runner(workdir, seed, log, rotate_every)
    stage_names = list(stages or DEFAULT_STAGES)
    root = logging.getLogger()
    quellen_logger = logging.getLogger("quellen")
    old_propagate = quellen_logger.propagate
    t0 = time.perf_counter()
    args = (seed, corpus, str(scratch), hang_s, stage_names, config)
    try:
        if workers <= 1:
            _init_worker(*args, pipeline=pipeline)
            results = map(_work, todo)
            pool = None
        else:
            import multiprocessing as mp

            pool = mp.get_context("fork").Pool(workers, initializer=_init_worker, initargs=args)
            results = pool.imap(_work, todo, chunksize=2)
        for n, res in enumerate(results, 1):
            runner.handle(res)
            shutil.rmtree(res.folder, ignore_errors=True)
            if rotate_every and n % rotate_every == 0:
                runner.rotate()
            if progress_every and n % progress_every == 0:
                el = time.perf_counter() - t0
                log(f"{runner.summary.line()} [{n}/{len(todo)}, {n / el:.1f} inputs/s]")
        if pool is not None:
            pool.close()
            pool.join()
        runner.summary.seconds = round(time.perf_counter() - t0, 1)
        if big or tiny:
            from . import special

            if big:
                special.big_inputs(runner, _W.get("pipeline"))
            if tiny:
                special.tiny_files(runner, tiny, _W.get("pipeline") or _pipeline(stage_names, config),
                                   corpus_paths=corpus_paths)
    finally:
        if "capture" in _W:
            root.removeHandler(_W["capture"])
        if _W.get("hang_fh"):
            _W.pop("hang_fh").close()
        quellen_logger.propagate = old_propagate
        runner.store.close()
    (workdir / "summary.json").write_text(json.dumps(runner.summary.to_dict(), indent=1, ensure_ascii=False),
                                          encoding="utf-8")
    return runner.summary


def _pipeline(stage_names, config):
    from ..pipeline import Pipeline

    return Pipeline(stage_names, config)


__all__ = ["run", "analyse_input", "make_input", "load_corpus", "Article", "Runner", "Summary"]
