"""What a statement's content is made of, for comparing two statements: content stems with fixed weights,
numbers, negation, and static word vectors.

Why these and nothing corpus-dependent: the ledger must give the same claims whether articles arrive one by one
or all at once, so every pair score is a pure function of the two statements and of shipped tables — the stem
frequency table (``training/claim_idf.py``) and the pipeline's own floret vectors (``de_quellen/vocab``).
"""
from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import numpy as np
import snowballstemmer

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")

# Negation turns a statement into its opposite: "X hat Kontakt" vs "X hat keinen Kontakt" are not one claim.
NEGATION = frozenset("nicht kein keine keinen keinem keiner keines nie niemals nichts weder niemand "
                     "nirgends".split())
# Words that carry no proposition of their own, on top of spaCy's German stop words: attribution verbs and
# reporting frames restate *that* something was said, not *what* ("sagte", "laut", "Angaben").
_REPORTING = ("sagen sagte sagten gesagt erklärte erklärt erklären betonte betont sprach spricht hieß heißt "
              "laut zufolge demnach berichtet berichtete berichten angaben angeben meldete meldet mitteilte "
              "teilte mit hinzu fügte so habe hätte hätten habe sei seien wäre wären worden werde werden würde "
              "würden könne könnte könnten solle sollen soll sollte müsse müsste wolle wollen will wollte wollten "
              "möchte möchten dürfe dürfte dass ob wie").split()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.de.stop_words import STOP_WORDS
    return frozenset(w.lower() for w in STOP_WORDS) | frozenset(_REPORTING) - NEGATION


_STEMMER = snowballstemmer.stemmer("german")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Lower-cased Snowball stem ("geblieben" -> "geblieb", "Kontakte" -> "kontakt"); numbers as written."""
    w = word.lower()
    if w[:1].isdigit():
        return w.replace(",", ".")
    return _STEMMER.stemWord(w)


@dataclass(frozen=True)
class Terms:
    """The comparable parts of one statement's content.

    Names are kept apart from the other content words: two statements about Putin share a topic, not a
    proposition, so names decide *who* a statement is about and the other words *what* it says."""

    stems: frozenset[str]          # content stems other than names (stop words, reporting words, negation removed)
    words: tuple[str, ...]         # the words behind ``stems`` (for vectors), in text order
    names: frozenset[str]          # stems of names (entity mentions, else unknown capitalised words)
    numbers: frozenset[str]
    negated: bool


def _is_name(word: str) -> bool:
    """A capitalised word the frequency table does not know: most likely a name (or a rare compound, which
    then counts as a name too: it says what the statement is about rather than what it says)."""
    return word[:1].isupper() and stem(word) not in _idf_table()[0]


def terms_of(text: str, names: Iterable[str] = ()) -> Terms:
    """``names``: surface forms of the entity mentions inside ``text`` (their words count as names)."""
    stops = stop_words()
    name_words = {w.lower() for n in names for w in WORD_RE.findall(n)}
    words, stems, found, numbers, negated = [], set(), set(), set(), False
    for w in WORD_RE.findall(text or ""):
        lw = w.lower()
        if lw in NEGATION:
            negated = True
        elif NUMBER_RE.fullmatch(w):
            numbers.add(stem(w))
            stems.add(stem(w))
        elif lw in name_words or _is_name(w):
            if lw not in stops:
                found.add(stem(w))
        elif lw not in stops and len(lw) > 1:
            words.append(w)
            stems.add(stem(w))
    return Terms(frozenset(stems), tuple(words), frozenset(found), frozenset(numbers), negated)


# ------------------------------------------------------------------ weights


def _idf_path() -> Path:
    return Path(str(resources.files("quellen") / "data" / "models" / "claims" / "idf.tsv.gz"))


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    path = _idf_path()
    df: dict[str, int] = {}
    n = 1
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, _, count = line.rstrip("\n").partition("\t")
            if key == "#paragraphs":
                n = int(count)
            elif count:
                df[key] = int(count)
    weights = {s: math.log((n + 1) / (c + 1)) for s, c in df.items()}
    return weights, math.log((n + 1) / 1.5)


def idf(s: str) -> float:
    """Inverse paragraph frequency of a stem in the shipped table; unseen stems (names, rare compounds) weigh
    the most, numbers like a rare word."""
    weights, top = _idf_table()
    return weights.get(s, top)


# ------------------------------------------------------------------ vectors


@lru_cache(maxsize=1)
def _vectors():
    """The pipeline's floret table (``de_quellen/vocab``), without loading the pipeline itself."""
    import srsly
    from spacy.strings import StringStore
    from spacy.vectors import Vectors
    vocab = Path(str(resources.files("quellen") / "data" / "models" / "de_quellen" / "vocab"))
    cfg = srsly.read_json(vocab / "vectors.cfg")
    with (vocab / "vectors").open("rb") as fh:
        data = np.load(fh, allow_pickle=False)
    return Vectors(strings=StringStore(), data=data, mode="floret", minn=cfg["minn"], maxn=cfg["maxn"],
                   hash_count=cfg["hash_count"], hash_seed=cfg["hash_seed"], bow=cfg["bow"], eow=cfg["eow"])


SOFT_MIN = 0.55      # word-vector cosine below this aligns nothing (unrelated words still have ~0.2)


@lru_cache(maxsize=200_000)
def word_vector(word: str) -> np.ndarray:
    """The unit-length floret vector of a word (any word has one: subword hashing)."""
    v = np.asarray(_vectors().get_batch([word]), dtype=np.float32)[0]
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v
