"""The preflight (quellen.environment) and the CLI contract built on it.

Why these tests: with an old pip, ``pip install .`` left out ``lxml_html_clean``; every HTML article then
failed with the same ImportError and ``quellen analyze`` still exited 0. A missing module or a broken model
must instead stop the run before the first article, with one message (Q101 / Q102) and exit status 3.

A missing module is simulated in a fresh interpreter with ``sys.modules[name] = None`` (the import system then
raises ModuleNotFoundError for it), set before quellen is imported, so this test process stays unharmed.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quellen import environment as E
from quellen.errors import MISSING_MODULE, MODEL_UNAVAILABLE, EnvironmentFault

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"


def run_python(code: str, *, cwd: Path = REPO, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["COLUMNS"] = "400"          # rich must not wrap the one-line messages the tests look for
    return env


def preflight_in_subprocess(blocked: list[str], stages: list[str] | None = None) -> dict:
    """Run check_environment in a fresh interpreter where ``blocked`` cannot be imported."""
    proc = run_python(f"""
        import json, sys
        for name in {blocked!r}:
            sys.modules[name] = None
        from quellen.environment import check_environment
        from quellen.errors import EnvironmentFault
        try:
            check_environment({stages!r})
        except EnvironmentFault as exc:
            print(json.dumps({{"code": exc.code, "message": str(exc)}}))
        else:
            print(json.dumps({{"code": None, "message": ""}}))
        """)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ modules (Q101)

def test_blocked_lxml_html_clean_is_one_q101_naming_it():
    result = preflight_in_subprocess(["lxml.html.clean"])
    assert result["code"] == MISSING_MODULE == "Q101"
    msg = result["message"]
    assert msg.startswith("[Q101] ")
    assert "'lxml.html.clean'" in msg and "pip install lxml_html_clean" in msg
    # justext and trafilatura fail only because of it: they are not listed as further problems
    assert "modules cannot be imported" not in msg and "'trafilatura'" not in msg and "'justext'" not in msg


def test_two_missing_modules_are_named_in_one_message():
    result = preflight_in_subprocess(["warcio.archiveiterator", "pycrfsuite"], stages=["attribution"])
    assert result["code"] == "Q101"
    msg = result["message"]
    assert "2 modules cannot be imported" in msg
    assert "'warcio.archiveiterator'" in msg and "pip install warcio" in msg
    assert "'pycrfsuite'" in msg and "pip install python-crfsuite" in msg


def test_stage_modules_are_checked_only_for_their_stages():
    assert preflight_in_subprocess(["pycrfsuite"], stages=[])["code"] is None
    assert preflight_in_subprocess(["pycrfsuite"], stages=["attribution"])["code"] == "Q101"


def test_lxml_stub_import_error_maps_to_the_same_message():
    """lxml's stub raises a plain ImportError without ``name``; the module is found in its text."""
    exc = ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\n"
                      "Install lxml[html-clean] or lxml_html_clean directly.")
    fault = E.fault_for_exception(exc)
    assert fault is not None and fault.code == "Q101"
    assert "'lxml.html.clean'" in str(fault) and "pip install lxml_html_clean" in str(fault)
    assert "\n" not in str(fault)


