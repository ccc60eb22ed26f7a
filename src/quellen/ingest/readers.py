"""One reader per input format; each yields RawDocument or Failure and never raises for bad input."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..model import Failure, RawDocument
from .decode import DecodeError, decode_bytes


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def _size_text(n: int) -> str:
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
    if suffix in (".warc", ".warc.gz"):
        yield from _read_warc(path, limit)
        return
    if suffix not in (".txt", ".html", ".htm", ".json", ".jsonl"):
        yield Failure(source, f"unsupported file type {suffix or '(none)'!r}: use .txt .html .htm .json .jsonl "
                              ".warc .warc.gz")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Failure(source, f"unreadable: {exc.strerror or exc}")
        return
    if suffix != ".jsonl" and size > limit:
        yield Failure(source, f"oversized: {_size_text(size)} exceeds the {_size_text(limit)} limit")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, limit)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source, f"unreadable: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Failure(source, "empty file")
        return
    try:
        text = decode_bytes(data, html=suffix in (".html", ".htm"))
    except DecodeError as exc:
        yield Failure(source, str(exc))
        return
    if not text.strip():
        yield Failure(source, "empty file (only whitespace)")
        return
    if suffix == ".txt":
        yield RawDocument(source=source, text=text)
    elif suffix in (".html", ".htm"):
        yield RawDocument(source=source, html=text)
    else:
        yield from _read_json(path, text, limit)


# ---------------------------------------------------------------- JSON

def _record(obj: Any, source: str, limit: int) -> RawDocument | Failure:
    if not isinstance(obj, dict):
        return Failure(source, f"JSON record is a {type(obj).__name__}, expected an object with 'text' or 'html'")
    text, html = obj.get("text"), obj.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return Failure(source, f"JSON field '{name}' is a {type(value).__name__}, expected a string")
    if not (text and text.strip()) and not (html and html.strip()):
        if "text" in obj or "html" in obj:
            return Failure(source, "empty article: 'text'/'html' is empty")
        return Failure(source, "JSON record has neither 'text' nor 'html'")
    body = text if text and text.strip() else html
    size = len(body.encode("utf-8"))
    if size > limit:
        return Failure(source, f"oversized: {_size_text(size)} exceeds the {_size_text(limit)} limit")

    def opt(name: str) -> str | None:
        v = obj.get(name)
        return v.strip() or None if isinstance(v, str) else None

    return RawDocument(
        source=source,
        text=text if text and text.strip() else None,
        html=None if text and text.strip() else html,
        url=opt("url"), title=opt("title"), published=normalise_published(opt("published")),
    )


def _read_json(path: Path, text: str, limit: int) -> Iterator[RawDocument | Failure]:
    source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(source, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    if isinstance(data, list):
        if not data:
            yield Failure(source, "empty JSON list")
        for i, obj in enumerate(data, 1):
            yield _record(obj, f"{source}#item {i}", limit)
    else:
        yield _record(data, source, limit)


def _read_jsonl(path: Path, limit: int) -> Iterator[RawDocument | Failure]:
    source = str(path)
    found = False
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(source, f"unreadable: {exc.strerror or exc}")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            found = True
            where = f"{source}#line {n}"
            if len(raw) > limit * 2:  # JSON escaping may double the size; the record check below is exact
                yield Failure(where, f"oversized: {_size_text(len(raw))} line exceeds the limit")
                continue
            try:
                line = decode_bytes(raw)
            except DecodeError as exc:
                yield Failure(where, str(exc))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Failure(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            yield _record(obj, where, limit)
    if not found:
        yield Failure(source, "empty file")


# ---------------------------------------------------------------- WARC

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def _read_warc(path: Path, limit: int) -> Iterator[RawDocument | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    found = 0
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(source, f"unreadable: {exc.strerror or exc}")
        return
    with fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {n}"
                if record.rec_type == "response":
                    if record.http_headers is None:
                        continue
                    status = record.http_headers.get_statuscode()
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    if status and not status.startswith("2"):
                        continue
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                found += 1
                where = f"{source}#{uri}"
                data = record.content_stream().read(limit + 1)
                if len(data) > limit:
                    yield Failure(where, f"oversized: record exceeds the {_size_text(limit)} limit")
                    continue
                if not data.strip():
                    yield Failure(where, "empty HTML record")
                    continue
                m = _CHARSET.search(ctype)
                try:
                    html = decode_bytes(data, html=True, charset=m.group(1) if m else None)
                except DecodeError as exc:
                    yield Failure(where, str(exc))
                    continue
                url = uri if "://" in uri else None
                yield RawDocument(source=where, html=html, url=url)
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
            yield Failure(source, f"malformed WARC: {exc}".strip())
            return
    if not found:
        yield Failure(source, "no HTML response records in WARC")


# ---------------------------------------------------------------- dates

def normalise_published(value: str | None) -> str | None:
    """A container's date as YYYY-MM-DD (ISO timestamps, German and slashed dates), else None."""
    if not value:
        return None
    from ..clean.dates import parse_date

    return parse_date(value)
