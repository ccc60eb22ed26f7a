"""The store under a broken environment: full disks, killed writers, locked, read-only and damaged files.

Real SQLite files and real processes, no mocks. A child process saves documents the way ``quellen analyze`` does
(one transaction each) and reports an :class:`EnvironmentFault` like the CLI contract says (message on stderr,
exit status 3). After every fault or kill the file must pass ``PRAGMA integrity_check``, every stored document
must read back exactly as one complete version that was saved (never a mix, never missing rows), and running
the batch again must finish it with each document once.

Why these settings are crash safe is stated in ``quellen.store`` (rollback journal, ``synchronous=FULL``,
``BEGIN IMMEDIATE``); these tests check the part a test can reach (process death, write errors), not power loss.
"""
from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from quellen.errors import STORAGE, EnvironmentFault
from quellen.model import Document, Failure, document_id
from quellen.store import Store, StoreError
from quellen.store import schema as S
from test_store import make_doc

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
DOCUMENTS = 40         # copies of the example articles: about 0.7 MB of database, 1-2 s per run (fsync-bound)

# The writer: loads its documents first (prints "ready"), then saves them in order, once, or round and round
# until it is killed ("forever"). Like ``quellen analyze``: an EnvironmentFault is printed once, exit status 3.
CHILD = r"""
import json, sys
from quellen.errors import EnvironmentFault
from quellen.model import Document
from quellen.store import Store

db, docs_path, mode = sys.argv[1:4]
with open(docs_path, encoding="utf-8") as fh:
    docs = [Document.from_dict(json.loads(line)) for line in fh]
print("ready", flush=True)
try:
    store = Store(db)
    while True:
        for doc in docs:
            store.save(doc)
        if mode != "forever":
            break
except EnvironmentFault as exc:
    print(exc, file=sys.stderr, flush=True)
    sys.exit(3)
print("done", store.count(), flush=True)
"""


@dataclass
class Corpus:
    """The documents to save, in several versions ("generations") that differ in title, rows and warnings."""

    files: dict[int, Path]                 # generation -> JSONL file the child reads
    versions: dict[int, dict[str, dict]]   # generation -> doc id -> Document.to_dict()
    full_db: Path                          # generation 0 saved completely by a writer (copy it, do not change it)

    def path(self, gen: int) -> Path:
        return self.files[gen]

    def ids(self) -> set[str]:
        return set(self.versions[0])


def _generation(d: dict, gen: int) -> dict:
    """Version ``gen`` of a document: same text and id, different title, attributions, entities and warnings."""
    d = json.loads(json.dumps(d))
    d["title"] = f"{d.get('title') or 'ohne Titel'} [Fassung {gen}]"
    if gen % 2:
        d["attributions"] = d["attributions"][:-1]
        d["entities"] = d["entities"][1:]
    d["warnings"] = [{"stage": "attribution", "item": f"a{j + 1}", "reason": f"Fassung {gen}: Teil {j} verworfen"}
                     for j in range(gen % 3 + 1)] + [{"stage": "entities", "item": None, "reason": "aufgegeben"}]
    return Document.from_dict(d).to_dict()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    """The example articles analysed once by the real pipeline, copied (the text grows by a tail, so offsets
    stay valid and every copy has its own id) and written as JSONL in 12 generations."""
    from quellen.ingest import iter_inputs, list_inputs
    from quellen.pipeline import Pipeline

    # (whatever the pipeline of the day makes of the five articles: this tests the store, not the analysis)
    bases = [d for d in Pipeline().run(iter_inputs(list_inputs([ARTICLES])))
             if isinstance(d, Document) and len(d.attributions) >= 2 and d.entities]
    assert len(bases) >= 2, "the pipeline analysed too few of examples/articles to build a corpus from"
    tail = "\n\n".join(d.text for d in bases)
    docs = []
    for k in range(-(-DOCUMENTS // len(bases))):
        for base in bases:
            d = base.to_dict()
            d["text"] = f"{base.text}\n\nArchivkopie {k}:\n{tail}"
            d["id"] = document_id(d["text"])
            d["source"] = f"kopie-{k:02d}/{base.source}"
            docs.append(d)
    folder = tmp_path_factory.mktemp("corpus")
    files, versions = {}, {}
    for gen in range(12):
        versions[gen] = {d["id"]: _generation(d, gen) for d in docs}
        files[gen] = folder / f"gen{gen}.jsonl"
        files[gen].write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in versions[gen].values()),
                              encoding="utf-8")
    full_db = folder / "full.db"
    done = run_writer(full_db, files[0])
    assert done.returncode == 0, done.stderr
    return Corpus(files, versions, full_db)


def _limit_file_size(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG, no signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def start_writer(db: Path, docs: Path, mode: str = "once", limit: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(docs), mode], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_limit_file_size(limit) if limit else None)


