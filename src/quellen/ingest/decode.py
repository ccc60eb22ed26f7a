"""Bytes to text: refuse binary data, honour BOMs and declared charsets, never guess wildly.

Every refusal is a :class:`DecodeError` whose message is the reason shown to the user, in plain words.
The helpers :func:`replace_lone_surrogates` and :func:`strip_control_chars` make any ``str`` safe to
encode and to hand to lxml; clean uses them too, so a text that did not come through here is safe as well.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# C0 controls other than tab, newline, carriage return, form feed: their presence means "not a text file".
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
                 b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive or office document",
                 b"\x1f\x8b": "gzip-compressed data", b"BZh": "bzip2-compressed data", b"\x7fELF": "a program",
                 b"\xfd7zXZ": "xz-compressed data", b"Rar!": "a RAR archive", b"\x00\x00\x01\x00": "an icon",
                 b"OggS": "Ogg audio or video", b"ID3": "MP3 audio", b"RIFF": "audio, video or an image (RIFF)"}
# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Charsets whose text is not ASCII-compatible: a declaration of one must be tried before the binary check
# (their text is full of NUL bytes) and before UTF-8 (which would accept their ASCII-looking bytes).
_WIDE = ("utf-16", "utf-32", "utf-7", "iso2022")
# Labels that, as in every browser (WHATWG Encoding), mean Windows-1252: pages declaring ISO-8859-1 routinely
# contain its typographic quotes and dashes in 0x80-0x9F, which ISO-8859-1 would turn into control characters.
_AS_CP1252 = {"latin_1", "iso8859-1", "ascii"}
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = bytes(range(128, 256))
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that are no text: NUL and the C0/C1 controls except tab, newline, carriage return, form feed.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class DecodeError(ValueError):
    """The bytes are not usable text; the message is the reason shown to the user."""


def is_blank(text: str) -> bool:
    """Only whitespace (Unicode's too: U+2009, U+1680 ...), byte order marks and zero-width spaces (which clean
    removes as well)."""
    return not text.replace("\ufeff", "").replace("\u200b", "").strip()


def unreadable(exc: OSError) -> str:
    """The reason of a Failure for a file the operating system will not read (permissions, I/O error)."""
    return f"unreadable: {exc.strerror or exc}"


def open_input(path: Path) -> tuple[BinaryIO | None, str | None]:
    """The file opened for binary reading, or ``None`` and the reason it cannot be."""
    try:
        return path.open("rb"), None
    except OSError as exc:
        return None, unreadable(exc)


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every unpaired UTF-16 surrogate (from JSON such as ``"\\ud800"``) replaced by U+FFFD.

    Such a ``str`` cannot be encoded as UTF-8, so it would crash the first ``.encode`` (document id, database).
    A correctly paired surrogate pair is joined into its character.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def strip_control_chars(text: str) -> str:
    """``text`` without NUL and control characters (vertical tab and NEL become newlines); lxml refuses them."""
    if not _CONTROL_CHARS.search(text):
        return text
    return _CONTROL_CHARS.sub(lambda m: "\n" if m.group() in "\x0b\x85" else "", text)


def looks_binary(data: bytes) -> str | None:
    """A reason when ``data`` is evidently not text (magic number, NUL bytes, many control bytes).

    The whole of ``data`` is checked (``bytes.find`` and ``bytes.translate`` run in C), so a NUL byte deep in
    a file is found as well as one at its start.
    """
    head = data[:8192]
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return f"binary file ({kind}, not text)"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary file (contains NUL bytes, first at byte {nul})"
    if data:
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if controls / len(data) > 0.02:
            return f"binary file ({controls} control bytes in {len(data)})"
    return None


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    return _lookup(m.group(1).decode("ascii", "ignore"))


def _lookup(name: str | None) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name if name else None
    except LookupError:
        return None


def check_text(text: str, enc: str) -> str:
    """Refuse decoded text that holds NUL or many control characters (binary data behind a BOM)."""
    if "\x00" in text:
        raise DecodeError(f"binary file (NUL characters in {enc} text)")
    controls = len(_CONTROL_CHARS.findall(text[:65536]))
    if controls and controls / min(len(text), 65536) > 0.02:
        raise DecodeError(f"binary file ({controls} control characters in {enc} text)")
    return text


_TAG = re.compile(r"<[^>]*>|&\w+;")


def _plain(text: str, html: bool = False) -> bool:
    """Whether ``text`` reads as prose (mostly letters and spaces); for HTML, the markup is not counted."""
    if html:
        text = _TAG.sub(" ", text)
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return bool(text) and letters / len(text) >= 0.85


def _utf8_with_cp1252(data: bytes) -> str | None:
    """Mixed encodings: UTF-8 with some Windows-1252 bytes (a legacy part pasted into a UTF-8 file).

    Each byte that is not part of valid UTF-8 is read as Windows-1252, so both parts come out right. Used only
    when the file evidently holds UTF-8 (at least 3 valid multi-byte sequences, and at least a fifth of its
    non-ASCII characters; a Windows-1252 file forms such a sequence only by accident, rarely) and every stray
    byte is a Windows-1252 character (not one of the five bytes it leaves undefined).
    """
    multibyte = _UTF8_MULTIBYTE.findall(data)
    if len(multibyte) < 3:
        return None
    stray = len(data) - len(data.translate(None, _HIGH_BYTES)) - sum(map(len, multibyte))
    if len(multibyte) < 0.2 * (len(multibyte) + stray):
        return None
    try:
        return data.decode("utf-8", "quellen-cp1252")
    except UnicodeDecodeError:
        return None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252"), exc.end  # raises UnicodeDecodeError for the undefined bytes: not text


codecs.register_error("quellen-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes, *, html: bool = False, charset: str | None = None) -> str:
    """Decode article bytes, or raise :class:`DecodeError` with the reason.

    Order: a BOM (UTF-32, UTF-8, UTF-16); a declared charset that is not ASCII-compatible (UTF-16 without BOM);
    the binary check; strict UTF-8 (valid UTF-8 with non-ASCII bytes is practically never an accident, so it
    wins over a wrong declaration); the charset given by the container (HTTP header) or declared in the HTML;
    UTF-8 mixed with Windows-1252 bytes; and as a last resort strict Windows-1252 when the result is plainly
    text (legacy German files). Anything else is reported as undecodable rather than turned into mojibake.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return check_text(data.decode(enc), enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable: invalid {enc.replace('-sig', '')} text after its byte order "
                                  f"mark ({exc.reason} at byte {exc.start})") from None
    candidates = []
    for name in (charset, declared_charset(data) if html else None):
        enc = _lookup(name)
        if enc and enc not in candidates:
            candidates.append(enc)
    for enc in candidates:
        if enc.startswith(_WIDE):
            try:
                return check_text(data.decode(enc), enc)
            except UnicodeDecodeError:
                continue
    reason = looks_binary(data)
    if reason:
        raise DecodeError(reason)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
    for enc in candidates:
        for attempt in (("cp1252", enc) if enc in _AS_CP1252 else (enc,)):
            try:
                return data.decode(attempt)
            except (UnicodeDecodeError, LookupError):
                continue
    mixed = _utf8_with_cp1252(data)
    if mixed is not None and _plain(mixed, html):
        return mixed
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DecodeError(f"undecodable: {utf8_error}, and not Windows-1252 either") from None
    if _plain(text, html):
        return text
    raise DecodeError(f"undecodable: {utf8_error}")
