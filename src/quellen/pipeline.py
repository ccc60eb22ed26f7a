"""The pipeline: small registered stages run in order over one article.

Like spaCy's components, a stage is a plain function registered under a name; the pipeline is a list of
names (configurable), so a stage can be swapped or added without touching the others:

    ingest (quellen.ingest) -> clean -> nlp -> entities -> attribution -> speakers -> denials -> store

``ingest`` and ``store`` sit outside the per-article loop (they stream and persist); every other stage
receives the shared :class:`Analysis` and enriches it.

Faults are isolated (README, "Reliability"): an exception inside a stage costs the item or the stage's result
for this article (a warning on the document), never the article; only an article that cannot be cleaned, is
over a limit or runs past its time becomes a :class:`Failure`; an environment fault stops the run.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .errors import ArticleTimeout, as_environment_fault, is_environment_error
from .faults import describe, guard
from .limits import Limits, article_timer
from .model import Document, Failure, RawDocument, Unchanged

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


def release_models() -> int:
    """Drop the models this process loaded (every ``lru_cache`` of quellen's modules) and give the memory back.

    Why: ``analyze`` updates the claim ledger after its batch, in the same process, and the ledger needs no
    model; holding the ~130 MiB of spaCy, CRF and coreference weights through that step made the run's peak
    grow with the batch the ledger adds. A later :class:`Pipeline` loads them again. Returns the caches cleared."""
    import functools
    import gc
    import sys

    cleared = 0
    for name, module in list(sys.modules.items()):
        if name == "quellen" or name.startswith("quellen."):
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()
                    cleared += 1
    gc.collect()
    try:                        # glibc keeps freed heap pages; hand them back (no-op elsewhere)
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return cleared


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

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, config: dict[str, Any] | None = None,
                 limits: Limits | None = None):
        self.stage_names = list(stages)
        self.stages = [(n, get_stage(n)) for n in self.stage_names]
        self.resources = Resources(config)
        self.limits = limits or Limits.from_env()
        self._warm = False

    def analyse(self, raw: RawDocument) -> Document:
        """Clean and analyse one article. Raises only when it cannot be cleaned (ValueError with the reason),
        is over the text limit, or for an environment fault; a stage that raises leaves a warning instead."""
        from .clean import clean_document
        from .consistency import enforce
        from .versioning import input_hash

        document = clean_document(raw)
        document.input_hash = input_hash(raw)
        self.limits.check_text(document.text)
        analysis = Analysis(document)
        for name, fn in self.stages:
            with guard(document, name) as g:
                fn(analysis, self.resources)
            if g.failed and name == "nlp":
                analysis.spacy_doc = None        # later stages fall back to sentences from a blank pipeline
        enforce(analysis.document)
        return analysis.document

    def warm_up(self) -> None:
        """Load the models once, outside any article's time limit (the first article would pay for them)."""
        if self._warm:
            return
        self._warm = True
        self.analyse(RawDocument(source="<warm-up>", text="Die Sprecherin sagte, das Treffen finde statt."))

    @property
    def version(self) -> str:
        """This pipeline's analysis version (:func:`quellen.versioning.analysis_version`), stored per document."""
        from .versioning import analysis_version

        return analysis_version(self.stage_names, self.resources.config)

    def analyse_or_fail(self, raw: RawDocument | Failure | Unchanged) -> Document | Failure | Unchanged:
        """One article in, one result out: a Document (perhaps with warnings), or a Failure naming the source
        and the reason. Environment faults are raised as :class:`quellen.errors.EnvironmentFault`. A Failure
        from ingest and an Unchanged input pass through as they are."""
        if not isinstance(raw, RawDocument):
            return raw
        try:
            self.warm_up()
            with article_timer(self.limits.max_seconds):
                return self.analyse(raw)
        except ArticleTimeout:
            return Failure(raw.source, f"stopped: analysis took longer than the {self.limits.max_seconds:g} s "
                                       "limit per article (--max-seconds)", stage="timeout")
        except Exception as exc:  # noqa: BLE001 - this article cannot be cleaned: a failure, the batch goes on
            if is_environment_error(exc):
                from .environment import fault_for_exception   # the preflight's message, with the fix

                raise (fault_for_exception(exc) or as_environment_fault(exc)) from exc
            stage = getattr(exc, "stage", "clean")
            reason = str(exc) if isinstance(exc, ValueError) and str(exc) else describe(exc)
            log.warning("%s failed (%s): %s", raw.source, stage, reason)
            return Failure(raw.source, reason, stage=stage)

    def run(self, raws: Iterable[RawDocument | Failure | Unchanged],
            workers: int = 1) -> Iterator[Document | Failure | Unchanged]:
        """Analyse a stream in input order; ``workers > 1`` spreads articles over processes (one writer stays
        in the caller, so storage remains a single transactional writer; see :mod:`quellen.workers`)."""
        if workers <= 1:
            for raw in raws:
                yield self.analyse_or_fail(raw)
            return
        from .workers import run_parallel

        yield from run_parallel(raws, workers, self.stage_names, self.resources.config, self.limits)
