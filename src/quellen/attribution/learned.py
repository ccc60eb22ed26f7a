r"""The learned attribution component: who said/claimed what, trained on German news (news-spkatt).

Linear-chain CRFs (python-crfsuite) over token and sentence features, nothing else at run time:

0. **Cue tagger** over the whole article: P(token is part of a speech/thought/writing cue).
   Its probabilities become features of the next stages (in training: jack-knifed over 5 folds).
1. **Cue-centric role tagger**: every sentence with predicted cue tokens is one cue (sentences almost never
   hold two distinct cues in the data); a window of sentences around it (one before, two after) is tagged with
   the roles each token has for *that* cue: ``M``\ essage, ``S``\ ource, ``A``\ ddr, ``F``\ rame, combined
   like ``S+F``. Features relative to the cue: side, distance, commas and quotation marks in between.
2. **Message tagger** over the whole article: BIO tags carrying the Form (``B-Direct``, ``I-Reported`` ...).
   It votes the Form of the cue-centric messages and supplies the messages that have no cue (about a third
   of the data: Reported, FreeIndirect, IndirectFreeIndirect), skipping any that overlap a cue-centric one.
3. **Message-centric role tagger** for those cue-less messages: Cue/Source/Addr/Frame in a window (two
   sentences before, one after) with features relative to the message.

4. **Sentence tagger** (a CRF over the article's sentences): whole sentences that are a cue-less Reported
   message ("Die Behörden werfen ihm Betrug vor."; in this data such a message is the whole sentence with its
   Source inside). They are added where no other message covers them, and get roles from stage 3.

Optional (off in the shipped model, measured worse on dev): a BiLSTM message scorer between 0 and 1 whose
label probabilities are extra features of stages 1-3 (:mod:`.neural`, ``meta["neural"]``).

Then STWR is the most frequent value for the Form, and a quotation strictly inside a non-Direct message
becomes a nested Direct annotation sharing its Source, Cue and Frame (``IsNested`` / ``HasNested``) unless it is
a name or title. Two more decoding rules follow the annotators' conventions: a cue takes its verb's auxiliary
and separated particle (:func:`complete_cue`), and a cue-less continuation takes the previous speaker
(:func:`inherit_sources`).

Token features: word, affixes, shape, quotation state, a reporting-word score learned from the training cues,
Konjunktiv, the nearest reporting word left/right, sentence context, word classes (k-means over floret
vectors, shipped as a word list), and — when the model was trained with them (``meta["pos"]``) — STTS tags,
Konjunktiv (``Mood=Sub``) and lemmas from quellen's own German pipeline: taken from the Doc when it has
them (the normal pipeline), otherwise computed by running the pipeline's tagging components on the tokens.

Model files live in ``quellen/data/models/attribution/``; :func:`load_attributor` returns ``None`` when they
are absent. Train with ``python -m quellen.training.attribution --data ../shared/data``.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "attribution"
MSG_MODEL = "message.crfsuite"
CUE_MODEL = "cue.crfsuite"
CUEROLE_MODEL = "cueroles.crfsuite"
CLUSTERS = "clusters.txt"
ROLE_MODEL = "roles.crfsuite"
REPORTED_MODEL = "reported.crfsuite"
META = "meta.json"

FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
ROLE_CODES = {"C": "cue", "S": "source", "A": "addr", "F": "frame"}

# Quotation marks. German news opens with „ or » and closes with “ or «; English-style and straight quotes
# toggle.
OPEN_QUOTES = {"„", "»", "‚", "›"}
CLOSE_QUOTES = {"“", "«", "‘", "‹", "”"}
TOGGLE_QUOTES = {'"', "''", "``", "'"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES | TOGGLE_QUOTES

# Frequent Konjunktiv I / II forms (the mark of reported speech in German) and modal reporting verbs.
KONJUNKTIV = {
    "sei", "seien", "seiest", "habe", "haben", "werde", "werden", "könne", "müsse", "solle", "wolle", "dürfe",
    "möge", "gebe", "gehe", "komme", "liege", "stehe", "bestehe", "handle", "handele", "wisse", "lasse",
    "wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten", "müsste", "müssten",
    "sollte", "sollten", "dürfte", "dürften", "möchte", "möchten", "gäbe", "käme", "ließe", "wüsste",
    "soll", "sollen", "bleibe", "trage", "zeige", "brauche", "plane", "arbeite", "befinde", "gelte", "fehle",
}
# Lemma-like heads of frequent reporting words, to generalise beyond the words seen as cues in training.
REPORT_STEMS = (
    "sag", "sagt", "erklär", "beton", "meint", "mein", "bericht", "teilt", "mitteil", "äußer", "kündig",
    "forder", "warnt", "warn", "bestätig", "dement", "bestritt", "bestreit", "wies", "verwies", "zufolge",
    "laut", "glaub", "hofft", "hoff", "fürcht", "befürcht", "kritisier", "räumt", "gestand", "gesteh",
    "behaupt", "vermut", "schätz", "sprach", "sprech", "schrieb", "schreib", "antwort", "fragt", "frag",
    "erfuhr", "erfahr", "meld", "verkünd", "versprach", "versprech", "drohte", "droh", "lobt", "lob",
    "zitier", "ergänz", "unterstrich", "unterstreich", "appellier", "rief", "ruft", "verlangt", "empfahl",
    "empfehl", "vorwarf", "wirft", "warf", "angab", "angeben", "hieß", "heißt", "wissen", "denk", "dacht",
    "ansicht", "auffassung", "einschätz", "angaben", "aussage", "sprecher",
)

Position = tuple[int, int]


@dataclass
class TokenAnnotation:
    """One attribution as doc-level token indices (``doc[i]``), in the task's roles."""

    cue: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    message: list[int] = field(default_factory=list)
    addr: list[int] = field(default_factory=list)
    frame: list[int] = field(default_factory=list)
    form: str = "Indirect"
    stwr: str = "Speech"
    is_nested: bool = False
    has_nested: bool = False
    confidence: float = 0.5


# --------------------------------------------------------------------------------------------- features

def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w[:1].isupper():
        return "X" if w.isupper() and len(w) > 1 else "Xx"
    if w[:1].islower():
        return "x"
    if w[:1].isdigit():
        return "d-"
    return "p"


