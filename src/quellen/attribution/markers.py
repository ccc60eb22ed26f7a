"""According-to markers (laut X, X zufolge, nach Angaben X, wonach, demnach, unter Berufung auf, so X)
and Konjunktiv-I sentences without a cue."""
from __future__ import annotations

from . import lexicon as L
from .base import _TIME_WORDS, BREAKS, KI_STRICT, Cand
from .syntax import Sent

_KONJ2 = {"würde", "wäre", "hätte", "könnte", "müsste", "sollte", "dürfte", "möchte", "wollte", "täte", "käme",
          "ginge", "stünde", "fände", "bräuchte", "wüsste", "gäbe", "bliebe", "ließe", "nähme", "hieße", "läge"}
_ACCORDING_COMPOUNDS = ("angaben", "berichten", "informationen", "schätzungen", "einschätzung", "berechnungen",
                        "erkenntnissen", "darstellung", "aussagen")


_TIME_NOUNS = _TIME_WORDS | {"jahres", "vorjahr", "anfang", "ende", "sommer", "herbst", "winter", "frühjahr"}

class Markers:
    """Mixin of :class:`quellen.attribution.rules.Finder`."""

    def according_markers(self, k: int, s: Sent) -> None:
        v = self.v
        for i in range(s.start, s.end):
            w = v.lower[i]
            q = self.quote_at(i)
            if q is not None and not self._is_direct_content(q):
                continue
            if w in L.ACCORDING_PRE and i not in self.used_cue_tokens:
                j0 = i + 1
                if j0 + 1 < s.end and v.lower[j0] in L.ACCORDING_NOUNS and v.lower[j0 + 1] in ("der", "des", "von"):
                    j0 += 2 if v.lower[j0 + 1] == "von" else 1     # 'laut Angaben der Behörden'
                src = self._np_at(j0, s.end)
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
                    elif n_i + 1 < s.end and (v.is_finite_aux(n_i + 1) or (
                            v.has_pos and v.pos(n_i + 1) in ("VERB", "AUX"))):
                        subj = self._np_at(n_i + 2, s.end)       # 'Nach eigenen Angaben erhielt das Amt …'
                    if subj:
                        self._according(k, s, (i, n_i), subj[0], i, n_i + 1, "nach-angaben")
                    continue
                poss = self._possessor(i, n_i)
                if poss:
                    self._according(k, s, (i, n_i), poss, i, n_i + 1, "nach-angaben")
                    continue
                # 'Planungen aus dem Jahr 2005': when, not whose
                timed = j + 2 < s.end and v.lower[j] == "aus" and (
                    v.lower[j + 1] in _TIME_NOUNS or v.lower[j + 2] in _TIME_NOUNS)
                if j < s.end and (timed or v.text[j] in BREAKS or v.is_verbish(j) or not (
                        v.lower[j] in ("von", "vom", "aus", "des", "der", "einiger", "vieler", "mancher", "anderer")
                        or v.is_name(j) or (
                            v.lower[j].endswith("er") and not v.is_cap(j) and j + 1 < s.end and v.is_cap(j + 1)))):
                    # 'Nach offiziellen chinesischen Angaben, …': no named source
                    self._according(k, s, (i, n_i), (self.cs(i + 1), self.ce(n_i)), i, n_i + 1, "nach-angaben")
                    continue
                if j < s.end and v.lower[j] in ("von", "des", "der", "vom", "aus"):
                    j += 1 if v.lower[j] in ("von", "vom", "aus") else 0     # ('Angaben aus Khartum': whose)
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
            elif w == "vernehmen" and i > s.start and v.lower[i - 1] == "dem" and i + 1 < s.end \
                    and v.lower[i + 1] == "nach":
                # 'Dem Vernehmen nach will …': hearsay without a source
                self._according(k, s, (i - 1, i, i + 1), None, i - 1, i + 2, "vernehmen")
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
        """Index of the noun in 'nach (den/seiner/Grupps) (offiziellen) Angaben|Worten|Berechnungen …'."""
        v = self.v
        for j in range(i + 1, min(s.end, i + 5)):
            w = v.lower[j]
            if w in L.ACCORDING_NOUNS or (v.is_cap(j) and w.endswith(_ACCORDING_COMPOUNDS)) or (
                    "-" in w and w.rsplit("-", 1)[1] in L.ACCORDING_NOUNS):
                return j
            if v.is_det(j) or w in ("seiner", "ihrer", "seinen", "ihren", "eigenen") or \
                    (not v.is_cap(j) and (v.is_adjish(j) or (v.has_pos and v.pos(j) == "ADJ"))):
                continue
            if v.is_cap(j) and w.endswith("s") and j + 1 < s.end and v.is_cap(j + 1) and (
                    v.is_name(j) or (v.has_pos and v.pos(j) == "PROPN")):
                continue                                  # 'nach Grupps Meinung'
            return None
        return None

    def _possessor(self, i: int, n_i: int):
        """A source named before the noun: a genitive name ('Grupps') or a possessive ('seiner')."""
        v = self.v
        for j in range(i + 1, n_i):
            if v.lower[j] in ("seiner", "seinen", "ihrer", "ihren"):
                return (self.cs(j), self.ce(j))
            if v.is_cap(j) and v.lower[j].endswith("s") and (v.is_name(j) or (v.has_pos and v.pos(j) == "PROPN")):
                return (self.cs(j), self.ce(j) - 1)      # 'Grupps' -> 'Grupp'
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
        if best is not None and best[1].type != "denial":
            content = best[1].content
        else:
            # a qualified denial ('hat Klien nach Angaben der APA die Anzeige zurückgewiesen'): what the marker's
            # source reports is the denial, the whole clause; the denial keeps what it rejects
            a = m_end
            at_start = m_start <= self._content_start(s.start, m_start)
            if at_start and a < s.end and v.text[a] == "," and a + 1 < s.end and v.lower[a + 1] in L.RELATIVE:
                # 'Laut einem Papier, das dieser Zeitung vorliegt, soll …': skip the relative clause
                nxt = next((x for x in range(a + 1, s.end) if v.text[x] == ","), None)
                content = self.span(nxt + 1, s.end) if nxt is not None and s.end - nxt > 3 else self.span(a, s.end)
            elif at_start and a < s.end and v.text[a] == ",":
                # 'Laut X, Apposition, „…“': the quotation is the content
                for q in self.quotes:
                    if self.cs(a) < q.start < s.char_end and (not q.closed or q.end >= s.char_end - 2):
                        content = self._trim_chars((q.inner_start, q.inner_end))
                        break
                else:
                    content = self.span(a, s.end)
            elif m_start <= self._content_start(s.start, m_start):
                content = self.span(a, s.end) if s.end - a >= 3 else self.span(s.start, m_start)
            elif s.end - a < 3:
                content = self.span(s.start, m_start)     # 'Die Lage ist ernst, Berichten zufolge.'
            else:
                # a marker inside the clause qualifies all of it: 'Die Zahl stieg laut Behörden auf 50.'
                c0 = self.clause_start(m_start, s.start)
                if c0 < m_start and (v.lower[c0] in L.RELATIVE or v.lower[c0] in L.SUBORDINATORS) and c0 > s.start:
                    content = self.span(c0, s.end)       # '…, der nach Ansicht einiger X destabilisieren könnte'
                else:
                    content = self.span(self._content_start(s.start, m_start), s.end)
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
            nxt = v.lower[i + 1] if i + 1 < s.end else ""
            if v.lower[i] == "sei" and (nxt in ("denn", "dank") or v.lower[i - 1:i] == ["auch"] or (
                    nxt == "es" and (i == s.start or v.text[i - 1] == ","))):
                return                                   # 'es sei denn', 'Gott sei Dank', 'sei es … oder'
            if (v.lower[i] in KI_STRICT and (not v.has_morph or v.is_konjunktiv(i))) or self._ki_third_person(i, s):
                cand = Cand("indirect", (self.cs(i), self.ce(i)), self.span(s.start, s.end), None,
                            "konjunktiv", 0.4, k, (i,), source_hint="inherit-previous")
                self.cands.append(cand)
                return

    def _ki_third_person(self, i: int, s: Sent) -> bool:
        """A present-stem verb in -e next to a third-person subject can only be Konjunktiv I:
        'Man kooperiere mit den Behörden', 'Über Gerüchte rede sie nicht'."""
        v = self.v
        w = v.lower[i]
        if not v.has_pos or v.pos(i) not in ("VERB", "AUX") or not w.endswith("e") or len(w) < 4 \
                or w in _KONJ2 or (v.is_cap(i) and i != s.start):
            return False
        if w.endswith("te") and not w.endswith("tte") and not v.is_konjunktiv(i):
            return False                                  # 'sagte', 'redete': past tense
        left = v.lower[i - 1] if i - 1 >= s.start else ""
        right = v.lower[i + 1] if i + 1 < s.end else ""
        return left == "man" or right in ("er", "sie", "es", "man")

    # --- finishing: hedges, nested denials, dedupe ------------------------------------------------------
