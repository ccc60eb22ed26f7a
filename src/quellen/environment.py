"""Preflight: is this installation able to run a batch at all? Checked once, before any input is read.

Why: a broken environment (a dependency that pip left out, a damaged model file) otherwise surfaces inside the
analysis of each article, where it looks like a failure of that article. With an old pip (the 23.2 that
Python 3.11's ``venv`` ships) ``pip install .`` used to leave out ``lxml_html_clean``; every HTML article then
failed with the same ImportError while ``quellen analyze`` exited 0. :func:`check_environment` imports every
module the chosen stages need and loads the shipped models they use, and turns the first problem into one
:class:`quellen.errors.EnvironmentFault` (``Q101`` for a module, ``Q102`` for a model) whose message names the
module or model, the underlying reason, and what to do. The CLI prints it once and exits with status 3.

Loading the models here costs nothing extra: they are cached per process (``load_pipeline`` and
``load_attributor`` are ``lru_cache``'d) and worker processes are forked afterwards, so they inherit them.

:func:`fault_for_exception` gives an ImportError raised later, inside an article's analysis, the same message.
The module list follows the audit of ``[project] dependencies`` in ``pyproject.toml``; keep the two in step.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .errors import MISSING_MODULE, MODEL_UNAVAILABLE, EnvironmentFault, as_environment_fault, is_environment_error

MODEL_FIX = ("reinstall quellen, whose package ships it (pip install --force-reinstall quellen, or "
             "pip install --force-reinstall . in a source checkout)")
REINSTALL = ("reinstall quellen with its dependencies using a current pip "
             "(python -m pip install --upgrade pip first)")


@dataclass(frozen=True)
class Needed:
    """One module a run imports: which distribution provides it, and what quellen uses it for."""

    module: str
    distribution: str | None   # None: part of Python's standard library
    purpose: str

    def fix(self) -> str:
        if self.distribution is None:
            return ("it belongs to Python's standard library, so this Python was built without it: "
                    "use a Python build that includes it")
        return f"pip install {self.distribution}, or {REINSTALL}"


# Needed by every `analyze` run, whatever the stages: reading the input, cleaning it, storing the results.
# Order matters: a module comes before the modules that import it, so that the message names the real culprit
# (lxml.html.clean, not trafilatura, when lxml_html_clean is missing); their failures are then not repeated.
BASE: tuple[Needed, ...] = (
    Needed("sqlite3", None, "the SQLite database"),
    Needed("lzma", None, "reading py3langid's language model"),
    Needed("sqlalchemy", "sqlalchemy", "storing the results"),
    Needed("alembic", "alembic", "creating and upgrading the database schema"),
    Needed("rich", "rich", "the progress display and the report"),
    Needed("typer", "typer", "the command line"),
    Needed("numpy", "numpy", "language identification (py3langid) and the attribution features"),
    Needed("warcio.archiveiterator", "warcio", "reading WARC files"),
    Needed("lxml.etree", "lxml", "parsing HTML pages"),
    Needed("lxml.html.clean", "lxml_html_clean",
           "extracting text from HTML pages (jusText, which trafilatura imports, uses it; since lxml 5.2 it is "
           "the separate package lxml_html_clean, which pip < 23.3 leaves out)"),
    Needed("justext", "jusText", "extracting text from HTML pages (trafilatura imports it)"),
    Needed("htmldate", "htmldate", "finding the publication date of HTML pages"),
    Needed("trafilatura", "trafilatura", "extracting the main text of HTML pages"),
    Needed("py3langid.langid", "py3langid", "language identification"),
)

# Needed by the built-in stages beyond BASE (quellen/stages.py). Plugin stages check their own needs.
BY_STAGE: dict[str, tuple[Needed, ...]] = {
    "nlp": (Needed("spacy", "spacy", "quellen's German pipeline (tokens, tags, entities)"),
            Needed("threadpoolctl", "threadpoolctl", "one BLAS thread per worker process")),
    "entities": (Needed("spacy", "spacy", "named entities"),),
    "attribution": (Needed("spacy", "spacy", "sentences and tokens for attribution"),
                    Needed("pycrfsuite", "python-crfsuite", "the learned attribution model (CRF)")),
}


def needed_modules(stages: Iterable[str]) -> list[Needed]:
    """BASE, then what the given stages add, each module once, in import order."""
    out: dict[str, Needed] = {n.module: n for n in BASE}
    for stage in stages:
        for n in BY_STAGE.get(stage, ()):
            out.setdefault(n.module, n)
    return list(out.values())


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().rstrip(".")


def _reason(exc: BaseException) -> str:
    text = _one_line(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _module_message(needed: Needed, exc: BaseException) -> str:
    return (f"module {needed.module!r} cannot be imported ({_reason(exc)}); quellen needs it for "
            f"{needed.purpose}. Fix: {needed.fix()}.")


def check_modules(stages: Iterable[str]) -> None:
    """Import every module that a run of ``stages`` needs; raise one Q101 fault naming all that fail.

    A failure that only repeats an earlier one (justext and trafilatura failing because lxml.html.clean does) is
    left out, so the message names the module to install and nothing else."""
    problems: list[str] = []
    seen: set[str] = set()
    for needed in needed_modules(stages):
        try:
            importlib.import_module(needed.module)
        except ImportError as exc:
            keys = {k for k in (getattr(exc, "name", None), _one_line(exc)) if k}
            if keys & seen:
                continue
            seen |= keys | {needed.module}
            problems.append(_module_message(needed, exc))
    if problems:
        head = problems[0] if len(problems) == 1 else f"{len(problems)} modules cannot be imported: " + " ".join(
            f"({i}) {p}" for i, p in enumerate(problems, 1))
        raise EnvironmentFault(MISSING_MODULE, head)


def _model_fault(what: str, where: Path, exc: BaseException | None, fix: str) -> EnvironmentFault:
    if isinstance(exc, ImportError):            # the model needs a module that is missing: say which
        fault = fault_for_exception(exc)
        assert fault is not None
        return EnvironmentFault(fault.code, f"{_text(fault)} (needed to load {what} from {where})")
    if exc is not None and is_environment_error(exc):   # out of disk or temp space: not the model's fault
        fault = as_environment_fault(exc)
        assert fault is not None
        return EnvironmentFault(fault.code, f"{_text(fault)} (while loading {what})")
    reason = f" ({_reason(exc)})" if exc is not None else ""
    return EnvironmentFault(MODEL_UNAVAILABLE, f"{what} cannot be loaded from {where}{reason}. Fix: {fix}.")


def _text(fault: EnvironmentFault) -> str:
    """A fault's message without its ``[Qxxx]`` prefix."""
    return str(fault).removeprefix(f"[{fault.code}] ")