def _bucket(p: float) -> str:
    if p <= 0.0:
        return "0"
    if p < 0.05:
        return "1"
    if p < 0.2:
        return "2"
    if p < 0.5:
        return "3"
    return "4"


def _dist(d: int) -> str:
    d = abs(d)
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 12:
        return "7-12"
    if d <= 25:
        return "13-25"
    return "26+"


def _is_report_stem(w: str) -> bool:
    return w.startswith(REPORT_STEMS)


class Featurizer:
    """Token features for the whole article, shared by both taggers."""

    def __init__(self, cue_prob: dict[str, float], clusters: dict[str, str] | None = None, use_ner: bool = False):
        self.cue_prob = cue_prob
        self.clusters = clusters or {}
        self.use_ner = use_ner

    def base(self, tokens: Sequence[str], sent_of: Sequence[int],
             pos: tuple[Sequence[str], Sequence[bool], Sequence[str]] | None = None
             ) -> tuple[list[list[str]], dict[str, Any]]:
        """Features per token. ``pos``: (STTS tags, Konjunktiv flags, lemmas) from quellen's German pipeline,
        used when the model was trained with them."""
        n = len(tokens)
        low = [t.lower() for t in tokens]
        cueb = [_bucket(self.cue_prob.get(w, 0.0)) for w in low]
        if pos is not None:
            tags, subs, lemmas = pos[0], pos[1], pos[2]
            ents = pos[3] if len(pos) > 3 and self.use_ner else None
            konj = [bool(x) or w in KONJUNKTIV and t.startswith("V") for x, w, t in zip(subs, low, tags)]
        else:
            konj = [w in KONJUNKTIV for w in low]
        stem = [_is_report_stem(w) for w in low]
        # quotation state: 1 inside a quotation (quote marks themselves get their own value)
        inq = [0] * n
        state = False
        for i, t in enumerate(tokens):
            if t in OPEN_QUOTES:
                state = True
                inq[i] = 2
            elif t in CLOSE_QUOTES:
                inq[i] = 3 if state else 2
                state = False if state else True
            elif t in TOGGLE_QUOTES:
                inq[i] = 3 if state else 2
                state = not state
            else:
                inq[i] = 1 if state else 0
        # sentence boundaries and sentence-level facts
        n_sent = (sent_of[-1] + 1) if n else 0
        s_start = [n] * n_sent
        s_end = [0] * n_sent
        for i, s in enumerate(sent_of):
            if i < s_start[s]:
                s_start[s] = i
            s_end[s] = i + 1
        s_cue = ["0"] * n_sent
        s_konj = [False] * n_sent
        s_quote = [False] * n_sent
        s_colon = [False] * n_sent
        s_first_cue = [-1] * n_sent
        for i in range(n):
            s = sent_of[i]
            if cueb[i] > s_cue[s]:
                s_cue[s] = cueb[i]
            if cueb[i] >= "3" and s_first_cue[s] < 0:
                s_first_cue[s] = i
            if konj[i]:
                s_konj[s] = True
            if inq[i]:
                s_quote[s] = True
            if tokens[i] == ":":
                s_colon[s] = True
        # nearest reporting-word candidate to the left and right within the sentence, and whether a
        # comma / colon / quote lies between (the shape of "..., sagte X." and "X sagte, ...")
        cand = [cueb[i] >= "3" or (stem[i] and cueb[i] >= "2") for i in range(n)]
        left = [-1] * n
        left_sep = [False] * n
        last, sep = -1, False
        for i in range(n):
            if i == s_start[sent_of[i]]:
                last, sep = -1, False
            left[i], left_sep[i] = last, sep
            if cand[i]:
                last, sep = i, False
            elif tokens[i] in (",", ":") or inq[i] >= 2:
                sep = True
        right = [-1] * n
        right_sep = [False] * n
        nxt, sep = -1, False
        for i in range(n - 1, -1, -1):
            if i == s_end[sent_of[i]] - 1:
                nxt, sep = -1, False
            right[i], right_sep[i] = nxt, sep
            if cand[i]:
                nxt, sep = i, False
            elif tokens[i] in (",", ":") or inq[i] >= 2:
                sep = True
        s_first2 = []
        for k in range(n_sent):
            a = s_start[k]
            b = s_end[k]
            s_first2.append((low[a] if a < b else "", low[a + 1] if a + 1 < b else ""))
        # what follows / precedes in the sentence: Konjunktiv, quotation, "dass", a comma or colon right after
        konj_after = [False] * n
        quote_after = [False] * n
        dass_after = [False] * n
        seen_k = seen_q = seen_d = False
        for i in range(n - 1, -1, -1):
            if i == s_end[sent_of[i]] - 1:
                seen_k = seen_q = seen_d = False
            konj_after[i], quote_after[i], dass_after[i] = seen_k, seen_q, seen_d
            seen_k = seen_k or konj[i]
            seen_q = seen_q or inq[i] >= 2
            seen_d = seen_d or low[i] in ("dass", "daß", "ob", "wie", "warum", "weshalb")
        konj_before = [False] * n
        quote_before = [False] * n
        seen_k = seen_q = False
        for i in range(n):
            if i == s_start[sent_of[i]]:
                seen_k = seen_q = False
            konj_before[i], quote_before[i] = seen_k, seen_q
            seen_k = seen_k or konj[i]
            seen_q = seen_q or inq[i] >= 2
        clusters = self.clusters
        cl = [clusters.get(t) or clusters.get(w, "?") for t, w in zip(tokens, low)] if clusters else None
        shape = [_shape(t) for t in tokens]
        qstr = [str(x) for x in inq]
        # per-token strings, built once and shared by the token's own and its neighbours' features
        pad = ["<pad>"]
        lw = pad + pad + low + pad + pad
        wm2 = ["w-2=" + x for x in lw[:n]]
        wm1 = ["w-1=" + x for x in lw[1:n + 1]]
        wp1 = ["w1=" + x for x in lw[3:n + 3]]
        wp2 = ["w2=" + x for x in lw[4:n + 4]]
        dist_cache = {}
        for d in range(0, 64):
            dist_cache[d] = _dist(d)

        def dist(d: int) -> str:
            d = abs(d)
            return dist_cache[d] if d < 64 else "26+"

        if pos is not None:
            tpad = ["<s>", "<s>"] + list(tags) + ["</s>", "</s>"]
            lemlow = [x.lower() for x in lemmas]
        feats: list[list[str]] = []
        for i in range(n):
            w = low[i]
            s = sent_of[i]
            f = [
                "b", "w=" + w, "p3=" + w[:3], "s3=" + w[-3:], "s2=" + w[-2:], "sh=" + shape[i],
                "cb=" + cueb[i], "q=" + qstr[i], "sc=" + s_cue[s],
            ]
            if len(w) > 4:
                f.append("p5=" + w[:5])
            if konj[i]:
                f.append("konj")
            if stem[i]:
                f.append("stem")
            if i == s_start[s]:
                f.append("sbeg")
            if i == s_end[s] - 1:
                f.append("send")
            pos_in = i - s_start[s]
            f.append("spos=" + dist(pos_in))
            if s_konj[s]:
                f.append("skonj")
            if s_quote[s]:
                f.append("squote")
            if s_colon[s]:
                f.append("scolon")
            fc = s_first_cue[s]
            if fc >= 0:
                f.append("cside=" + ("b" if i < fc else "a" if i > fc else "c"))
                f.append("cdist=" + dist(i - fc))
            if s > 0:
                f.append("psc=" + s_cue[s - 1])
                if s_konj[s - 1]:
                    f.append("pskonj")
                if s_quote[s - 1]:
                    f.append("psquote")
            if s + 1 < n_sent:
                f.append("nsc=" + s_cue[s + 1])
                if s_konj[s + 1]:
                    f.append("nskonj")
            lc = left[i]
            if lc >= 0:
                f.append("lc=" + low[lc])
                f.append("ld=" + dist(i - lc) + ("," if left_sep[i] else ""))
            else:
                f.append("lc=none")
            rc = right[i]
            if rc >= 0:
                f.append("rc=" + low[rc])
                f.append("rd=" + dist(rc - i) + ("," if right_sep[i] else ""))
            else:
                f.append("rc=none")
            if s + 1 < n_sent:
                f.append("ns0=" + s_first2[s + 1][0])
                f.append("ns01=" + s_first2[s + 1][0] + "|" + s_first2[s + 1][1])
            f.append(wm2[i])
            f.append(wm1[i])
            if i > 0:
                j = i - 1
                f.append("cb-1=" + cueb[j])
                f.append("q-1=" + qstr[j])
                f.append("sh-1=" + shape[j])
                if konj[j]:
                    f.append("konj-1")
            f.append(wp1[i])
            if i + 1 < n:
                j = i + 1
                f.append("cb1=" + cueb[j])
                f.append("q1=" + qstr[j])
                f.append("sh1=" + shape[j])
                if konj[j]:
                    f.append("konj1")
            f.append(wp2[i])
            f.append("w-1|w=" + (low[i - 1] if i > 0 else "<s>") + "|" + w)
            f.append("w|w+1=" + w + "|" + (low[i + 1] if i + 1 < n else "</s>"))
            ctx = ("K" if konj_after[i] else "-") + ("Q" if quote_after[i] else "-") + ("D" if dass_after[i] else "-") \
                + ("k" if konj_before[i] else "-") + ("q" if quote_before[i] else "-")
            f.append("ctx=" + ctx)
            nx = tokens[i + 1] if i + 1 < n else ""
            if nx in (",", ":"):
                f.append("nxsep")
                f.append("nxsep|cb=" + cueb[i])
            f.append("ctx|cb=" + ctx + cueb[i])
            if cl:
                f.append("cl=" + cl[i])
                f.append("cl-1=" + (cl[i - 1] if i > 0 else "<s>"))
                f.append("cl+1=" + (cl[i + 1] if i + 1 < n else "</s>"))
            if pos is not None:
                tg = tags[i]
                f.append("t=" + tg)
                f.append("t-1|t=" + tpad[i + 1] + "|" + tg)
                f.append("t|t+1=" + tg + "|" + tpad[i + 3])
                f.append("t-2=" + tpad[i])
                f.append("t+2=" + tpad[i + 4])
                if ents is not None:
                    f.append("ne=" + ents[i])
                    f.append("ne-1=" + (ents[i - 1] if i > 0 else "<s>"))
                    f.append("ne+1=" + (ents[i + 1] if i + 1 < n else "</s>"))
                lem = lemlow[i]
                f.append("lem=" + lem)
                if tg.startswith("V"):
                    f.append("vlem=" + lem)
            feats.append(f)
        info = {"sent_of": sent_of, "s_start": s_start, "s_end": s_end, "inq": inq, "cueb": cueb, "low": low,
                "tokens": tokens}
        if pos is not None:
            info["tags"] = tags
        return feats, info

    @staticmethod
    def cue_features(info: dict[str, Any], cue_p: Sequence[float]) -> list[list[str]]:
        """Features from the cue tagger's token probabilities: the token's own, and the nearest predicted cue
        to its left and right in the sentence (word, distance, whether a comma/colon/quote lies between)."""
        sent_of, s_start, s_end, inq, low = info["sent_of"], info["s_start"], info["s_end"], info["inq"], info["low"]
        tokens = info["tokens"]
        n = len(cue_p)
        is_cue = [p >= 0.4 for p in cue_p]
        out: list[list[str]] = [[] for _ in range(n)]
        last, sep = -1, False
        for i in range(n):
            if i == s_start[sent_of[i]]:
                last, sep = -1, False
            f = out[i]
            f.append("pc=" + _bucket(cue_p[i]))
            if last >= 0:
                f.append("plc=" + low[last])
                f.append("pld=" + _dist(i - last) + ("," if sep else ""))
            else:
                f.append("plc=none")
            if is_cue[i]:
                last, sep = i, False
            elif tokens[i] in (",", ":") or inq[i] >= 2:
                sep = True
        nxt, sep = -1, False
        s_has = {}
        for i in range(n - 1, -1, -1):
            if i == s_end[sent_of[i]] - 1:
                nxt, sep = -1, False
            f = out[i]
            if nxt >= 0:
                f.append("prc=" + low[nxt])
                f.append("prd=" + _dist(nxt - i) + ("," if sep else ""))
            else:
                f.append("prc=none")
            if is_cue[i]:
                nxt, sep = i, False
                s_has[sent_of[i]] = True
            elif tokens[i] in (",", ":") or inq[i] >= 2:
                sep = True
        for i in range(n):
            s = sent_of[i]
            f = out[i]
            f.append("spc=" + ("1" if s_has.get(s) else "0") + ("1" if s_has.get(s - 1) else "0")
                     + ("1" if s_has.get(s + 1) else "0"))
            if i > 0:
                f.append("pc-1=" + _bucket(cue_p[i - 1]))
            if i + 1 < n:
                f.append("pc+1=" + _bucket(cue_p[i + 1]))
        return out

    @staticmethod
    def zu_infinitive_features(info: dict[str, Any]) -> list[list[str]]:
        """Cue-tagger features: a verb or noun whose next comma or colon in the sentence is followed by a
        zu-infinitive ("Greenpeace fordert, die Firma haftbar zu machen"; "Beide Seiten hatten vereinbart, …
        zurückzuziehen"). Why: such complements make "fordern", "versprechen", "vereinbaren" cues in this data,
        while the same verbs with a plain object are not; the sentence-wide flags ("D", "K" in ``ctx``) cover
        "dass" and Konjunktiv, not this. Needs the pipeline's tags (PTKZU, VVIZU); without them, no features.
        Measured (README): jack-knifed cue F1 0.672 -> 0.677, but 5-fold CV joint F1 no better; off by default."""
        tags = info.get("tags")
        tokens, sent_of, s_end = info["tokens"], info["sent_of"], info["s_end"]
        n = len(tokens)
        out: list[list[str]] = [[] for _ in range(n)]
        if tags is None:
            return out
        zu_after = [False] * n      # a zu-infinitive later in the same clause chain of the sentence
        next_sep = [-1] * n         # the next comma or colon in the sentence
        seen, sep = False, -1
        for i in range(n - 1, -1, -1):
            if i == s_end[sent_of[i]] - 1:
                seen, sep = False, -1
            zu_after[i], next_sep[i] = seen, sep
            t = tags[i]
            if t == "VVIZU" or (t == "PTKZU" and i + 1 < n and tags[i + 1].startswith("V")):
                seen = True
            if tokens[i] in (".", ";", "?", "!"):
                seen = False
            if tokens[i] in (",", ":"):
                sep = i
        for i in range(n):
            t = tags[i]
            j = next_sep[i]
            if j >= 0 and zu_after[j] and (t.startswith("V") or t == "NN"):
                out[i] += ["zuinf_after", "zuinf|t=" + t[:2]]
        return out

    @classmethod
    def cue_tagger_input(cls, base: list[list[str]], info: dict[str, Any], zu: bool) -> list[list[str]]:
        """The cue tagger's features: ``base``, plus the zu-infinitive features where the model uses them
        (one place for the trainer and the runtime, so both build the same input)."""
        if not zu:
            return base
        return [b + e for b, e in zip(base, cls.zu_infinitive_features(info))]

    @staticmethod
    def role_window(message: list[int], info: dict[str, Any], before: int = 2, after: int = 1) -> tuple[int, int]:
        sent_of, s_start, s_end = info["sent_of"], info["s_start"], info["s_end"]
        first, last = sent_of[message[0]], sent_of[message[-1]]
        lo = s_start[max(0, first - before)]
        hi = s_end[min(len(s_start) - 1, last + after)]
        return lo, hi

    @staticmethod
    def role_features(base: list[list[str]], info: dict[str, Any], message: list[int], form: str,
                      lo: int, hi: int) -> list[list[str]]:
        sent_of = info["sent_of"]
        mset = set(message)
        m0, m1 = message[0], message[-1]
        ms0, ms1 = sent_of[m0], sent_of[m1]
        out = []
        for i in range(lo, hi):
            if i in mset:
                rel = "in"
                d = 0
            elif i < m0:
                rel = "bef"
                d = m0 - i
            elif i > m1:
                rel = "aft"
                d = i - m1
            else:
                rel = "gap"
                d = 0
            s = sent_of[i]
            so = s - ms0 if s < ms0 else (s - ms1 if s > ms1 else 0)
            dd = _dist(d)
            f = base[i] + [
                "rel=" + rel, "rd=" + rel + dd, "so=" + str(so), "form=" + form, "rf=" + rel + form,
                "rso=" + rel + str(so),
                "rcb=" + rel + base[i][6], "rw=" + rel + base[i][1],
            ]
            out.append(f)
        return out


