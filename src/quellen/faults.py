"""Fault isolation by item: one failing attribution, entity or sentence costs that item, not its article.

Stages wrap the handling of each item in :class:`guard`. An ordinary exception inside is recorded as a
:class:`quellen.model.StageWarning` on the document (stage, item, reason with the place it was raised) and
suppressed, so the stage goes on with the next item; the caller drops the failed item (``g.failed``).
Environment faults (a missing module, memory, a broken model: :func:`quellen.errors.is_environment_error`) and
the article timer (:class:`quellen.errors.ArticleTimeout`, a ``BaseException``) are never suppressed: the first
must stop the run, the second the article.
"""
from __future__ import annotations

import logging
import traceback
from types import TracebackType

from .errors import is_environment_error

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    """A one-line reason: the exception and the innermost quellen source line that raised it.

    ``IndexError: list index out of range (link/speakers.py:198)`` tells a user what went wrong and a developer
    where, without a traceback in the database."""
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = frame.filename.replace("\\", "/")
        if "/quellen/" in path:
            where = f" ({path.rsplit('/quellen/', 1)[1]}:{frame.lineno})"
            break
    message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + message if message else ''}{where}"


class guard:
    """``with guard(document, "speakers", "a3") as g: ...`` then drop the item where ``g.failed``.

    With ``document=None`` nothing is suppressed (library callers without a document keep plain exceptions).
    """

    def __init__(self, document, stage: str, item: str | None = None):
        self.document, self.stage, self.item = document, stage, item
        self.failed = False

    def __enter__(self) -> "guard":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        if exc is None or self.document is None:
            return False
        if not isinstance(exc, Exception) or is_environment_error(exc):
            return False
        self.failed = True
        reason = describe(exc)
        self.document.warn(self.stage, reason, self.item)
        log.warning("%s: %s dropped %s: %s", getattr(self.document, "source", "?"), self.stage,
                    self.item or "its result", reason)
        return True


__all__ = ["guard", "describe"]
