"""One (mutated) article written as an input file in any format quellen reads — well-formed or broken.

Why this module: the readers (``quellen.ingest``) see bytes, not strings. Mutating text only ever tests the
stages behind a clean UTF-8 ``.txt``; the failures users actually report come from the container — a WARC cut off
mid-record, a JSON Lines file with one broken line, a cp1252 page declaring UTF-8, UTF-16 without a BOM, HTML nested
five thousand levels deep. :func:`write_article` writes a readable container around the text (in one of several
encodings); :func:`write_malformed` writes a deliberately broken one. Both are driven only by the ``rng`` given.
"""
from __future__ import annotations

import codecs
import gzip
import html as htmllib
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("txt", "html", "json", "jsonl", "warc", "warc.gz")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be-bom", "half",
             "mac_roman")
DATES = ("2025-02-08", "12.05.2025", "2025-06-03T07:15:00Z", "2025-13-45", "31.02.2024", "gestern", "", "0",
         "9999-99-99", "2024-02-30T25:00:00Z", "3. März 2025", "1970-01-01", "20250101", "Mo, 3.6.25")


@dataclass
class Written:
    """What was written: a label for the statistics (``format/variant[/encoding]``) and the files."""

    kind: str
    paths: list[Path]


# ---------------------------------------------------------------- bytes

def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; characters it cannot hold become ``?`` (or, in UTF, raw surrogate bytes)."""
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if encoding == "utf-16":
        return text.encode("utf-16", "surrogatepass")                 # with a BOM
    if encoding == "utf-16-le":
        return text.encode("utf-16-le", "surrogatepass")              # without one
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass")
    if encoding == "half":                                            # UTF-8, then Windows-1252 from the middle
        mid = len(text) // 2
        return text[:mid].encode("utf-8", "surrogatepass") + text[mid:].encode("cp1252", "replace")
    return text.encode(encoding, "replace")


def pick_encoding(rng: random.Random) -> str:
    return "utf-8" if rng.random() < 0.7 else rng.choice(ENCODINGS)


def _title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:200]


# ---------------------------------------------------------------- HTML

def html_page(text: str, rng: random.Random, charset: str | None = "utf-8", escape: bool = True,
              nest: int = 0) -> str:
    """A news page: head with title/site/date, navigation, the article's paragraphs, a footer."""
    esc = htmllib.escape if escape else (lambda s: s)
    lines = [ln for ln in text.split("\n") if ln.strip()] or [text]
    head = f'<meta charset="{charset}">' if charset else ""
    paras = "\n".join(f"<p>{esc(ln)}</p>" for ln in lines[1:]) if len(lines) > 1 else f"<p>{esc(lines[0])}</p>"
    body = f"<h1>{esc(lines[0])}</h1>\n{paras}"
    if nest:
        tag = rng.choice(("div", "span", "section", "b", "table"))
        body = f"<{tag}>" * nest + body + f"</{tag}>" * nest
    date = rng.choice(DATES)
    return (f'<!DOCTYPE html>\n<html lang="de"><head>{head}<title>{esc(_title(text))} | Beispielbote</title>\n'
            f'<meta property="og:site_name" content="Beispielbote">'
            f'<meta property="article:published_time" content="{esc(date)}"></head><body>\n'
            '<nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>\n'
            f"<article>\n{body}\n</article>\n<footer><p>Teilen</p><p>© 2025 Beispielbote</p></footer>"
            "\n</body></html>\n")


_DAMAGE = ("<p", "<div class=", "</p></p>", "<!--", "<script>", "<style>", "</html>", "<html>", "<body>",
           "<![CDATA[", "&#xD800;", "&#0;", "&#99999999;", "&", "<br/>", "<title>", "<p <b>", "<a href='",
           "</article>", "<article>", "<noscript>", "<iframe src=x>", "<?xml version='1.0'?>", "<", ">", "\x00")


def damage_html(page: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 6)):
        p = rng.randint(0, len(page))
        page = page[:p] + rng.choice(_DAMAGE) + page[p:]
    return page


def _html_variant(text: str, rng: random.Random) -> tuple[str, str, str]:
    """(variant, page, encoding) for a readable-or-nearly HTML file."""
    r = rng.random()
    enc = pick_encoding(rng)
    declared = enc.split("-bom")[0].replace("half", "utf-8")
    if rng.random() < 0.1:
        declared = rng.choice(("iso-8859-1", "utf-99", "windows-1252", "shift_jis", "utf-16", ""))
    if r < 0.55:
        return "well-formed", html_page(text, rng, declared or None), enc
    if r < 0.65:
        return "unescaped", html_page(text, rng, declared or None, escape=False), enc
    if r < 0.75:
        page = html_page(text, rng, declared or None)
        return "truncated", page[:rng.randint(0, len(page))], enc
    if r < 0.88:
        return "malformed", damage_html(html_page(text, rng, declared or None), rng), enc
    if r < 0.95:
        return "nested", html_page(text, rng, declared or None, nest=rng.choice((50, 300, 1000, 3000))), enc
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return "fragment", "<br>".join(htmllib.escape(ln) for ln in lines) or text, enc


