"""The type of a name from its own letters and the words around it: a second opinion on the NER's type.

Why: on held-out news a tenth of the gold names are found with the right span and the wrong type
(docs/who.md, section 11): "Dărmăneşti" and "Ellmau" typed persons, "Renault", "Aldi" and "Jato Dynamics"
persons, "Carmen Eckebrecht" and "Neo Rauch" places. A CNN tagger over words of 96 dimensions sees little of a
name's letters; a linear model over the character n-grams of the whole name, its first and last word and the
words right before and after it types names it never saw by their shape ("-eşti", "-dorf", "Dynamics",
"Verlag") and their frame ("in X", "X sagte"). It is trained on the gold names of the NER corpora
(``training/name_types.py``) and changes a type only where it is confident (a threshold set on slices the NERs
were not trained on).

The model is a table of weights per hashed feature (CRC32, no scikit-learn at run time), stored in
``data/models/name_types/model.npz``.
"""
from __future__ import annotations

import logging
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "name_types" / "model.npz"
TYPES = ("PER", "ORG", "LOC", "MISC")
_log = logging.getLogger("quellen.nlp")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]")


def _shape(word: str) -> str:
    s = re.sub(r"[A-ZÄÖÜ]", "X", word)
    s = re.sub(r"[a-zäöüß]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def features(text: str, start: int, end: int) -> list[str]:
    """The feature strings of the name ``text[start:end]``: its words, first and last word, endings, the
    character n-grams (2-5) of each word, the number of words, their shapes, the two words on each side in
    order and the five on each side as a bag."""
    words = _WORD.findall(text[start:end]) or [text[start:end]]
    low = [w.lower() for w in words]
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 120):start])[-5:]]
    after = [w.lower() for w in _WORD.findall(text[end:end + 120])[:5]]
    left, right = before[-2:], after[:2]
    left = ["<s>"] * (2 - len(left)) + left
    right = right + ["</s>"] * (2 - len(right))
    last = low[-1]
    out = ["bias", f"n:{min(len(words), 5)}", f"f:{low[0]}", f"l:{last}", f"s2:{last[-2:]}", f"s3:{last[-3:]}",
           f"s4:{last[-4:]}", f"p3:{low[0][:3]}", "sh:" + " ".join(_shape(w) for w in words[:4]),
           f"L1:{left[1]}", f"L2:{left[0]} {left[1]}", f"R1:{right[0]}", f"R2:{right[0]} {right[1]}",
           f"L1l:{left[1]}|{last}", f"R1f:{low[0]}|{right[0]}"]
    out += [f"w:{w}" for w in low]
    out += [f"B:{w}" for w in before] + [f"A:{w}" for w in after]
    for w in low:
        padded = f"<{w}>"
        for n in (2, 3, 4, 5):
            out += [f"c{n}:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return out


def dense(vocab, text: str, start: int, end: int) -> np.ndarray:
    """The name's words' mean word vector and the vector of the word before it, each of unit length: what the
    floret vectors learnt from 12M words of unlabelled German about words the labelled data never had."""
    words = _WORD.findall(text[start:end]) or [text[start:end]]
    before = _WORD.findall(text[max(0, start - 40):start])[-1:]
    parts = [np.mean([vocab.get_vector(w) for w in words], axis=0),
             vocab.get_vector(before[0]) if before else np.zeros(vocab.vectors_length, dtype=np.float32)]
    return np.concatenate([v / n if (n := np.linalg.norm(v)) else v for v in parts]).astype(np.float32)


def hashed(feats: list[str], dim: int) -> np.ndarray:
    """Each feature string's row in the weight table (CRC32 modulo ``dim``; duplicates kept: a count)."""
    return np.fromiter((zlib.crc32(f.encode("utf-8")) % dim for f in feats), dtype=np.int64, count=len(feats))


class NameTyper:
    """Softmax over :data:`TYPES`: ``weights`` (dim, len(TYPES)) per hashed feature, ``dense_weights``
    (2 × vector width, len(TYPES)) for :func:`dense`, ``bias`` (len(TYPES),)."""

    def __init__(self, weights: np.ndarray, dense_weights: np.ndarray, bias: np.ndarray, threshold: float,
                 margin: float = 0.0):
        self.weights, self.dense_weights = weights.astype(np.float32), dense_weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.threshold, self.margin = float(threshold), float(margin)
        self.dim = weights.shape[0]

    @classmethod
    def load(cls, path: Path = MODEL) -> "NameTyper":
        z = np.load(path)
        return cls(z["weights"], z["dense_weights"], z["bias"], float(z["threshold"]), float(z["margin"]))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, weights=self.weights.astype(np.float16), dense_weights=self.dense_weights,
                            bias=self.bias, threshold=np.float32(self.threshold), margin=np.float32(self.margin))

    def probs(self, vocab, text: str, start: int, end: int) -> np.ndarray:
        z = (self.weights[hashed(features(text, start, end), self.dim)].sum(axis=0) + self.bias
             + dense(vocab, text, start, end) @ self.dense_weights)
        z = np.exp(z - z.max())
        return z / z.sum()

    def choose(self, p: np.ndarray, label: str, threshold: float | None = None, margin: float | None = None) -> str:
        """``label`` unless ``p`` gives another type at least ``threshold`` and ``margin`` more than it."""
        threshold = self.threshold if threshold is None else threshold
        margin = self.margin if margin is None else margin
        best = int(p.argmax())
        if TYPES[best] != label and p[best] >= threshold and p[best] - p[TYPES.index(label)] >= margin:
            return TYPES[best]
        return label


