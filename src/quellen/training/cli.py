"""``quellen models train|evaluate``: rebuild every shipped model from ``../shared/data`` and measure it.

Runs single-threaded by design (team machine: 2 cores shared); set OMP/OPENBLAS/MKL_NUM_THREADS=1.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import typer

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data"
# what the shared tok2vec's pipeline is trained with: GermEval only. SmartData, Europarl and legal NER in that
# training cost sentences and Konjunktiv more than NER gained (docs/who.md, section 5); `--ner-extra
# smartdata,europarl,legal` repeats it. The "ner" part uses them instead for an NER with its own tok2vec,
# trained on GermEval and OWN_NER_EXTRA, grafted into the pipeline (training/ner_graft.py), and learns the first
# names the entity layer uses (training/first_names.py); shipped since 2026-12-07 (docs/who.md, section 8); then
# the name typer that follows that NER (training/name_types.py, docs/who.md section 11).
NER_EXTRA = ""
NER_WIDTH = 64
OWN_NER_EXTRA = "smartdata,europarl,legal"
OWN_NER_STEPS = 8000
MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
CONFIG = Path(__file__).resolve().parent / "configs" / "de_quellen.cfg"
PARTS = ("vectors", "corpus", "pipeline", "ner", "attribution")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Train and evaluate quellen's own German models.")


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def init_vectors(floret_path: Path, out: Path) -> Path:
    """floret text table -> spaCy vectors dir (``spacy init vectors ... --mode floret``)."""
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "de", str(floret_path), str(out),
                    "--mode", "floret"], check=True)
    return out


def train_pipeline(corpus: dict[str, Path], vectors: Optional[Path], out: Path, steps: int, seed: int,
                   config: Path = CONFIG, ner_width: int = NER_WIDTH) -> Path:
    """spaCy training with the repo config; returns the best model dir."""
    from spacy.cli.train import train as spacy_train

    import quellen.nlp  # noqa: F401  registers the tokenizer

    overrides = {"paths.train": str(corpus["train"]), "paths.dev": str(corpus["dev"]),
                 "system.seed": seed, "training.max_steps": steps,
                 "components.ner.model.hidden_width": ner_width}
    if vectors:
        overrides["paths.vectors"] = str(vectors)
    else:
        overrides["components.tok2vec.model.embed.include_static_vectors"] = False
    if out.exists():
        shutil.rmtree(out)
    spacy_train(config, out, use_gpu=-1, overrides=overrides)
    return out / "model-best"


def ship(model: Path, dest: Path) -> None:
    """Copy a trained pipeline into package data (what ``load_pipeline`` loads)."""
    import spacy

    import quellen.nlp  # noqa: F401

    # run-time vectors: same floret table, with a per-process cache (quellen/nlp/vectors.py)
    nlp = spacy.load(model, config={"nlp": {"vectors": {"@vectors": "quellen.cached_vectors.v1"}}})
    from quellen.nlp.components import add_rule_components
    add_rule_components(nlp)
    # the training paths are local scratch space: keep them out of the shipped config
    for key in ("train", "dev", "vectors"):
        nlp.config["paths"][key] = None
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(dest)


@app.command()
def train(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The shared data folder (read-only)."),
    workdir: Path = typer.Option(REPO / "build" / "models", "--workdir", help="Scratch space (gitignored)."),
    vectors_dir: Path = typer.Option(REPO / "build" / "vectors", "--vectors-dir"),
    only: list[str] = typer.Option([], "--only", help=f"Run only these parts: {', '.join(PARTS)}."),
    skip: list[str] = typer.Option([], "--skip", help="Skip these parts (e.g. --skip vectors to reuse)."),
    steps: int = typer.Option(7000, "--steps", help="Training steps of the spaCy pipeline."),
    seed: int = typer.Option(0, "--seed"),
    no_vectors: bool = typer.Option(False, "--no-vectors", help="Train without static vectors."),
    ship_to: Path = typer.Option(MODELS_DIR, "--ship-to", help="Where the trained models go (package data)."),
    ner_extra: str = typer.Option(NER_EXTRA, "--ner-extra", help="More NER corpora besides GermEval "
                                  "(comma list of smartdata, europarl, legal; '' for none)."),
    mask_misc: bool = typer.Option(True, "--mask-misc/--no-mask-misc",
                                   help="Leave the shipped pipeline's MISC spans missing in SmartData."),
    ner_width: int = typer.Option(NER_WIDTH, "--ner-width", help="Hidden width of the NER layer."),
    shipped_vectors: bool = typer.Option(False, "--shipped-vectors", help="Reuse the floret table of the "
                                         "shipped pipeline instead of training vectors (implies --skip vectors)."),
    own_ner: bool = typer.Option(True, "--own-ner/--no-own-ner", help="Train the NER with its own tok2vec on "
                                 "GermEval + --own-ner-extra and graft it into the pipeline (shipped; docs/who.md "
                                 "§8); --no-own-ner leaves the one-NER pipeline."),
    own_ner_extra: str = typer.Option(OWN_NER_EXTRA, "--own-ner-extra", help="Corpora besides GermEval for the "
                                      "NER with its own tok2vec (the 'ner' part)."),
    own_ner_steps: int = typer.Option(OWN_NER_STEPS, "--own-ner-steps", help="Training steps of that NER."),
) -> None:
    """Rebuild every shipped model from scratch (vectors, German pipeline, attribution model)."""
    # the "ner" part (an NER with its own tok2vec, grafted in, and the first names) is part of the default run,
    # which reproduces the shipped models; --no-own-ner leaves the one-NER pipeline of before 2026-12-07
    parts = [p for p in PARTS if (p in only if only else p != "ner" or own_ner) and p not in skip
             and not (shipped_vectors and p == "vectors")]
    t0 = time.time()
    data, workdir, ship_to = data.resolve(), workdir.resolve(), ship_to.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    floret_path = vectors_dir / "vectors.floret"
    if "vectors" in parts and not no_vectors:
        from .vectors import train_vectors
        _log("training floret vectors")
        floret_path = train_vectors(data, vectors_dir)
    spacy_vectors = None
    if shipped_vectors:
        from .ner_probe import vectors_model

        spacy_vectors = vectors_model(workdir / "vectors-shipped")
    elif not no_vectors and "pipeline" in parts:
        if not floret_path.exists():
            raise typer.BadParameter(f"{floret_path} missing: run without --skip vectors, or --no-vectors")
        _log("spacy init vectors")
        spacy_vectors = init_vectors(floret_path, workdir / "vectors")
    corpus = {"train": workdir / "corpus" / "train.spacy", "dev": workdir / "corpus" / "dev.spacy"}
    if "corpus" in parts:
        from .corpora import build_docbins
        _log("building training corpora")
        corpus = build_docbins(data, workdir / "corpus", ner_extra=tuple(x for x in ner_extra.split(",") if x),
                               mask_misc=mask_misc)
    if "pipeline" in parts:
        _log(f"training the German pipeline ({steps} steps)")
        best = train_pipeline(corpus, spacy_vectors, workdir / "de_quellen", steps, seed, ner_width=ner_width)
        ship(best, ship_to / "de_quellen")
        _log(f"shipped {ship_to / 'de_quellen'}")
    if "ner" in parts:
        from .ner_graft import graft
        from .ner_probe import train_ner

        extra = [x for x in own_ner_extra.split(",") if x]
        _log(f"training the NER with its own tok2vec on GermEval + {extra} ({own_ner_steps} steps)")
        # trained on the vectors of the pipeline it goes into, read afresh from where that pipeline was shipped
        shutil.rmtree(workdir / "own_ner" / "vectors", ignore_errors=True)
        best = train_ner(data, extra, own_ner_steps, workdir / "own_ner", mask_misc=mask_misc, seed=seed,
                         pipeline=ship_to / "de_quellen")
        graft(ship_to / "de_quellen", best, ship_to / "de_quellen")
        _log(f"NER replaced in {ship_to / 'de_quellen'}")
        from .first_names import write_first_names

        _log(f"first names: {write_first_names(data, ship_to / 'names' / 'first_names.txt')}")
        from .name_types import train as train_name_types

        report = train_name_types(data, ship_to / "name_types" / "model.npz", ship_to / "de_quellen")
        _log(f"name typer: threshold {report['threshold']}, tuning F1 {report['f1_without']} -> {report['f1']}")
    if "attribution" in parts and importlib.util.find_spec("quellen.training.attribution") is not None:
        from . import attribution
        _log("training the attribution model")
        attribution.train(data_dir=data, out_dir=ship_to, seed=seed)
    _log(f"done in {time.time() - t0:.0f} s")


@app.command()
def evaluate(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The shared data folder (read-only)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: int = typer.Option(0, "--limit", help="Small slice: first N held-out news articles, 5N UD sentences "
                                                 "per treebank, 10N GermEval sentences (0 = all)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Pipeline dir (default: the shipped one)."),
    speed: bool = typer.Option(True, "--speed/--no-speed", help="Measure words/second."),
) -> None:
    """Scores on held-out data never used in training (see training/splits.py)."""
    from .evaluate import evaluate_all, render

    res = evaluate_all(data.resolve(), model=model, limit=limit, speed=speed)
    if as_json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        render(res)


@app.command()
def who(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The shared data folder (read-only)."),
    part: str = typer.Option("dev", "--part", help="dev (for tuning), test (untuned) or all."),
    set_: str = typer.Option("a", "--set", help="a: 70 articles held out from all training (dev 50, test 20); "
                             "b, c: 70 attribution-training articles each, labelled later (b: dev 27, test 31 with a Source; c: "
                             "test only)."),
    strip_quotes: bool = typer.Option(False, "--strip-quotes", help="Remove every quotation mark first."),
    errors: bool = typer.Option(False, "--errors", help="Also print each wrong speaker (JSON lines)."),
) -> None:
    """Speaker-name accuracy on the hand-annotated referents of held-out news-spkatt articles (data/dev/who)."""
    from ..evaluation.who import SETS, evaluate as who_eval

    if set_ not in SETS:
        raise typer.BadParameter(f"--set must be one of {', '.join(sorted(SETS))}, not {set_!r}")
    res = who_eval(data.resolve(), SETS[set_], part=part, strip_quotes=strip_quotes)
    wrong = res.pop("errors")
    print(json.dumps(res, ensure_ascii=False))
    for e in wrong if errors else []:
        print(json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":  # `python -m quellen.training.cli` works even when the main CLI cannot load
    app()