# ---------------------------------------------------------------- JSON

def _record(text: str, rng: random.Random, html_body: bool = False) -> dict:
    rec: dict = {"html": html_page(text, rng)} if html_body else {"text": text}
    if rng.random() < 0.7:
        rec["url"] = rng.choice(("https://beispielbote.example/a", "", "kein url", 42, None))
    if rng.random() < 0.7:
        rec["title"] = rng.choice((_title(text), "", None, ["Liste"], {"a": 1}, "  "))
    if rng.random() < 0.7:
        rec["published"] = rng.choice(DATES + (None, 20250101))
    if rng.random() < 0.05:
        rec[rng.choice(("text", "html"))] = rng.choice((None, 1.5, ["a"], {"x": "y"}, "", True))
    return rec


def _dumps(obj, rng: random.Random) -> str:
    return json.dumps(obj, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, None, 2)))


# ---------------------------------------------------------------- WARC

def warc_bytes(pages: list[tuple[str, bytes, str]], rng: random.Random, gz: bool) -> bytes:
    """A WARC (warcio's writer) with a warcinfo, and per page ``(uri, body, content_type)`` a request and
    a response record — some as ``resource`` records, some with a non-200 status."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    headers = {"WARC-Date": "2025-06-03T07:15:00Z"}
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "quellen-fuzz"}))
    for n, (uri, body, ctype) in enumerate(pages, 1):
        hdrs = dict(headers, **{"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"})
        if rng.random() < 0.3:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "beispielbote.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                          http_headers=req, warc_headers_dict=dict(hdrs)))
        if rng.random() < 0.15:
            writer.write_record(writer.create_warc_record(uri, "resource", payload=io.BytesIO(body),
                                                          warc_content_type=ctype, warc_headers_dict=hdrs))
            continue
        status = "200 OK" if rng.random() < 0.85 else rng.choice(("404 Not Found", "301 Moved", "500 Oops"))
        extra = [("Content-Encoding", "gzip")] if rng.random() < 0.03 else []
        http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))] + extra,
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=http, warc_headers_dict=hdrs))
    return out.getvalue()


def _warc(text: str, rng: random.Random, gz: bool) -> tuple[str, bytes]:
    pages = []
    for n in range(rng.choice((1, 1, 1, 2, 3))):
        variant, page, enc = _html_variant(text, rng)
        charset = enc.split("-bom")[0].replace("half", "utf-8") if rng.random() < 0.7 else None
        ctype = rng.choice(("text/html", "text/html", "application/xhtml+xml", "text/plain", "TEXT/HTML"))
        ctype += f"; charset={charset}" if charset else ""
        pages.append((f"https://beispielbote.example/{n}", encode(page, enc), ctype))
    if rng.random() < 0.3:
        pages.append(("https://beispielbote.example/robots.txt", b"User-agent: *\n", "text/plain"))
    return f"pages={len(pages)}", warc_bytes(pages, rng, gz)


# ---------------------------------------------------------------- readable inputs

def write_article(text: str, rng: random.Random, folder: Path, stem: str, fmt: str | None = None) -> Written:
    """Write ``text`` as one input file of format ``fmt`` (drawn when None) in ``folder``."""
    fmt = fmt or rng.choice(FORMATS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.{fmt}"
    if fmt == "txt":
        enc = pick_encoding(rng)
        path.write_bytes(encode(text, enc))
        return Written(f"txt/{enc}", [path])
    if fmt == "html":
        variant, page, enc = _html_variant(text, rng)
        path.write_bytes(encode(page, enc))
        return Written(f"html/{variant}/{enc}", [path])
    if fmt == "json":
        r = rng.random()
        if r < 0.6:
            obj, variant = _record(text, rng, html_body=rng.random() < 0.2), "object"
        else:
            obj, variant = [_record(text, rng) for _ in range(rng.randint(1, 3))], "list"
        enc = pick_encoding(rng)
        path.write_bytes(encode(_dumps(obj, rng), enc))
        return Written(f"json/{variant}/{enc}", [path])
    if fmt == "jsonl":
        lines, broken = [], 0
        for _ in range(rng.randint(1, 5)):
            line = json.dumps(_record(text, rng, html_body=rng.random() < 0.1), ensure_ascii=rng.random() < 0.5)
            if rng.random() < 0.15:
                line, broken = line[:rng.randint(0, len(line))], broken + 1
            lines.append(encode(line, "utf-8" if rng.random() < 0.9 else rng.choice(ENCODINGS)))
            if rng.random() < 0.1:
                lines.append(rng.choice((b"", b"   ", b"[1, 2]", b"null", b"\xef\xbb\xbf{}")))
        sep = b"\r\n" if rng.random() < 0.1 else b"\n"
        path.write_bytes(sep.join(lines) + (sep if rng.random() < 0.8 else b""))
        return Written(f"jsonl/lines={len(lines)},broken={broken}", [path])
    variant, data = _warc(text, rng, gz=fmt == "warc.gz")
    path.write_bytes(data)
    return Written(f"{fmt}/{variant}", [path])


# ---------------------------------------------------------------- broken inputs

def _random_bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def _broken_warc(text: str, rng: random.Random, gz: bool) -> tuple[str, bytes]:
    _, data = _warc(text, rng, gz)
    r = rng.random()
    if r < 0.35:
        return "truncated", data[:rng.randint(0, len(data))]
    if r < 0.5:
        return "garbage-tail", data + _random_bytes(rng, rng.randint(1, 500))
    if r < 0.7:                                                     # flip bytes anywhere (headers, gzip, body)
        buf = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.getrandbits(8)
        return "flipped", bytes(buf)
    if r < 0.8:                                                     # Content-Length that lies
        raw = warc_bytes([("https://x.example/", encode(html_page(text, rng), "utf-8"), "text/html")], rng, False)
        raw = raw.replace(b"Content-Length: ", b"Content-Length: 9", 1)
        return "bad-length", gzip.compress(raw) if gz else raw
    if r < 0.9:                                                     # compressed where plain is expected, or back
        other = warc_bytes([("https://x.example/", encode(html_page(text, rng), "utf-8"), "text/html")], rng, not gz)
        return "wrong-compression", other
    return "not-a-warc", encode(text, "utf-8")


def write_malformed(text: str, rng: random.Random, folder: Path, stem: str) -> Written:
    """A deliberately broken input of a drawn format: empty, whitespace-only, binary, undecodable, truncated,
    malformed JSON, broken WARC, a deep JSON nesting, a BOM only, a dot-file or an unsupported suffix."""
    folder.mkdir(parents=True, exist_ok=True)
    fmt = rng.choice(FORMATS)
    path = folder / f"{stem}.{fmt}"
    r = rng.random()
    if r < 0.08:
        data, variant = b"", "empty"
    elif r < 0.16:
        data = "".join(rng.choice((" ", "\n", "\t", "\r\n", "\u00a0", "\u200b", "\u3000", "\ufeff"))
                       for _ in range(rng.randint(1, 40))).encode("utf-8")
        variant = "whitespace"
    elif r < 0.2:
        data, variant = rng.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)), "bom-only"
    elif r < 0.3:
        data, variant = _random_bytes(rng, rng.choice((1, 10, 1000, 20000))), "random-bytes"
    elif r < 0.35:
        magic = rng.choice((b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x1f\x8b\x08\x00", b"GIF89a"))
        data, variant = magic + _random_bytes(rng, 200), "binary-magic"
    elif r < 0.45:
        data = encode(text, "utf-8") + b"\x00" * rng.randint(1, 3) + encode(text[:100], "utf-16-le")
        variant = "nul-bytes"
    elif r < 0.55:
        data, variant = text.encode(rng.choice(("utf-16-le", "utf-32", "cp037")), "replace"), "wrong-encoding"
    elif r < 0.65 and fmt in ("json", "jsonl"):
        doc = json.dumps({"text": text, "title": _title(text)})
        cut = rng.choice((doc[:rng.randint(0, len(doc))], doc.replace('"', "'"), doc[:-1] + ",}",
                          doc.replace(":", "", 1), '{"text": NaN}', "[" * 5000 + "]" * 5000,
                          '{"text":' * 3000 + '"x"' + "}" * 3000, "[{}, 1, \"s\", null]", "\"nur ein String\""))
        data, variant = encode(cut, "utf-8"), "broken-json"
    elif fmt in ("warc", "warc.gz"):
        variant, data = _broken_warc(text, rng, fmt == "warc.gz")
    elif fmt == "html":
        page = html_page(text, rng)
        variant, data = "damaged", encode(damage_html(page[:rng.randint(0, len(page))], rng), pick_encoding(rng))
    else:
        buf = bytearray(encode(text, "utf-8"))
        for _ in range(rng.randint(1, 20)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.getrandbits(8)
        data, variant = bytes(buf), "flipped-bytes"
    if rng.random() < 0.03:                                         # names ingest must skip or refuse
        path = folder / rng.choice((f".{stem}.txt", f"{stem}.pdf", f"{stem}.TXT", f"{stem}.Html", f"{stem}"))
    path.write_bytes(data)
    return Written(f"{fmt}/malformed/{variant}", [path])


__all__ = ["FORMATS", "ENCODINGS", "Written", "encode", "html_page", "warc_bytes", "write_article",
           "write_malformed"]
