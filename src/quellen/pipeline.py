"""The pipeline: small registered stages run in order over one article.

Like spaCy's components, a stage is a plain function registered under a name; the pipeline is a list of
names (configurable), so a stage can be swapped or added without touching the others:

    ingest (quellen.ingest) -> clean -> nlp -> entities -> attribution -> speakers -> denials -> store

``ingest`` and ``store`` sit outside the per-article loop (they stream and persist); every other stage
receives the shared :class:`Analysis` and enriches it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .model import Document, Failure, RawDocument

log = logging.getLogger(__name__)

DEFAULT_STAGES = ("nlp", "entities", "attribution", "speakers", "denials")

StageFn = Callable[["Analysis", "Resources"], None]
_STAGES: dict[str, StageFn] = {}


def stage(name: str) -> Callable[[StageFn], StageFn]:
    """Register a pipeline stage under ``name`` (decorator)."""
    def register(fn: StageFn) -> StageFn:
        _STAGES[name] = fn
        return fn
    return register


def get_stage(name: str) -> StageFn:
    _load_builtin_stages()
    try:
        return _STAGES[name]
    except KeyError:
        raise KeyError(f"unknown pipeline stage {name!r}; known: {sorted(_STAGES)}") from None


_PLUGINS_LOADED = False


def _load_builtin_stages() -> None:
    """Register the built-in stages, then any plugin stages.

    A plugin is a package that declares an entry point in the group ``quellen.stages``; loading it runs its
    ``@stage(...)`` decorators (the datasette/pluggy idea, kept to one hook).
    """
    global _PLUGINS_LOADED
    from . import stages  # noqa: F401  (importing registers the built-ins)

    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    from importlib.metadata import entry_points

    for ep in entry_points(group="quellen.stages"):
        try:
            ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the built-in pipeline
            log.warning("could not load quellen plugin %s: %s", ep.name, exc)


@dataclass
class Analysis:
    """State shared by the stages for one article."""

    document: Document
    spacy_doc: Any = None                                  # German pipeline Doc over document.text
    candidates: list[Any] = field(default_factory=list)    # attribution candidates before linking
    extra: dict[str, Any] = field(default_factory=dict)    # scratch space for stage-to-stage hand-offs


class Resources:
    """Lazily loaded heavy resources (models), shared across articles and stages."""

    def __init__(self, config: dict[str, Any] | None = None):
        self.config = dict(config or {})
        self._cache: dict[str, Any] = {}

    def get(self, name: str, loader: Callable[[], Any]) -> Any:
        if name not in self._cache:
            self._cache[name] = loader()
        return self._cache[name]


class Pipeline:
    """Turns raw articles into analysed :class:`Document` s; one bad article never stops the batch."""

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, config: dict[str, Any] | None = None):
        self.stage_names = list(stages)
        self.stages = [(n, get_stage(n)) for n in self.stage_names]
        self.resources = Resources(config)

    def analyse(self, raw: RawDocument) -> Document:
        from .clean import clean_document

        document = clean_document(raw)
        analysis = Analysis(document)
        for name, fn in self.stages:
            fn(analysis, self.resources)
        return analysis.document

    def analyse_or_fail(self, raw: RawDocument | Failure) -> Document | Failure:
        """One article in, one result out: a Document, or a Failure naming the source and the reason."""
        if isinstance(raw, Failure):
            return raw
        try:
            return self.analyse(raw)
        except Exception as exc:  # noqa: BLE001 - recorded as a failure, batch goes on
            log.exception("analysis failed for %s", raw.source)
            return Failure(raw.source, f"{type(exc).__name__}: {exc}", stage="analyse")

    def run(self, raws: Iterable[RawDocument | Failure], workers: int = 1) -> Iterator[Document | Failure]:
        """Analyse a stream in input order; ``workers > 1`` spreads articles over processes (one writer stays
        in the caller, so storage remains a single transactional writer)."""
        if workers <= 1:
            for raw in raws:
                yield self.analyse_or_fail(raw)
            return
        import multiprocessing as mp

        with mp.get_context("fork").Pool(workers, initializer=_init_worker,
                                         initargs=(self.stage_names, self.resources.config)) as pool:
            yield from pool.imap(_work, raws, chunksize=4)


_WORKER: Pipeline | None = None


def _init_worker(stage_names: list[str], config: dict[str, Any]) -> None:
    global _WORKER
    _WORKER = Pipeline(stage_names, config)


def _work(raw: RawDocument | Failure) -> Document | Failure:
    assert _WORKER is not None
    return _WORKER.analyse_or_fail(raw)
