"""Predict task-format articles with the learned model and score them with the shared task scorer."""
from __future__ import annotations

import importlib.util
import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .io import SpkattDoc, read_doc, write_doc

log = logging.getLogger(__name__)


def default_scorer(data: Path) -> Path:
    """``<data>/../tools/spkatt_score.py`` (e.g. ../shared/tools/spkatt_score.py for --data ../shared/data)."""
    return Path(data).resolve().parent / "tools" / "spkatt_score.py"


def load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("spkatt_score", str(path))
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_file(attributor: Any, src: Path, dst: Path) -> str | None:
    """Predict one article into dst. Returns a warning (and writes the article without annotations) on failure."""
    from ..attribution.learned import predict_spkatt_doc

    try:
        doc = read_doc(src)
    except Exception as exc:  # unreadable JSON: copy it as it is, so every input has an output file
        shutil.copyfile(src, dst)
        return f"{src.name}: could not read ({exc}); copied unchanged"
    try:
        if attributor is None:
            raise RuntimeError("no attribution model")
        predict_spkatt_doc(attributor, doc)
        warning = None
    except Exception as exc:
        doc.annotations = []
        warning = f"{src.name}: prediction failed ({exc}); written without annotations"
    write_doc(doc, dst)
    return warning


def predict_dir(in_dir: Path, out_dir: Path, model_dir: Path | None = None,
                files: list[Path] | None = None, attributor: Any = None) -> tuple[int, list[str], int, float]:
    """Predict every *.json in in_dir (or the given files) into out_dir. Returns (n, warnings, tokens, seconds)."""
    from ..attribution.learned import load_attributor

    if attributor is None:
        attributor = load_attributor(model_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = files if files is not None else sorted(Path(in_dir).glob("*.json"), key=lambda p: p.name)
    warnings = []
    n_tok = 0
    t0 = time.perf_counter()
    for f in files:
        w = predict_file(attributor, f, out_dir / f.name)
        if w:
            warnings.append(w)
            log.warning(w)
    dt = time.perf_counter() - t0
    for f in files:
        try:
            n_tok += sum(len(s) for s in read_doc(f).sentences)
        except Exception:
            pass
    return len(files), warnings, n_tok, dt


def evaluate_heldout(data: Path, model_dir: Path | None = None, limit: int | None = None,
                     scorer: Path | None = None, with_breakdown: bool = False) -> dict[str, Any]:
    """Predict the held-out news articles (every tenth by sorted name) and score them with the shared scorer."""
    from ..training.splits import spkatt_split

    _, heldout = spkatt_split(Path(data))
    if limit:
        heldout = heldout[:limit]
    result = evaluate_files(heldout, model_dir=model_dir, scorer=scorer or default_scorer(data),
                            with_breakdown=with_breakdown)
    result["heldout"] = "news-spkatt/train, every tenth article by sorted file name"
    return result


def evaluate_files(files: list[Path], model_dir: Path | None = None, scorer: Path | None = None,
                   attributor: Any = None, with_breakdown: bool = False) -> dict[str, Any]:
    """Predict the given gold articles and score them with the shared scorer (``with_breakdown``: also
    :func:`quellen.taskformat.breakdown.breakdown`, under the key "breakdown")."""
    heldout = list(files)
    module = load_scorer(Path(scorer) if scorer else default_scorer(Path(heldout[0]).parents[2]))
    with tempfile.TemporaryDirectory(prefix="quellen-spkatt-") as tmp:
        gold_dir, pred_dir = Path(tmp) / "gold", Path(tmp) / "pred"
        gold_dir.mkdir()
        for f in heldout:
            shutil.copyfile(f, gold_dir / f.name)   # temporary, outside the repo
        n, warnings, n_tok, dt = predict_dir(gold_dir, pred_dir, model_dir=model_dir,
                                             files=sorted(gold_dir.glob("*.json")), attributor=attributor)
        result = module.score(str(gold_dir), str(pred_dir))
        if with_breakdown:
            from .breakdown import breakdown

            result["breakdown"] = breakdown(gold_dir, pred_dir, module)
    result["warnings"] = warnings
    result["tokens"] = n_tok
    result["words_per_second"] = round(n_tok / dt) if dt else None
    return result
