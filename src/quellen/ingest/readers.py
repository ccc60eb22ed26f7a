"""One reader per input format; each yields RawDocument or Failure and never raises for bad input.

Every reason is plain words naming what is wrong with the file (never a Python exception's name), and no
reader holds more than one article's worth of bytes (the size limit, times the JSON escaping allowance) in
memory: sizes are checked before reading, and JSONL lines are read with a bounded ``readline``.
"""
from __future__ import annotations

import io
import json
import re
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterator

from ..model import Failure, RawDocument
from .decode import (BOMS, DecodeError, check_text, decode_bytes, is_blank, open_input,
                     replace_lone_surrogates, unreadable)

# An article record needs 2-3 levels (a list of objects, maybe one nested object); anything far deeper is not an
# article, and Python's JSON parser would hit its recursion limit on it (around 1,000 levels).
MAX_JSON_DEPTH = 64
# JSON escaping can make an article longer than its text: ``\u00fc`` is 6 bytes for the 2 of "ü" in UTF-8, so
# a JSON file or JSONL line may be this many times the article limit; each record's text is then checked exactly.
JSON_EXPANSION = 3
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".warc", ".warc.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def iter_file(path: Path, limit: int) -> Iterator[RawDocument | Failure]:
    source = str(path)
    if not path.exists():
        yield Failure(source, "no such file or directory")
        return
    if path.is_dir():
        yield Failure(source, "is a directory with no supported files")
        return
    suffix = _suffix(path)
    if suffix not in SUFFIXES:
        yield Failure(source, f"unsupported file type {suffix or '(none)'!r}: use .txt .html .htm .json .jsonl "
                              ".warc .warc.gz")
        return
    if not path.is_file():  # a pipe or device would block or never end
        yield Failure(source, "not a regular file (a pipe, socket or device)")
        return
    if suffix in (".warc", ".warc.gz"):
        from .warc import read_warc

        yield from read_warc(path, limit)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Failure(source, unreadable(exc))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, limit)
        return
    cap = limit * JSON_EXPANSION if suffix == ".json" else limit
    if size > cap:
        yield Failure(source, _oversized(size, limit, json_file=suffix == ".json"))
        return
    try:
        with path.open("rb") as fh:
            data = fh.read(cap + 1)  # never more than the limit, even if the file grew since stat()
    except OSError as exc:
        yield Failure(source, unreadable(exc))
        return
    if len(data) > cap:
        yield Failure(source, _oversized(len(data), limit, json_file=suffix == ".json"))
        return
    if not data.strip():
        yield Failure(source, "empty file" if not data else "empty file (only whitespace)")
        return
    try:
        text = decode_bytes(data, html=suffix in (".html", ".htm"))
    except DecodeError as exc:
        yield Failure(source, str(exc))
        return
    if is_blank(text):
        yield Failure(source, "empty file (only whitespace)")
        return
    if suffix == ".txt":
        yield RawDocument(source=source, text=replace_lone_surrogates(text))
    elif suffix in (".html", ".htm"):
        yield RawDocument(source=source, html=replace_lone_surrogates(text))
    else:
        yield from _read_json(source, text, limit)



def _oversized(size: int, limit: int, json_file: bool = False, what: str = "") -> str:
    if json_file:
        return (f"oversized: {what}{size_text(size)} exceeds {JSON_EXPANSION} × the {size_text(limit)} article "
                "limit (the allowance for JSON escaping)")
    return f"oversized: {what}{size_text(size)} exceeds the {size_text(limit)} limit"


# ---------------------------------------------------------------- JSON

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}
# A complete JSON string (escapes included): removed before counting brackets, so "[[[" inside text counts 0.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), "a value of another kind")


