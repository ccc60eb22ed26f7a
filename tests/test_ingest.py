"""Ingest: every supported format from real files, and each kind of bad input as a named Failure."""
from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest

from quellen.ingest import iter_inputs, list_inputs
from quellen.model import Failure, RawDocument

GERMAN = ("Die Bundesregierung hat am Mittwoch neue Hilfen für Landwirte beschlossen. "
          "„Wir lassen niemanden allein“, sagte die Ministerin in Berlin.\n")


def run(*files: Path, **kw) -> list[RawDocument | Failure]:
    return list(iter_inputs(list(files), **kw))


def only_failure(items, fragment: str) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    assert fragment in items[0].reason.lower(), items[0].reason
    return items[0]


# ------------------------------------------------------------------ listing

def test_list_inputs_expands_folders_recursively_and_keeps_missing(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/x.txt", "a/b/y.HTML", "a/b/z.warc.gz", "a/notes.md", "a/data.jsonl", "a/.hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    files = list_inputs([tmp_path / "a", missing])
    names = [p.name for p in files]
    assert names == ["y.HTML", "z.warc.gz", "data.jsonl", "x.txt", "nope.txt"]
    assert "notes.md" not in names and ".hidden.txt" not in names


def test_missing_file_is_reported(tmp_path):
    f = only_failure(run(tmp_path / "gibt-es-nicht.txt"), "no such file")
    assert f.source.endswith("gibt-es-nicht.txt") and f.stage == "ingest"


def test_unsupported_file_named_explicitly(tmp_path):
    p = tmp_path / "artikel.pdf"
    p.write_bytes(b"%PDF-1.4 ...")
    only_failure(run(p), "unsupported")


# ------------------------------------------------------------------ good inputs

def test_txt_and_html(tmp_path):
    t = tmp_path / "a.txt"
    t.write_text(GERMAN, encoding="utf-8")
    h = tmp_path / "b.htm"
    h.write_text(f"<html><body><p>{GERMAN}</p></body></html>", encoding="utf-8")
    a, b = run(t, h)
    assert isinstance(a, RawDocument) and a.text == GERMAN and a.source == str(t)
    assert isinstance(b, RawDocument) and b.html and "Bundesregierung" in b.html and b.text is None


def test_legacy_encodings(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Die Bürgermeisterin äußerte sich über die Maßnahmen.".encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Der Kanzler erklärte, er sei zufrieden.".encode("utf-16"))
    html = tmp_path / "legacy.html"
    html.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Grüße aus Köln</p></body></html>'
                     .encode("latin-1"))
    a, b, c = run(latin, utf16, html)
    assert a.text == "Die Bürgermeisterin äußerte sich über die Maßnahmen."
    assert b.text == "Der Kanzler erklärte, er sei zufrieden."
    assert "Grüße aus Köln" in c.html


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": GERMAN, "url": "https://example.org/a", "title": "Hilfen beschlossen",
                               "published": "10.01.2025"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"html": "<p>Hallo Welt, sagte er.</p>"}, {"title": "ohne Text"},
                                "kein Objekt"]), encoding="utf-8")
    items = run(one, many)
    first = items[0]
    assert isinstance(first, RawDocument) and first.source == str(one)
    assert (first.url, first.title, first.published) == ("https://example.org/a", "Hilfen beschlossen", "2025-01-10")
    assert isinstance(items[1], RawDocument) and items[1].html and items[1].source == f"{many}#item 1"
    assert isinstance(items[2], Failure) and "neither 'text' nor 'html'" in items[2].reason
    assert items[2].source == f"{many}#item 2"
    assert isinstance(items[3], Failure) and "expected an object" in items[3].reason


def test_jsonl_bad_lines_do_not_stop_the_file(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": GERMAN}),
        '{"text": "kaputt',
        json.dumps({"url": "https://example.org/leer"}),
        "",
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps({"html": "<p>Die Polizei teilte mit, niemand sei verletzt worden.</p>", "published": "2024-10-26"}),
    ]) + "\n", encoding="utf-8")
    items = run(p)
    kinds = [(type(i).__name__, i.source.rsplit("#", 1)[1]) for i in items]
    assert kinds == [("RawDocument", "line 1"), ("Failure", "line 2"), ("Failure", "line 3"),
                     ("Failure", "line 5"), ("Failure", "line 6"), ("RawDocument", "line 7")]
    assert "malformed json" in items[1].reason.lower()
    assert "neither" in items[2].reason and "empty" in items[3].reason and "expected a string" in items[4].reason
    assert items[5].published == "2024-10-26"