def cue_window(cue: list[int], info: dict[str, Any], before: int = 1, after: int = 2) -> tuple[int, int]:
    sent_of, s_start, s_end = info["sent_of"], info["s_start"], info["s_end"]
    s = sent_of[cue[0]]
    return s_start[max(0, s - before)], s_end[min(len(s_start) - 1, s + after)]


def cue_role_features(base: list[list[str]], info: dict[str, Any], cue: list[int], lo: int, hi: int
                      ) -> list[list[str]]:
    """Features of the tokens in [lo, hi) relative to one cue (a set of tokens in one sentence)."""
    sent_of, tokens, inq, low = info["sent_of"], info["tokens"], info["inq"], info["low"]
    cset = set(cue)
    c0, c1 = cue[0], cue[-1]
    cs = sent_of[c0]
    cw = low[c0]
    # separators between each token and the cue (commas/colons; quotation marks)
    seps = [0] * (hi - lo)
    quotes = [0] * (hi - lo)
    count = q = 0
    for i in range(c0 - 1, lo - 1, -1):
        seps[i - lo], quotes[i - lo] = count, q
        if tokens[i] in (",", ":", ";"):
            count += 1
        if inq[i] >= 2:
            q += 1
    count = q = 0
    for i in range(c1 + 1, hi):
        seps[i - lo], quotes[i - lo] = count, q
        if tokens[i] in (",", ":", ";"):
            count += 1
        if inq[i] >= 2:
            q += 1
    out = []
    for i in range(lo, hi):
        if i in cset:
            side, d = "c", 0
        elif i < c0:
            side, d = "b", c0 - i
        elif i > c1:
            side, d = "a", i - c1
        else:
            side, d = "g", 0
        so = sent_of[i] - cs
        k = i - lo
        sp = str(min(seps[k], 2))
        qq = str(min(quotes[k], 2))
        f = base[i] + [
            "xside=" + side, "cd=" + side + _dist(d), "cso=" + str(so), "csep=" + side + sp, "cq=" + side + qq,
            "cw=" + cw, "cws=" + cw + side, "cqi=" + side + str(inq[i]), "csw=" + side + base[i][1],
            "csepq=" + side + sp + qq + str(so),
        ]
        out.append(f)
    return out