def json_too_deep(text: str) -> bool:
    """Whether arrays and objects in ``text`` (JSON) nest deeper than :data:`MAX_JSON_DEPTH`.

    Brackets inside strings are not counted. Runs in C (bracket counts, two regular-expression passes and a
    running sum), so it is fast and safe on any input; it is checked before ``json.loads``, whose recursion
    would fail on deeply nested input. A text with no more opening brackets than the limit is not scanned.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH


def _loads(text: str, with_line: bool) -> tuple[Any, str | None]:
    """The parsed JSON value and ``None``, or ``None`` and the reason it cannot be read."""
    if json_too_deep(text):
        return None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
        return None, f"malformed JSON: {exc.msg} ({where})"
    except RecursionError:  # not reachable after the depth check; kept so no input can surface it
        return None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        if "digits" in str(exc):
            return None, "malformed JSON: a number with too many digits"
        return None, "malformed JSON: a value that cannot be read"


def _record(obj: Any, source: str, limit: int) -> RawDocument | Failure:
    if not isinstance(obj, dict):
        return Failure(source, f"JSON record is {_json_type(obj)}, expected an object with 'text' or 'html'")
    text, html = obj.get("text"), obj.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return Failure(source, f"JSON field '{name}' is {_json_type(value)}, expected a string")
    if not (text and text.strip()) and not (html and html.strip()):
        if "text" in obj or "html" in obj:
            return Failure(source, "empty article: 'text'/'html' is empty")
        return Failure(source, "JSON record has neither 'text' nor 'html'")
    body = replace_lone_surrogates(text if text and text.strip() else html)
    size = len(body.encode("utf-8"))
    if size > limit:
        return Failure(source, _oversized(size, limit, what="article of "))

    def opt(name: str) -> str | None:
        v = obj.get(name)
        return replace_lone_surrogates(v.strip()) or None if isinstance(v, str) else None

    is_text = bool(text and text.strip())
    return RawDocument(
        source=source, text=body if is_text else None, html=None if is_text else body,
        url=opt("url"), title=opt("title"), published=normalise_published(opt("published")),
    )


def _read_json(source: str, text: str, limit: int) -> Iterator[RawDocument | Failure]:
    data, reason = _loads(text, with_line=True)
    if reason:
        yield Failure(source, reason)
        return
    if isinstance(data, list):
        if not data:
            yield Failure(source, "empty JSON list")
        for i, obj in enumerate(data, 1):
            yield _record(obj, f"{source}#item {i}", limit)
    else:
        yield _record(data, source, limit)


def _bounded_lines(readline: Callable[[int], Any], cap: int) -> Iterator[tuple[int, Any, int]]:
    """``(line number, line, length)`` per line; ``line`` is ``None`` when it is longer than ``cap``.

    Lines are read in pieces of at most 1 MB, so no more than ``cap`` plus one piece is held at once: a line
    found longer than ``cap`` is dropped piece by piece, and a 50 MB line costs no 50 MB of memory.
    """
    piece = min(cap + 1, 1 << 20)
    n = 0
    while True:
        part = readline(piece)
        if not part:
            return
        n += 1
        newline = "\n" if isinstance(part, str) else b"\n"
        parts, size = [part], len(part)
        while not part.endswith(newline) and size <= cap:
            part = readline(min(piece, cap + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
        if size <= cap or parts[-1].endswith(newline) and size - 1 <= cap:
            yield n, parts[0] if len(parts) == 1 else parts[0][:0].join(parts), size
            continue
        parts = []
        while not part.endswith(newline):
            part = readline(1 << 20)
            if not part:
                break
            size += len(part)
        yield n, None, size


def _read_jsonl(path: Path, limit: int) -> Iterator[RawDocument | Failure]:
    source = str(path)
    found = False
    n = 0
    cap = limit * JSON_EXPANSION
    fh, reason = open_input(path)
    if fh is None:
        yield Failure(source, reason)
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        wide = next((enc for bom, enc in BOMS if head.startswith(bom) and enc in ("utf-16", "utf-32")), None)
        # UTF-16/32 lines cannot be split at b"\n" bytes; they are read as text instead (readline counts chars).
        stream = io.TextIOWrapper(fh, encoding=wide, newline="\n") if wide else fh
        try:
            for n, raw, size in _bounded_lines(stream.readline, cap):
                if raw is not None and not raw.strip():
                    continue
                found = True
                where = f"{source}#line {n}"
                if raw is None:
                    yield Failure(where, _oversized(size, limit, json_file=True, what="line of "))
                    continue
                try:
                    line = check_text(raw, wide) if wide else decode_bytes(raw)
                except DecodeError as exc:
                    yield Failure(where, str(exc))
                    continue
                obj, reason = _loads(line.rstrip("\r\n"), with_line=False)
                yield Failure(where, reason) if reason else _record(obj, where, limit)
        except UnicodeDecodeError as exc:
            yield Failure(f"{source}#line {n + 1}", f"undecodable: invalid {wide} text ({exc.reason}); "
                                                    "the rest of the file is skipped")
            return
        except OSError as exc:
            yield Failure(source, f"unreadable after line {n}: {exc.strerror or exc}")
            return
    if not found:
        yield Failure(source, "empty file")


# ---------------------------------------------------------------- dates

def normalise_published(value: str | None) -> str | None:
    """A container's date as YYYY-MM-DD (ISO timestamps, German and slashed dates), else None."""
    if not value:
        return None
    from ..clean.dates import parse_date

    return parse_date(value)


__all__ = ["iter_file", "json_too_deep", "MAX_JSON_DEPTH", "JSON_EXPANSION", "normalise_published", "size_text"]
