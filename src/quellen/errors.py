"""The errors that decide what happens to a batch, kept apart from the stages that raise them.

Three outcomes are possible for anything that goes wrong (the reliability contract, README "Reliability"):

* an **item** (one attribution, entity, sentence) fails: it is dropped, a :class:`quellen.model.StageWarning`
  is recorded on its document, and everything else of the article is kept;
* an **article** cannot be read or analysed at all (unreadable input, over a limit, a runaway article): it becomes
  a :class:`quellen.model.Failure` naming the file and the reason, and the batch goes on;
* the **environment** is broken (a missing module, a model that cannot load, a full disk): nothing later in the
  batch could succeed, so :class:`EnvironmentFault` stops the run at once with one clear message instead of
  being recorded as a failure of every article.

Like spaCy's numbered errors, each environment fault carries a stable code (``Q1xx``) that the message starts
with, so users can search for it and tests can assert it.
"""
from __future__ import annotations

import errno
import os
import tempfile


class EnvironmentFault(RuntimeError):
    """The installation or the machine is broken; no further article could be analysed. Stops the run."""

    def __init__(self, code: str, message: str):
        self.code, self.message = code, message
        super().__init__(f"[{code}] {message}")

    def __reduce__(self):  # raised in a worker process, it must arrive whole in the parent
        return (type(self), (self.code, self.message))


class ArticleTimeout(BaseException):
    """An article ran past its time limit.

    A ``BaseException`` (like ``KeyboardInterrupt``) on purpose: the per-item guards catch ``Exception`` to keep
    the rest of an article, and must not swallow the timer that stops a runaway one.
    """


# Codes of environment faults (the README lists them with what to do).
MISSING_MODULE = "Q101"      # a run-time dependency cannot be imported
MODEL_UNAVAILABLE = "Q102"   # a shipped model is missing or cannot be loaded
STORAGE = "Q103"             # the database cannot be written (disk full, I/O error, read-only, locked)

# Exceptions that mean "the environment is broken" wherever they are raised during an analysis.
ENVIRONMENT_ERRORS: tuple[type[BaseException], ...] = (ImportError, MemoryError, EnvironmentFault)

# OSErrors that say the machine is out of room (disk or temp space full, file-size limit, quota): no article can
# fix them, so they stop the run like the errors above instead of turning every article into a failure.
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def is_environment_error(exc: BaseException) -> bool:
    """Whether ``exc`` means "the environment is broken" (stop the run) rather than "this input is bad"."""
    return isinstance(exc, ENVIRONMENT_ERRORS) or (isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS)


def as_environment_fault(exc: BaseException) -> EnvironmentFault | None:
    """The :class:`EnvironmentFault` that ``exc`` stands for, or ``None`` when it is an ordinary error."""
    if isinstance(exc, EnvironmentFault):
        return exc
    if isinstance(exc, ImportError):
        name = getattr(exc, "name", None)
        hint = f"module {name!r} cannot be imported" if name else "a module cannot be imported"
        return EnvironmentFault(MISSING_MODULE, f"{hint}: {exc}. Reinstall quellen with its dependencies "
                                                "(pip install .) and run again.")
    if isinstance(exc, MemoryError):
        return EnvironmentFault("Q104", "out of memory; lower --workers or --max-chars and run again.")
    if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
        where = f" writing {exc.filename}" if exc.filename else ""
        return EnvironmentFault(STORAGE, f"cannot write{where}: {os.strerror(exc.errno)}. Free space on that disk "
                                         f"or in the temporary folder ({tempfile.gettempdir()}; TMPDIR moves it), "
                                         "or raise the file-size limit (ulimit -f), and run again.")
    return None


__all__ = ["EnvironmentFault", "ArticleTimeout", "ENVIRONMENT_ERRORS", "NO_SPACE_ERRNOS", "as_environment_fault",
           "is_environment_error",
           "MISSING_MODULE", "MODEL_UNAVAILABLE", "STORAGE"]