def open_to_retype(doc: Doc) -> list[Span]:
    """The names of ``doc.ents`` the typer may retype: of the four types, and not given the same type by the
    pipeline's first NER on the same span (where two taggers agree a third does not overrule them: "aus South
    Carolina" is a place to both NERs, "Carolina" makes it a person to the letters alone)."""
    from .components import ATTRIBUTION_ENTS

    first = {(x.start_char, x.end_char): x.label_ for x in doc.spans[ATTRIBUTION_ENTS]} \
        if ATTRIBUTION_ENTS in doc.spans else {}
    return [e for e in doc.ents if e.label_ in TYPES and first.get((e.start_char, e.end_char)) != e.label_]


def set_types(doc: Doc, labels: dict[tuple[int, int], str]) -> None:
    """Give the names of ``doc.ents`` at (start token, end token) the types in ``labels``."""
    if any(labels.get((e.start, e.end), e.label_) != e.label_ for e in doc.ents):
        doc.ents = [Span(doc, e.start, e.end, label=labels[(e.start, e.end)]) if (e.start, e.end) in labels else e
                    for e in doc.ents]


@lru_cache(maxsize=1)
def shipped() -> NameTyper | None:
    return NameTyper.load() if MODEL.exists() else None


def typed(doc: Doc, start: int, end: int) -> np.ndarray | None:
    """The shipped typer's probabilities of :data:`TYPES` for the characters [start, end) of ``doc`` (None
    without a shipped typer): the speaker rules ask it whether a name is a person or a place."""
    typer = shipped()
    return None if typer is None else typer.probs(doc.vocab, doc.text, start, end)


@Language.component("quellen_name_types")
def name_types_component(doc: Doc) -> Doc:
    """Retype the second NER's names where the shipped name typer overrules it (between that NER and the combine,
    whose rules read the types; ``nlp.load_pipeline`` adds it to the shipped pipeline)."""
    typer = shipped()
    if typer is None or not doc.ents:
        return doc
    try:
        set_types(doc, {(e.start, e.end): typer.choose(typer.probs(doc.vocab, doc.text, e.start_char, e.end_char),
                                                      e.label_) for e in open_to_retype(doc)})
    except Exception:  # noqa: BLE001 - a second opinion that fails leaves the NER's types, never the article
        _log.warning("the name typer failed on a text of %d characters; the NER's types are kept", len(doc.text),
                     exc_info=True)
    return doc
