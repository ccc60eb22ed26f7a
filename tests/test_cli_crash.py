"""``quellen analyze`` itself under a broken environment: the file-size limit hit mid-batch, ``kill -9`` mid-batch.

Real ``python -m quellen analyze`` processes on real article files and real SQLite files, no mocks (the store-level
counterparts, with a stand-in writer, are in ``test_store_crash.py``). A module fixture analyses the whole batch
once without any fault: that reference database is what every interrupted run is held to, table by table. After a
fault or a kill the file must pass ``PRAGMA integrity_check``, each stored document must have exactly its reference
rows (document, attributions, entities, mentions, boilerplate, gaps, warnings, search index: never a part of them),
and running the same command again must finish the batch with exactly the reference rows, each once.

The articles are variants of the bundled examples (a numbered title, the paragraphs in another order), so each has
its own document id. One of them has a file name that is not valid UTF-8: the store cannot take its source, so it
is a store failure and the batch goes on (the CLI contract; checked on the reference run).

Why the file-size limit is lowered from outside: the preflight loads py3langid's model, which streams its 65 MB
of uncompressed arrays through a temporary file, so a limit small enough to stop a batch of small articles would
stop the run in the preflight already (with Q102). The child starts with room for that (``preexec_fn`` sets
``RLIMIT_FSIZE`` and ignores ``SIGXFSZ``, so a write past the limit fails with ``EFBIG``); once documents are being
stored, the test lowers the running process's limit (``prlimit``) to just above the database's size.
"""
from __future__ import annotations

import json
import os
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
FIRST, SECOND = 20, 10                 # articles in the first folder (the disk-full batch) and in the second
ODD_NAME = b"artikel-02\xfc.txt"        # Latin-1 "ü": sorts between artikel-02.txt and artikel-03.txt
PREFLIGHT_ROOM = 256 << 20             # file-size limit the child starts with (py3langid's temp file fits)
CHILD_TABLES = ("attributions", "entities", "mentions", "boilerplate", "gaps", "warnings")
FTS = "attributions_fts"


# ------------------------------------------------------------------ input and the reference run


