"""WARC and WARC.gz: HTML response (and resource) records as articles, every fault a plain-word Failure.

warcio is lenient where quellen must not be: its gzip reader stops silently at a truncated stream and only
prints a CRC error to stderr (the records after it are lost without a word), and a record with no
``WARC-Target-URI`` or a broken HTTP block crashes its HTTP parsing. So:

* gzip is decompressed here (:class:`GzipStream`): all members as one stream, as the gzip format defines it,
  raising :class:`GzipFault` for a truncated stream, a checksum mismatch or corrupt data;
* warcio only splits records (``no_record_parse``); the HTTP header block is parsed here, per record, so a
  broken one fails that record and the rest of the file is still read;
* a record shorter than its ``Content-Length`` (a truncated plain ``.warc``), a missing ``Content-Length`` (the
  next record cannot be found), a record longer than its ``Content-Length`` and a line that is no WARC header
  each get their own reason.

Records read before a fault that ends the file are kept. Memory stays bounded: at most ``limit + 1`` bytes
of a record's body are held; the rest of an oversized record is read through in small blocks.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import Failure, RawDocument
from .decode import DecodeError, decode_bytes, is_blank, open_input, unreadable

GZIP_MAGIC = b"\x1f\x8b"
_BLOCK = 1 << 16
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
# HTTP/2 and /3 status lines appear in WARCs written by browser-based crawlers; the longer prefix goes first.
_HTTP_VERSIONS = ["HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/2", "HTTP/3"]
# zlib's messages, in plain words.
_ZLIB_REASONS = {"incorrect data check": "checksum mismatch", "incorrect length check": "length mismatch",
                 "incorrect header check": "bad gzip header", "unknown compression method": "bad gzip header"}


class GzipFault(ValueError):
    """The gzip stream is broken; the message is the plain reason (before "after N records")."""


class GzipTruncated(GzipFault):
    pass


class WarcFault(ValueError):
    """The WARC structure is broken so that no further record can be found; the message is the full reason."""


def _size(n: int) -> str:
    from .readers import size_text

    return size_text(n)


class GzipStream:
    """A file-like ``read``/``tell`` over the decompressed data of a (multi-member) gzip file.

    Members are decompressed one after another as one stream; zero padding between members is skipped (some
    writers pad), anything else between members is corrupt data. Output per call is bounded, so a
    decompression bomb costs no memory. Faults raise :class:`GzipFault` only once all data decompressed
    before them has been handed out, so every complete record before a fault is read.
    """

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.pending = b""      # compressed bytes not yet fed to a decompressor
        self.out = b""          # decompressed bytes not yet handed out
        self.decomp = None      # decompressor of the current member, None between members
        self.members = 0
        self.offset = 0
        self.done = False
        self.fault: GzipFault | None = None  # found, raised once the data before it is handed out

    def tell(self) -> int:
        return self.offset

    def read(self, size: int = -1) -> bytes:
        want = size if size is not None and size >= 0 else _BLOCK
        while len(self.out) < want and not self.done:
            if self.fault is not None:
                if self.out:
                    break  # hand out what came before the fault first
                raise self.fault
            self._step(want)
        data, self.out = self.out[:want], self.out[want:]
        self.offset += len(data)
        return data

    def _step(self, want: int) -> None:
        """Decompress some more (output stays bounded by ``want`` plus one block), or note the fault."""
        if self.decomp is None:
            self._start_member()
            return
        data = self.decomp.unconsumed_tail or self.pending or self.fh.read(_BLOCK)
        self.pending = b""
        if not data:
            self.fault = GzipTruncated("truncated gzip stream")
            return
        try:
            self.out += self.decomp.decompress(data, max(want, _BLOCK))
        except zlib.error as exc:
            self.fault = GzipFault(f"corrupt gzip data ({_zlib_reason(exc)})")
            return
        if self.decomp.eof:
            self.pending = self.decomp.unused_data
            self.decomp = None
            self.members += 1

    def _start_member(self) -> None:
        """Begin the next member (skipping zero padding), or end the stream when no bytes are left."""
        data, self.pending = self.pending, b""
        while True:
            data = data.lstrip(b"\x00")
            if len(data) >= 2:
                break
            more = self.fh.read(_BLOCK)
            if not more:
                break
            data += more
        if not data:
            self.done = True
        elif not data.startswith(GZIP_MAGIC):
            self.fault = GzipFault("not gzip data" if self.members == 0 else
                                   f"corrupt gzip data (unexpected bytes after gzip member {self.members})")
        else:
            self.pending = data
            self.decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)


def _zlib_reason(exc: zlib.error) -> str:
    msg = str(exc).split(":", 1)[-1].strip()
    return _ZLIB_REASONS.get(msg, msg or "cannot decompress")


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def read_warc(path: Path, limit: int) -> Iterator[RawDocument | Failure]:
    source = str(path)
    fh, reason = open_input(path)
    if fh is None:
        yield Failure(source, reason)
        return
    with fh:
        try:
            head = fh.read(8)
            fh.seek(0)
        except OSError as exc:
            yield Failure(source, unreadable(exc))
            return
        if not head:
            yield Failure(source, "empty file")
            return
        if head.startswith(GZIP_MAGIC):
            stream = GzipStream(fh)
        elif head.startswith(b"WARC/"):
            stream = fh  # also a plain WARC misnamed .warc.gz: it is readable, so it is read
        elif path.name.lower().endswith(".gz"):
            yield Failure(source, "not gzip data: the file is named .warc.gz but does not start with the gzip "
                                  "signature")
            return
        else:
            yield Failure(source, f"malformed WARC: the file does not start with a WARC version line "
                                  f"(found {_first_line(head)!r})")
            return
        yield from _iter_records(source, stream, limit)


def _first_line(data: bytes) -> str:
    return data.split(b"\n", 1)[0].strip().decode("utf-8", "replace")[:60]


def _iter_records(source: str, stream, limit: int) -> Iterator[RawDocument | Failure]:
    from warcio.archiveiterator import WARCIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = WARCIterator(stream, no_record_parse=True)
    iterator.INC_RECORD = ""  # warcio prints this warning to stderr; the fault is reported as a Failure instead
    done = [0]  # records read to their end; _record counts one whose fault lies only in the data after it
    found = 0
    try:
        for record in iterator:
            for item in _record(source, done[0] + 1, record, iterator, limit, done):
                if isinstance(item, RawDocument):
                    found += 1
                yield item
            done[0] += 1
    except GzipTruncated:
        yield Failure(source, f"truncated gzip stream after {_records(done[0])}")
        return
    except GzipFault as exc:
        yield Failure(source, f"{exc} after {_records(done[0])}")
        return
    except WarcFault as exc:
        yield Failure(source, str(exc))
        return
    except ArchiveLoadFailed as exc:
        line = str(exc).rsplit("first line:", 1)[-1].strip() if "first line:" in str(exc) else ""
        yield Failure(source, f"malformed WARC: record {done[0] + 1} does not start with a WARC version line"
                              + (f" (found {line[:60]!r})" if line else ""))
        return
    except OSError as exc:
        yield Failure(source, f"unreadable after {_records(done[0])}: {exc.strerror or exc}")
        return
    if not found:
        yield Failure(source, "no HTML response records in WARC" if done[0] else "no WARC records in the file")


def _content_length(record) -> int | None:
    value = record.rec_headers.get_header("Content-Length")
    try:
        length = int(value) if value is not None else None
    except ValueError:
        return None
    return length if length is not None and length >= 0 else None


def _drain(stream) -> None:
    while stream.read(_BLOCK):
        pass


def _record(source: str, n: int, record, iterator, limit: int, done: list[int]) -> Iterator[RawDocument | Failure]:
    """The article in WARC record ``n`` (or its Failure), once the record has been read to its end."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}#{uri or f'record {n}'}"
    if _content_length(record) is None:
        # Without it warcio cannot tell where the record ends: nothing after it can be found.
        raise WarcFault(f"malformed WARC: record {n} has no valid Content-Length header "
                        "(broken or truncated record headers)")
    raw = record.raw_stream
    rec_type = record.rec_type
    result: RawDocument | Failure | None = None
    if not rec_type:
        result = Failure(where, f"malformed WARC: record {n} has no WARC-Type header")
    elif rec_type == "response" and not uri:
        result = Failure(where, f"malformed WARC: response record {n} has no WARC-Target-URI header")
    elif rec_type in ("response", "resource"):
        result = _article(where, n, record, limit)
    _drain(raw)
    if getattr(raw, "limit", 0) > 0:
        raise WarcFault(f"truncated WARC file: record {n} is cut off ({raw.limit} of its "
                        f"{_content_length(record)} bytes missing)")
    errors = iterator.err_count
    try:
        iterator.read_to_end()  # consumes the blank lines after the record; counts an error when they are missing
    except GzipFault:
        # The fault lies in the data after this record (it read up to its Content-Length): keep the record.
        done[0] = n
        if result is not None:
            yield result
        raise
    if iterator.err_count > errors:
        result = Failure(where, f"malformed WARC: record {n} is longer than its Content-Length header says")
    if result is not None:
        yield result


