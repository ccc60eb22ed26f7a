"""Which NER data helps news? A quick probe: tok2vec + NER only, trained on GermEval plus chosen corpora.

Why a probe and not the whole pipeline: one full training takes about 25 minutes on this machine; the probe
trains the same tok2vec architecture and NER layer (same config, other components removed) in a few
minutes, so each corpus can be measured on its own. The shipped pipeline is then trained once with the
chosen set (``quellen models train --ner-extra ...``). Static vectors are taken from the shipped pipeline,
so the probe needs no vector training.

    python -m quellen.training.ner_probe --data ../shared/data --extra smartdata,europarl --steps 3000

Prints GermEval held-out and SmartData held-out news scores (PER/ORG/LOC exact spans) as one JSON line.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer

from . import corpora
from .evaluate import MODELS_DIR, eval_ner, eval_ner_smartdata

CONFIG = Path(__file__).parent / "configs" / "de_quellen.cfg"
REPO = Path(__file__).resolve().parents[3]


def vectors_model(out: Path, pipeline: Path = MODELS_DIR / "de_quellen") -> Path:
    """A blank German pipeline holding ``pipeline``'s floret vectors (what ``[initialize] vectors`` loads)."""
    import spacy

    import quellen.nlp  # noqa: F401  (registers the news tokenizer and the cached vectors)

    if (out / "config.cfg").exists():
        return out
    shipped = spacy.load(pipeline, exclude=["tagger", "morphologizer", "trainable_lemmatizer", "senter", "ner",
                                            "quellen_newline_sents", "attribution_ner", "quellen_attribution_ents",
                                            "quellen_ner_combine"])
    blank = spacy.blank("de")
    blank.vocab.vectors = shipped.vocab.vectors
    blank.to_disk(out)
    return out


def ner_config(hidden_width: int = 64):
    """The repo config with only tok2vec + ner, scored on ents_f."""
    from spacy.util import load_config

    cfg = load_config(CONFIG)
    for name in list(cfg["components"]):
        if name not in ("tok2vec", "ner"):
            del cfg["components"][name]
    cfg["nlp"]["pipeline"] = ["tok2vec", "ner"]
    cfg["components"]["ner"]["model"]["hidden_width"] = hidden_width
    cfg["training"]["score_weights"] = {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None}
    return cfg


def build(data: Path, out: Path, extra: list[str], mask_misc: bool = False, copies: int = 1) -> dict[str, Path]:
    """GermEval's training part ``copies`` times (its annotation is what the held-out figures and the speakers
    follow; the other corpora outnumber it), then the extra corpora, once."""
    from spacy.tokens import DocBin

    from quellen.nlp.tokenizer import blank_german

    from .ner_data import extra_ner_docs

    nlp = blank_german()
    ge = corpora.germeval_parts(data)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for part, name in (("train", "train"), ("monitor", "dev")):
        db = DocBin(store_user_data=False)
        for _ in range(copies if part == "train" else 1):
            for toks, bio in ge[part]:
                db.add(corpora.germeval_doc(nlp.vocab, toks, bio))
        if part == "train":
            tagger = None
            if mask_misc:
                from quellen.nlp import load_pipeline

                tagger = load_pipeline()
            for doc in extra_ner_docs(data, nlp, extra, misc_tagger=tagger):
                db.add(doc)
        paths[name] = out / f"{name}.spacy"
        db.to_disk(paths[name])
    return paths


def train_ner(data: Path, extra: list[str], steps: int, workdir: Path, hidden_width: int = 64,
              mask_misc: bool = False, seed: int = 0, pipeline: Path = MODELS_DIR / "de_quellen",
              copies: int = 1, init_tok2vec: Path | None = None) -> Path:
    """Train tok2vec + ner on GermEval plus ``extra`` on the shipped vectors; returns the last step's model.

    The last step, not spaCy's model-best: the monitoring slice (every tenth GermEval dev sentence) is too small
    to choose a step by. At 8,000 steps, model-best (step 2,500) and the last step scored GermEval 0.641 / 0.637,
    SmartData news 0.626 / 0.635, MISC 0.379 / 0.433 (docs/who.md, section 6)."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    tag = "+".join(["germeval", *extra]) + (f"-w{hidden_width}" if hidden_width != 64 else "") + (
        "-maskmisc" if mask_misc else "") + (f"-ge{copies}" if copies != 1 else "") + (
        "-pretrained" if init_tok2vec else "")
    work = workdir / tag
    paths = build(data, work / "corpus", extra, mask_misc, copies)
    vec = vectors_model(workdir / "vectors", pipeline)
    cfg = ner_config(hidden_width)
    cfg["paths"].update({"train": str(paths["train"]), "dev": str(paths["dev"]), "vectors": str(vec)})
    cfg["system"]["seed"] = seed
    cfg["training"]["max_steps"] = steps
    cfg["training"]["eval_frequency"] = 500
    if init_tok2vec:                       # weights from ``ner_pretrain`` (its [pretraining] block says where)
        from .ner_pretrain import pretrain_config

        cfg["pretraining"] = pretrain_config()["pretraining"]
        cfg["paths"]["init_tok2vec"] = str(init_tok2vec)
    import quellen.nlp.tokenizer  # noqa: F401  (registers the news tokenizer)
    nlp = init_nlp(cfg, use_gpu=-1)
    (work / "model").mkdir(parents=True, exist_ok=True)
    train_loop(nlp, work / "model", use_gpu=-1, stdout=sys.stderr, stderr=sys.stderr)
    return work / "model" / "model-last"


def main(data: Path = typer.Option(REPO.parent / "shared" / "data", "--data"),
         extra: str = typer.Option("", "--extra", help="Comma list: smartdata, europarl, legal."),
         steps: int = typer.Option(3000, "--steps"),
         hidden_width: int = typer.Option(64, "--hidden-width"),
         mask_misc: bool = typer.Option(False, "--mask-misc", help="Leave silver MISC spans of SmartData missing."),
         workdir: Path = typer.Option(REPO / "build" / "ner_probe", "--workdir"),
         seed: int = typer.Option(0, "--seed"),
         copies: int = typer.Option(1, "--germeval-copies", help="GermEval's training part this many times."),
         init_tok2vec: Path = typer.Option(None, "--init-tok2vec",
                                           help="Pretrained tok2vec weights (python -m quellen.training.ner_pretrain)."),
         ) -> None:
    import spacy

    sources = [s for s in extra.split(",") if s]
    t0 = time.time()
    best = spacy.load(train_ner(data, sources, steps, workdir, hidden_width, mask_misc, seed, copies=copies,
                                init_tok2vec=init_tok2vec))
    res = {"extra": sources, "steps": steps, "hidden_width": hidden_width, "mask_misc": mask_misc,
           "seconds": round(time.time() - t0)}
    for scores in (eval_ner(best, data), eval_ner_smartdata(best, data)):
        res.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in scores.items()
                    if not k.endswith("_per_type")})
        res.update({k: {lab: round(s["f"], 4) for lab, s in v.items()} for k, v in scores.items()
                    if k.endswith("_per_type")})
    print(json.dumps(res))


if __name__ == "__main__":
    typer.run(main)