def run_writer(db: Path, docs: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    p = start_writer(db, docs, "once", limit)
    out, err = p.communicate(timeout=120)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def check_db(db: Path, allowed: list[dict[str, dict]]) -> dict[str, dict]:
    """Assert the file is sound and each stored document is one complete saved version; return them by id.

    ``allowed``: the versions (doc id -> to_dict) any document may be in. Opening it with sqlite3 first also
    rolls back a hot journal a killed writer left, as the next ``quellen`` run would."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in tables:          # killed before the schema was committed: nothing there at all
            assert not tables - {"sqlite_sequence"}, tables
            return {}
        for t in S.CHILD_TABLES:               # no row of a document that is not there
            assert con.execute(f"SELECT COUNT(*) FROM {t.name} WHERE doc_id NOT IN "
                               "(SELECT id FROM documents)").fetchone() == (0,), t.name
        fts = dict(con.execute(f"SELECT doc_id, COUNT(*) FROM {S.FTS_TABLE} GROUP BY doc_id").fetchall())
        attrs = dict(con.execute("SELECT doc_id, COUNT(*) FROM attributions GROUP BY doc_id").fetchall())
        assert fts == attrs                    # the search index holds exactly the stored attributions
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == \
            con.execute("SELECT COUNT(DISTINCT source) FROM documents").fetchone()[0]   # no duplicates
    finally:
        con.close()
    store = Store(str(db))
    try:
        stored = {}
        for doc in store.documents():
            got = doc.to_dict()
            assert any(got == versions.get(doc.id) for versions in allowed), f"partial or unknown: {doc.source}"
            stored[doc.id] = got
        return stored
    finally:
        store.close()


# ------------------------------------------------------------------ disk full / file size limit


def test_file_size_limit_stops_with_q103_and_a_rerun_completes(corpus, tmp_path):
    """EFBIG (RLIMIT_FSIZE) at a few points of the batch: the run stops with Q103, what is stored is complete,
    and a rerun without the limit finishes the batch."""
    full = corpus.full_db.stat().st_size
    rng = random.Random(103)
    # 40 kB: creating the schema (about 30 pages) fails already; then 40 % and 85 % of the batch
    for i, limit in enumerate([40_000] + [int(full * f) + rng.randrange(4096) for f in (0.4, 0.85)]):
        db = tmp_path / f"limited{i}.db"
        stopped = run_writer(db, corpus.path(0), limit=limit)
        assert stopped.returncode == 3, (stopped.stdout, stopped.stderr)
        assert f"[{STORAGE}] cannot write the database {db}" in stopped.stderr
        assert stopped.stderr.count("[Q103]") == 1 and "Traceback" not in stopped.stderr
        assert "I/O error" in stopped.stderr or "disk is full" in stopped.stderr
        partial = check_db(db, [corpus.versions[0]])
        assert (0 < len(partial) < len(corpus.ids())) if i else partial == {}, (limit, len(partial))

        rerun = run_writer(db, corpus.path(0))
        assert rerun.returncode == 0, rerun.stderr
        assert check_db(db, [corpus.versions[0]]) == corpus.versions[0]


def test_file_size_limit_while_replacing_keeps_the_old_versions(corpus, tmp_path):
    """A limit below the file's size: replacing documents fails at a page above the limit, possibly after the
    commit wrote the pages below it, so SQLite must roll back from its journal. Every document stays in its old
    or its new version, entirely."""
    db = tmp_path / "replace.db"
    shutil.copyfile(corpus.full_db, db)
    size = db.stat().st_size
    for gen, fraction in ((1, 0.9), (2, 0.5)):
        stopped = run_writer(db, corpus.path(gen), limit=int(size * fraction))
        assert stopped.returncode == 3 and "[Q103]" in stopped.stderr, (stopped.stdout, stopped.stderr)
        stored = check_db(db, [corpus.versions[g] for g in range(gen + 1)])
        assert set(stored) == corpus.ids()                     # nothing lost
    rerun = run_writer(db, corpus.path(3))
    assert rerun.returncode == 0, rerun.stderr
    assert check_db(db, [corpus.versions[3]]) == corpus.versions[3]


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real 512 KiB tmpfs (schema version 5 takes more pages than 4 did) (we run as root in CI containers); skipped where mounting is not permitted."""
    mnt = tmp_path / "tmpfs"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], capture_output=True,
                         text=True)
    if res.returncode != 0:
        pytest.skip(f"mount -t tmpfs not permitted here: {res.stderr.strip() or res.returncode}")
    try:
        yield mnt
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_real_full_disk_stops_with_q103_and_a_rerun_after_freeing_space_completes(corpus, small_tmpfs):
    db = small_tmpfs / "quellen.db"
    stopped = run_writer(db, corpus.path(0))
    assert stopped.returncode == 3, (stopped.stdout, stopped.stderr)
    assert f"[{STORAGE}] cannot write the database {db}: the disk is full" in stopped.stderr
    partial = check_db(db, [corpus.versions[0]])
    assert 0 < len(partial) < len(corpus.ids())
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_tmpfs)], check=True)   # "free disk space"
    rerun = run_writer(db, corpus.path(0))
    assert rerun.returncode == 0, rerun.stderr
    assert check_db(db, [corpus.versions[0]]) == corpus.versions[0]


# ------------------------------------------------------------------ kill -9


