"""quellen's own German spaCy pipeline at run time (training code lives in ``quellen.training``).

``load_pipeline()`` loads the shipped pipeline from package data, offline, once per process. Importing
this package registers the custom tokenizer and components the saved config refers to.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import components, tokenizer, vectors  # noqa: F401  (registers quellen.* factories before loading)

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "de_quellen"


@lru_cache(maxsize=4)
def load_pipeline(path: str | None = None):
    """The shipped pipeline (``spacy.Language``): sents, tag_ (STTS), pos_, morph, lemma_, ents."""
    import spacy

    model = Path(path) if path else MODEL_DIR
    if not (model / "config.cfg").exists():
        raise FileNotFoundError(f"no trained pipeline at {model}; run `quellen models train`")
    return spacy.load(model)
