"""quellen's own German spaCy pipeline at run time (training code lives in ``quellen.training``).

``load_pipeline()`` loads the shipped pipeline from package data, offline, once per process. Importing
this package registers the custom tokenizer and components the saved config refers to.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import components, name_types, tokenizer, vectors  # noqa: F401  (registers quellen.* factories before loading)

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "de_quellen"


@lru_cache(maxsize=4)
def load_pipeline(path: str | None = None, typed: bool = True):
    """The shipped pipeline (``spacy.Language``): sents, tag_ (STTS), pos_, morph, lemma_, ents.

    Its layers multiply matrices through numpy's BLAS rather than thinc's default (blis): on this project's
    2-core machines (AMD EPYC) numpy's single-threaded gemm is 3.3x faster for the tok2vec's shapes, the
    pipeline 29 -> 18 ms per news article, with identical tags, lemmas, morphology, sentences and entities on
    92,612 tokens (``bench/bench_pipeline.py``, docs/benchmarks.md). :func:`one_blas_thread` keeps each worker
    process on one core.

    ``typed``: the name typer (``name_types``) follows the NERs where its model is shipped; off to train it, or
    to save a pipeline (``training/ner_graft.py``), whose config then stays without it."""
    import spacy
    from thinc.api import use_ops

    model = Path(path) if path else MODEL_DIR
    if not (model / "config.cfg").exists():
        raise FileNotFoundError(f"no trained pipeline at {model}; run `quellen models train`")
    with use_ops("numpy", use_blis=False):       # the models keep the ops they were built with
        nlp = spacy.load(model)
    if typed and name_types.MODEL.exists() and "ner" in nlp.pipe_names:
        nlp.add_pipe("quellen_name_types", after="ner")   # before the combine, whose rules read the types
    return nlp


def one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread in this process: a worker of a pool already has its own core, and a
    second BLAS thread per worker only makes them compete (measured: no gain even for a single process)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
