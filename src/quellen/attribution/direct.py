"""Direct quotations and their cues: „…“, sagte X / X sagte: „…“ / „…“, so X / „…“ Das sagte X,
quotes continued without a new cue, and naming verbs with short quotes (nannte … „genial“)."""
from __future__ import annotations

import re

from . import lexicon as L
from .base import QUOTE_CHARS, Cand
from .quotes import Quote
from .syntax import Sent


# between the two halves of a quotation split by its cue: '“, sagte der Kanzler, „'
_SPLIT_GAP = re.compile(r"[“”\"«»]?\s*,[^.!?„“”\"«»:;]{2,80},\s*")


class DirectQuotes:
    """Mixin of :class:`quellen.attribution.rules.Finder`."""

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
            # „Deutschland“, sagte der Kanzler, „wird keinen …“: one quotation split by its cue
            if prev is not None and prev.rule == "quote-cue-after" and prev.content[1] <= prev.cue[0] \
                    and prev.cue[1] <= q.start and prev.content[1] <= q.start and _SPLIT_GAP.fullmatch(
                        self.text[prev.content[1]:q.start]):
                prev.content = (prev.content[0], content[1])
                continue
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
                    main = self._after_wie_clause(sa, cue[0], open_tok) if before[-1] == ":" else None
                    if main is not None:      # 'Wie CBS berichtet, gab Sprecher X eine SMS, die …:' „…“
                        cand = self._colon_frame(ka, open_tok, content, lo=main)
                    if cand is None:
                        cand = self._direct(cue, content, ka, "quote-cue-before", 0.85)
            # 'X hat weniger Hemmungen, seine Sympathien zu zeigen: „…“': a colon frame without a reporting verb
            if cand is None and before.endswith(":") and q.closed:
                cand = self._colon_frame(ka, open_tok, content)
            # nannte … „genial“ und „schlau“ / den er als „blutiges Chaos“ bezeichnete
            if cand is None and len(inner_tokens) <= 8:
                cand = self._naming(q, open_tok, close_tok, sa, ka)
            # „…“ Das sagte X am Montag.  — the cue in the next sentence, pointing back with 'das/dies'
            if cand is None and starts_sentence and q.closed and not self._has_cue(after_i, sb.end):
                cand = self._cue_next_sentence(kb, content)
            # the sentence before ends with a colon: it frames the quote ('… seine Sympathien zu zeigen:' / „…“)
            if cand is None and starts_sentence and before == "" and q.closed and ka > 0 and \
                    self.text[self.sents[ka - 1].char_start:q.start].rstrip().endswith(":"):
                p = self.sents[ka - 1]
                cue = self._find_cue_before(p.end, p.start, colon=True)
                cand = self._direct(cue, content, ka - 1, "quote-cue-before", 0.8) if cue is not None else \
                    self._colon_frame(ka - 1, p.end, content)
            # a new quote right after a quoted attribution, without a cue of its own
            if cand is None and starts_sentence and prev is not None and len(inner_tokens) >= 4 \
                    and prev.sent >= ka - 2 and not self._has_cue(after_i, sb.end):
                cand = Cand("direct", prev.cue, content, prev.source, "quote-continued", 0.7, kb,
                            prev.cue_tokens, copy_of=prev)
                cand.type = "direct"              # a denial phrase of its own makes it a denial below
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
        if vf.lemma == "zitieren" and not src and content[1] <= self.cs(i):
            k = self.tok_sent.get(i)        # '„…“, zitiert die „Computerwoche“ Lynch': the subject after the verb
            hi, j = (self.sents[k].end if k is not None else self.v.n), i + 1
            if j + 1 < hi and self.v.is_det(j) and self.v.text[j + 1] in ("„", "\"", "»"):
                j += 1                      # a quoted title after its article
            src = self._np_at(j, hi)
        quoted = self._quoted_person(i, src, content) if vf.lemma == "zitieren" else None
        if quoted and src:
            # 'Interfax zitierte Peskow mit den Worten: „…“': Peskow said it, according to Interfax
            self.cands.append(Cand("according_to", cue_span, content, src[0], rule + "-outer", conf - 0.1,
                                   sent_k, ()))
            src = (quoted, None)
        c = Cand(typ, cue_span, content, src[0] if src else None, rule, conf, sent_k, toks)
        if src and src[1]:
            c.source_hint = src[1]
        return c

    def _after_wie_clause(self, s, cue_i: int, hi: int) -> int | None:
        """The first token of the main clause when the sentence opens with 'Wie X berichtet,' and the cue found for
        a quote is that clause's verb: what the outlet reports is the main clause, whose subject frames the quote."""
        v = self.v
        if v.lower[s.start] != "wie":
            return None
        comma = next((x for x in range(s.start, hi) if v.text[x] == ","), None)
        return comma + 1 if comma is not None and cue_i < comma < hi - 2 else None

    def _colon_frame(self, k: int, hi: int, content, lo: int | None = None) -> Cand | None:
        """The subject of the clause that ends in the colon before a quote, when that clause has no reporting verb
        ('Die Firma empfindet die Kritik als ungerechtfertigt: „…“'; 47 of the 62 quotes after such a colon in the
        training articles have their Source there). Only a subject that can speak: a person or organisation
        named, a personal pronoun, or a role or organisation noun ('Seine Zuversicht gründet sich …:' is none).
        The colon is the cue."""
        v, s = self.v, self.sents[k]
        lo = s.start if lo is None else lo                   # after a fronted 'Wie X berichtet,' clause
        colon = hi - 1
        while colon > lo and v.text[colon] != ":":
            colon -= 1
        if colon <= lo or any(v.text[x] in QUOTE_CHARS for x in range(lo, colon)):
            return None
        f = next((x for x in range(lo, colon) if v.is_finite_aux(x) or (
            v.has_pos and v.pos(x) in ("VERB", "AUX") and "Fin" in v.doc[x].morph.get("VerbForm"))), None)
        if f == lo and lo == s.start:
            return None
        if f is None:
            src = self._np_at(lo, colon)                      # 'Erkki Tuomioja, Präsident des Rats …:'
        elif f == lo or v.lower[lo] in L.PREPOSITIONS or v.lower[lo] in L.ADVERBS or v.lower[lo] in \
                L.NEVER_NOMINATIVE or (
                v.has_pos and v.pos(lo) in ("ADV", "ADP", "SCONJ")):
            j = f + 1
            while j < colon and v.lower[j] in ("auch", "sich", "nun", "dann", "allerdings", "jedoch"):
                j += 1
            src = self._np_at(j, colon)                       # 'Dabei griff sie auch … an:'
        else:
            src = self._np_at(lo, f)
        if not src:
            return None
        a, b = self.tok_at(src[0][0]), self.tok_at(src[0][1] - 1)
        hi_np = f if f is not None and a < f else colon
        # '… Sprecherin der Unionsfraktion im Bundestag, Annette Widmann-Mauz,': the named apposition, after at
        # most a phrase of names ('im Bundestag'), never through a verb or a second comma
        comma = next((x for x in range(b + 1, hi_np) if v.text[x] == ","), None)
        if comma is not None and comma + 1 < hi_np and v.ent_tok.get(comma + 1) == "PER" and all(
                v.is_cap(x) or v.lower[x] in ("im", "in", "der", "des", "von", "vom", "für", "am")
                for x in range(b + 1, comma)):
            b = comma + 1
            while b + 1 < hi_np and v.ent_tok.get(b + 1) == "PER":
                b += 1
            src = ((src[0][0], self.ce(b)), src[1])
        last = v.lower[b]
        speaks = any(v.ent_tok.get(x) in ("PER", "ORG") for x in range(a, b + 1)) or (
            a == b and last in L.PRONOUNS) or last.endswith(L.HUMAN_ROLE_SUFFIXES + L.ORG_WORDS + L.MEDIA_WORDS)
        if not speaks:
            return None
        return Cand("direct", (self.cs(colon), self.ce(colon)), content, src[0], "quote-colon-frame", 0.7, k,
                    (colon,))

    def _quoted_person(self, i: int, src=None, content=None):
        """The object of 'zitieren' when it is followed by 'mit den Worten' or a colon; or, when the quotation
        comes first, the noun phrase after the subject ('„…“, zitiert die Zeitung den Minister': the object
        follows the subject after the verb)."""
        v = self.v
        j = i + 1
        k = self.tok_sent.get(i)
        end = self.sents[k].end if k is not None else v.n
        if src and content and content[1] <= self.cs(i) < src[0][0]:
            np = self._np_at(self.tok_at(src[0][1] - 1) + 1, end)
            return np[0] if np and np[1] is None else None
        np = self._np_at(j, end)
        if not np:
            return None
        e = self.tok_at(np[0][1] - 1) + 1
        if e < end and (v.lower[e] in ("mit", ":") or v.text[e] == ":"):
            return np[0]
        return None

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
            if self.quote_at(i) is not None:       # 'gesagt' in „Ehrlich gesagt“ is not a cue
                i -= 1
                steps += 1
                continue
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
