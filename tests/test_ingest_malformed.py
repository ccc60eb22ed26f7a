"""Malformed inputs of every format, written as real files: each becomes a Failure naming the file and the
reason in plain words (or, where the data is recoverable, the article); nothing crashes ingest or clean."""
from __future__ import annotations

import codecs
import gzip
import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from quellen.clean import clean_document, normalise_text
from quellen.errors import EnvironmentFault
from quellen.ingest import MAX_JSON_DEPTH, iter_inputs
from quellen.ingest.readers import json_too_deep
from quellen.model import Failure, RawDocument, document_id

SENTENCE = "Die Ministerin sagte am Mittwoch in Berlin, die Hilfen für die Landwirte kämen rechtzeitig an."
PAGE = (f"<html><head><title>Hilfen beschlossen</title></head><body><article><p>{SENTENCE}</p>"
        f"<p>„Wir lassen niemanden allein“, sagte sie.</p></article></body></html>").encode()
MB = 1024 * 1024
# What must never show in a reason: Python's exception and type names, tracebacks.
TECHNICAL = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|NoneType|Traceback|object has no attribute|[Ee]rrno|\bb'")


def run(*files: Path, **kw) -> list[RawDocument | Failure]:
    return list(iter_inputs(list(files), **kw))


def plain(item, path: Path, fragment: str) -> Failure:
    """``item`` is a Failure of ``path`` whose reason contains ``fragment`` and no technical words."""
    assert isinstance(item, Failure), item
    assert item.source.startswith(str(path)), item.source
    assert fragment.lower() in item.reason.lower(), item.reason
    assert not TECHNICAL.search(item.reason), item.reason
    return item


def only(items, path: Path, fragment: str) -> Failure:
    assert len(items) == 1, items
    return plain(items[0], path, fragment)


def survives_clean(items) -> None:
    """Every article read is cleaned to a Document whose text encodes, or refused with a plain ValueError."""
    for item in items:
        if isinstance(item, Failure):
            assert not TECHNICAL.search(item.reason), item.reason
            continue
        try:
            doc = clean_document(item)
        except ValueError as exc:
            assert not TECHNICAL.search(str(exc)), exc
            continue
        doc.text.encode("utf-8")
        assert doc.id == document_id(doc.text)


# ------------------------------------------------------------------ WARC helpers

def http(body: bytes = PAGE, status: bytes = b"200 OK", ctype: bytes = b"text/html; charset=utf-8") -> bytes:
    return b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\n\r\n" + body


def record(n: int, block: bytes | None = None, *, rtype: bytes = b"response", uri: bool = True,
           length: int | None | bool = None) -> bytes:
    """One WARC record; ``length=False`` leaves out Content-Length, an int states a wrong one."""
    block = http() if block is None else block
    head = [b"WARC/1.0", b"WARC-Type: " + rtype, b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>" % n,
            b"WARC-Date: 2024-10-26T08:00:00Z", b"Content-Type: application/http; msgtype=response"]
    if uri:
        head.append(b"WARC-Target-URI: https://example.org/artikel-%d" % n)
    if length is not False:
        head.append(b"Content-Length: %d" % (len(block) if length is None else length))
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def write(path: Path, records: list[bytes], gz: bool) -> tuple[Path, list[int]]:
    """Write records (one gzip member each when ``gz``); returns the path and each record's end offset."""
    ends, data = [], b""
    for rec in records:
        data += gzip.compress(rec) if gz else rec
        ends.append(len(data))
    path.write_bytes(data)
    return path, ends


