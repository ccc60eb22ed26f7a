"""Bytes to text: refuse binary data, honour BOMs and declared HTML charsets, never guess wildly."""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# C0 controls other than tab, newline, carriage return, form feed: their presence means "not a text file".
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
                 b"\xfd7zXZ", b"Rar!", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"RIFF")


class DecodeError(ValueError):
    """The bytes are not usable text; the message is the reason shown to the user."""


def looks_binary(data: bytes) -> str | None:
    """A reason when ``data`` is evidently not text (magic number, NUL bytes, many control bytes)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 text legitimately contains NUL bytes
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary file (starts with {magic[:4]!r})"
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    if head:
        controls = sum(1 for b in head if b in _CONTROL)
        if controls / len(head) > 0.02:
            return f"binary file ({controls} control bytes in the first {len(head)})"
    return None


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, html: bool = False, charset: str | None = None) -> str:
    """Decode article bytes, or raise :class:`DecodeError` with the reason.

    Order: BOM; the charset given by the container (HTTP header) or declared in the HTML; strict UTF-8; and as a
    last resort strict Windows-1252 when the result is plainly text (legacy German files). Anything else is
    reported as undecodable rather than turned into mojibake.
    """
    reason = looks_binary(data)
    if reason:
        raise DecodeError(reason)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable: invalid {enc} ({exc.reason} at byte {exc.start})") from None
    candidates = []
    if charset:
        candidates.append(charset)
    if html:
        declared = declared_charset(data)
        if declared:
            candidates.append(declared)
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DecodeError(f"undecodable: {utf8_error}, and not Windows-1252 either") from None
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if text and letters / len(text) >= 0.85:
        return text
    raise DecodeError(f"undecodable: {utf8_error}")