_SENT_PREFIXES = ("vlem=", "t=", "ne=", "cb=", "pc=", "q=")


def sentence_features(base: list[list[str]], info: dict[str, Any]) -> list[list[str]]:
    """One feature list per sentence, for the Reported tagger: the bag of its verbs' lemmas, tags, entity
    labels, reporting-word and cue-score buckets and quotation states, its first words, and its length.
    Why a sentence tagger: a "Reported" message (a speech act told as an event: "Die Behörden werfen ihm
    Betrug vor.") is in this data a whole sentence without a cue, its Source inside — a decision about the
    sentence, which token taggers make badly."""
    s_start, s_end, low = info["s_start"], info["s_end"], info["low"]
    out = []
    for a, b in zip(s_start, s_end):
        feats = {"b", "len=" + _dist(b - a)}
        for i in range(a, b):
            for f in base[i]:
                if f.startswith(_SENT_PREFIXES) or f in ("konj", "stem"):
                    feats.add(f)
        feats.add("w0=" + (low[a] if a < b else ""))
        feats.add("w01=" + "|".join(low[a:min(a + 2, b)]))
        feats.add("wl=" + (low[b - 2] if b - a >= 2 else ""))
        out.append(sorted(feats))
    previous = [[]] + [["p:" + f for f in feats if f.startswith(("vlem=", "q="))] for feats in out[:-1]]
    return [feats + prev for feats, prev in zip(out, previous)]


