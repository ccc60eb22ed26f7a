"""In-document coreference: which earlier mention does a pronoun, a description or a short name refer to?

Why: a speaker written "er", "der Regisseur", "der 52-Jährige" or "die Behörde" is worthless to a
fact-checker until it is the person or institution named before ("US-Kultregisseur Quentin Tarantino").
This is a *mention-ranking* model: for an anaphor, every earlier mention within a window is scored by a
logistic regression over pair features (agreement, distance, head and role-noun match, salience), and the
best candidate above a threshold is its antecedent. It is trained on the Potsdam Commentary Corpus
(``quellen.training.coref``) with mentions found by *this* module's detector on *this* pipeline's tags, so
what it learned is what it sees at run time. The weights are a small JSON file (no pickle).

Mentions come from the spaCy doc alone (no parser is shipped): named entities, third-person and possessive
pronouns, and noun phrases by STTS pattern (article/possessive, adjectives, a run of nouns and names).
A noun phrase with a role noun in front of a name ("Kremlsprecher Dmitri Peskow") is one mention headed by
the name, and its role words are remembered: a later "der Kremlsprecher" matches them.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "coref" / "model.json"

PRONOUNS = {"er": ("Masc", "Sing"), "ihn": ("Masc", "Sing"), "ihm": ("Masc", "Sing"), "sie": ("?", "?"),
            "ihr": ("Fem", "Sing"), "ihnen": ("?", "Plur"), "es": ("Neut", "Sing"),
            "sein": ("Masc", "Sing"), "seine": ("Masc", "Sing"), "seiner": ("Masc", "Sing"),
            "seinen": ("Masc", "Sing"), "seinem": ("Masc", "Sing"), "seines": ("Masc", "Sing"),
            "ihre": ("?", "?"), "ihren": ("?", "?"), "ihrem": ("?", "?"), "ihrer": ("?", "?"),
            "ihres": ("?", "?")}
NOUN_TAGS = {"NN", "NE"}
PRE_TAGS = {"ART", "PPOSAT", "PDAT", "PIAT", "ADJA", "CARD", "ADV", "PIDAT"}
WINDOW_SENTS = {"pron": 3, "desc": 8, "name": 30}
AGE = re.compile(r"^\d+-[Jj]ährige[rn]?$")


@dataclass
class Mention:
    start: int                      # token index (inclusive)
    end: int                        # token index (exclusive)
    head: int                       # token index of the head
    kind: str                       # pron | name | desc
    sent: int
    text: str
    head_text: str
    gender: str                     # Masc | Fem | Neut | ?
    number: str                     # Sing | Plur | ?
    ent: str = ""                   # NER label overlapping the head, if any
    definite: bool = False
    roles: list[str] = field(default_factory=list)   # lower-cased nouns in front of a name
    index: int = 0                  # position in the mention list
    chars: tuple[int, int] = (0, 0)  # character span in the text

    @property
    def start_char(self) -> int:
        return self.chars[0]


def _morph(tok, key: str) -> str:
    vals = tok.morph.get(key)
    return vals[0] if vals else "?"


def detect_mentions(doc) -> list[Mention]:
    """Mentions of a spaCy doc in text order (one per head token)."""
    sent_of = {}
    for k, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = k
    ent_of = {}
    for e in doc.ents:
        for t in e:
            ent_of[t.i] = e
    out: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        if tok.tag_ in ("PPER", "PPOSAT", "PDS") and low in PRONOUNS:
            g, num = PRONOUNS[low]
            if g == "?":
                g = _morph(tok, "Gender")
            if num == "?":
                num = _morph(tok, "Number")
            out.append(Mention(i, i + 1, i, "pron", sent_of.get(i, 0), tok.text, tok.text, g, num))
            i += 1
            continue
        if tok.tag_ in PRE_TAGS or tok.tag_ in NOUN_TAGS:
            j = i
            while j < n and doc[j].tag_ in PRE_TAGS and doc[j].tag_ not in NOUN_TAGS:
                j += 1
            k = j
            while k < n and (doc[k].tag_ in NOUN_TAGS or (doc[k].i in ent_of and k > j)):
                k += 1
            if k == j:
                # 'der 52-Jährige', 'die Erste': an adjective used as the head
                if j > i and doc[j - 1].tag_ == "ADJA" and (doc[j - 1].text[:1].isupper() or AGE.match(
                        doc[j - 1].text)) and doc[i].tag_ in ("ART", "PDAT", "PPOSAT"):
                    out.append(_np(doc, i, j, j - 1, sent_of, ent_of))
                i = max(j, i + 1)
                continue
            start = i
            while start < j and doc[start].tag_ in ("ADV",):
                start += 1
            # 'Reiches Ministerkollegen', 'Putins Sprecher': a name before the head noun is a mention too
            for t in range(j, k - 1):
                e = ent_of.get(t)
                if e is not None and e.end - 1 == t and e.end < k and doc[k - 1].tag_ == "NN" and \
                        e.label_ in ("PER", "ORG", "LOC"):
                    out.append(_np(doc, max(j, e.start), t + 1, t, sent_of, ent_of))
            out.append(_np(doc, start, k, k - 1, sent_of, ent_of))
            i = k
            continue
        i += 1
    for k, m in enumerate(out):
        m.index = k
        m.chars = (doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
    return out


def _np(doc, start: int, end: int, head: int, sent_of, ent_of) -> Mention:
    h = doc[head]
    ent = ent_of.get(head)
    # a name at the end of a noun run is the head; the nouns in front are its roles
    roles: list[str] = []
    first_name_tok = head
    if ent is not None and ent.label_ in ("PER", "ORG"):
        first_name_tok = max(start, ent.start)
        roles = [doc[t].lower_ for t in range(start, first_name_tok) if doc[t].tag_ == "NN"]
    kind = "name" if ent is not None or h.tag_ == "NE" else "desc"
    definite = doc[start].tag_ in ("ART", "PDAT", "PPOSAT") and doc[start].lower_ not in (
        "ein", "eine", "einen", "einem", "einer", "eines")
    text = doc[start:end].text
    head_text = doc[first_name_tok:end].text if kind == "name" else h.text
    gender, number = _morph(h, "Gender"), _morph(h, "Number")
    if kind == "name":
        # the tagger's gender of a name is a guess; a role noun in front says it ('Ministerin Anna Beispiel')
        gender = "?"
        if ent is not None and ent.label_ == "PER":
            number = "Sing"
            if roles:
                gender = "Fem" if roles[-1].endswith("in") and len(roles[-1]) > 5 else "Masc"
        elif ent is not None and ent.label_ == "ORG":
            number = "?"
    return Mention(start, end, head, kind, sent_of.get(head, 0), text, head_text, gender, number,
                   ent.label_ if ent is not None else "", definite, roles)


# ----------------------------------------------------------------------------- features

def _bucket(x: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if x <= e:
            return str(e)
    return f">{edges[-1]}"


def _agree(a: str, b: str) -> str:
    if a == "?" or b == "?":
        return "unk"
    return "yes" if a == b else "no"


def _stem(word: str) -> str:
    w = word.lower()
    for suf in ("innen", "in", "en", "es", "n", "s", "e"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def _last_name(text: str) -> str:
    words = text.split()
    return words[-1].lower() if words else ""


def pair_features(ana: Mention, cand: Mention, mentions: list[Mention]) -> dict[str, float]:
    """Sparse features of (anaphor, candidate antecedent). Names are short on purpose: they are the model."""
    k = ana.kind
    f: dict[str, float] = {"bias": 1.0, f"pair={k}>{cand.kind}": 1.0}
    sd = ana.sent - cand.sent
    f[f"{k}:sd={_bucket(sd, (0, 1, 2, 4, 8))}"] = 1.0
    md = ana.index - cand.index
    f[f"{k}:md={_bucket(md, (1, 2, 3, 5, 10, 20))}"] = 1.0
    g, nm = _agree(ana.gender, cand.gender), _agree(ana.number, cand.number)
    f[f"{k}:g={g}"] = 1.0
    f[f"{k}:n={nm}"] = 1.0
    f[f"{k}:g={g}:n={nm}:{cand.kind}"] = 1.0
    f[f"{k}:ent={cand.ent or '-'}"] = 1.0
    ah, ch = ana.head_text.lower(), cand.head_text.lower()
    if ah == ch:
        f[f"{k}:head=exact"] = 1.0
    elif _stem(ah) == _stem(ch) or (len(ah) > 3 and (ch.endswith(_stem(ah)) or ah.endswith(_stem(ch)))):
        f[f"{k}:head=stem"] = 1.0
    if ana.kind == "name" and _last_name(ana.head_text) == _last_name(cand.head_text):
        f["name:last=same"] = 1.0
    if ana.text.lower() == cand.text.lower():
        f[f"{k}:text=same"] = 1.0
    if ana.kind == "desc":
        hs = _stem(ana.head_text)
        if any(r.endswith(hs) or _stem(r).endswith(hs) for r in cand.roles):
            # 'der Regisseur' after 'US-Kultregisseur Quentin Tarantino': the role is a head of the name too
            f["desc:role=match"] = 1.0
            f["desc:head=stem"] = 1.0
        if AGE.match(ana.head_text) and cand.ent == "PER":
            f["desc:age>per"] = 1.0
        f[f"desc:def={ana.definite}"] = 1.0
    # salience: how often the candidate's head was mentioned before, and is it first in its sentence
    same = sum(1 for m in mentions[:cand.index] if m.head_text.lower() == ch)
    f[f"{k}:freq={_bucket(same, (0, 1, 3))}"] = 1.0
    first_in_sent = cand.index == 0 or mentions[cand.index - 1].sent != cand.sent
    if first_in_sent:
        f[f"{k}:cand_first"] = 1.0
    # the rank of the candidate among agreeing ones (pronouns prefer the nearest compatible)
    if k == "pron" and g != "no" and nm != "no":
        rank = sum(1 for m in mentions[cand.index + 1:ana.index]
                   if m.kind != "pron" and _agree(ana.gender, m.gender) != "no"
                   and _agree(ana.number, m.number) != "no")
        f[f"pron:rank={_bucket(rank, (0, 1, 2, 4))}"] = 1.0
    return f


def candidates(ana: Mention, mentions: list[Mention]) -> list[Mention]:
    window = WINDOW_SENTS[ana.kind]
    out = []
    for m in reversed(mentions[:ana.index]):
        if ana.sent - m.sent > window:
            break
        if m.start <= ana.start < m.end:
            continue
        out.append(m)
    return out


# ----------------------------------------------------------------------------- model

class CorefModel:
    """Logistic regression over :func:`pair_features`; ``weights`` maps feature name -> weight."""

    def __init__(self, weights: dict[str, float], threshold: dict[str, float]):
        self.weights = weights
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "CorefModel":
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(obj["weights"], obj["threshold"])

    def score(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def best(self, ana: Mention, mentions: list[Mention]) -> tuple[Mention, float] | None:
        """The top-scored earlier mention and its probability, whatever the threshold."""
        best = None
        for c in candidates(ana, mentions):
            p = self.score(pair_features(ana, c, mentions))
            if best is None or p > best[1]:
                best = (c, p)
        return best

    def antecedent(self, ana: Mention, mentions: list[Mention]) -> tuple[Mention, float] | None:
        """The best earlier mention and its probability, or None when none clears the threshold."""
        best = self.best(ana, mentions)
        if best is None or best[1] < self.threshold.get(ana.kind, 0.5):
            return None
        return best

    def clusters(self, mentions: list[Mention]) -> list[int]:
        """Cluster id per mention (greedy left to right: each anaphor joins its antecedent's cluster)."""
        cid = list(range(len(mentions)))
        for m in mentions:
            link = self.antecedent(m, mentions)
            if link is not None:
                cid[m.index] = cid[link[0].index]
        return cid


@lru_cache(maxsize=1)
def load_model() -> CorefModel | None:
    """The shipped model, or None when it has not been trained (speakers then use their rules alone)."""
    return CorefModel.load() if MODEL_PATH.exists() else None
