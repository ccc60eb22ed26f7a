"""The CLI end to end for input/output: analyze (clean-only pipeline) -> SQLite file -> show -> export.

The attribution stages belong to other modules and have their own tests; here the pipeline is reduced to
cleaning so that ingest, failures, the database, idempotency, show and export are tested on real files.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import quellen.pipeline
from quellen.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


class CleanOnly(quellen.pipeline.Pipeline):
    def __init__(self, stages=(), config=None, limits=None):
        super().__init__(stages=[], config=config, limits=limits)


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(quellen.pipeline, "Pipeline", CleanOnly)
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    (folder / "kaputt.json").write_text('{"text": ', encoding="utf-8")
    (folder / "bild.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "leer.txt").write_text("", encoding="utf-8")
    return folder


def counts(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return (con.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM failures").fetchone()[0])
    finally:
        con.close()


def test_analyze_show_export(inputs, tmp_path):
    runner = CliRunner()
    db, out = tmp_path / "q.db", tmp_path / "out.jsonl"
    args = ["analyze", str(inputs), "--db", str(db), "--jsonl", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "kaputt.json" in r.output and "malformed JSON" in r.output
    assert "bild.html" in r.output and "binary" in r.output and "leer.txt" in r.output
    assert "Kreiskliniken sollen fusionieren" in r.output  # the report
    assert counts(db) == (5, 3)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5 and {r["language"] for r in records} == {"de"}
    warc = next(r for r in records if "#https://" in r["source"])
    assert warc["outlet"] == "Küstenkurier" and warc["published"] == "2025-06-03"

    # nothing usable: every input failed -> exit status 1, the failures still recorded
    bad_db = tmp_path / "bad.db"
    r = runner.invoke(app, ["analyze", str(inputs / "kaputt.json"), "--db", str(bad_db), "--no-report"])
    assert r.exit_code == 1 and "malformed JSON" in r.output
    assert counts(bad_db) == (0, 1)

    # re-running changes nothing
    first = (db.stat().st_size, counts(db))
    r = runner.invoke(app, args + ["--no-report"])
    assert r.exit_code == 0, r.output
    assert counts(db) == first[1]

    r = runner.invoke(app, ["show", records[0]["id"][:8], "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert records[0]["text"].split("\n", 1)[0][:30] in r.output
    r = runner.invoke(app, ["show", "stadtwerke-strompreis.txt", "--db", str(db)])
    assert r.exit_code == 0 and "Stadtwerke Neustadt" in r.output
    r = runner.invoke(app, ["show", "gibt-es-nicht", "--db", str(db)])
    assert r.exit_code == 1

    exported = tmp_path / "export.jsonl"
    r = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db), "-o", str(exported)])
    assert r.exit_code == 0, r.output
    again = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert sorted(again, key=lambda d: d["id"]) == sorted(records, key=lambda d: d["id"])
    r = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert r.exit_code == 0
    header = next(csv.reader(io.StringIO(r.output)))
    assert header[:5] == ["doc_id", "source", "title", "attribution_id", "type"]
    r = runner.invoke(app, ["export", "--format", "xml", "--db", str(db)])
    assert r.exit_code == 2


def test_analyze_missing_path_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(quellen.pipeline, "Pipeline", CleanOnly)
    db = tmp_path / "q.db"
    r = CliRunner().invoke(app, ["analyze", str(tmp_path / "fehlt.txt"), "--db", str(db), "--no-report"])
    assert r.exit_code == 1, r.output   # nothing could be analysed
    assert "fehlt.txt" in r.output and "no such file" in r.output
    assert counts(db) == (0, 1)


def test_a_large_batch_is_reported_without_holding_every_document(inputs, tmp_path, monkeypatch):
    """The report prints at most REPORT_DOCUMENTS documents in full and counts the rest; the summary line and the
    database still hold the whole batch (a batch of a million is not kept in memory for its report)."""
    import quellen.cli

    monkeypatch.setattr(quellen.cli, "REPORT_DOCUMENTS", 2)
    db = tmp_path / "q.db"
    r = CliRunner().invoke(app, ["analyze", str(inputs), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "… and 3 more documents, left out of this report" in r.output
    assert "5 documents analysed, 3 failed, 0 warnings" in r.output
    assert counts(db) == (5, 3)


def test_a_database_url_is_a_url_not_a_file_name(tmp_path, monkeypatch):
    """`--db postgresql://…` once became a SQLite file in a new folder named `postgresql:` while analyze reported
    success. A URL must reach the database layer whole: here no server listens (port 9) and the driver may be
    missing, so the run stops with one environment fault (Q101 driver, or Q103 cannot connect), exit status 3,
    and nothing is written into the working folder. $QUELLEN_DB is the same option."""
    monkeypatch.setattr(quellen.pipeline, "Pipeline", CleanOnly)
    monkeypatch.chdir(tmp_path)
    url = "postgresql+psycopg://quellen@127.0.0.1:9/postgres"
    article = str(EXAMPLES / "stadtwerke-strompreis.txt")
    for args, env in ((["--db", url], {}), ([], {"QUELLEN_DB": url})):
        r = CliRunner().invoke(app, ["analyze", article, *args, "--no-report"], env=env)
        assert r.exit_code == 3, r.output
        assert ("[Q101] the database driver for postgresql is not installed" in r.output
                or "[Q103]" in r.output), r.output
        assert "Traceback" not in r.output and list(tmp_path.iterdir()) == [], r.output
    for command in (["show", "x"], ["search", "Strompreis"], ["export"]):
        r = CliRunner().invoke(app, [*command, "--db", url])
        assert r.exit_code == 3 and "stopped: [Q10" in r.output, (command, r.output)