# --------------------------------------------------------------------------------------------- decoding

def decode_messages(labels: Sequence[str], marg: Sequence[float] | None = None) -> list[tuple[list[int], str, float]]:
    """BIO-with-Form labels -> [(token indices, form, confidence)]."""
    spans: list[tuple[list[int], str, float]] = []
    cur: list[int] = []
    cur_form = ""
    votes: dict[str, int] = {}

    def close() -> None:
        if cur:
            form = max(votes, key=votes.get) if votes else cur_form
            conf = sum(marg[i] for i in cur) / len(cur) if marg is not None else 0.5
            spans.append((list(cur), form, conf))

    for i, lab in enumerate(labels):
        if lab == "O":
            close()
            cur, votes = [], {}
            continue
        bio, form = lab.split("-", 1)
        if bio == "B" or not cur or form != cur_form and bio == "B":
            close()
            cur, votes = [], {}
        cur.append(i)
        cur_form = form
        votes[form] = votes.get(form, 0) + 1
    close()
    return spans


def _looks_like_a_name(tokens: Sequence[str], inner: Sequence[int]) -> bool:
    """A quotation whose words are all capitalised („Eagle“, „Hafencity“, „Social Action Party“) is a name or
    title, not a quoted utterance: in the training articles 72 of 80 such quotations inside a message are not
    annotated as nested Direct, against 36 of 213 for the others."""
    return all(tokens[i][:1].isupper() or not tokens[i][:1].isalpha() for i in inner)


def nested_quotes(tokens: Sequence[str], message: list[int]) -> list[list[int]]:
    """Quotations (with their marks) lying strictly inside a message span, except names and titles."""
    out = []
    start = None
    mset = message
    for i in mset:
        t = tokens[i]
        if t in OPEN_QUOTES or (t in TOGGLE_QUOTES and start is None):
            start = i
        elif (t in CLOSE_QUOTES or t in TOGGLE_QUOTES) and start is not None:
            span = list(range(start, i + 1))
            if len(span) < len(message) - 1 and len(span) >= 3 and not _looks_like_a_name(tokens, span[1:-1]):
                out.append(span)
            start = None
    return out


# Decoding rule: a cue-less continuation takes the Source of the attribution before it, and a continued quotation
# also its Cue and Frame (see inherit_sources). Measured: dev joint F1 0.708 -> 0.716 (Source), 0.726 -> 0.731
# (Cue and Frame of quotations); held-out 0.701 -> 0.705 and 0.706 -> 0.711. With all five forms, copying Cue
# and Frame for free indirect speech too, or only for FreeIndirect / IndirectFreeIndirect, it gains less.
INHERIT_SOURCE: dict[str, Any] = {"forms": ["Direct", "FreeIndirect", "IndirectFreeIndirect"], "sentences": 2,
                                  "cue_forms": ["Direct"]}


def inherit_sources(anns: list[TokenAnnotation], sent_of: Sequence[int], forms: Sequence[str] = (),
                    sentences: int = 2, cue_forms: Sequence[str] = ()) -> None:
    """A quotation or free-indirect sentence with no cue and no Source continues the speaker of the
    attribution before it ("Peskow sagte, ... . „Wir ...“"): give it that Source when that attribution's
    message starts at most ``sentences`` sentences earlier. A continued quotation (``cue_forms``) also shares
    the Cue and Frame of that speaker's last attribution with a cue, as the annotators mark it. Nested
    annotations are not speakers to inherit."""
    last: tuple[int, TokenAnnotation] | None = None
    last_cued: tuple[int, TokenAnnotation] | None = None
    for ann in sorted((a for a in anns if a.message), key=lambda a: min(a.message)):
        start = sent_of[min(ann.message)]
        if (not ann.source and not ann.cue and ann.form in forms and last is not None
                and start - last[0] <= sentences):
            ann.source = list(last[1].source)
        if (not ann.cue and ann.form in cue_forms and ann.source and last_cued is not None
                and ann.source == last_cued[1].source and start - last_cued[0] <= sentences):
            ann.cue = list(last_cued[1].cue)
            ann.frame = ann.frame or list(last_cued[1].frame)
        if ann.source and not ann.is_nested:
            last = (start, ann)
            if ann.cue:
                last_cued = (start, ann)


