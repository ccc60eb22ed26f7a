"""Parallel analysis that survives its workers: a dead or stuck process costs one article, not the batch.

Why not ``multiprocessing.Pool``: when a worker dies (a crash in C code, the kernel's OOM killer) the pool
silently replaces it and the article it held is never answered, so the batch hangs. Here, as in Spark's
per-task retry: a :class:`concurrent.futures.ProcessPoolExecutor` reports the death (``BrokenProcessPool``),
the pool is started again, and the articles that were in flight are retried *one at a time*, so the one that
kills its worker again is recorded as a :class:`Failure` (stage ``worker``) and all the others are analysed.
A worker stuck past twice the per-article time limit (plus 10 s) (code that never returns to Python, where the worker's own
timer cannot reach it) is killed the same way (stage ``timeout``). Results come back in input order; the store
stays a single writer in the parent.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator

from .limits import Limits
from .model import Document, Failure, RawDocument

log = logging.getLogger(__name__)

_WORKER = None


def _init_worker(stage_names: list[str], config: dict[str, Any], limits: Limits) -> None:
    from .nlp import one_blas_thread
    from .pipeline import Pipeline

    one_blas_thread()
    global _WORKER
    _WORKER = Pipeline(stage_names, config, limits)


def _work(raw: RawDocument | Failure) -> Document | Failure:
    assert _WORKER is not None
    return _WORKER.analyse_or_fail(raw)


class _Pool:
    def __init__(self, workers: int, initargs: tuple):
        self.workers, self.initargs = workers, initargs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"), initializer=_init_worker,
                                   initargs=self.initargs)

    def submit(self, raw) -> Future:
        return self.executor.submit(_work, raw)

    def restart(self) -> None:
        """Kill every worker (a stuck one ignores everything else) and start a fresh pool."""
        for proc in list(getattr(self.executor, "_processes", {}).values()):
            try:
                proc.kill()
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def run_parallel(raws: Iterable[RawDocument | Failure], workers: int, stage_names: list[str],
                 config: dict[str, Any], limits: Limits) -> Iterator[Document | Failure]:
    """Analyse ``raws`` on ``workers`` processes, yielding results in input order."""
    hard_limit = 2 * limits.max_seconds + 10     # the worker's own timer fires at max_seconds
    pool = _Pool(workers, (stage_names, config, limits))
    window: deque[tuple[RawDocument | Failure, Future | None]] = deque()
    source = iter(raws)
    exhausted = False
    try:
        while True:
            while not exhausted and len(window) < 4 * workers:
                try:
                    raw = next(source)
                except StopIteration:
                    exhausted = True
                    break
                # failures from ingest and unchanged inputs need no worker; they keep their place in the order
                window.append((raw, pool.submit(raw) if isinstance(raw, RawDocument) else None))
            if not window:
                return
            raw, future = window[0]
            if future is None:
                window.popleft()
                yield raw
                continue
            try:
                result = future.result(timeout=hard_limit)
            except (BrokenProcessPool, FutureTimeout) as exc:
                stuck = isinstance(exc, FutureTimeout)
                log.warning("a worker %s; retrying the %d articles in flight one at a time",
                            "is stuck" if stuck else "died", sum(1 for _, f in window if f is not None))
                pending = list(window)
                window.clear()
                pool.restart()
                for item, fut in pending:
                    yield item if fut is None else _alone(pool, item, hard_limit)
                continue
            window.popleft()
            yield result
    finally:
        pool.close()


def _alone(pool: _Pool, raw: RawDocument, hard_limit: float) -> Document | Failure:
    """Analyse one article with nothing else in flight, so a death or a hang is its own."""
    try:
        return pool.submit(raw).result(timeout=hard_limit)
    except FutureTimeout:
        pool.restart()
        return Failure(raw.source, f"stopped: the analysis process was stuck for {hard_limit:g} s and was killed "
                                   "(--max-seconds)", stage="timeout")
    except BrokenProcessPool:
        pool.restart()
        return Failure(raw.source, "the analysis process died while analysing this article (a crash in native "
                                   "code or out of memory); the batch went on", stage="worker")


__all__ = ["run_parallel"]