def test_kill_9_at_random_moments_never_leaves_a_partial_document(corpus, tmp_path):
    """A writer killed (SIGKILL) at seeded random moments: from creating the schema, through the first saves, to
    replacing stored documents with newer versions. After each kill the file is sound and each document is one
    version entirely; a final run leaves exactly the full set in its last version."""
    db = tmp_path / "killed.db"
    rng = random.Random(20241026)
    trials, mid_transaction = 8, 0
    for trial in range(trials):
        writer = start_writer(db, corpus.path(trial), mode="forever")
        assert writer.stdout.readline().strip() == "ready"     # documents loaded; now it opens and writes
        time.sleep(rng.uniform(0.0, 0.12) if trial == 0 else rng.uniform(0.05, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, "the writer ended before it was killed"
        journal = Path(f"{db}-journal")
        mid_transaction += journal.exists() and journal.stat().st_size > 0     # killed inside a transaction
        check_db(db, [corpus.versions[g] for g in range(trial + 1)])
    final = run_writer(db, corpus.path(trials))
    assert final.returncode == 0, final.stderr
    assert final.stdout.split()[-1] == str(len(corpus.ids()))
    assert check_db(db, [corpus.versions[trials]]) == corpus.versions[trials]
    print(f"{mid_transaction} of {trials} kills landed inside a transaction")
    assert mid_transaction >= 1, "no kill interrupted a transaction; the test proved nothing"


# ------------------------------------------------------------------ how each fault is classified


@pytest.fixture
def db(tmp_path):
    return tmp_path / "quellen.db"


def test_a_lock_held_past_the_busy_timeout_is_q103(db):
    store = Store(str(db), busy_timeout=0.2)
    store.save(make_doc())
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        t = time.monotonic()
        with pytest.raises(EnvironmentFault) as info:
            store.save(make_doc(source="neu.txt"))
        assert time.monotonic() - t >= 0.15                   # it waited for the lock first
        assert info.value.code == STORAGE and "database is locked" in str(info.value)
        assert "0.2 s" in str(info.value)
        with pytest.raises(EnvironmentFault, match="locked"):
            store.record_failure(Failure("x.txt", "kaputt"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.save(make_doc(source="neu.txt"))                    # lock gone: writes again
    assert store.count() == 1


def test_read_only_database_is_q103(db):
    Store(str(db)).save(make_doc())
    ro = Store(f"sqlite:///file:{db}?mode=ro&uri=true")
    for write in (lambda: ro.save(make_doc(source="neu.txt")), lambda: ro.delete(make_doc().id),
                  lambda: ro.record_failure(Failure("x.txt", "kaputt"))):
        with pytest.raises(EnvironmentFault, match=r"\[Q103\] cannot write the database .*read-only"):
            write()
    assert Store(str(db)).count() == 1


def test_unopenable_and_foreign_files_are_q103(tmp_path):
    folder = tmp_path / "ein-ordner.db"
    folder.mkdir()
    with pytest.raises(EnvironmentFault, match="unable to open database file"):
        Store(str(folder))
    junk = tmp_path / "notizen.db"
    junk.write_bytes(b"Das ist keine Datenbank.\n" * 400)
    with pytest.raises(EnvironmentFault, match="file is not a database"):
        Store(str(junk))
    blocked = tmp_path / "datei"
    blocked.write_text("x")
    with pytest.raises(EnvironmentFault) as info:
        Store(str(blocked / "sub" / "quellen.db"))             # its folder cannot be created
    assert info.value.code == STORAGE


def test_damaged_database_is_q103(db):
    Store(str(db)).save(make_doc())
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)                    # page 1 (the schema) overwritten
    db.write_bytes(bytes(data))
    with pytest.raises(EnvironmentFault) as info:
        Store(str(db))
    assert info.value.code == STORAGE and "malformed" in str(info.value)


def test_bad_document_is_a_store_error_and_nothing_of_it_is_written(db):
    store = Store(str(db))
    good = make_doc()
    store.save(good)
    broken = make_doc()
    broken.title = "anders"
    broken.attributions[1].id = "a1"                            # duplicate id inside one document
    with pytest.raises(StoreError) as info:
        store.save(broken)
    assert isinstance(info.value, ValueError)
    assert "artikel.txt" in str(info.value) and "UNIQUE constraint failed" in str(info.value)
    assert store.get(good.id).to_dict() == good.to_dict()      # the earlier version, untouched

    odd = make_doc(text=good.text + " Noch einer.", source="b\udcfcro.txt")   # undecodable file name
    with pytest.raises(StoreError) as info:
        store.save(odd)
    message = str(info.value)
    assert "b\\udcfcro.txt" in message and "UnicodeEncodeError" in message
    message.encode("utf-8")                                     # printable as it stands
    store.record_failure(Failure(odd.source, message, stage="store"))   # and recordable, as the CLI does
    assert [(f.source, f.stage) for f in store.failures()] == [("b\\udcfcro.txt", "store")]
    assert store.count() == 1

    nothing = make_doc(text=good.text + " Dritter.", source="c.txt")
    nothing.attributions[0].content = None
    with pytest.raises(StoreError, match="c.txt"):
        store.save(nothing)
    assert store.count() == 1 and store.search("Dritter") == []