def _bases() -> list[str]:
    texts = [(EXAMPLES / "stadtwerke-strompreis.txt").read_text(encoding="utf-8")]
    with (EXAMPLES / "beispielbote.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def _variant(base: str, i: int) -> str:
    """Article ``i``: the title numbered, the paragraphs (the long lines) rotated in their places."""
    lines = base.strip("\n").split("\n")
    slots = [j for j, line in enumerate(lines) if j and len(line) > 80]
    paragraphs = [lines[j] for j in slots]
    k = (i // 3) % len(paragraphs)
    for j, p in zip(slots, paragraphs[k:] + paragraphs[:k]):
        lines[j] = p
    lines[0] = f"{lines[0]} (Folge {i + 1})"
    return "\n".join(lines) + "\n"


@dataclass
class Snapshot:
    docs: dict[str, dict[str, list]]       # doc id -> table -> its rows (without the autoincrement keys)
    sources: dict[str, str]                # doc id -> source
    failures: list[tuple]                  # (source, reason, stage), sorted


@dataclass
class Batch:
    first: Path                            # folder of the disk-full batch (FIRST articles + the odd name)
    second: Path                           # SECOND more articles: the kill -9 batch is both folders
    reference: Snapshot                    # both folders analysed without a fault
    run: subprocess.CompletedProcess       # the reference run

    def only(self, folder: Path) -> Snapshot:
        ids = {i for i, s in self.reference.sources.items() if s.startswith(f"{folder}{os.sep}")}
        return Snapshot({i: self.reference.docs[i] for i in ids}, {i: self.reference.sources[i] for i in ids},
                        [f for f in self.reference.failures if f[0].startswith(f"{folder}{os.sep}")])


def _rows(con: sqlite3.Connection, sql: str, args: tuple = ()) -> list[tuple]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    keep = [j for j, n in enumerate(names) if n != "pk"]
    return [tuple(r[j] for j in keep) for r in cur.fetchall()]


def snapshot(db: Path) -> Snapshot:
    """Check that ``db`` is sound and read it by document. Opening it read-write first rolls back a hot journal
    a killed run left, as the next ``quellen`` run would."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in tables:             # killed before the schema was committed
            assert not tables - {"sqlite_sequence"}, tables
            return Snapshot({}, {}, [])
        for t in CHILD_TABLES + (FTS,):          # no row of a document that is not there
            assert con.execute(f"SELECT COUNT(*) FROM {t} WHERE doc_id NOT IN (SELECT id FROM documents)"
                               ).fetchone() == (0,), t
        docs, sources = {}, {}
        for (doc_id, source) in con.execute("SELECT id, source FROM documents").fetchall():
            sources[doc_id] = source
            docs[doc_id] = {"documents": _rows(con, "SELECT * FROM documents WHERE id = ?", (doc_id,))}
            for t in CHILD_TABLES + (FTS,):
                docs[doc_id][t] = _rows(con, f"SELECT * FROM {t} WHERE doc_id = ? ORDER BY rowid", (doc_id,))
        failures = sorted(con.execute("SELECT source, reason, stage FROM failures").fetchall())
        return Snapshot(docs, sources, failures)
    finally:
        con.close()


def assert_complete(got: Snapshot, reference: Snapshot) -> None:
    """Every stored document is there with exactly its reference rows (no part of one, nothing extra)."""
    for doc_id, tables in got.docs.items():
        assert doc_id in reference.docs, f"unknown document {got.sources[doc_id]}"
        for table, rows in tables.items():
            assert rows == reference.docs[doc_id][table], f"{got.sources[doc_id]}: {table} differ"
    assert set(got.failures) <= set(reference.failures)


def analyze_cmd(*paths: Path, db: Path, force: bool = False) -> list[str]:
    # one document per transaction: these tests stop a run between and inside single documents' commits
    return [sys.executable, "-m", "quellen", "analyze", *map(str, paths), "--db", str(db), "--no-report",
            "--commit-every", "1", *(["--force"] if force else [])]


ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "10000"}   # rich: one line per message


def run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)


@contextmanager
def started(cmd: list[str], **kw) -> Iterator[subprocess.Popen]:
    """A running ``analyze``; killed (by its pid) if a failed assertion leaves it running."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)


def failed_lines(stderr: str) -> list[str]:
    return re.findall(r"^failed .*$", stderr, re.M)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    folder = tmp_path_factory.mktemp("articles")
    first, second = folder / "erste", folder / "zweite"
    first.mkdir()
    second.mkdir()
    bases = _bases()
    for i in range(FIRST + SECOND):
        (first if i < FIRST else second).joinpath(f"artikel-{i:02d}.txt").write_text(
            _variant(bases[i % len(bases)], i), encoding="utf-8")
    odd = os.path.join(os.fsencode(first), ODD_NAME)
    with open(odd, "wb") as fh:
        fh.write(_variant(bases[0], FIRST + SECOND).encode("utf-8"))
    db = folder / "reference.db"
    done = run(analyze_cmd(first, second, db=db))
    assert done.returncode == 0, done.stderr
    reference = snapshot(db)
    assert len(reference.docs) == FIRST + SECOND, "the variants must have distinct document ids"
    assert all(len(t["attributions"]) >= 2 and t["entities"] for t in reference.docs.values())
    return Batch(first, second, reference, done)


def test_a_document_that_cannot_be_stored_is_a_store_failure_and_the_batch_goes_on(batch):
    odd = f"{batch.first}/artikel-02\\udcfc.txt"           # as printed and recorded (printable escapes)
    assert batch.reference.failures == [(odd, batch.reference.failures[0][1], "store")]
    reason = batch.reference.failures[0][1]
    assert reason.startswith(f"cannot store document {odd}: UnicodeEncodeError")
    lines = failed_lines(batch.run.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"failed {odd}: cannot store document"), batch.run.stderr
    assert f"{FIRST + SECOND} documents analysed, 1 failed" in batch.run.stderr
    assert f"{batch.first}/artikel-03.txt" in batch.reference.sources.values()    # the next article, and on


# ------------------------------------------------------------------ the file-size limit hit mid-batch


def _room_for_preflight() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)    # a write past the limit fails with EFBIG instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (PREFLIGHT_ROOM, PREFLIGHT_ROOM))


def _count(db: Path) -> int:
    """Documents committed so far (a read-only look that takes the shared lock for a moment only)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    except sqlite3.OperationalError:
        return 0
    try:
        return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:          # no schema yet, or locked for the moment
        return 0
    finally:
        con.close()


def _wait(proc: subprocess.Popen, done, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert proc.poll() is None, f"analyze ended before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.01)


def test_file_size_limit_mid_batch_stops_with_q103_and_a_rerun_completes(batch, tmp_path):
    """Two runs on one database, each stopped by the file-size limit at a seeded random point of the batch (the
    second replaces the documents the first stored before it gets further): exit status 3, one Q103 message, no
    failed line for the articles after the stop, only complete documents, the articles before the stop in input
    order. Then a run without the limit finishes the batch with exactly the reference rows, analysing only what
    the stopped runs had not stored (the rest is unchanged)."""
    reference = batch.only(batch.first)
    order = sorted(reference.sources.values())                  # input order: list_inputs sorts a folder
    db = tmp_path / "limited.db"
    rng = random.Random(103)
    odd = f"failed {batch.first}/artikel-02\\udcfc.txt"
    k = 0
    for trial in range(2):
        at = rng.randrange(4, 9) if trial == 0 else rng.randrange(max(11, k + 2), FIRST - 3)
        with started(analyze_cmd(batch.first, db=db), preexec_fn=_room_for_preflight) as proc:
            _wait(proc, lambda: _count(db) >= at, f"{at} documents stored")
            limit = db.stat().st_size + rng.randrange(1, 8192)      # a few pages more, at most
            resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (limit, limit))
            out, err = proc.communicate(timeout=120)
        assert proc.returncode == 3, (out, err)
        assert err.count("Q103") == 1 and "Traceback" not in err, err
        assert "stopped: [Q103] cannot write the database" in err, err
        assert "documents analysed" not in err                   # stopped: no summary of a finished batch
        # the one failed line is the document the store rejected earlier; none for the articles after the stop
        assert [line.split(":")[0] for line in failed_lines(err)] == [odd], err
        stored = snapshot(db)
        assert_complete(stored, reference)
        assert stored.failures == reference.failures
        assert max(at, k) <= len(stored.docs) < FIRST, (limit, len(stored.docs))
        k = len(stored.docs)
        assert sorted(stored.sources.values()) == order[:k]      # what was analysed before the stop, in order

    rerun = run(analyze_cmd(batch.first, db=db))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{FIRST - k} documents analysed, {k} unchanged, 1 failed" in rerun.stderr
    assert snapshot(db) == reference


# ------------------------------------------------------------------ kill -9 mid-batch


class Commits:
    """Counts the transactions other processes commit to ``db`` (``PRAGMA data_version`` changes), polled often
    enough (every 10 ms; a document takes about 100 ms to analyse) to see each one."""

    def __init__(self, db: Path):
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        self.version: int | None = None
        self.seen = 0

    def __call__(self) -> int:
        try:
            v = self.con.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.OperationalError:            # locked for the moment
            return self.seen
        self.seen += self.version is not None and v != self.version
        self.version = v
        return self.seen

    def close(self) -> None:
        self.con.close()


def test_kill_9_mid_batch_leaves_no_partial_document_and_a_rerun_completes(batch, tmp_path):
    """Three runs on one database, each killed (SIGKILL) at a seeded random moment while it stores documents —
    the second and third (``--force``) replace documents an earlier run stored; the last waits for a write
    transaction (the journal file) and kills inside it. After each kill the file is sound and every stored
    document complete; a run to the end (resuming: it skips what is stored) leaves exactly the reference rows."""
    db = tmp_path / "killed.db"
    journal = Path(f"{db}-journal")
    rng = random.Random(20250609)
    # the last trials wait for a journal and kill at once; the commit can still win that race on a busy
    # machine (the journal is gone before the signal lands), so they are tried up to 4 times until one lands
    trials, inside, most = 3, 0, 6
    trial = -1
    while trial + 1 < trials or (inside == 0 and trial + 1 < most):
        trial += 1
        with started(analyze_cmd(batch.first, batch.second, db=db, force=True)) as proc:
            _wait(proc, db.exists, "the database file")
            commits = Commits(db)
            try:
                target = rng.randint(2, FIRST + SECOND - 4)
                _wait(proc, lambda: commits() >= target, f"{target} commits")
                if trial >= trials - 1:    # spin (no sleep) until the next transaction writes its journal
                    deadline = time.monotonic() + 10
                    while not os.path.exists(journal):
                        assert time.monotonic() < deadline and proc.poll() is None, "no write transaction seen"
                else:
                    time.sleep(rng.uniform(0, 0.15))
                proc.send_signal(signal.SIGKILL)
                _, err = proc.communicate(timeout=30)
            finally:
                commits.close()
        assert proc.returncode == -signal.SIGKILL, f"analyze ended before it was killed: {err}"
        inside += journal.exists() and journal.stat().st_size > 0   # a hot journal: killed mid-transaction
        stored = snapshot(db)
        assert_complete(stored, batch.reference)
        assert stored.docs, "killed before anything was stored; the trial proved little"
    print(f"{inside} of {trial + 1} kills landed inside a write transaction")
    assert inside >= 1, "no kill landed inside a write transaction"
    final = run(analyze_cmd(batch.first, batch.second, db=db))
    assert final.returncode == 0, final.stderr
    assert snapshot(db) == batch.reference