def docs(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


# ------------------------------------------------------------------ WARC / WARC.gz

def test_truncated_gzip_keeps_records_before_the_cut(tmp_path):
    p, ends = write(tmp_path / "crawl.warc.gz", [record(i) for i in range(1, 6)], gz=True)
    p.write_bytes(p.read_bytes()[:ends[2] + (ends[3] - ends[2]) // 2])  # cut inside the 4th member
    items = run(p)
    assert [d.source for d in docs(items)] == [f"{p}#https://example.org/artikel-{i}" for i in (1, 2, 3)]
    assert len(items) == 4
    f = plain(items[-1], p, "truncated gzip stream")
    assert "after 3 records" in f.reason and f.source == str(p)
    survives_clean(items)


def test_gzip_cut_inside_the_first_member_and_inside_its_trailer(tmp_path):
    p, ends = write(tmp_path / "kurz.warc.gz", [record(1), record(2)], gz=True)
    data = p.read_bytes()
    p.write_bytes(data[:20])
    only(run(p), p, "truncated gzip stream after 0 records")
    p.write_bytes(data[:-4])  # the last member lacks part of its length trailer: its record itself is whole
    items = run(p)
    assert len(docs(items)) == 2 and "after 2 records" in plain(items[-1], p, "truncated gzip stream").reason


def test_not_gzip_data_in_warc_gz(tmp_path):
    p = tmp_path / "falsch.warc.gz"
    p.write_bytes(b"Dies ist keine komprimierte Datei, sondern Text.\n" * 20)
    only(run(p), p, "not gzip data")


def test_plain_warc_named_warc_gz_is_read(tmp_path):
    p, _ = write(tmp_path / "unkomprimiert.warc.gz", [record(1)], gz=False)
    assert [type(i) for i in run(p)] == [RawDocument]


def test_gzip_checksum_mismatch(tmp_path):
    p, ends = write(tmp_path / "crc.warc.gz", [record(i) for i in (1, 2, 3)], gz=True)
    data = bytearray(p.read_bytes())
    data[ends[1] - 8] ^= 0xFF  # first byte of member 2's CRC-32
    p.write_bytes(bytes(data))
    items = run(p)
    assert len(docs(items)) == 1 and len(items) == 2
    f = plain(items[-1], p, "corrupt gzip data")
    assert "checksum mismatch" in f.reason and "after 1 record" in f.reason


def test_gzip_corrupt_deflate_data(tmp_path):
    p, ends = write(tmp_path / "kaputt.warc.gz", [record(1), record(2, http(PAGE * 20))], gz=True)
    data = bytearray(p.read_bytes())
    for i in range(ends[0] + 12, ends[0] + 40):  # the start of member 2's deflate blocks
        data[i] = 0xFF
    p.write_bytes(bytes(data))
    items = run(p)
    assert len(docs(items)) == 1
    plain(items[-1], p, "corrupt gzip data")


def test_bytes_after_the_last_gzip_member(tmp_path):
    p, _ = write(tmp_path / "anhang.warc.gz", [record(1), record(2)], gz=True)
    p.write_bytes(p.read_bytes() + b"\x00\x00" + b"kein gzip mehr")
    items = run(p)
    assert len(docs(items)) == 2
    plain(items[-1], p, "corrupt gzip data (unexpected bytes after gzip member 2)")
    padded, _ = write(tmp_path / "gepolstert.warc.gz", [record(1)], gz=True)
    padded.write_bytes(padded.read_bytes() + b"\x00" * 512)  # zero padding, as some writers add, is fine
    assert [type(i) for i in run(padded)] == [RawDocument]


def test_a_record_of_unicode_spaces_is_an_empty_html_record(tmp_path):
    """Found by the fuzz run (seed 2, input 46563): a response whose HTML is only U+2009, U+2003, U+1680 ... passed
    the byte-level emptiness check and reached clean as an article; it is an empty record, named as such."""
    blank = "\u2009\u2003\u200a \u1680\t\u205f\u3000\u200b\ufeff".encode("utf-8")
    p, _ = write(tmp_path / "leer.warc.gz", [record(1), record(2, http(blank)), record(3)], gz=True)
    items = run(p)
    assert len(docs(items)) == 2 and len(items) == 3, items
    plain(items[1], p, "empty HTML record")


def test_truncated_plain_warc(tmp_path):
    p, ends = write(tmp_path / "crawl.warc", [record(i) for i in (1, 2, 3)], gz=False)
    p.write_bytes(p.read_bytes()[:ends[1] + 300])
    items = run(p)
    assert len(docs(items)) == 2
    f = plain(items[-1], p, "truncated WARC file")
    assert "record 3" in f.reason and "cut off" in f.reason
    p.write_bytes(p.read_bytes()[:40])  # inside the first record's headers
    only(run(p), p, "malformed WARC: record 1 has no valid Content-Length")


def test_garbage_instead_of_warc_headers(tmp_path):
    p = tmp_path / "muell.warc"
    p.write_bytes(b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n")
    only(run(p), p, "malformed WARC: the file does not start with a WARC version line")
    g = tmp_path / "muell.warc.gz"
    g.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    only(run(g), g, "malformed WARC")
    mid, _ = write(tmp_path / "mitte.warc.gz", [record(1), record(2), b"XYZ garbage line\r\n\r\n", record(4)],
                   gz=True)
    items = run(mid)
    assert len(docs(items)) == 2
    plain(items[-1], mid, "malformed WARC: record 3 does not start with a WARC version line")


def test_record_without_content_length(tmp_path):
    p, _ = write(tmp_path / "ohne-laenge.warc", [record(1), record(2, length=False), record(3)], gz=False)
    items = run(p)
    assert len(docs(items)) == 1
    plain(items[-1], p, "malformed WARC: record 2 has no valid Content-Length")


def test_wrong_content_length(tmp_path):
    block = http()
    p, _ = write(tmp_path / "zu-kurz.warc", [record(1, length=len(block) - 50), record(2)], gz=False)
    items = run(p)
    plain(items[0], p, "malformed WARC: record 1 is longer than its Content-Length header says")
    assert isinstance(items[1], RawDocument) and len(items) == 2  # the next record is found after its blank line


def test_missing_or_broken_http_header_block(tmp_path):
    p, _ = write(tmp_path / "http.warc.gz", [
        record(1, PAGE),                                   # the HTTP block is missing
        record(2, b"HTTP/1.1 zweihundert OK\r\nContent-Type: text/html\r\n\r\n" + PAGE),
        record(3),                                         # a good one after them
        record(4, b""),                                    # an empty response
    ], gz=True)
    items = run(p)
    plain(items[0], p, "malformed WARC: record 1 has no valid HTTP header block")
    assert items[0].source == f"{p}#https://example.org/artikel-1"
    plain(items[1], p, "invalid HTTP status")
    assert isinstance(items[2], RawDocument) and items[2].url == "https://example.org/artikel-3"
    plain(items[3], p, "malformed WARC: response record 4 is empty")


def test_record_without_type_or_target_uri(tmp_path):
    p, _ = write(tmp_path / "felder.warc", [record(1, uri=False), record(2, rtype=b""), record(3)], gz=False)
    items = run(p)
    plain(items[0], p, "response record 1 has no WARC-Target-URI")
    assert items[0].source == f"{p}#record 1"
    plain(items[1], p, "record 2 has no WARC-Type")
    assert isinstance(items[2], RawDocument)


def test_empty_warc_and_warc_without_articles(tmp_path):
    e = tmp_path / "leer.warc.gz"
    e.write_bytes(b"")
    only(run(e), e, "empty file")
    p, _ = write(tmp_path / "fehler.warc", [record(1, http(status=b"404 Not Found")),
                                            record(2, http(ctype=b"image/png"))], gz=False)
    only(run(p), p, "no HTML response records")


def test_oversized_warc_record_fails_fast_without_reading_it_into_memory(tmp_path):
    body = b"<html><body><p>" + b"Die Ministerin sagte, es gehe voran. " * (50 * MB // 37) + b"</p></body></html>"
    p, _ = write(tmp_path / "gross.warc", [record(1, http(body)), record(2)], gz=False)
    tracemalloc.start()
    start = time.perf_counter()
    items = run(p, max_bytes=5 * MB)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    plain(items[0], p, "oversized: record of 50.0 MB exceeds the 5.0 MB limit")
    assert isinstance(items[1], RawDocument)
    assert elapsed < 5 and peak < 20 * MB, (elapsed, peak)
    g, _ = write(tmp_path / "gross.warc.gz", [record(1, http(PAGE * 100)), record(2)], gz=True)
    items = run(g, max_bytes=10_000)
    plain(items[0], g, "oversized")
    assert isinstance(items[1], RawDocument)


# ------------------------------------------------------------------ JSON / JSONL

def test_deeply_nested_json_is_refused_before_parsing(tmp_path):
    p = tmp_path / "tief.json"
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    only(run(p), p, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    q = tmp_path / "offen.json"
    q.write_text('{"a":' * 5000, encoding="utf-8")  # truncated as well: depth is what is reported
    only(run(q), q, "JSON nested deeper")
    ok = tmp_path / "klammern.json"  # brackets inside strings are text, not nesting
    ok.write_text(json.dumps({"text": SENTENCE + " [" * 5000 + '{"x": "\\"[['}), encoding="utf-8")
    assert isinstance(run(ok)[0], RawDocument)
    assert json_too_deep("[" * 65) and not json_too_deep("[" * 64 + "]" * 64)
    assert not json_too_deep('["' + "[" * 100 + '"]')


def test_truncated_json(tmp_path):
    p = tmp_path / "abgebrochen.json"
    p.write_text(json.dumps([{"text": SENTENCE}, {"text": SENTENCE}])[:-30], encoding="utf-8")
    f = only(run(p), p, "malformed JSON")
    assert "line 1, column" in f.reason


def test_jsonl_bad_lines_each_fail_on_their_own(tmp_path):
    p = tmp_path / "gemischt.jsonl"
    lines = [json.dumps({"text": SENTENCE}), '{"text": "kaputt', "[" * 10_000, json.dumps("nur ein Text"),
             '{"text": ' + "9" * 5000 + "}", None, json.dumps({"html": PAGE.decode()})]
    undecodable = b'{"text": "\x81\x8d\x90\x9d"}'
    p.write_bytes(b"\n".join(undecodable if ln is None else ln.encode() for ln in lines) + b"\n")
    items = run(p)
    assert [i.source.rsplit("#", 1)[1] for i in items] == [f"line {n}" for n in range(1, 8)]
    assert isinstance(items[0], RawDocument) and isinstance(items[6], RawDocument)
    plain(items[1], p, "malformed JSON: Unterminated string")
    plain(items[2], p, "JSON nested deeper than 64 levels")
    plain(items[3], p, "JSON record is a string, expected an object")
    plain(items[4], p, "a number with too many digits")
    plain(items[5], p, "undecodable")
    survives_clean(items)


def test_lone_surrogates_are_replaced_and_the_text_encodes(tmp_path):
    p = tmp_path / "surrogat.json"
    p.write_text('{"text": "' + SENTENCE + ' Ein Zeichen \\ud800 und \\udfff\\ud800 kaputt, ein Paar \\ud83d\\ude00 '
                 'heil.", "title": "Titel \\udc00"}', encoding="utf-8")
    (item,) = run(p)
    assert isinstance(item, RawDocument)
    assert "\ufffd und \ufffd\ufffd kaputt" in item.text and "\U0001f600" in item.text
    item.text.encode("utf-8")
    item.title.encode("utf-8")
    doc = clean_document(item)
    doc.text.encode("utf-8")
    assert normalise_text("a\ud800b") == "a\ufffdb"
    raw = clean_document(RawDocument(source="x", text=SENTENCE + " \udc80", title="T\ud800"))
    raw.text.encode("utf-8") and raw.title.encode("utf-8")


def test_json_field_and_record_kinds_in_json_words(tmp_path):
    p = tmp_path / "arten.json"
    p.write_text(json.dumps([1, None, {"text": ["Liste"]}, {"html": {"a": 1}}, []]), encoding="utf-8")
    items = run(p)
    assert [i.reason for i in items] == [
        "JSON record is a number, expected an object with 'text' or 'html'",
        "JSON record is null, expected an object with 'text' or 'html'",
        "JSON field 'text' is an array, expected a string",
        "JSON field 'html' is an object, expected a string",
        "JSON record is an array, expected an object with 'text' or 'html'"]


def test_utf16_jsonl_with_bom(tmp_path):
    p = tmp_path / "utf16.jsonl"
    text = json.dumps({"text": SENTENCE}, ensure_ascii=False) + "\n" + '{"text": "kaputt\n'
    p.write_bytes(text.encode("utf-16"))
    items = run(p)
    assert isinstance(items[0], RawDocument) and items[0].text == SENTENCE
    plain(items[1], p, "malformed JSON")


def test_oversized_json_and_jsonl_line_fail_fast(tmp_path):
    big = json.dumps({"text": SENTENCE * (50 * MB // len(SENTENCE))})
    j = tmp_path / "gross.json"
    j.write_text(big, encoding="utf-8")
    lines = tmp_path / "gross.jsonl"
    lines.write_text(big + "\n" + json.dumps({"text": SENTENCE}) + "\n", encoding="utf-8")
    tracemalloc.start()
    start = time.perf_counter()
    a = run(j, max_bytes=5 * MB)
    b = run(lines, max_bytes=5 * MB)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    only(a, j, "oversized")
    plain(b[0], lines, "oversized: line of 5")
    assert b[0].source == f"{lines}#line 1" and isinstance(b[1], RawDocument) and b[1].source == f"{lines}#line 2"
    assert elapsed < 5 and peak < 20 * MB, (elapsed, peak)  # the line is cut off after 15 MB (3 × the limit)


def test_oversized_txt_fails_fast(tmp_path):
    p = tmp_path / "gross.txt"
    with p.open("wb") as fh:
        fh.truncate(50 * MB)  # sparse: 50 MB without writing them
    start = time.perf_counter()
    only(run(p, max_bytes=5 * MB), p, "oversized: 50.0 MB exceeds the 5.0 MB limit")
    assert time.perf_counter() - start < 1


# ------------------------------------------------------------------ encodings

@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                                       (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks(tmp_path, bom, codec):
    p = tmp_path / f"bom-{codec}.txt"
    p.write_bytes(bom + SENTENCE.encode(codec))
    (item,) = run(p)
    assert isinstance(item, RawDocument) and item.text == SENTENCE


def test_bom_with_broken_text(tmp_path):
    p = tmp_path / "bom-kaputt.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le") + b"\x00")  # an odd number of bytes
    only(run(p), p, "undecodable: invalid utf-16 text after its byte order mark")
    q = tmp_path / "bom-nul.txt"
    q.write_bytes(codecs.BOM_UTF16_LE + "Text\x00\x00\x00".encode("utf-16-le"))
    only(run(q), q, "binary file (NUL characters in utf-16 text)")


def test_wrong_declared_encodings(tmp_path):
    declared_utf8 = tmp_path / "falsch-utf8.html"  # says UTF-8, is Windows-1252
    declared_utf8.write_bytes(b'<meta charset="utf-8"><p>' + "Grüße aus Köln".encode("cp1252") + b"</p>")
    declared_latin = tmp_path / "falsch-latin.html"  # says ISO-8859-1, is UTF-8
    declared_latin.write_bytes(b'<meta charset="iso-8859-1"><p>' + "Grüße aus Köln".encode() + b"</p>")
    quotes = tmp_path / "anfuehrung.html"  # says ISO-8859-1, uses Windows-1252 quotes (as browsers read it)
    quotes.write_bytes(b'<meta charset="iso-8859-1"><p>' + "„Gut“, sagte er.".encode("cp1252") + b"</p>")
    a, b, c = run(declared_utf8, declared_latin, quotes)
    assert "Grüße aus Köln" in a.html and "Grüße aus Köln" in b.html and "„Gut“, sagte er." in c.html


def test_mixed_utf8_and_windows_1252(tmp_path):
    p = tmp_path / "gemischt.txt"
    legacy = "Später sagte der Geschäftsführer: „Gut“.".encode("cp1252")
    p.write_bytes("Die Bürgermeisterin äußerte sich. ".encode() + legacy)
    (item,) = run(p)
    assert item.text == "Die Bürgermeisterin äußerte sich. Später sagte der Geschäftsführer: „Gut“."


def test_undecodable_and_binary_data(tmp_path):
    junk = tmp_path / "kaputt.txt"
    junk.write_bytes("Der Sprecher sagte: ".encode() + b"\x81\x8d\x8f\x90\x9d" * 3)
    only(run(junk), junk, "undecodable: not valid UTF-8")
    late_nul = tmp_path / "nul-spaet.txt"
    late_nul.write_bytes((SENTENCE + "\n").encode() * 200 + b"\x00" + SENTENCE.encode())
    only(run(late_nul), late_nul, "binary file (contains NUL bytes, first at byte")
    controls = tmp_path / "steuer.txt"
    controls.write_bytes((SENTENCE + "\x1b\x07\x02\x10").encode() * 20)
    only(run(controls), controls, "binary file")
    zip_ = tmp_path / "archiv.html"
    zip_.write_bytes(b"PK\x03\x04" + bytes(200))
    only(run(zip_), zip_, "binary file (a ZIP archive")


def test_few_control_characters_are_read_and_cleaned(tmp_path):
    p = tmp_path / "wenige.txt"
    p.write_bytes((SENTENCE + "\x0b" + SENTENCE + "\x1b\x7f\x85 Ende.").encode())
    (item,) = run(p)
    doc = clean_document(item)
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", doc.text)
    assert doc.text.startswith(SENTENCE + "\n" + SENTENCE)


@pytest.mark.parametrize("name,data", [("leer.txt", b""), ("leer.json", b""), ("raum.html", b" \r\n\t \n"),
                                       ("bom.txt", codecs.BOM_UTF8), ("breite.txt", "\u200b\ufeff \u200b".encode()),
                                       ("utf16.txt", "   \n".encode("utf-16")), ("leer.jsonl", b"\n  \n")])
def test_empty_and_whitespace_only_files(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    only(run(p), p, "empty file")


# ------------------------------------------------------------------ HTML

def clean_html(html: str):
    start = time.perf_counter()
    try:
        result = clean_document(RawDocument(source="seite.html", html=html))
    except ValueError as exc:
        result = exc
        assert not TECHNICAL.search(str(exc)), exc
    return result, time.perf_counter() - start


@pytest.mark.parametrize("html", [
    "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000 + "</body></html>",
    "<html><body><p>" + "<b>" * 5_000 + SENTENCE + "</b>" * 5_000 + "</p></body></html>",
    "<div>" * 500_000 + SENTENCE,  # 5 MB, never closed
], ids=["100k-divs", "5k-bold", "5MB-open-divs"])
def test_deeply_nested_html_is_refused_quickly(html):
    result, elapsed = clean_html(html)
    assert isinstance(result, ValueError) and str(result) == "HTML nested deeper than 256 levels"
    assert elapsed < 3, elapsed


@pytest.mark.parametrize("html,expected", [
    (f"<html><body><article><p>{SENTENCE}</p><p>Danach sagte sie, es gehe vor", "es gehe vor"),
    (f"<p>Die <i>Ministerin</b> sagte</p></div></span><p>{SENTENCE} <<>> <a href='x>nein</p>", "Ministerin"),
    (f"<html><body><p>{SENTENCE[:40]}\x00\x01\ud800 {SENTENCE[40:]}</p></body></html>", "Hilfen"),
    ("<html><body>" + "<div>" * 200 + f"<p>{SENTENCE}</p>" + "</div>" * 200 + "</body></html>", "Ministerin"),
], ids=["truncated", "malformed", "controls-and-surrogates", "200-deep"])
def test_truncated_and_malformed_html_give_text(html, expected):
    result, _ = clean_html(html)
    assert not isinstance(result, ValueError), result
    assert expected in result.text
    result.text.encode("utf-8")


def test_html_without_text():
    result, _ = clean_html("<html><head><script>var x = 1;</script></head><body><div></div></body></html>")
    assert isinstance(result, ValueError) and "no article text found in HTML" in str(result)


# ------------------------------------------------------------------ last resort

def test_reader_bug_is_reported_in_plain_words(tmp_path, monkeypatch):
    import quellen.ingest as ingest

    def broken(path, limit):
        raise AttributeError("'NoneType' object has no attribute 'startswith'")
        yield  # pragma: no cover

    monkeypatch.setattr(ingest, "iter_file", broken)
    p = tmp_path / "a.txt"
    p.write_text(SENTENCE, encoding="utf-8")
    only(run(p), p, "could not read: unexpected error in the reader")

    def missing_module(path, limit):
        raise ImportError("No module named 'warcio'", name="warcio")
        yield  # pragma: no cover

    monkeypatch.setattr(ingest, "iter_file", missing_module)
    with pytest.raises(EnvironmentFault, match="Q101"):
        run(p)
