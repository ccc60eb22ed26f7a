"""What makes a stored analysis current: the input's content hash and the analysis version.

Why: re-running ``quellen analyze`` over a folder that is already analysed should cost almost nothing, and after
``kill -9`` a re-run should finish the rest of the batch instead of starting again (issue: resumable, incremental
batches). An input is skipped when the database already holds a document made from the same content
(:func:`input_hash`) by the same analysis (:func:`analysis_version`); ``--force`` analyses everything again.

The analysis version is a fingerprint of everything that decides the output: the analysis code of quellen (its
``.py`` files, without :data:`NOT_RUN_TIME`), the shipped model files, the stage names and the pipeline's
configuration (a configured path is fingerprinted by its contents). So a model upgrade or a code change
re-analyses exactly the documents made by the older analysis, and nothing when nothing changed. The limits are
not part of it: they decide whether an article is analysed, not what comes out.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .model import Failure, RawDocument, Unchanged

PACKAGE = Path(__file__).resolve().parent
# Parts of the package that do not decide what an analysis outputs (training, tests' harness, scoring, storage,
# the corpus-level and serving layers, the command line): changing them must not re-analyse a corpus.
NOT_RUN_TIME = frozenset({"training", "fuzz", "evaluation", "taskformat", "store", "ledger", "serve", "engines",
                          "cli.py", "report.py", "environment.py", "workers.py", "versioning.py", "__main__.py"})


def input_hash(raw: RawDocument) -> str:
    """The content of one input as found (text or HTML and what its container states), without its path: the
    same article moved to another folder is still the same input."""
    payload = json.dumps([raw.text, raw.html, raw.url, raw.title, raw.published], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _hash_tree(h: "hashlib._Hash", root: Path, files: Iterable[Path]) -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")


@lru_cache(maxsize=1)
def code_and_models_fingerprint() -> str:
    """The run-time code and the shipped models (computed once per process; about 0.1 s for 35 MB)."""
    h = hashlib.sha256()
    code = [f for f in PACKAGE.rglob("*.py")
            if f.relative_to(PACKAGE).parts[0] not in NOT_RUN_TIME and "__pycache__" not in f.parts]
    _hash_tree(h, PACKAGE, code)
    models = PACKAGE / "data" / "models"
    if models.is_dir():
        _hash_tree(h, models, [f for f in models.rglob("*") if f.is_file()])
    return h.hexdigest()


def _config_part(value: Any) -> Any:
    """A configuration value as it enters the fingerprint; an existing path stands for its contents."""
    if isinstance(value, (str, Path)) and len(str(value)) < 4096:
        path = Path(value)
        try:
            if path.is_file() or path.is_dir():
                h = hashlib.sha256()
                files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
                _hash_tree(h, path if path.is_dir() else path.parent, files)
                return {"path": str(value), "sha256": h.hexdigest()}
        except OSError:
            pass
    if isinstance(value, dict):
        return {str(k): _config_part(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_config_part(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def analysis_version(stage_names: Iterable[str], config: dict[str, Any] | None = None) -> str:
    """The fingerprint stored with every document (see the module docstring)."""
    from . import __version__

    payload = json.dumps({"quellen": __version__, "code_and_models": code_and_models_fingerprint(),
                          "stages": list(stage_names), "config": _config_part(dict(config or {}))},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def mark_unchanged(raws: Iterable[RawDocument | Failure], current: Callable[[str, str], str | None],
                   version: str) -> Iterator[RawDocument | Failure | Unchanged]:
    """The batch with every input that ``current(input_hash, version)`` finds stored replaced by
    :class:`Unchanged` (in its place, so results stay in input order and the analysis skips it)."""
    for raw in raws:
        if isinstance(raw, RawDocument):
            doc_id = current(input_hash(raw), version)
            if doc_id is not None:
                yield Unchanged(raw.source, doc_id)
                continue
        yield raw


__all__ = ["input_hash", "analysis_version", "code_and_models_fingerprint", "mark_unchanged"]
