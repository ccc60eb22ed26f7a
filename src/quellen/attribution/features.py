"""Token and sentence features of the learned attribution component (:mod:`.learned`), and the
annotation type its stages share: what the CRFs see, kept apart from how they are run and decoded."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

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
