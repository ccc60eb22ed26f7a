"""A clean, non-editable install works with the pip that ``python -m venv`` ships, and analyses real input.

Why: the development venv upgrades pip and installs editable, which hid that pip 23.2 (the one Python 3.11's
``venv`` ships) left out ``lxml_html_clean``: jusText asks for it only through the extra ``lxml[html_clean]``,
which that pip skips. Every HTML and WARC article then failed while ``quellen analyze`` exited 0. This test
installs the project the way a user would, with the pip as shipped (deliberately not upgraded), and runs the
installed ``quellen analyze`` on the bundled HTML and WARC examples.

The project is copied from the working tree (tracked files plus untracked ones git does not ignore), so a local
run tests the uncommitted changes too; in CI's fresh clone that is exactly the commit. pip uses the machine's
configuration and cache (wheels already downloaded make the install take well under a minute).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"

pytestmark = pytest.mark.slow


def copy_project(dest: Path) -> None:
    """The working tree's files that git tracks or would track (never .venv, build output, databases)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=REPO, capture_output=True, check=False)
    if listing.returncode != 0:       # not a git checkout (e.g. an unpacked sdist): copy it, minus the usual
        shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", "__pycache__",
                                                                  ".git", "*.db", ".pytest_cache"))
        return
    for name in listing.stdout.decode().split("\0"):
        src = REPO / name
        if name and src.is_file():    # a tracked file deleted in the working tree is left out, as it would be
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["COLUMNS"] = "400"            # rich must not wrap the summary line the test reads
    return env


def run(cmd: list[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=clean_env())


def test_clean_install_with_shipped_pip_analyses_html_and_warc(tmp_path):
    if importlib.util.find_spec("venv") is None or importlib.util.find_spec("ensurepip") is None:
        pytest.skip("this Python has no venv/ensurepip module (Debian: apt-get install python3-venv)")
    started = time.monotonic()
    project = tmp_path / "project"
    copy_project(project)
    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], tmp_path, 300)
    if made.returncode != 0 and "ensurepip" in (made.stdout + made.stderr):
        pytest.skip(f"python -m venv cannot install pip here: {made.stderr.strip()[-500:]}")
    assert made.returncode == 0, made.stderr
    python, quellen = venv / "bin" / "python", venv / "bin" / "quellen"
    pip_version = run([str(python), "-m", "pip", "--version"], tmp_path, 60).stdout.split()[1]

    installed = run([str(python), "-m", "pip", "install", "--no-input", str(project)], tmp_path, 900)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    t_install = time.monotonic() - started

    where = run([str(python), "-c", "import quellen, lxml_html_clean; print(quellen.__file__)"], tmp_path, 60)
    assert where.returncode == 0, where.stderr                          # lxml_html_clean came with quellen
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve())   # not the source tree

    inputs = sorted(EXAMPLES.glob("*.html")) + sorted(EXAMPLES.glob("*.warc.gz"))
    assert inputs, "no bundled HTML/WARC examples"
    db = tmp_path / "out.db"
    analysed = run([str(quellen), "analyze", *map(str, inputs), "--db", str(db), "--no-report"], tmp_path, 600)
    elapsed = time.monotonic() - started
    print(f"pip {pip_version}: venv + install {t_install:.0f} s, all {elapsed:.0f} s")
    log = analysed.stdout[-3000:] + analysed.stderr[-3000:]
    assert analysed.returncode == 0, log
    assert " 0 failed" in analysed.stderr, log

    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from failures").fetchone()[0] == 0
        rows = con.execute("select d.source, count(a.pk) from documents d left join attributions a "
                           "on a.doc_id = d.id group by d.id").fetchall()
    sources = {Path(src.split("#", 1)[0]).name for src, _ in rows}
    assert sources == {p.name for p in inputs}, rows                   # every file gave a stored document
    assert all(n > 0 for _, n in rows), rows                           # each with attributions
