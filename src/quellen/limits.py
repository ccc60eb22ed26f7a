"""Limits per article, each with a clear error: input size, text length, processing time.

Why limits: one pathological input (a 50 MB "article", a page of repeated quotation marks that sends a rule
into a long search) must not stall a batch of a million. Each limit has a default that no real news article
comes near, an environment variable and an ``analyze`` option; an article over a limit becomes a
:class:`quellen.model.Failure` with the limit named, and the batch goes on.

* ``max_bytes`` (``QUELLEN_MAX_BYTES``, ``--max-bytes``): size of one input article, checked by ingest before
  reading (5 MB);
* ``max_chars`` (``QUELLEN_MAX_CHARS``, ``--max-chars``): length of the cleaned text (1,000,000 characters, the
  spaCy default; about 150,000 words);
* ``max_seconds`` (``QUELLEN_MAX_SECONDS``, ``--max-seconds``): wall time of one article's analysis (60 s; a
  typical article takes 0.05 s). Enforced by a ``SIGALRM`` timer in the process that analyses it (Python code,
  regular expressions included, is interrupted); with ``--workers`` the parent also kills a worker that stays
  stuck past twice the limit (C code that never returns to Python), see :mod:`quellen.workers`.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from .errors import ArticleTimeout

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_MAX_SECONDS = 60.0


class LimitExceeded(ValueError):
    """An article is over a limit; the message names the limit and the option that sets it."""

    stage = "limits"


def _env_number(name: str, default: float, cast=float):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    max_seconds: float = DEFAULT_MAX_SECONDS

    @classmethod
    def from_env(cls, max_bytes: int | None = None, max_chars: int | None = None,
                 max_seconds: float | None = None) -> "Limits":
        """Explicit values win, then ``QUELLEN_MAX_*`` variables, then the defaults."""
        return cls(
            max_bytes=max_bytes or _env_number("QUELLEN_MAX_BYTES", DEFAULT_MAX_BYTES, int),
            max_chars=max_chars or _env_number("QUELLEN_MAX_CHARS", DEFAULT_MAX_CHARS, int),
            max_seconds=max_seconds or _env_number("QUELLEN_MAX_SECONDS", DEFAULT_MAX_SECONDS, float))

    def check_text(self, text: str) -> None:
        if len(text) > self.max_chars:
            raise LimitExceeded(f"text too long: {len(text):,} characters exceed the {self.max_chars:,} "
                                "character limit per article (--max-chars)")


@contextmanager
def article_timer(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` inside the block once ``seconds`` have passed.

    Only in the main thread (where Python delivers signals); elsewhere the block runs untimed. The previous
    handler and timer are restored, so nested use and other users of SIGALRM are not disturbed."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):  # noqa: ANN001
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["Limits", "LimitExceeded", "article_timer", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS",
           "DEFAULT_MAX_SECONDS"]
