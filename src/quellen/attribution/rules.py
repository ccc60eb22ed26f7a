"""Rule-based attribution finder for German news: direct quotes, reporting verbs, according-to markers,
denials, Konjunktiv-I reported speech.

Why rules next to a learned model: the rules know the closed classes exactly (quotation marks, „laut“,
„zufolge“, „wonach“, denial verbs) and give the types the public contract needs; they also run when no model
is shipped. Every candidate records which rule produced it (``rule``) and a confidence.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from . import lexicon as L
from .quotes import Quote, find_quotes
from .syntax import Sent, View

BREAKS = {",", ";", ":", "–", "—", "(", ")"}
QUOTE_CHARS = {"„", "“", "”", "\"", "»", "«"}
_TIME_WORDS = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "woche", "wochen",
               "jahr", "jahren", "monat", "monaten", "tag", "tagen", "abend", "morgen", "stunden", "zeit"}
KI_STRICT = {"sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "gebe",
             "wisse", "liege", "stehe", "komme", "gehe", "bleibe", "gelte", "befinde", "handele", "handle"}


@dataclass
class Cand:
    type: str
    cue: tuple[int, int]                 # character spans
    content: tuple[int, int]
    source: tuple[int, int] | None
    rule: str
    confidence: float
    sent: int
    cue_tokens: tuple[int, ...] = ()
    hedged: bool = False
    source_hint: str | None = None       # "inherit": same source as the previous report; "impersonal"
    copy_of: "Cand | None" = None        # a continued quote copies its cue/source from this one
    denies_hint: tuple[int, int] | None = None   # char span of a 'wonach' claim this denial rejects
    extra: dict = field(default_factory=dict)


class Finder:
    def __init__(self, doc, text: str, skip_spans: list[tuple[int, int]] = ()):
        self.doc, self.text = doc, text
        self.v = View(doc)
        self.sents = self.v.sentences()
        self.skip = list(skip_spans)
        self.quotes = [q for q in find_quotes(text)]
        self.cands: list[Cand] = []
        self.used_cue_tokens: set[int] = set()
        self.starts = [t.idx for t in doc]
        self.tok_sent = {}
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.tok_sent[i] = k

    # --- helpers ---------------------------------------------------------------------------------------
    def cs(self, i: int) -> int:
        return self.doc[i].idx

    def ce(self, i: int) -> int:
        t = self.doc[i]
        return t.idx + len(t.text)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Character span of tokens [i, j), trimmed of quotes/punctuation at the edges."""
        while i < j and (self.v.text[i] in BREAKS or self.v.text[i] in (".",) or not self.v.text[i].strip()):
            i += 1
        while j > i and (self.v.text[j - 1] in BREAKS | {".", "!", "?"} or not self.v.text[j - 1].strip()):
            j -= 1
        if j <= i:
            return (self.cs(i) if i < self.v.n else len(self.text),) * 2
        return self.cs(i), self.ce(j - 1)

    def is_skipped(self, s: Sent) -> bool:
        n = s.char_end - s.char_start
        cov = sum(max(0, min(e, s.char_end) - max(b, s.char_start)) for b, e in self.skip)
        return n > 0 and cov >= 0.5 * n

    def quote_at(self, i: int) -> Quote | None:
        c = self.cs(i)
        for q in self.quotes:
            if q.inner_start <= c < q.inner_end:
                return q
        return None

    def tok_at(self, char: int) -> int:
        """The token covering (or first after) a character offset."""
        k = bisect_right(self.starts, char) - 1
        if k < 0:
            return 0
        t = self.doc[k]
        if char < t.idx + max(1, len(t.text)):
            return k
        return min(k + 1, self.v.n - 1)

    def clause_start(self, i: int, lo: int) -> int:
        j = i
        while j > lo and self.v.text[j - 1] not in BREAKS:
            j -= 1
        return j

    def clause_end(self, i: int, hi: int) -> int:
        j = i
        while j < hi and self.v.text[j] not in BREAKS and self.v.text[j] not in QUOTE_CHARS \
                and self.v.text[j] not in (".", "!", "?"):
            j += 1
        return j

    # --- main ------------------------------------------------------------------------------------------
    def run(self) -> list[Cand]:
        self.direct_quotes()
        for k, s in enumerate(self.sents):
            if self.is_skipped(s):
                continue
            self.verb_cues(k, s)
            self.according_markers(k, s)
        for k, s in enumerate(self.sents):
            if not self.is_skipped(s):
                self.konjunktiv_sentence(k, s)
        self.finish()
        return sorted(self.cands, key=lambda c: (min(c.cue[0], c.content[0]), c.cue[0]))

    # --- direct quotes ---------------------------------------------------------------------------------
    def direct_quotes(self) -> None:
        prev: Cand | None = None
        for q in self.quotes:
            qa, qb = self.tok_at(q.inner_start), self.tok_at(max(q.inner_start, q.inner_end - 1))
            ka = self.tok_sent.get(qa)
            kb = self.tok_sent.get(qb)
            if ka is None or kb is None or self.is_skipped(self.sents[ka]):
                continue
            sa, sb = self.sents[ka], self.sents[kb]
            inner_tokens = [i for i in range(sa.start, sb.end) if q.inner_start <= self.cs(i) < q.inner_end]
            if not inner_tokens:
                continue
            before = self.text[sa.char_start:q.start].strip()
            open_tok = self.tok_at(q.start)
            close_tok = self.tok_at(q.end - 1) if q.closed else qb
            content = (q.inner_start, q.inner_end)
            content = self._trim_chars(content)
            cand = None
            # „…“, sagte er.
            after_i = close_tok + 1 if q.closed else qb + 1
            starts_sentence = before == "" or before[-1:] in ("–", "-")
            if starts_sentence and (self.text[q.end:q.end + 2].lstrip().startswith(",")
                                    or self.text[q.inner_end - 1:q.inner_end] in (",", "?", "!")):
                cue = self._find_cue(after_i, min(sb.end, after_i + 12))
                if cue is not None:
                    cand = self._direct(cue, content, kb, "quote-cue-after", 0.9)
                else:
                    cand = self._so_cue(after_i, sb, content, kb, "direct")
            # X sagte: „…“  /  stellte X fest, „…“ (the quote ends the sentence)
            if cand is None and before and before[-1] in (":", ","):
                rest = self.text[q.end:sb.char_end].strip()
                to_end = rest in ("", ".", "!", "?", ".”", "”.") or not q.closed
                cue = self._find_cue_before(open_tok, sa.start, colon=before[-1] == ":")
                if cue is not None and (before[-1] == ":" or to_end):
                    cand = self._direct(cue, content, ka, "quote-cue-before", 0.85)
            # nannte … „genial“ und „schlau“ / den er als „blutiges Chaos“ bezeichnete
            if cand is None and len(inner_tokens) <= 8:
                cand = self._naming(q, open_tok, close_tok, sa, ka)
            # „…“ Das sagte X am Montag.  — the cue in the next sentence, pointing back with 'das/dies'
            if cand is None and starts_sentence and q.closed and not self._has_cue(after_i, sb.end):
                cand = self._cue_next_sentence(kb, content)
            # a new quote right after a quoted attribution, without a cue of its own
            if cand is None and starts_sentence and prev is not None and len(inner_tokens) >= 4 \
                    and prev.sent >= ka - 2 and not self._has_cue(after_i, sb.end):
                cand = Cand("direct", prev.cue, content, prev.source, "quote-continued", 0.7, kb,
                            prev.cue_tokens, copy_of=prev)
                cand.type = prev.type if prev.type in ("direct", "denial") else "direct"
            if cand is not None:
                if cand.type == "direct" and L.DENIAL_PHRASES.search(self.text[content[0]:content[1]]):
                    cand.type = "denial"
                self.cands.append(cand)
                prev = cand
                self.used_cue_tokens.update(cand.cue_tokens)

    def _trim_chars(self, span):
        a, b = span
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;"):
            b -= 1
        return a, b

    def _direct(self, cue_info, content, sent_k, rule, conf) -> Cand:
        i, vf, particle_i = cue_info
        toks = (i,) if particle_i is None else (i, particle_i)
        cue_span = (self.cs(min(toks)), self.ce(max(toks)))
        src = self.subject(i, vf, particle_i)
        typ = "denial" if vf.cls == L.DENIAL else "direct"
        inner = self.text[content[0]:content[1]].split()
        if vf.cls == L.NAMING and inner and len(inner) <= 2 and all(w[:1].isupper() for w in inner):
            return None                                   # 'auch „Uncle Ted“ genannt': a name, not speech
        c = Cand(typ, cue_span, content, src[0] if src else None, rule, conf, sent_k, toks)
        if src and src[1]:
            c.source_hint = src[1]
        return c

    def _cue_next_sentence(self, kb: int, content) -> Cand | None:
        if kb + 1 >= len(self.sents):
            return None
        n = self.sents[kb + 1]
        v = self.v
        if n.end - n.start < 3 or v.lower[n.start] not in ("das", "dies", "so"):
            return None
        r = self._reading(n.start + 1, n.end)
        if not r:
            return None
        vf, particle_i = r
        if not vf.finite:
            return None
        j = n.start + 2
        while j < n.end and v.lower[j] in ("auch", "nun", "jetzt", "am", "damals"):
            j += 1
        src = self._np_at(j, n.end)                       # 'Das sagte die Gewerkschaftschefin X'
        if not src:
            return None
        toks = (n.start + 1,) if particle_i is None else (n.start + 1, particle_i)
        typ = "denial" if vf.cls == L.DENIAL else "direct"
        return Cand(typ, (self.cs(min(toks)), self.ce(max(toks))), content, src[0], "quote-cue-next", 0.75,
                    kb + 1, toks)

    def _so_cue(self, j: int, s: Sent, content, k: int, typ: str) -> Cand | None:
        """'„…“, so der Minister.' / 'Die Lage sei ernst, so die Polizei.'"""
        v = self.v
        while j < s.end and v.text[j] in (",",) + tuple(QUOTE_CHARS):
            j += 1
        if j + 1 >= s.end or v.lower[j] != "so" or not (
                v.lower[j + 1] in ("der", "die", "das", "dem", "den", "ein", "eine", "einer", "zwei", "drei")
                or (v.is_cap(j + 1) and not v.is_det(j + 1))):
            return None
        src = self._np_at(j + 1, s.end)
        if not src:
            return None
        e = self.tok_at(src[0][1] - 1) + 1
        if e < s.end and not self._only_adjuncts(e, s.end) and v.text[e] not in (".", "!", "?", ","):
            return None
        self.used_cue_tokens.add(j)
        return Cand(typ, (self.cs(j), self.ce(j)), content, src[0], "so-cue", 0.8, k, (j,))

    def _naming(self, q: Quote, open_tok: int, close_tok: int, sa: Sent, ka: int) -> Cand | None:
        lo = max(sa.start, open_tok - 8)
        hi = min(sa.end, close_tok + 6)
        for i in list(range(open_tok - 1, lo - 1, -1)) + list(range(close_tok + 1, hi)):
            for vf in L.verb_forms(self.v.lower[i]):
                if vf.cls == L.NAMING and i not in self.used_cue_tokens:
                    inner = self.text[q.inner_start:q.inner_end].split()
                    if vf.lemma == "bezeichnen" and self.v.lower[open_tok - 1] != "als":
                        continue
                    if inner and all(w[:1].isupper() for w in inner) and len(inner) <= 2:
                        continue                          # product or title names, not an evaluation
                    # join „genial“ und „schlau“
                    content = [q.inner_start, q.inner_end]
                    for q2 in self.quotes:
                        if q2.start > q.end and self.text[q.end:q2.start].strip() in ("und", "oder", ","):
                            content[1] = q2.inner_end
                    for c in self.cands:
                        if c.content[0] <= q.inner_start < c.content[1] and c.rule.startswith("naming"):
                            return None
                    src = self.subject(i, vf, None)
                    cand = Cand("direct", (self.cs(i), self.ce(i)), tuple(content), src[0] if src else None,
                                "naming-quote", 0.75, ka, (i,))
                    if src and src[1]:
                        cand.source_hint = src[1]
                    return cand
        return None

    def _reading(self, i: int, hi: int):
        """The verb reading of token i, with the index of its separable particle (or None)."""
        if i in self.used_cue_tokens:
            return None
        w = self.v.lower[i]
        forms = L.verb_forms(w)
        if not forms:
            return None
        if self.v.is_cap(i) and not self.v._sent_initial(i):
            return None
        if i + 1 < self.v.n and self.v.lower[i + 1] == "zufolge":
            return None
        with_particle = [f for f in forms if f.particle]
        for f in with_particle:
            j = self._particle(i, hi, f.particle)
            if j is not None:
                return f, j
        plain = [f for f in forms if not f.particle]
        if not plain:
            return None
        nxt_w = self.v.lower[i + 1] if i + 1 < self.v.n else ""
        if plain[0].lemma in ("versprechen", "nennen", "bezeichnen") and nxt_w == "sich":
            return None                                   # 'verspricht sich' = expects, 'nennt sich' = is called
        if plain[0].lemma == "erklären" and "bereit" in self.v.lower[i + 1:i + 5]:
            return None                                   # 'erklärte sich bereit' = agreed
        if w == "betont" and i + 1 < self.v.n and self.v.is_adjish(i + 1) and not self.v.is_cap(i + 1):
            return None                                   # 'gab sich betont optimistisch'
        # adjectival participle: 'deren erklärte politische Positionen'
        if i > 0 and self.v.is_det(i - 1) and i + 1 < self.v.n and (
                self.v.is_cap(i + 1) or self.v.is_adjish(i + 1)) and not self.v.is_punct(i + 1):
            if self.v.lower[i - 1] not in ("er", "sie", "es", "man"):
                return None
        if self.v.has_pos and self.v.pos(i) in ("NOUN", "PROPN", "DET", "ADP", "PRON", "PUNCT"):
            return None
        if self.v.has_pos and self.v.pos(i) == "ADJ" and i + 1 < self.v.n and (
                self.v.is_cap(i + 1) or self.v.pos(i + 1) in ("ADJ", "NOUN", "PROPN")):
            return None                                   # attributive: 'die erklärte Absicht'
        if nxt_w == "nicht" or (nxt_w == "sich" and i + 2 < self.v.n and self.v.lower[i + 2] == "nicht"):
            return None                                   # 'äußerte sich nicht', 'sagte nicht'
        nonfin = [f for f in plain if not f.finite]
        if nonfin and len(plain) > 1:
            cstart = self.clause_start(i, 0)
            nxt = self.v.text[i + 1] if i + 1 < self.v.n else "."
            if any(self.v.is_finite_aux(j) for j in range(cstart, i)) and (
                    nxt in BREAKS or nxt in (".", "!", "?", "und", "sowie", "oder") or self.v.is_finite_aux(i + 1)):
                return nonfin[0], None
        return plain[0], None

    def _particle(self, i: int, hi: int, particle: str) -> int | None:
        """The separable particle of the verb at i: clause-final ('teilte … mit,', 'gab X, Y, bekannt, dass'),
        searched across appositions but not into a following subordinate clause or quotation."""
        v = self.v
        for j in range(i + 1, min(hi, i + 25)):
            t = v.text[j]
            if t in (".", "!", "?", ":", ";") or t in QUOTE_CHARS:
                return None
            if t == "," and j + 1 < hi and (v.lower[j + 1] in L.SUBORDINATORS - {"als"} or
                                             v.lower[j + 1] in ("und", "aber", "oder")):
                return None
            if v.lower[j] == particle:
                nxt = v.text[j + 1] if j + 1 < v.n else "."
                if j + 1 >= hi or nxt in BREAKS or nxt in (".", "!", "?") or nxt in QUOTE_CHARS \
                        or v.lower[j + 1] in ("und", "oder", "sowie") or "\n" in nxt or not nxt.strip():
                    return j
        return None

    def _find_cue(self, lo: int, hi: int):
        for i in range(lo, hi):
            if self.v.text[i] in QUOTE_CHARS:
                break
            r = self._reading(i, hi)
            if r:
                return i, r[0], r[1]
        return None

    def _find_cue_before(self, hi: int, lo: int, colon: bool):
        i = hi - 1
        steps = 0
        while i >= lo:
            if self.v.lower[i] in L.SUBORDINATORS - {"wie", "als"} and not colon:
                return None
            r = self._reading(i, hi + 1)
            if r:
                if not colon and steps > 10:
                    return None
                return i, r[0], r[1]
            i -= 1
            steps += 1
        return None

    def _has_cue(self, lo: int, hi: int) -> bool:
        return any(L.verb_forms(self.v.lower[i]) and not self.v.is_cap(i) for i in range(lo, hi))

    # --- subjects --------------------------------------------------------------------------------------
    def subject(self, i: int, vf, particle_i):
        """(char span of the source NP, hint) for the reporting verb at token i."""
        k = self.tok_sent.get(i)
        s = self.sents[k]
        v = self.v
        cstart = self.clause_start(i, s.start)
        first = v.lower[cstart] if cstart < i else None
        # relative clause: '..., die sagten, ...' -> antecedent before the comma
        if first in L.RELATIVE and cstart > s.start and v.text[cstart - 1] == ",":
            nxt = cstart + 1
            if nxt < i and v.lower[nxt] in L.PRONOUNS:
                return (self.cs(nxt), self.ce(nxt)), None
            b = self._skip_verbs_back(cstart - 1, s.start)
            a = v.np_backward(b, s.start)
            if a < b:
                return (self.cs(a), self.ce(b - 1)), None
            return None
        if first == "wie" and vf.lemma == "hervorgehen" and cstart + 1 < i and v.lower[cstart + 1] == "aus":
            return self._np_at(cstart + 2, i)          # 'wie aus einem internen Papier hervorgeht'
        if first in L.SUBORDINATORS:
            j = cstart + 1
            while j < i and (v.lower[j] in L.ADVERBS or v.lower[j] in L.RELATIVE and j == cstart + 1
                             and v.lower[j + 1] in L.PRONOUNS):
                j += 1
            return self._np_at(j, i)
        # main clause: the finite verb
        f = i
        if not vf.finite:
            for j in range(i - 1, cstart - 1, -1):
                if v.is_finite_aux(j):
                    f = j
                    break
        pre_lo = cstart
        if pre_lo < f and v.lower[pre_lo] in ("und", "sowie", "oder", "aber"):
            pre_lo += 1
        if f - 1 > pre_lo and v.lower[f - 1] in ("und", "sowie", "oder") and not (
                f + 1 < s.end and (v.lower[f + 1] in ("er", "sie", "man", "ich", "wir") or v.is_name(f + 1))):
            return self._coordinated_subject(i)
        post = f + 1
        while post < s.end and (v.lower[post] in ("auch", "allerdings", "aber", "jedoch", "zudem", "indes", "sich",
                                                   "offenbar", "angeblich", "wohl", "nun", "bereits",
                                                   "jüngst", "kürzlich", "doch", "ebenfalls")):
            post += 1
        # '… hat sich am Dienstag der Untersuchungsrichter … geäußert': skip adverbials in the middle field
        look = post
        for _ in range(3):
            if look < s.end and v.lower[look] in L.PREPOSITIONS and v.lower[look] not in ("laut",):
                look = self._skip_pp(look, s.end)
                while look < s.end and v.lower[look] in L.ADVERBS | {"sich"}:
                    look += 1
        if look != post and look < i and look < s.end and (
                v.lower[look] in ("der", "ein", "eine", "die") or v.ent_tok.get(look) == "PER"):
            post = look
        post_np = self._np_at(post, s.end) if post < s.end and post != i else None
        post_is_pron = post < s.end and v.lower[post] in ("er", "sie", "man", "ich", "wir", "es")
        if pre_lo >= f:
            if f - 1 >= s.start and v.lower[f - 1] in ("und", "sowie", "oder", "aber"):
                return self._coordinated_subject(i)
            if post_np:
                return post_np
            # '..., der ..., sagte, dass' -> skip back over relative clauses to the NP
            j = cstart - 1
            while j > s.start:
                cs2 = self.clause_start(j, s.start)
                if (v.lower[cs2] in L.RELATIVE and cs2 > s.start) or v.lower[cs2] in L.SUBORDINATORS or cs2 == j:
                    j = cs2 - 1
                    continue
                lo = cs2 + (1 if v.lower[cs2] in ("und", "sowie") else 0)
                return self._np_at(lo, j)
            return None
        pre_first = v.lower[pre_lo]
        pre_is_adv = pre_first in L.PREPOSITIONS or pre_first in L.ADVERBS or (
            v.has_pos and v.pos(pre_lo) in ("ADV", "ADP", "SCONJ"))
        if pre_is_adv:
            if post_np:
                hint = None
                if v.lower[post] == "man" and pre_first in ("im", "in", "aus", "bei"):
                    return self._np_at(pre_lo + 1, f) or post_np
                return post_np
            return None
        if post_is_pron and v.lower[post] != "es":
            return post_np
        if post_np and post < s.end and v.ent_tok.get(post) == "PER" and not any(
                v.ent_tok.get(x) for x in range(pre_lo, f)) and not v.is_name(pre_lo):
            return post_np                      # 'Kritik äußerte Hansjörg Elshorst'
        if post_np and pre_first in ("die", "das", "den") and not v.is_name(pre_lo) and (
                v.is_name(post) or v.lower[post] == "der" or (not v.has_pos and v.is_cap(post)
                                                             and not v.is_det(post))):
            return post_np
        return self._np_at(pre_lo, f)

    def _skip_verbs_back(self, i: int, lo: int) -> int:
        """Index just after the NP that precedes a clause-final verb group ('einen Bericht zurückgewiesen,')."""
        v = self.v
        j = i
        while j - 1 > lo and (v.is_verbish(j - 1) and not v.is_cap(j - 1) or v.lower[j - 1] in (
                "zurück", "ab", "an", "mit", "aus", "vor", "zu")):
            j -= 1
        return j

    def _np_at(self, j: int, hi: int):
        v = self.v
        if j >= hi:
            return None
        if v.text[j] in ("„", "“", "\"", "»") and j + 1 < hi:
            for k in range(j + 1, min(hi, j + 8)):       # laut „tagesschau.de“
                if v.text[k] in ("“", "”", "\"", "«"):
                    return ((self.cs(j), self.ce(k)), None) if k > j + 1 else None
            return None
        if v.lower[j] in L.PRONOUNS or v.lower[j] == "man":
            return (self.cs(j), self.ce(j)), ("impersonal" if v.lower[j] == "es" else None)
        e = v.np_forward(j, hi)
        if e <= j:
            # bare quantifier: 'nach Ansicht einiger'
            if v.lower[j] in ("einige", "einiger", "viele", "vieler", "manche", "mancher", "andere"):
                return (self.cs(j), self.ce(j)), None
            return None
        if v.lower[j] in ("einiger", "vieler", "mancher") and j + 1 < hi and v.is_det(j + 1):
            return (self.cs(j), self.ce(j)), None
        # 'westliche Offizielle, darunter NATO-Generalsekretär Mark Rutte'
        if e + 1 < hi and v.text[e] == "," and v.lower[e + 1] in ("darunter", "unter"):
            k = e + 2
            while k < hi and v.text[k] != ",":
                k += 1
            e = k
        return (self.cs(j), self.ce(e - 1)), None

    def _coordinated_subject(self, i: int):
        k = self.tok_sent[i]
        for c in reversed(self.cands):
            if c.sent == k and c.cue[0] < self.cs(i) and c.source:
                return c.source, None
        s = self.sents[k]
        v = self.v
        # the subject of the sentence's first finite verb
        for f in range(s.start, i):
            if v.text[f] in BREAKS:
                break
            if v.is_finite_aux(f) or (L.verb_forms(v.lower[f]) and not v.is_cap(f)) or (
                    v.has_pos and v.pos(f) in ("VERB", "AUX") and "Fin" in v.doc[f].morph.get("VerbForm")):
                if f == s.start:
                    break
                if v.lower[s.start] in L.PREPOSITIONS or v.lower[s.start] in L.ADVERBS:
                    return self._np_at(f + 1, i)
                return self._np_at(s.start, f)
        return self._np_at(s.start, i)

    # --- reporting verbs -------------------------------------------------------------------------------
    def verb_cues(self, k: int, s: Sent) -> None:
        v = self.v
        for i in range(s.start, s.end):
            q = self.quote_at(i)
            if q is not None and not self._is_direct_content(q):
                continue
            r = self._reading(i, s.end)
            if not r:
                continue
            vf, particle_i = r
            if self._passive(i, vf, s):
                continue
            if (particle_i is not None and v.lower[particle_i - 1] in ("nicht", "nichts")) or (
                    not vf.finite and i > s.start and v.lower[i - 1] in ("nicht", "nichts")):
                continue                                   # 'gab … nicht bekannt', 'wollte sich nicht äußern'
            cstart = self.clause_start(i, s.start)
            sub = v.lower[cstart] if cstart < i else None
            if vf.lemma == "ausgehen" and "davon" not in v.lower[cstart:self.clause_end(i, s.end) + 1]:
                continue
            src = self.subject(i, vf, particle_i)
            if q is not None and src is None:
                continue
            if q is not None and (src is None or v.lower[i + 1:i + 3].count(",") == 0):
                # inside a quotation only clausal reports count: 'Putin glaubt, dass ...'
                if not (i + 1 < s.end and v.text[i + 1] == ","):
                    continue
            content, mode = self.verb_content(i, vf, particle_i, src, s)
            if content is None:
                continue
            if vf.cls == L.ATTITUDE and mode not in ("clause",):
                continue
            toks = (i,) if particle_i is None else (i, particle_i)
            cue_span = (self.cs(min(toks)), self.ce(max(toks)))
            ctext = self.text[content[0]:content[1]]
            if sub == "wie" and mode == "preceding":
                typ = "according_to"
            elif vf.cls == L.DENIAL:
                typ = "denial"
            elif L.DENIAL_PHRASES.search(ctext):
                typ = "denial"
            else:
                typ = "indirect"
            conf = {"clause": 0.8, "preceding": 0.75, "object": 0.6}.get(mode, 0.6)
            cand = Cand(typ, cue_span, content, src[0] if src else None, f"verb-{mode}", conf, k, toks)
            if src and src[1]:
                cand.source_hint = src[1]
            self.cands.append(cand)
            self.used_cue_tokens.update(toks)
        self.heissen(k, s)

    def _is_direct_content(self, q: Quote) -> bool:
        return any(c.type in ("direct", "denial") and c.content[0] <= q.inner_start + 1 and
                   q.inner_end - 1 <= c.content[1] and c.rule.startswith("quote") for c in self.cands)

    def _passive(self, i: int, vf, s: Sent) -> bool:
        if vf.finite:
            return False
        cstart = self.clause_start(i, s.start)
        return any(self.v.lower[j] in ("wurde", "wurden", "wird", "werden") for j in range(cstart, i)) and \
            not any(self.v.lower[j] in ("hat", "hatte", "haben", "hatten") for j in range(cstart, i))

    def verb_content(self, i: int, vf, particle_i, src, s: Sent):
        v = self.v
        last = particle_i if particle_i is not None else i
        j = last + 1
        src_end = self.tok_at(src[0][1] - 1) + 1 if src else None
        if src_end and src_end > j and src_end - j <= 8:
            j = src_end
        # verb-final subordinate clause with its auxiliary after: 'zugesagt hatte,'
        while j < s.end and v.is_finite_aux(j) and not vf.finite:
            j += 1
        # look for ', dass ...' / ', er sei ...' / ': ...'
        k = j
        coordinated = False
        while k < s.end and v.text[k] not in (",", ":", ";", ".", "!", "?"):
            if v.text[k] in QUOTE_CHARS:
                close = next((x for x in range(k + 1, min(s.end, k + 7)) if v.text[x] in QUOTE_CHARS), None)
                if close is None or k == j or not v.is_cap(k - 1):
                    break
                k = close + 1                            # 'sagte der Zeitung „Washington Post“, …'
                continue
            if v.lower[k] in ("und", "sowie", "oder") and k + 1 < s.end:
                y = k + 1
                while y < s.end and v.lower[y] in L.AUX:
                    y += 1
                if y < s.end and L.verb_forms(v.lower[y]) and not v.is_cap(y):
                    coordinated = True
                    break
            k += 1
        has_object = self._has_object(j, k)
        if not vf.finite and not has_object:
            cs0 = self.clause_start(i, s.start)
            auxes = [x for x in range(cs0, i) if v.is_finite_aux(x)]
            if auxes:
                lo = max(auxes[-1] + 1, src_end or 0) if src_end and src_end <= i else auxes[-1] + 1
                has_object = self._has_object(lo, i)
        cstart0 = self.clause_start(i, s.start)
        if cstart0 < i and v.lower[cstart0] == "wie":
            k = k if not coordinated else k
        elif coordinated:
            k = s.end + 1
        if k < s.end and v.text[k] in (",", ":") and k + 1 < s.end and not (
                cstart0 < i and v.lower[cstart0] == "wie") and v.lower[k + 1] not in (
                "und", "aber", "oder", "sondern", "denn", "doch"):
            nxt = k + 1
            w = v.lower[nxt]
            if v.text[nxt] in QUOTE_CHARS and not (k + 2 < s.end and self._is_scare(nxt)):
                return None, None
            sub_clause = cstart0 < i and (v.lower[cstart0] in L.SUBORDINATORS or (
                v.lower[cstart0] in L.RELATIVE and cstart0 > s.start and v.text[cstart0 - 1] == ","))
            if sub_clause and w not in ("dass", "daß", "ob", "wonach") and (
                    v.is_verbish(nxt) or not (self._zu_infinitive(nxt, s) or self._konj_chunk(nxt, s))):
                pass                                     # 'Während X begrüßte, hagelte es …': the main clause
            elif w in ("dass", "daß", "ob", "wonach", "zu") or ((not has_object or not vf.np_object)
                                                               and w not in L.RELATIVE
                                                             and w not in ("wie", "als", "weil", "da",
                                                                           "wenn", "obwohl", "nachdem",
                                                                           "bevor", "während", "um")):
                if v.lower[k - 1] == "und" or (not has_object or not vf.np_object
                                                or w in ("dass", "daß", "wonach", "ob")):
                    end = self.content_end(nxt, s)
                    if end - nxt >= 2 and (w in ("dass", "daß", "ob", "wonach") or any(
                            v.is_verbish(x) and not v.is_cap(x) for x in range(nxt, end))):
                        return self.span(nxt, end), "clause"
            if w in L.RELATIVE and not has_object and nxt + 1 < s.end and (
                    v.is_cap(nxt + 1) or v.is_adjish(nxt + 1)):
                end = self.content_end(nxt, s)
                if end - nxt >= 2:
                    return self.span(nxt, end), "clause"
        # '…, betonte Peskow.'  -> the content precedes
        cstart = self.clause_start(i, s.start)
        if cstart == i and cstart > s.start and v.text[cstart - 1] == "," and vf.finite:
            rest_end = k
            if self._only_adjuncts(j, s.end) and v.lower[s.start] not in (
                    "obwohl", "weil", "als", "nachdem", "wenn", "da", "während", "bevor", "seit", "falls"):
                a = self._content_start(s.start, cstart - 1)
                if cstart - 1 - a >= 2:
                    return self.span(a, cstart - 1), "preceding"
        # wie X mitteilte (verb-final parenthetical)
        if cstart < i and v.lower[cstart] == "wie" and (k >= s.end or v.text[k] in (",", ".", "!", "?")):
            if cstart > s.start and v.text[cstart - 1] == ",":
                a = self._content_start(s.start, cstart - 1)
                shared = self._content_ending_at(cstart - 1, s)
                if shared:
                    return shared, "preceding"
                if cstart - 1 - a >= 2:
                    return self.span(a, cstart - 1), "preceding"
            elif cstart == s.start and k < s.end and v.text[k] == ",":
                a = k + 1
                if a < s.end and v.lower[a] in L.RELATIVE and not v.is_cap(a + 1 if a + 1 < s.end else a):
                    nxt = next((x for x in range(a, s.end) if v.text[x] == ","), None)
                    if nxt is not None:
                        a = nxt + 1                      # 'Wie aus X hervorgeht, das …, rechnet …'
                end = self.content_end(a, s)
                if end - a >= 2:
                    return self.span(a, end), "preceding"
            return None, None
        if not vf.np_object:
            return None, None
        # plain noun-phrase object
        if particle_i is not None:
            a = i + 1
            if src_end and i < src_end <= particle_i and src_end - a <= 8:
                a = src_end
            b = particle_i
        elif not vf.finite and cstart < i:
            f = None
            for x in range(cstart, i):
                if v.is_finite_aux(x):
                    f = x
            if f is None:
                return None, None
            a = f + 1
            if src_end and src_end > a and src_end <= i:
                a = src_end
            b = i
            if b - a < 1 and i + 2 < s.end and v.text[i + 1] not in BREAKS:
                e = self.content_end(i + 1, s)
                if any(v.lower[x] == "zu" for x in range(i + 1, e)):
                    a, b = i + 1, e                      # 'hat angekündigt die Preise … zu erhöhen'
        else:
            a, b = j, self.object_end(j, s)
        # 'einen Bericht ..., wonach …' -> the claim clause
        if b < s.end and v.text[b] == "," and b + 1 < s.end and v.lower[b + 1] in ("wonach", "dass"):
            end = self.content_end(b + 1, s)
            return self.span(b + 1, end), "clause"
        if (b - a >= 2 or (b - a >= 1 and v.is_cap(a))) and self._has_message(a, b):
            return self.span(a, b), "object"
        return None, None

    def _has_object(self, j: int, k: int) -> bool:
        """A noun phrase outside prepositional phrases between j and k ('am Donnerstag' is none)."""
        v = self.v
        x = j
        while x < k:
            w = v.lower[x]
            if w in L.PREPOSITIONS:
                x = self._skip_pp(x, k)
                continue
            if w in L.ADVERBS or w in ("sich", "es", "nicht", "immer", "wieder"):
                x += 1
                continue
            if v.is_cap(x) or v.is_det(x):
                return True
            x += 1
        return False

    def _konj_chunk(self, a: int, s: Sent) -> bool:
        v = self.v
        e = next((x for x in range(a, s.end) if v.text[x] in (",", ".", ";", ":")), s.end)
        return any(v.is_konjunktiv(x) for x in range(a, e))

    def _zu_infinitive(self, a: int, s: Sent) -> bool:
        v = self.v
        e = next((x for x in range(a, s.end) if v.text[x] in (",", ".", ";", ":")), s.end)
        return any(v.lower[x] == "zu" and x + 1 < e and not v.is_cap(x + 1) for x in range(a, e)) or any(
            "zu" in v.lower[x][2:] and v.lower[x].endswith("en") and L.verb_forms(v.lower[x]) for x in range(a, e))

    def _skip_pp(self, x: int, k: int) -> int:
        """Index after the prepositional phrase at x: preposition, determiners/adjectives, one noun."""
        v = self.v
        x += 1
        while x < k and (v.is_det(x) or v.is_adjish(x)) and not v.is_cap(x):
            x += 1
        while x < k and v.is_cap(x) and not v.is_det(x):
            x += 1
        return x

    def _has_message(self, a: int, b: int) -> bool:
        """An object or a predicate ('sich besorgt über …'), not just 'sich am Abend'."""
        v = self.v
        if self._has_object(a, b):
            return True
        x = a
        while x < b:
            if v.lower[x] in L.PREPOSITIONS:
                prep = v.lower[x]
                y = x + 1
                x = self._skip_pp(x, b)
                if prep in ("auf", "über", "zu", "zur", "zum", "von", "vom", "gegen", "für", "vor") and any(
                        v.is_cap(z) for z in range(y, x)) and not any(
                        v.lower[z] in _TIME_WORDS for z in range(y, x)):
                    return True                           # prepositional object: 'verwies auf die Möglichkeit'
                continue
            if v.text[x] in QUOTE_CHARS:
                return True
            if v.lower[x] not in ("sich", "es", "auch", "nun", "am", "erneut", "bereits", "dazu", "damals",
                                  "heute", "gestern", "zuletzt", "nicht") and not v.is_punct(x) and (
                    not v.has_pos or v.pos(x) in ("ADJ", "VERB")) and v.lower[x] not in L.ADVERBS:
                return True
            x += 1
        return False

    def _is_scare(self, i: int) -> bool:
        q = self.quote_at(i + 1)
        return q is not None and not self._is_direct_content(q) and q.inner_end - q.inner_start < 40

    def _only_adjuncts(self, j: int, end: int) -> bool:
        """Only adverbials left: 'am Mittwoch (6. November)', 'laut der Agentur Tass', 'in einem Interview'."""
        v = self.v
        x = j
        while x < end and v.text[x] not in (".", "!", "?"):
            if v.text[x] == "," and x + 1 < end and v.lower[x + 1] not in ("wie",):
                return False
            x += 1
        seg = v.lower[j:x]
        if not seg:
            return True
        if v.is_det(j) and not v.text[j][:1].isdigit():
            return False                                # an object: 'bestritt er die Tat'
        return seg[0] in L.PREPOSITIONS or seg[0] in L.ADVERBS or seg[0] in ("(",) or (
            v.has_pos and v.pos(j) in ("ADV", "ADP"))

    def _content_start(self, lo: int, hi: int) -> int:
        """Start of the reported clause ending at ``hi``: the sentence start, minus a leading connective."""
        v = self.v
        a = lo
        if a < hi and v.lower[a] in ("schließlich", "allerdings", "zudem", "aber", "doch", "denn", "und"):
            a += 1
        return a

    def _content_ending_at(self, comma: int, s: Sent):
        c0 = self.cs(comma)
        for c in self.cands:
            if c.sent == self.tok_sent.get(comma) and abs(c.content[1] - c0) <= 2:
                return c.content
        return None

    def content_end(self, a: int, s: Sent) -> int:
        """Where a reported clause starting at ``a`` ends: the sentence end, or before a coordinated or
        parenthetical report (', deutete er an', 'und sagte:', ', wie X mitteilte', ' – ')."""
        v = self.v
        for x in range(a + 1, s.end):
            t = v.lower[x]
            if t in ("–", "—") or (t == "-" and v.doc[x - 1].whitespace_):
                return x
            if t in (",", "und", "sowie") and x + 1 < s.end:
                y = x + 1
                if t == "," and v.lower[y] == "wie" and self._report_clause(y + 1, s.end):
                    return x
                if t == "," and v.lower[y] == "und":
                    y += 1
                while y < s.end and v.lower[y] in L.AUX:
                    y += 1
                if y < s.end and L.verb_forms(v.lower[y]) and not v.is_cap(y) and (
                        L.verb_forms(v.lower[y])[0].finite or y > x + 1) and \
                        y + 1 < s.end and (v.lower[y + 1] in ("er", "sie", "man", "es", ":", ",")
                                           or v.text[y + 1] in (":", ",") or v.is_cap(y + 1)
                                           or v.is_det(y + 1)):
                    if t != "," or y > x + 1 or True:
                        return x
        return s.end

    def object_end(self, a: int, s: Sent) -> int:
        """End of a noun-phrase message: it may go on past a comma with a zu-infinitive or an adverbial
        ('sein Ziel, den Krieg … zu beenden', '…, insbesondere mit …'), not into a subordinate clause."""
        v = self.v
        end = self.content_end(a, s)
        for x in range(a, end):
            if v.text[x] == "," and x + 1 < end:
                w = v.lower[x + 1]
                if v.is_verbish(x + 1) and not v.is_cap(x + 1) and w != "zu":
                    return x                             # a new clause: ', beharren aber auf …'
                if w in L.SUBORDINATORS or w in L.RELATIVE or w in ("und", "aber", "sondern", "oder"):
                    nxt_break = next((y for y in range(x + 1, end) if v.text[y] == ","), end)
                    zu_inf = any(v.lower[y] == "zu" and y + 1 < nxt_break and not v.is_cap(y + 1)
                                 for y in range(x + 1, nxt_break)) or any(
                        v.lower[y].startswith(("zu",)) is False and "zu" in v.lower[y][2:6]
                        and v.lower[y].endswith("en") and False for y in range(x + 1, nxt_break))
                    if w in L.RELATIVE and zu_inf:
                        continue
                    return x
        return end

    def _report_clause(self, j: int, hi: int) -> bool:
        e = self.clause_end(j, hi)
        return any(L.verb_forms(self.v.lower[x]) and not self.v.is_cap(x) for x in range(j, e))

    def heissen(self, k: int, s: Sent) -> None:
        v = self.v
        for i in range(s.start, s.end):
            if v.lower[i] not in L.HEISSEN or i in self.used_cue_tokens:
                continue
            es = i + 1 if i + 1 < s.end and v.lower[i + 1] == "es" else (i - 1 if v.lower[i - 1] == "es" else None)
            if es is None or self.quote_at(i):
                continue
            src = None
            j = max(i, es) + 1
            if j < s.end and v.lower[j] in ("aus", "von", "im", "in", "bei"):
                src = self._np_at(j + 1, s.end)
                j = self.tok_at(src[0][1] - 1) + 1 if src else j
            cstart = self.clause_start(i, s.start)
            if src is None and cstart < i and v.lower[cstart] in ("in", "im", "aus", "bei"):
                src = self._np_at(cstart + 1, i)
            content = None
            if j < s.end and v.text[j] == ",":
                end = self.content_end(j + 1, s)
                if end - j > 2:
                    content = self.span(j + 1, end)
            elif cstart == i and cstart > s.start:
                content = self.span(s.start, cstart - 1)
            if content is None:
                continue
            cand = Cand("indirect", (self.cs(min(i, es)), self.ce(max(i, es))), content,
                        src[0] if src else None, "heissen", 0.7, k, (i,))
            if not src:
                cand.source_hint = "impersonal"
            self.cands.append(cand)
            self.used_cue_tokens.add(i)

    # --- according-to markers --------------------------------------------------------------------------
    def according_markers(self, k: int, s: Sent) -> None:
        v = self.v
        for i in range(s.start, s.end):
            w = v.lower[i]
            q = self.quote_at(i)
            if q is not None and not self._is_direct_content(q):
                continue
            if w in L.ACCORDING_PRE and i not in self.used_cue_tokens:
                src = self._np_at(i + 1, s.end)
                if not src or v.is_verbish(i + 1):
                    continue
                src_end = self.tok_at(src[0][1] - 1) + 1
                self._according(k, s, (i,), src[0], i, src_end, "laut")
            elif w in L.ACCORDING_POST and i > s.start:
                a = v.np_backward(i, s.start)
                # 'Angaben des Ministeriums zufolge'
                if a >= i:
                    continue
                self._according(k, s, (i,), (self.cs(a), self.ce(i - 1)), a, i + 1, "zufolge")
            elif w == "nach" and self._angaben(i, s) is not None:
                n_i = self._angaben(i, s)
                j = n_i + 1
                if "eigenen" in v.lower[i + 1:n_i]:
                    # 'nach eigenen Angaben': the subject of the sentence is the source
                    f = next((x for x in range(i - 1, s.start - 1, -1) if v.is_finite_aux(x) or (
                        v.has_pos and v.pos(x) in ("VERB", "AUX"))), None)
                    subj = None
                    if f is not None:
                        c0 = self.clause_start(f, s.start)
                        if c0 < f and v.lower[c0] not in L.PREPOSITIONS and v.lower[c0] not in L.ADVERBS:
                            subj = self._np_at(c0, f)
                        elif f + 1 < i:
                            subj = self._np_at(f + 1, i)
                    if subj:
                        self._according(k, s, (i, n_i), subj[0], i, n_i + 1, "nach-angaben")
                    continue
                if j < s.end and (v.text[j] in BREAKS or v.is_verbish(j) or not (
                        v.lower[j] in ("von", "vom", "des", "der", "einiger", "vieler", "mancher", "anderer")
                        or v.is_name(j) or (
                            v.lower[j].endswith("er") and not v.is_cap(j) and j + 1 < s.end and v.is_cap(j + 1)))):
                    # 'Nach offiziellen chinesischen Angaben, …': no named source
                    self._according(k, s, (i, n_i), (self.cs(i + 1), self.ce(n_i)), i, n_i + 1, "nach-angaben")
                    continue
                if j < s.end and v.lower[j] in ("von", "des", "der", "vom"):
                    j += 1 if v.lower[j] in ("von", "vom") else 0
                src = self._np_at(j, s.end)
                if not src:
                    continue
                src_end = self.tok_at(src[0][1] - 1) + 1
                self._according(k, s, (i, n_i), src[0], i, src_end, "nach-angaben")
            elif w == "wonach" and i > s.start and v.text[i - 1] == ",":
                b = self._skip_verbs_back(i - 1, s.start)
                a = v.np_backward(b, s.start)
                if a >= b:
                    continue
                end = self.content_end(i + 1, s)
                if end - i < 3:
                    continue
                cand = Cand("according_to", (self.cs(i), self.ce(i)), self.span(i + 1, end),
                            (self.cs(a), self.ce(b - 1)), "wonach", 0.8, k, (i,))
                self.cands.append(cand)
            elif w == "so" and i > s.start and v.text[i - 1] == "," and i not in self.used_cue_tokens:
                a = self._content_start(s.start, i - 1)
                src = self._np_at(i + 1, s.end) if i + 1 < s.end else None
                e = self.tok_at(src[0][1] - 1) + 1 if src else i + 1
                if e < s.end and v.text[e] == "," and self.quote_at(i) is None:
                    # 'Die Lage, so der Minister, sei ernst.': the sentence around the insertion
                    c = self._so_cue(i, s, self.span(a, s.end), k, "indirect")
                    if c:
                        self.cands.append(c)
                elif i - 1 - a >= 3:
                    c = self._so_cue(i, s, self.span(a, i - 1), k, "indirect")
                    if c:
                        self.cands.append(c)
            elif w == "berufung" and i > s.start and v.lower[i - 1] == "unter" and i + 1 < s.end \
                    and v.lower[i + 1] == "auf":
                src = self._np_at(i + 2, s.end)            # 'berichtete unter Berufung auf Regierungskreise'
                if src:
                    self._according(k, s, (i - 1, i + 1), src[0], i - 1, self.tok_at(src[0][1] - 1) + 1,
                                    "berufung")
            elif w == "demnach" and (
                    any(v.is_konjunktiv(x) for x in range(s.start, s.end)) or self._reported_context(k)):
                cand = Cand("according_to", (self.cs(i), self.ce(i)), self.span(s.start, s.end), None,
                            "demnach", 0.55, k, (i,), source_hint="inherit-document")
                self.cands.append(cand)

    def _angaben(self, i: int, s: Sent) -> int | None:
        """Index of 'Angaben'/'Ansicht'/… in 'nach (offiziellen) Angaben', else None."""
        v = self.v
        for j in range(i + 1, min(s.end, i + 4)):
            if v.lower[j] in L.ACCORDING_NOUNS or (
                    "-" in v.lower[j] and v.lower[j].rsplit("-", 1)[1] in L.ACCORDING_NOUNS):
                return j
            if not (v.is_adjish(j) or (v.has_pos and v.pos(j) == "ADJ")) or v.is_cap(j):
                return None
        return None

    def _reported_context(self, k: int) -> bool:
        return any(c.sent in (k - 1, k - 2) for c in self.cands)

    def _according(self, k, s, cue_toks, source, m_start, m_end, rule) -> None:
        """Content: shared with a report in the same sentence when the marker qualifies it (nested
        attribution), else the rest of the sentence after the marker phrase."""
        v = self.v
        mc = self.cs(m_start)
        best = None
        lo, hi = self.clause_start(m_start, s.start), self.clause_end(m_start, s.end)
        if lo > s.start and v.lower[lo] in ("wie",):
            pass
        for c in self.cands:
            if c.sent == k and c.rule not in ("wonach", "laut", "zufolge", "nach-angaben", "demnach", "berufung"):
                if c.content[0] <= mc < c.content[1]:
                    continue
                if not any(lo <= t < max(hi, lo + 1) or (t == hi and False) for t in c.cue_tokens) and not (
                        c.source and self.cs(lo) <= c.source[0] < self.ce(max(lo, hi - 1))):
                    continue
                d = abs(c.cue[0] - mc)
                if best is None or d < best[0]:
                    best = (d, c)
        if best is not None:
            content = best[1].content
        else:
            a = m_end
            if a < s.end and v.text[a] == ",":
                # 'Laut X, Apposition, „…“': the quotation is the content
                for q in self.quotes:
                    if self.cs(a) < q.start < s.char_end and (not q.closed or q.end >= s.char_end - 2):
                        content = self._trim_chars((q.inner_start, q.inner_end))
                        break
                else:
                    content = self.span(a, s.end)
            elif m_start <= self._content_start(s.start, m_start) or m_end - s.start >= (s.end - s.start) // 2:
                content = self.span(a, s.end) if s.end - a >= 3 else self.span(s.start, m_start)
            else:
                content = self.span(a, s.end) if s.end - a >= 4 else self.span(s.start, s.end)
        if content[1] - content[0] < 3:
            return
        cue = (self.cs(min(cue_toks)), self.ce(max(cue_toks)))
        self.cands.append(Cand("according_to", cue, content, source, rule, 0.8, k, tuple(cue_toks)))
        self.used_cue_tokens.update(cue_toks)

    # --- Konjunktiv I without a cue ----------------------------------------------------------------------
    def konjunktiv_sentence(self, k: int, s: Sent) -> None:
        v = self.v
        if any(c.sent == k for c in self.cands) or self.quote_at(s.start) or self.quote_at(min(s.end - 1, s.start + 1)):
            return
        if "ich" in v.lower[s.start:s.end] or "wir" in v.lower[s.start:s.end]:
            return
        end = self.clause_end(s.start, s.end)
        if v.lower[s.start] in L.SUBORDINATORS and not (
                v.lower[s.start] in ("während", "seit", "bis") and s.start + 1 < s.end and v.is_det(s.start + 1)):
            return
        for i in range(s.start, min(end, s.start + 8)):
            if v.lower[i] in KI_STRICT and (not v.has_morph or v.is_konjunktiv(i)):
                cand = Cand("indirect", (self.cs(i), self.ce(i)), self.span(s.start, s.end), None,
                            "konjunktiv", 0.4, k, (i,), source_hint="inherit-previous")
                self.cands.append(cand)
                return

    # --- finishing: hedges, nested denials, dedupe ------------------------------------------------------
    def finish(self) -> None:
        v = self.v
        # drop exact duplicates (same type, content and cue)
        seen, out = set(), []
        for c in self.cands:
            key = (c.type, c.content, c.cue)
            if key in seen or c.content[1] <= c.content[0]:
                continue
            seen.add(key)
            out.append(c)
        self.cands = out
        unverified = [k for k, s in enumerate(self.sents)
                      if L.UNVERIFIED.search(self.text[s.char_start:s.char_end])]
        for c in self.cands:
            ctext = self.text[c.content[0]:c.content[1]]
            words = {w.strip(".,;:!?\"„“”»«()").lower() for w in ctext.split()}
            hedged = bool(words & L.HEDGE_WORDS) or bool(words & {"soll", "sollen"})
            # hedge in the reporting clause itself (not in inserted relative clauses)
            if not hedged:
                lo = min([c.cue[0]] + ([c.source[0]] if c.source else []))
                hi = max([c.cue[1]] + ([c.source[1]] if c.source else []))
                seg = self.text[lo:c.content[0]] if c.content[0] > c.cue[0] else self.text[c.content[1]:hi]
                seg = _drop_inserts(seg)
                hedged = bool({w.strip(".,;:!?\"„“”»«()").lower() for w in seg.split()} & L.HEDGE_WORDS)
            if not hedged and any(c.sent < u <= c.sent + 2 and self._same_para(c.sent, u) for u in unverified):
                hedged = True
            c.hedged = hedged
            # a denial whose content contains a 'wonach' claim denies that claim
            if c.type == "denial":
                for o in self.cands:
                    if o.rule == "wonach" and c.content[0] <= o.cue[0] < c.content[1] + 3:
                        c.denies_hint = o.content

    def _same_para(self, a: int, b: int) -> bool:
        lo, hi = self.sents[a].char_end, self.sents[b].char_start
        return "\n\n" not in self.text[lo:hi]


def _drop_inserts(seg: str) -> str:
    parts = seg.split(",")
    if len(parts) >= 3:
        return parts[0] + " " + parts[-1]
    return seg


def find_rule_candidates(doc, text: str, skip_spans=()) -> list[Cand]:
    return Finder(doc, text, skip_spans).run()