_CLAUSE_BREAK = {",", ":", ";", "„", "“", "»", "«", '"'}
COMPLETE_CUES = "aux+ptkvz"   # what complete_cue adds: auxiliaries ("aux") and separated particles ("ptkvz")


def complete_cue(cue: list[int], tokens: Sequence[str], tags: Sequence[str], sent_of: Sequence[int],
                 mode: str = COMPLETE_CUES) -> list[int]:
    """The cue with what its verb needs to be whole: the finite auxiliary of a participle ("hat ...
    angekündigt", "angekündigt hat"), the separated particle of a finite verb ("gab ... bekannt") and the
    finite verb of a lone particle ("kündigte ... an"). The annotators include them: in the training articles
    67 of 69 cues with a participle and a findable auxiliary contain it. Searches stay inside the clause (no
    comma, colon or quotation mark between)."""
    if not cue:
        return cue
    have = {tags[i] for i in cue}
    add: list[int] = []

    def search(start: int, step: int, want: str, limit: int = 12) -> int:
        j = start + step
        while 0 <= j < len(tokens) and sent_of[j] == sent_of[start] and tokens[j] not in _CLAUSE_BREAK \
                and abs(j - start) <= limit:
            if tags[j] == want:
                return j
            j += step
        return -1

    if "aux" in mode and "VVPP" in have and "VAFIN" not in have:
        pp = next(i for i in cue if tags[i] == "VVPP")
        j = search(pp, -1, "VAFIN")
        if j < 0:
            j = search(pp, 1, "VAFIN", limit=2)
        add.append(j)
    if "ptkvz" in mode and "VVFIN" in have and "PTKVZ" not in have:
        add.append(search(next(i for i in cue if tags[i] == "VVFIN"), 1, "PTKVZ"))
    if "ptkvz" in mode and "PTKVZ" in have and "VVFIN" not in have:
        add.append(search(next(i for i in cue if tags[i] == "PTKVZ"), -1, "VVFIN"))
    add = [j for j in add if j >= 0]
    return sorted(set(cue) | set(add)) if add else cue


# --------------------------------------------------------------------------------------------- the model

