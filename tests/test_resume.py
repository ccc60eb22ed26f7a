"""Resumable, incremental batches: ``analyze`` skips what the database already holds from the same input content
and the same analysis version (``quellen.versioning``); ``--force`` analyses everything again.

Real ``quellen analyze`` runs on real files and SQLite databases. The kill test follows the issue's protocol:
20 ``kill -9`` trials at seeded random moments on one 200-article batch, each followed by the next run resuming
on the same database; after every kill the file is sound and holds only complete documents, and the run that
finally ends leaves exactly the rows of an uninterrupted run, each document once. It analyses with the cleaning
stage only (``--stages ""``): what is tested is the resume, not the attribution stages, and 20 trials of the
full pipeline would take minutes. Documents are committed in groups (``--commit-every``, here 5 so that 20
trials fit in 200 articles): a kill loses the group not yet committed, which the next run analyses again.
"""
from __future__ import annotations

import random
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellen.cli import app
from quellen.model import RawDocument
from quellen.versioning import analysis_version, input_hash
from test_cli_crash import Commits, _bases, _variant, _wait, run, snapshot, started

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
BATCH = 200
GROUP = 5          # documents per transaction in the kill trials


def summary(output: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) documents analysed(?:, (\d+) unchanged)?, (\d+) failed", output)
    assert m, output
    return int(m[1]), int(m[2] or 0), int(m[3])


def analyze(*args: str) -> str:
    r = CliRunner().invoke(app, ["analyze", *args, "--no-report"])
    assert r.exit_code == 0, r.output
    return r.output


def test_a_rerun_skips_what_is_stored_and_still_writes_the_whole_jsonl(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in EXAMPLES.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    db = str(tmp_path / "q.db")
    first = analyze(str(folder), "--db", db, "--jsonl", str(tmp_path / "1.jsonl"))
    assert summary(first) == (5, 0, 0)
    before = Path(db).read_bytes()
    again = analyze(str(folder), "--db", db, "--jsonl", str(tmp_path / "2.jsonl"))
    assert summary(again) == (0, 5, 0)
    assert (tmp_path / "2.jsonl").read_bytes() == (tmp_path / "1.jsonl").read_bytes()   # same records, same order
    assert Path(db).read_bytes() == before                                              # nothing written

    # one input changes: only it is analysed; --force analyses all; another stage list is another analysis
    (folder / "neu.txt").write_text("Der Sprecher der Stadt sagte, man prüfe die Vorwürfe.\n", encoding="utf-8")
    assert summary(analyze(str(folder), "--db", db)) == (1, 5, 0)
    assert summary(analyze(str(folder), "--db", db, "--force")) == (6, 0, 0)
    assert summary(analyze(str(folder), "--db", db, "--stages", "nlp")) == (6, 0, 0)
    assert summary(analyze(str(folder), "--db", db, "--stages", "nlp")) == (0, 6, 0)


def test_the_analysis_version_follows_what_decides_the_output(tmp_path):
    """Stage names and configuration (a configured model folder by its contents) change the version; the same
    inputs give the same version in every process. The input hash ignores where the input lies."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 10)
    v = analysis_version(["nlp", "attribution"], {"attribution_model": str(model)})
    assert v == analysis_version(["nlp", "attribution"], {"attribution_model": str(model)})
    assert v != analysis_version(["nlp"], {"attribution_model": str(model)})
    (model / "weights.bin").write_bytes(b"\x01" * 10)                      # a retrained model
    assert v != analysis_version(["nlp", "attribution"], {"attribution_model": str(model)})
    a = RawDocument("a/x.txt", text="Der Kreml dementierte.")
    assert input_hash(a) == input_hash(RawDocument("b/y.txt", text="Der Kreml dementierte."))
    assert input_hash(a) != input_hash(RawDocument("a/x.txt", text="Der Kreml dementierte nicht."))
    assert input_hash(a) != input_hash(RawDocument("a/x.txt", html="Der Kreml dementierte."))


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch200")
    bases = _bases()
    for i in range(BATCH):
        (folder / f"artikel-{i:03d}.txt").write_text(_variant(bases[i % len(bases)], i) + f"Nummer {i}.\n",
                                                     encoding="utf-8")
    db = folder / "reference.db"
    done = run(cmd(folder, db))
    assert done.returncode == 0, done.stderr
    reference = snapshot(db)
    assert len(reference.docs) == BATCH and not reference.failures
    return folder, reference


def cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "quellen", "analyze", str(folder), "--db", str(db), "--no-report", "--stages", "",
            "--commit-every", str(GROUP)]


def test_20_kills_at_random_moments_then_a_rerun_finishes_with_nothing_lost_or_duplicated(big_batch, tmp_path):
    folder, reference = big_batch
    db = tmp_path / "killed.db"
    rng = random.Random(16)
    stored_before = 0
    for trial in range(20):
        with started(cmd(folder, db)) as proc:
            _wait(proc, db.exists, "the database file")
            commits = Commits(db)
            try:
                left = BATCH - stored_before
                target = rng.randint(1, max(1, left // (8 * GROUP)))   # kill while this run still has work left
                _wait(proc, lambda: commits() >= target, f"{target} commits")
                proc.send_signal(signal.SIGKILL)
                _, err = proc.communicate(timeout=30)
            finally:
                commits.close()
        assert proc.returncode == -signal.SIGKILL, f"trial {trial}: analyze ended before it was killed: {err}"
        stored = snapshot(db)                          # sound file, complete documents, each with its rows
        for doc_id, tables in stored.docs.items():
            assert tables == reference.docs[doc_id], stored.sources[doc_id]
        assert len(stored.docs) >= stored_before, "a kill lost documents an earlier run had stored"
        stored_before = len(stored.docs)
    assert 0 < stored_before < BATCH
    final = run(cmd(folder, db))
    assert final.returncode == 0, final.stderr
    assert summary(final.stderr) == (BATCH - stored_before, stored_before, 0)
    assert snapshot(db) == reference
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT source) FROM documents").fetchone() == (BATCH, BATCH)