# ------------------------------------------------------------------ bad inputs

def test_malformed_json(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"text": "Der Minister sagte, ', encoding="utf-8")
    f = only_failure(run(p), "malformed json")
    assert "line 1" in f.reason


def test_binary_file(tmp_path):
    png = tmp_path / "bild.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    nul = tmp_path / "nul.html"
    nul.write_bytes(b"<html>\x00\x00\x00\x01\x02</html>")
    only_failure(run(png), "binary")
    only_failure(run(nul), "binary")


def test_undecodable_file(tmp_path):
    p = tmp_path / "kaputt.txt"
    p.write_bytes("Der Sprecher sagte: ".encode() + b"\x81\x8d\x8f\x90\x9d\xff\xfe" * 3)
    f = only_failure(run(p), "undecodable")
    assert "utf-8" in f.reason.lower()


def test_empty_files(tmp_path):
    e = tmp_path / "leer.txt"
    e.write_bytes(b"")
    w = tmp_path / "leer.html"
    w.write_text("  \n\t\n", encoding="utf-8")
    j = tmp_path / "leer.jsonl"
    j.write_text("\n\n", encoding="utf-8")
    only_failure(run(e), "empty")
    only_failure(run(w), "empty")
    only_failure(run(j), "empty")


def test_oversized_file(tmp_path, monkeypatch):
    p = tmp_path / "gross.txt"
    p.write_text(GERMAN * 50, encoding="utf-8")
    only_failure(run(p, max_bytes=1000), "oversized")
    monkeypatch.setenv("QUELLEN_MAX_BYTES", "2000")
    only_failure(run(p), "oversized")
    monkeypatch.setenv("QUELLEN_MAX_BYTES", "100000")
    assert isinstance(run(p)[0], RawDocument)
    j = tmp_path / "gross.jsonl"
    j.write_text(json.dumps({"text": GERMAN * 50}) + "\n" + json.dumps({"text": GERMAN}) + "\n", encoding="utf-8")
    items = run(j, max_bytes=1000)
    assert isinstance(items[0], Failure) and "oversized" in items[0].reason and isinstance(items[1], RawDocument)


def test_unreadable_file(tmp_path):
    import os

    p = tmp_path / "geheim.txt"
    p.write_text(GERMAN, encoding="utf-8")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        only_failure(run(p), "unreadable")
    finally:
        p.chmod(0o644)


def test_batch_goes_on_after_failures(tmp_path):
    bad = tmp_path / "a.json"
    bad.write_text("{", encoding="utf-8")
    good = tmp_path / "b.txt"
    good.write_text(GERMAN, encoding="utf-8")
    items = run(bad, tmp_path / "fehlt.txt", good)
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "RawDocument"]


# ------------------------------------------------------------------ WARC

def _warc(path: Path, records: list[tuple[str, str, bytes]], gz: bool = True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, ctype, body in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http))
    return path


def test_warc_html_records_only(tmp_path):
    html = f"<html><body><article><p>{GERMAN}</p></article></body></html>".encode("utf-8")
    p = _warc(tmp_path / "crawl.warc.gz", [
        ("https://example.org/artikel", "text/html; charset=utf-8", html),
        ("https://example.org/robots.txt", "text/plain", b"User-agent: *"),
        ("https://example.org/bild.png", "image/png", b"\x89PNG...."),
    ])
    items = run(p)
    assert len(items) == 1 and isinstance(items[0], RawDocument)
    assert items[0].source == f"{p}#https://example.org/artikel" and items[0].url == "https://example.org/artikel"
    assert "Bundesregierung" in items[0].html
    plain = _warc(tmp_path / "crawl.warc", [("https://example.org/x", "text/html", html)], gz=False)
    assert isinstance(run(plain)[0], RawDocument)


def test_warc_without_html_and_broken_warc(tmp_path):
    p = _warc(tmp_path / "nur-text.warc.gz", [("https://example.org/robots.txt", "text/plain", b"x")])
    only_failure(run(p), "no html")
    broken = tmp_path / "kaputt.warc.gz"
    broken.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    only_failure(run(broken), "warc")


def test_bundled_examples_ingest():
    folder = Path(__file__).resolve().parents[1] / "examples" / "articles"
    items = run(*list_inputs([folder]))
    assert items and all(isinstance(i, RawDocument) for i in items), items
    assert len(items) >= 5