def test_fault_for_exception_by_name_and_fallbacks():
    fault = E.fault_for_exception(ModuleNotFoundError("No module named 'sqlalchemy'", name="sqlalchemy"))
    assert fault.code == "Q101" and "pip install sqlalchemy" in str(fault)
    fault = E.fault_for_exception(ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean"))
    assert "pip install lxml_html_clean" in str(fault)
    # a module quellen does not list still stops the run, with the generic message
    fault = E.fault_for_exception(ModuleNotFoundError("No module named 'zzz'", name="zzz"))
    assert fault.code == "Q101" and "zzz" in str(fault)
    assert E.fault_for_exception(ValueError("an ordinary error")) is None


def test_healthy_environment_passes():
    E.check_environment()          # the default stages, shipped models; cached for the rest of the process


# ------------------------------------------------------------------ models (Q102)

def test_corrupt_pipeline_file_is_q102(tmp_path):
    from quellen.nlp import MODEL_DIR

    broken = tmp_path / "de_quellen"
    shutil.copytree(MODEL_DIR, broken)
    (broken / "tagger" / "model").write_bytes(b"not a model")
    with pytest.raises(EnvironmentFault) as info:
        E.check_environment(["nlp"], pipeline_dir=broken)
    assert info.value.code == MODEL_UNAVAILABLE == "Q102"
    msg = str(info.value)
    assert "de_quellen" in msg and str(broken) in msg and "reinstall quellen" in msg


def test_empty_pipeline_folder_is_q102(tmp_path):
    with pytest.raises(EnvironmentFault) as info:
        E.check_pipeline(tmp_path)
    assert info.value.code == "Q102" and "FileNotFoundError" in str(info.value)


def test_pipeline_is_not_loaded_without_the_nlp_stage(tmp_path):
    E.check_environment(["speakers"], pipeline_dir=tmp_path)     # an empty folder: not looked at


def test_broken_or_partial_attribution_model_is_q102(tmp_path):
    from quellen.attribution import learned

    broken = tmp_path / "attribution"
    shutil.copytree(learned.MODEL_DIR, broken)
    (broken / learned.MSG_MODEL).write_bytes(b"x")
    with pytest.raises(EnvironmentFault) as info:
        E.check_attributor(broken)
    assert info.value.code == "Q102" and learned.MSG_MODEL in str(info.value)

    partial = tmp_path / "partial"
    shutil.copytree(learned.MODEL_DIR, partial)
    (partial / learned.ROLE_MODEL).unlink()
    with pytest.raises(EnvironmentFault) as info:
        E.check_attributor(partial)
    assert info.value.code == "Q102" and f"missing {learned.ROLE_MODEL}" in str(info.value)


def test_no_attribution_model_at_all_is_fine(tmp_path):
    """The rules run alone where no model is shipped: that is a set-up, not a fault."""
    E.check_attributor(tmp_path)
    E.check_attributor(tmp_path / "absent")


def test_a_model_that_needs_a_missing_module_is_q101(tmp_path, monkeypatch):
    from quellen.attribution import learned

    def needs_torch(path):
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    monkeypatch.setattr(learned, "load_attributor", needs_torch)
    with pytest.raises(EnvironmentFault) as info:
        E.check_attributor()
    assert info.value.code == "Q101" and "torch" in str(info.value) and "attribution model" in str(info.value)


# ------------------------------------------------------------------ the CLI contract

ANALYZE = """
    import sys
    sys.modules["lxml.html.clean"] = None
    {patch}
    from quellen.cli import main
    sys.argv = ["quellen", "analyze", {examples!r}, "--db", {db!r}]
    main()
"""


def analyze_blocked(tmp_path: Path, patch: str = "") -> tuple[subprocess.CompletedProcess, Path]:
    db = tmp_path / "x.db"
    proc = run_python(ANALYZE.format(patch=patch, examples=str(EXAMPLES), db=str(db)), cwd=tmp_path)
    return proc, db


def assert_stopped_once(proc: subprocess.CompletedProcess, db: Path) -> None:
    assert proc.returncode == 3, (proc.returncode, proc.stderr[-3000:])
    assert "Q101" in proc.stderr and "lxml" in proc.stderr, proc.stderr[-3000:]
    assert proc.stderr.count("Q101") == 1, proc.stderr[-3000:]          # once, not once per article
    if db.exists():                                                    # and no article recorded as failed
        with sqlite3.connect(db) as con:
            tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
            if "failures" in tables:
                assert con.execute("select count(*) from failures").fetchone()[0] == 0


def test_analyze_stops_with_status_3_before_any_article(tmp_path):
    """quellen analyze runs the preflight before reading any input (needs the lead's cli.py change)."""
    proc, db = analyze_blocked(tmp_path)
    assert_stopped_once(proc, db)


def test_import_error_inside_an_article_stops_the_run_with_status_3(tmp_path):
    """Without the preflight, the same ImportError is raised inside the first HTML article's analysis: it must
    stop the run (status 3, one message), not be recorded as a failure of every HTML article."""
    patch = "import quellen.environment as E; E.check_environment = lambda *a, **k: None"
    proc, db = analyze_blocked(tmp_path, patch)
    assert_stopped_once(proc, db)


# ------------------------------------------------------------------ out of disk or temp space

def test_out_of_space_errors_are_storage_faults_not_article_errors():
    """ENOSPC/EFBIG/EDQUOT say the machine is out of room: an environment fault (Q103) naming the file and the way
    out; other OSErrors stay ordinary errors of the input at hand."""
    import errno

    from quellen.errors import STORAGE, as_environment_fault, is_environment_error

    for code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        exc = OSError(code, "x", "/tmp/tmpab12")
        assert is_environment_error(exc)
        fault = as_environment_fault(exc)
        assert fault.code == STORAGE and "/tmp/tmpab12" in str(fault) and "TMPDIR" in str(fault), str(fault)
    assert not is_environment_error(FileNotFoundError(errno.ENOENT, "no such file", "a.txt"))
    assert not is_environment_error(ValueError("bad input"))


def test_a_file_size_limit_in_the_preflight_is_q103_not_a_broken_model(tmp_path):
    """A real process under a 1 MB file-size limit: loading py3langid's model streams its arrays through a temporary
    file, which fails with EFBIG. That is a storage fault (free space / raise the limit), not "reinstall py3langid"."""
    code = f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # EFBIG instead of being killed by the signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
        from quellen.cli import main
        sys.argv = ["quellen", "analyze", {str(EXAMPLES)!r}, "--db", {str(tmp_path / "x.db")!r}]
        main()
    """
    proc = run_python(code, cwd=tmp_path)
    assert proc.returncode == 3, (proc.returncode, proc.stderr[-3000:])
    assert proc.stderr.count("Q103") == 1 and "Q102" not in proc.stderr, proc.stderr[-3000:]
    assert "File too large" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-3000:]
