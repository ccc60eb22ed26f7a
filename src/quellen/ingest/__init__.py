"""Ingest: find input files and turn each into :class:`RawDocument` s — or a named :class:`Failure`.

Supported: ``.txt``, ``.html``/``.htm``, ``.json`` (an object or a list of objects), ``.jsonl`` (one object per
line) and ``.warc``/``.warc.gz`` (HTML response records, via warcio). JSON records carry ``text`` or ``html`` and
optionally ``url``, ``title``, ``published``. A broken input never stops the batch: it becomes a ``Failure`` with a
clear reason in plain words (missing, unreadable, binary, undecodable, empty, oversized, malformed, truncated,
corrupt, nested too deeply, unsupported); records read before a fault that ends a file are kept.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ..errors import as_environment_fault, is_environment_error
from ..limits import DEFAULT_MAX_BYTES, Limits
from ..model import Failure, RawDocument
from .readers import MAX_JSON_DEPTH, SUFFIXES, iter_file

log = logging.getLogger(__name__)
SUPPORTED_SUFFIXES = SUFFIXES


def max_bytes_default() -> int:
    """The size limit for one article (bytes): ``QUELLEN_MAX_BYTES`` or 5 MB, as :class:`quellen.limits.Limits`."""
    return Limits.from_env().max_bytes


def is_supported(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in SUPPORTED_SUFFIXES)


def list_inputs(paths: list[Path]) -> list[Path]:
    """Expand folders (recursively, sorted) to supported files; keep files given by name as they are.

    A path that does not exist (or a named file of an unsupported type) is still listed, so that
    :func:`iter_inputs` reports it as failed by name instead of silently dropping it.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found = [path]
        for p in found:
            if p not in seen:
                seen.add(p)
                files.append(p)
    return files


def iter_inputs(files: list[Path], max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """Yield one ``RawDocument`` per article found, or a ``Failure`` per broken input.

    Raises only :class:`quellen.errors.EnvironmentFault` (a missing module, out of memory): then no later file
    could be read either. Every reader reports bad input itself in plain words; the last-resort guard below is
    for a reader bug, whose details go to the log, not into the reason.
    """
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    for path in files:
        path = Path(path)
        try:
            yield from iter_file(path, limit)
        except Exception as exc:  # noqa: BLE001 - last resort: a reader bug must not stop the batch
            if is_environment_error(exc):
                raise as_environment_fault(exc) from exc
            log.exception("reader failed on %s", path)
            yield Failure(str(path), "could not read: unexpected error in the reader (details in the log)")


__all__ = ["SUPPORTED_SUFFIXES", "DEFAULT_MAX_BYTES", "MAX_JSON_DEPTH", "list_inputs", "iter_inputs",
           "is_supported"]