def check_pipeline(path: str | Path | None = None) -> None:
    """Load quellen's German spaCy pipeline (the shipped one unless ``path``) and run it on one sentence."""
    from .nlp import MODEL_DIR, load_pipeline

    where = Path(path) if path else MODEL_DIR
    try:
        nlp = load_pipeline(str(path)) if path else load_pipeline()   # same cache key as the nlp stage's call
        nlp("Die Sprecherin sagte, das Treffen finde statt.")
    except Exception as exc:  # noqa: BLE001 - whatever breaks the load, the fault says so in one message
        raise _model_fault("quellen's German pipeline (de_quellen)", where, exc,
                           f"{MODEL_FIX}, or retrain it with `quellen models train`") from exc


def check_attributor(path: str | Path | None = None) -> None:
    """Load the learned attribution model where one is shipped (the shipped folder unless ``path``).

    No model files at all is a supported set-up (the rules run alone); a folder with some of them, or with
    files that do not load, is a damaged installation."""
    from .attribution import learned

    where = Path(path) if path else learned.MODEL_DIR
    files = (learned.MSG_MODEL, learned.ROLE_MODEL, learned.META)
    if not where.is_dir() or not any((where / f).exists() for f in files + (learned.CUE_MODEL,)):
        return
    fix = f"{MODEL_FIX}, or retrain it with `python -m quellen.training.attribution`"
    try:
        model = learned.load_attributor(where)
    except Exception as exc:  # noqa: BLE001
        raise _model_fault("the learned attribution model", where, exc, fix) from exc
    if model is None:
        missing = ", ".join(f for f in files if not (where / f).exists())
        reason = FileNotFoundError(f"missing {missing}") if missing else RuntimeError("it did not load; see the log")
        raise _model_fault("the learned attribution model", where, reason, fix)


def check_language_model() -> None:
    """py3langid's model ships inside py3langid; a broken install of it fails here, not per article."""
    from .clean.text import detect_language

    try:
        detect_language("Die Sprecherin sagte, das Treffen finde statt.")
    except Exception as exc:  # noqa: BLE001
        import py3langid

        raise _model_fault("py3langid's language model", Path(py3langid.__file__).parent, exc,
                           f"pip install --force-reinstall py3langid, or {REINSTALL}") from exc


def check_environment(stages: Sequence[str] | None = None, *, pipeline_dir: str | Path | None = None,
                      attribution_dir: str | Path | None = None) -> None:
    """Raise :class:`EnvironmentFault` (Q101 module, Q102 model) when a run of ``stages`` cannot succeed.

    ``stages``: the pipeline's stage names (default: the default pipeline). The directories replace the shipped
    model folders (for tests and for users who train their own). Modules are checked first, since the models
    need them; then the models of the chosen stages are loaded (and stay cached for the run)."""
    if stages is None:
        from .pipeline import DEFAULT_STAGES

        stages = DEFAULT_STAGES
    stages = list(stages)
    check_modules(stages)
    check_language_model()
    if "nlp" in stages:
        check_pipeline(pipeline_dir)
    if "attribution" in stages:
        check_attributor(attribution_dir)


def fault_for_exception(exc: BaseException) -> EnvironmentFault | None:
    """The :class:`EnvironmentFault` for an exception raised during an analysis, ``None`` for an ordinary one.

    An ImportError of a module in the lists above gets the same message as the preflight (with its fix); other
    environment errors get :func:`quellen.errors.as_environment_fault`'s."""
    if isinstance(exc, ImportError) and not isinstance(exc, EnvironmentFault):
        needed = _needed_for(exc)
        if needed is not None:
            return EnvironmentFault(MISSING_MODULE, _module_message(needed, exc))
    return as_environment_fault(exc)


def _needed_for(exc: ImportError) -> Needed | None:
    """The listed module an ImportError is about: by its ``name``, else by a module named in its text (lxml's
    stub raises one without a name: "lxml.html.clean module is now a separate project lxml_html_clean")."""
    known = needed_modules(BY_STAGE)
    name = getattr(exc, "name", None)
    if name:
        for n in known:
            if name == n.module or name.startswith(n.module + ".") or _norm(name) == _norm(n.distribution or ""):
                return n
        for n in known:                                      # a submodule not listed: its package's entry
            if name.split(".")[0] == n.module.split(".")[0]:
                return n
        return None
    text = str(exc)
    for n in sorted(known, key=lambda n: -len(n.module)):     # lxml.html.clean before lxml.etree
        if re.search(rf"(?<![\w.]){re.escape(n.module)}(?!\w)", text):
            return n
    return None


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


__all__ = ["check_environment", "check_modules", "check_pipeline", "check_attributor", "check_language_model",
           "fault_for_exception", "needed_modules", "Needed", "BASE", "BY_STAGE"]