def _article(where: str, n: int, record, limit: int) -> RawDocument | Failure | None:
    """The HTML of a response or resource record; None for records that are no article (not HTML, not 2xx)."""
    from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    raw = record.raw_stream
    chunked = False
    if record.rec_type == "response" and uri.lower().startswith(("http:", "https:")):
        try:
            http = StatusAndHeadersParser(_HTTP_VERSIONS, verify=True).parse(raw)
        except StatusAndHeadersParserException as exc:
            found = str(getattr(exc, "statusline", "") or "").strip()[:60]
            return Failure(where, f"malformed WARC: record {n} has no valid HTTP header block "
                                  f"(first line {found!r})")
        except EOFError:
            return Failure(where, f"malformed WARC: response record {n} is empty")
        status = http.get_statuscode() or ""
        if not re.fullmatch(r"\d{3}", status):
            return Failure(where, f"malformed WARC: record {n} has an invalid HTTP status {status!r}")
        if not status.startswith("2"):
            return None
        record.http_headers = http  # so content_stream() undoes chunking and Content-Encoding
        ctype = http.get_header("Content-Type") or ""
        chunked = (http.get_header("Transfer-Encoding") or "").lower() == "chunked"
    elif record.rec_type == "response":
        return None  # dns:, whois: ... responses hold no web page
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    remaining = getattr(raw, "limit", 0)
    if remaining > limit and not chunked:  # compressed or not, a body this long holds more than the limit
        return Failure(where, f"oversized: record of {_size(remaining)} exceeds the {_size(limit)} limit")
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return Failure(where, f"oversized: record exceeds the {_size(limit)} limit")
    if not data.strip():
        return Failure(where, "empty HTML record")
    m = _CHARSET.search(ctype)
    try:
        html = decode_bytes(data, html=True, charset=m.group(1) if m else None)
    except DecodeError as exc:
        return Failure(where, str(exc))
    if is_blank(html):        # bytes.strip() above knows ASCII whitespace only; U+2009, U+1680 ... are blank too
        return Failure(where, "empty HTML record (only whitespace)")
    return RawDocument(source=where, html=html, url=uri if "://" in uri else None)