class Attributor:
    """Loaded model: ``annotate`` for token lists, ``annotate_doc`` for spaCy Docs."""

    def __init__(self, model_dir: Path):
        import pycrfsuite

        self.model_dir = Path(model_dir)
        meta = json.loads((self.model_dir / META).read_text(encoding="utf-8"))
        self.meta = meta
        clusters = None
        if (self.model_dir / CLUSTERS).exists():
            clusters = read_clusters(self.model_dir / CLUSTERS)
        self.featurizer = Featurizer(meta["cue_prob"], clusters, use_ner=bool(meta.get("ner", False)))
        self.stwr_by_form: dict[str, str] = meta.get("stwr_by_form", {})
        self.nested_direct: bool = meta.get("nested_direct", True)
        self.inherit_source: dict[str, Any] = meta.get("inherit_source", INHERIT_SOURCE)
        self.complete_cues: str = meta.get("complete_cues", COMPLETE_CUES)
        self.window: tuple[int, int] = tuple(meta.get("window", (2, 1)))  # type: ignore[assignment]
        self._msg = pycrfsuite.Tagger()
        self._msg.open(str(self.model_dir / MSG_MODEL))
        self._msg_labels = list(self._msg.labels())
        self.o_threshold: float = float(meta.get("o_threshold", 1.0))
        self.use_pos: bool = bool(meta.get("pos", False))
        self._cue = None
        self._cue_labels: list[str] = []
        if (self.model_dir / CUE_MODEL).exists():
            self._cue = pycrfsuite.Tagger()
            self._cue.open(str(self.model_dir / CUE_MODEL))
            self._cue_labels = list(self._cue.labels())
        self._cuerole = None
        self.cue_threshold: float = float(meta.get("cue_threshold", 0.5))
        self.cue_zu: bool = bool(meta.get("cue_zu", False))
        self.cue_win: tuple[int, int] = tuple(meta.get("cue_window", (1, 2)))  # type: ignore[assignment]
        if (self.model_dir / CUEROLE_MODEL).exists():
            self._cuerole = pycrfsuite.Tagger()
            self._cuerole.open(str(self.model_dir / CUEROLE_MODEL))
        self._roles = pycrfsuite.Tagger()
        self._roles.open(str(self.model_dir / ROLE_MODEL))
        self._reported = None
        self.reported_threshold: float = float(meta.get("reported_threshold", 0.5))
        if (self.model_dir / REPORTED_MODEL).exists():
            self._reported = pycrfsuite.Tagger()
            self._reported.open(str(self.model_dir / REPORTED_MODEL))
        self._lm_features = None
        if meta.get("lm_features"):
            from .neural import LanguageModelFeatures

            self._lm_features = LanguageModelFeatures.load(self.model_dir)
        self._neural = None
        self._lm = None
        if meta.get("neural"):
            from .neural import LM_WEIGHTS, LanguageModelEncoder, NeuralTagger

            self._neural = NeuralTagger(self.model_dir)
            if (self.model_dir / LM_WEIGHTS).exists():
                self._lm = LanguageModelEncoder(self.model_dir / LM_WEIGHTS)

    def _recall_decode(self, labels: list[str], marg: list[float]) -> tuple[list[str], list[float]]:
        """Where the Viterbi path says O but P(O) < o_threshold, take the best message label instead."""
        tagger = self._msg
        names = self._msg_labels
        labels = list(labels)
        marg = list(marg)
        for i, lab in enumerate(labels):
            if lab != "O":
                continue
            p_o = marg[i]
            if p_o >= self.o_threshold:
                continue
            best, best_p = "O", -1.0
            for name in names:
                if name == "O":
                    continue
                p = tagger.marginal(name, i)
                if p > best_p:
                    best, best_p = name, p
            if best != "O":
                if best.startswith("I-") and (i == 0 or labels[i - 1] == "O"):
                    best = "B-" + best[2:]
                labels[i], marg[i] = best, 1.0 - p_o
        return labels, marg

    def _pos_of_tokens(self, tokens: Sequence[str], sent_of: Sequence[int]):
        """Tags, Konjunktiv flags and lemmas for given tokens, from quellen's German pipeline (None if absent)."""
        nlp = _german_pipeline()
        if nlp is None:
            return None
        from spacy.tokens import Doc

        doc = Doc(nlp.vocab, words=list(tokens),
                  sent_starts=[i == 0 or sent_of[i] != sent_of[i - 1] for i in range(len(tokens))])
        for name, proc in nlp.pipeline:
            if name in POS_COMPONENTS:
                doc = proc(doc)
        return pos_of_doc_tokens(list(doc))

    # -- token-level API
    def annotate(self, tokens: Sequence[str], sent_of: Sequence[int], pos: Any = None,
                 vectors: Any = None) -> list[TokenAnnotation]:
        """Attributions for one article given as tokens and each token's sentence number (0, 1, ...).
        ``pos`` (tags, Konjunktiv flags, lemmas) is computed with quellen's pipeline when the model uses it;
        ``vectors`` is the pipeline's vector table (``nlp.vocab.vectors``), used by the neural scorer."""
        if not tokens:
            return []
        if self.use_pos and pos is None:
            pos = self._pos_of_tokens(tokens, sent_of)
        base, info = self.featurizer.base(tokens, sent_of, pos if self.use_pos else None)
        if self._lm_features is not None:
            base = [b + e for b, e in zip(base, self._lm_features.features(self._vectors(tokens, vectors)))]
        cue_p: list[float] = []
        if self._cue is not None:
            self._cue.set(Featurizer.cue_tagger_input(base, info, self.cue_zu))
            cue_p = [self._cue.marginal("C", i) for i in range(len(base))] if "C" in self._cue_labels else [0.0] * len(base)
            extra = self.featurizer.cue_features(info, cue_p)
            base = [b + e for b, e in zip(base, extra)]
        if self._neural is not None:
            base = self._stack_neural(tokens, base, vectors)
        labels = self._msg.tag(base)
        marg = [self._msg.marginal(lab, i) for i, lab in enumerate(labels)]
        if self.o_threshold < 1.0:
            labels, marg = self._recall_decode(labels, marg)
        out: list[TokenAnnotation] = []
        spans = decode_messages(labels, marg)
        if self._cuerole is not None and self._cue is not None:
            cue_msgs = self._cue_centric(tokens, base, info, cue_p, labels)
            # A message-tagger span sharing any token with a cue-centred message is the same message found twice:
            # one message, one annotation. Measured against dropping it only when half of it is covered:
            # joint F1 0.6812 -> 0.6847 in 5-fold CV over the 630 training articles, held-out 0.7112 -> 0.7129.
            covered = {i for a in cue_msgs for i in a.message}
            spans = [sp for sp in spans if not any(i in covered for i in sp[0])]
            for ann in cue_msgs:
                out.append(ann)
                self._add_nested(tokens, ann, out)
        if self._reported is not None:
            taken = {i for a in out for i in a.message} | {i for sp in spans for i in sp[0]}
            spans = spans + self._reported_spans(base, info, taken)
        for message, form, conf in spans:
            if all(tokens[i] in QUOTES or not any(c.isalnum() for c in tokens[i]) for i in message):
                continue
            lo, hi = self.featurizer.role_window(message, info, *self.window)
            rfeats = self.featurizer.role_features(base, info, message, form, lo, hi)
            rlabels = self._roles.tag(rfeats)
            ann = TokenAnnotation(message=message, form=form, stwr=self.stwr_by_form.get(form, "Speech"),
                                  confidence=round(float(conf), 4))
            for k, lab in enumerate(rlabels):
                if lab == "O":
                    continue
                for code in lab.split("+"):
                    getattr(ann, ROLE_CODES[code]).append(lo + k)
            if self.complete_cues and "tags" in info:   # cue-centred cues were completed before their roles
                ann.cue = complete_cue(ann.cue, tokens, info["tags"], sent_of, self.complete_cues)
            out.append(ann)
            self._add_nested(tokens, ann, out)
        if self.inherit_source:     # copies only cues that are already complete
            inherit_sources(out, info["sent_of"], **self.inherit_source)
        return out

    @staticmethod
    def _vectors(tokens: Sequence[str], vectors: Any) -> Any:
        """The pipeline's floret vectors of ``tokens`` (the neural scorer's and the language model's input)."""
        from .neural import token_vectors

        if vectors is None:
            nlp = _german_pipeline()
            if nlp is None:
                raise RuntimeError("the neural scorer and the language model need quellen's German pipeline (its vectors)")
            vectors = nlp.vocab.vectors
        return token_vectors(vectors, tokens)

    def _stack_neural(self, tokens: Sequence[str], base: list[list[str]], vectors: Any) -> list[list[str]]:
        from .neural import stack_features

        vecs = self._vectors(tokens, vectors)
        if self._lm is not None:
            vecs = self._lm.extend(vecs)
        extra = stack_features(self._neural.probs(base, vecs), self._neural.labels)
        return [b + e for b, e in zip(base, extra)]

    def _reported_spans(self, base: list[list[str]], info: dict[str, Any], taken: set[int]
                        ) -> list[tuple[list[int], str, float]]:
        """Runs of whole sentences that the sentence tagger labels as a cue-less message (``B-Reported``,
        ``I-Reported`` ...; consecutive sentences of one message share it), where no other message already
        covers half of them. Confidence: the mean marginal of the run's labels."""
        tagger = self._reported
        labels = tagger.tag(sentence_features(base, info))
        marg = [tagger.marginal(lab, k) for k, lab in enumerate(labels)]
        s_start, s_end = info["s_start"], info["s_end"]
        out = []
        for sents, form, conf in decode_messages(labels, marg):      # the same BIO-Form decoding, over sentences
            tokens = [i for k in sents for i in range(s_start[k], s_end[k])]
            if conf < self.reported_threshold or not tokens:
                continue
            if sum(i in taken for i in tokens) * 2 >= len(tokens):
                continue
            out.append((tokens, form, conf))
        return out

    def _add_nested(self, tokens: Sequence[str], ann: TokenAnnotation, out: list[TokenAnnotation]) -> None:
        if self.nested_direct and ann.form != "Direct":
            for q in nested_quotes(tokens, ann.message):
                ann.has_nested = True
                out.append(TokenAnnotation(cue=list(ann.cue), source=list(ann.source), message=q,
                                           addr=list(ann.addr), frame=list(ann.frame), form="Direct",
                                           stwr=ann.stwr, is_nested=True, confidence=ann.confidence))

    def _cue_centric(self, tokens: Sequence[str], base: list[list[str]], info: dict[str, Any],
                     cue_p: Sequence[float], msg_labels: Sequence[str]) -> list[TokenAnnotation]:
        """One annotation per sentence with predicted cue tokens: message and roles tagged around the cue."""
        sent_of = info["sent_of"]
        groups: dict[int, list[int]] = {}
        for i, p in enumerate(cue_p):
            if p >= self.cue_threshold:
                groups.setdefault(sent_of[i], []).append(i)
        out = []
        for cue in groups.values():
            if self.complete_cues and "tags" in info:
                cue = complete_cue(cue, tokens, info["tags"], sent_of, self.complete_cues)
            lo, hi = cue_window(cue, info, *self.cue_win)
            rl = self._cuerole.tag(cue_role_features(base, info, cue, lo, hi))
            ann = TokenAnnotation(cue=list(cue))
            for k, lab in enumerate(rl):
                if lab == "O":
                    continue
                for code in lab.split("+"):
                    if code == "M":
                        ann.message.append(lo + k)
                    elif code != "C":
                        getattr(ann, ROLE_CODES[code]).append(lo + k)
            if not ann.message or all(not any(c.isalnum() for c in tokens[i]) for i in ann.message):
                continue
            votes: dict[str, int] = {}
            for i in ann.message:
                if msg_labels[i] != "O":
                    f = msg_labels[i][2:]
                    votes[f] = votes.get(f, 0) + 1
            if votes:
                ann.form = max(votes, key=votes.get)
            else:
                ann.form = "Direct" if info["inq"][ann.message[0]] >= 2 else "Indirect"
            ann.stwr = self.stwr_by_form.get(ann.form, "Speech")
            ann.confidence = round(float(sum(cue_p[i] for i in cue) / len(cue)), 4)
            out.append(ann)
        return out

    def annotate_sentences(self, sentences: Sequence[Sequence[str]]) -> list[TokenAnnotation]:
        tokens = [t for s in sentences for t in s]
        sent_of = [k for k, s in enumerate(sentences) for _ in s]
        return self.annotate(tokens, sent_of)

    # -- spaCy API
    def annotate_doc(self, doc: Any) -> list[TokenAnnotation]:
        """Attributions for a spaCy Doc (indices are ``doc[i]`` token indices). Whitespace tokens are skipped."""
        tokens: list[str] = []
        sent_of: list[int] = []
        index: list[int] = []
        sents = list(doc.sents) if (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")) else [doc[:]]
        k = -1
        for sent in sents:
            started = False
            for tok in sent:
                if tok.text.isspace() or not tok.text:
                    continue
                if not started:
                    k += 1
                    started = True
                tokens.append(tok.text)
                sent_of.append(k)
                index.append(tok.i)
        pos = None
        if self.use_pos and doc.has_annotation("TAG"):
            pos = pos_of_doc_tokens([doc[i] for i in index])
        anns = self.annotate(tokens, sent_of, pos, vectors=doc.vocab.vectors if doc.vocab.vectors.shape[0] else None)
        for a in anns:
            for role in ("cue", "source", "message", "addr", "frame"):
                setattr(a, role, [index[i] for i in getattr(a, role)])
        return anns


def read_clusters(path: Path) -> dict[str, str]:
    """``word<TAB>cluster`` lines (word classes from k-means over floret vectors, made at training time)."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            w, _, c = line.rstrip("\n").partition("\t")
            out[w] = c
    return out


POS_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "lemmatizer", "ner")


def pos_of_doc_tokens(toks: Sequence[Any]) -> tuple[list[str], list[bool], list[str], list[str]]:
    """(STTS tags, Konjunktiv flags, lemmas, entity labels as IOB-type) of pipeline-annotated tokens."""
    return ([t.tag_ or "_" for t in toks], ["Sub" in t.morph.get("Mood") for t in toks],
            [t.lemma_ or t.text for t in toks],
            [(t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O" for t in toks])


@lru_cache(maxsize=1)
def _german_pipeline() -> Any:
    try:
        from quellen.nlp import load_pipeline

        return load_pipeline()
    except Exception as exc:
        log.warning("quellen's German pipeline is unavailable (%s); attribution runs without its tags", exc)
        return None


@lru_cache(maxsize=4)
def _load(model_dir: str) -> Attributor | None:
    path = Path(model_dir)
    if not all((path / f).exists() for f in (MSG_MODEL, ROLE_MODEL, META)):
        log.warning("learned attribution model not found in %s", path)
        return None
    # A model that is shipped but cannot be loaded raises: silently falling back to the rules would change
    # every result of the batch without a word (the caller turns it into an environment fault, errors.py).
    return Attributor(path)


def load_attributor(model_dir: Path | str | None = None) -> Attributor | None:
    """The shipped attribution model (cached), or ``None`` where it is absent; raises where it is broken."""
    return _load(str(Path(model_dir) if model_dir else MODEL_DIR))


def predict_spkatt_doc(attributor: Attributor, doc: "Any") -> "Any":
    """Fill a :class:`quellen.taskformat.io.SpkattDoc` 's annotations from the model (tokenisation as given)."""
    from quellen.taskformat.io import SpkattAnnotation

    anns = attributor.annotate_sentences(doc.sentences)
    out = []
    for a in anns:
        out.append(SpkattAnnotation(
            cue=doc.positions(a.cue), source=doc.positions(a.source), message=doc.positions(a.message),
            addr=doc.positions(a.addr), frame=doc.positions(a.frame), form=a.form, stwr=a.stwr,
            is_nested=a.is_nested, has_nested=a.has_nested))
    doc.annotations = out
    return doc
