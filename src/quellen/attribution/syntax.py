"""Shallow German syntax over a spaCy Doc: sentences, noun-phrase extents, finite verbs, Konjunktiv.

Why shallow and two-tier: quellen's own pipeline gives STTS tags, POS and morphology but no parser; when even
those are missing (a blank pipeline), every helper falls back to lexicons and capitalisation, so the rules
degrade instead of failing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as L

_NUM_NOUN = re.compile(r"\d+-[A-ZÄÖÜ]\w")
PUNCT_BREAK = {",", ".", "!", "?", ":", ";", "–", "—", "(", ")", "„", "“", "”", "\"", "»", "«"}


@dataclass
class Sent:
    start: int      # first token index
    end: int        # one past the last token
    char_start: int
    char_end: int


class View:
    """Token-level facts the rules need, from the tagger when present, from lexicons otherwise."""

    def __init__(self, doc):
        self.doc = doc
        self.n = len(doc)
        self.has_pos = doc.has_annotation("POS") or doc.has_annotation("TAG")
        self.has_morph = doc.has_annotation("MORPH")
        self.ent_tok: dict[int, str] = {}
        from ..nlp.components import attribution_entities

        for ent in attribution_entities(doc):
            for i in range(ent.start, ent.end):
                self.ent_tok[i] = ent.label_
        self.lower = [t.text.lower() for t in doc]
        self.text = [t.text for t in doc]

    # --- token classes -------------------------------------------------------------------------------
    def pos(self, i: int) -> str:
        return self.doc[i].pos_ if self.has_pos else ""

    def is_cap(self, i: int) -> bool:
        t = self.text[i]
        # 'die 54-Jährige', 'der 3-Sterne-Koch': a number-led compound is a noun
        return bool(t) and (t[0].isupper() or bool(_NUM_NOUN.match(t)))

    def is_punct(self, i: int) -> bool:
        return self.text[i] in PUNCT_BREAK or self.doc[i].is_punct

    def is_name(self, i: int) -> bool:
        if i in self.ent_tok:
            return True
        return self.pos(i) == "PROPN"

    def is_det(self, i: int) -> bool:
        if self.has_pos and self.pos(i) in ("DET", "NUM"):
            return True
        return self.lower[i] in L.DETERMINERS or self.text[i].isdigit()

    def is_verbish(self, i: int) -> bool:
        """A finite or non-finite verb (not a noun), by tag or by lexicon."""
        if self.has_pos:
            return self.pos(i) in ("VERB", "AUX")
        w = self.lower[i]
        if self.is_cap(i) and not self._sent_initial(i):
            return False
        return w in L.AUX or bool(L.verb_forms(w)) or w in _ud_verbs()

    def is_finite_aux(self, i: int) -> bool:
        if self.has_pos and self.pos(i) not in ("AUX", "VERB", ""):
            return False
        return self.lower[i] in L.AUX

    def is_konjunktiv(self, i: int) -> bool:
        if self.has_morph:
            m = self.doc[i].morph
            if "Sub" in m.get("Mood") and self.pos(i) in ("AUX", "VERB"):
                return True
        return self.lower[i] in L.KONJUNKTIV

    def _sent_initial(self, i: int) -> bool:
        return i == 0 or self.doc[i].is_sent_start or self.text[i - 1] in (".", "\n", ":")

    def is_adjish(self, i: int) -> bool:
        if self.has_pos:
            return self.pos(i) in ("ADJ",)
        w = self.lower[i]
        return (not self.is_cap(i) or self._sent_initial(i)) and w.endswith(("e", "en", "er", "es", "em")) \
            and w not in L.AUX and not L.verb_forms(w) and w not in L.SUBORDINATORS and w not in L.PREPOSITIONS

    # --- noun phrases ----------------------------------------------------------------------------------
    def np_forward(self, i: int, end: int, allow_genitive: bool = True) -> int:
        """End (exclusive) of the noun phrase starting at ``i`` (``i`` itself when there is none)."""
        j = i
        seen_noun = False
        while j < end:
            w, t = self.lower[j], self.text[j]
            if t in ("„", "“", "\"", "»") and seen_noun and j > i and self.lower[j - 1] in L.TITLE_NOUNS:
                k = j + 1                                    # das Buch „War“: the title belongs to the NP
                while k < end and self.text[k] not in ("“", "”", "\"", "«"):
                    k += 1
                if k < end and k - j <= 8:
                    j = k + 1
                    continue
            if self.is_punct(j) or t == "\n" or not t.strip():
                if t == "-" and seen_noun:
                    j += 1
                    continue
                break
            if self.is_det(j) and not self.has_pos_verb(j):
                if seen_noun and not (allow_genitive and w in ("des", "der") and self._genitive_follows(j, end)
                                      and not self.is_name(j - 1)):
                    break
                j += 1
                seen_noun = False      # a genitive attribute is a noun phrase of its own: 'des renommierten Instituts'
                continue
            if w == "für" and seen_noun and j + 1 < end and (self.is_cap(j + 1) or self.is_adjish(j + 1)) \
                    and not self.is_det(j + 1):
                j += 1
                seen_noun = False
                continue
            if w in ("und", "sowie", "oder") and seen_noun:
                k = j + 2 if j + 1 < end and self.lower[j + 1] == "auch" else j + 1   # 'die Union sowie auch die FDP'
                if k < end and (self.is_det(k) or self.is_cap(k) or (k == j + 1 and self.is_adjish(k))) \
                        and not self.is_verbish(k):
                    j = k
                    seen_noun = False
                    continue
            if self.is_cap(j) and not self.is_verbish(j) and w not in L.SUBORDINATORS and w not in L.PREPOSITIONS:
                if seen_noun and not self.is_name(j) and self.has_pos and self.pos(j) == "NOUN" \
                        and self.pos(j - 1) == "NOUN" and not self.is_name(j - 1):
                    pass                                   # two common nouns in a row: still accept (compounds)
                seen_noun = True
                j += 1
                continue
            if not seen_noun and (self.is_adjish(j) or self._modifier(j, end)):
                j += 1
                continue
            if not seen_noun and j > i and (w in L.PREPOSITIONS or self.is_det(j) or self.is_cap(j)):
                # extended attribute: 'zwei mit den Verhandlungen vertraute Personen'
                k = self._extended_attribute(j, end)
                if k is not None:
                    j = k + 1                              # past the participle: the noun follows
                    continue
            if seen_noun and w in L.MEDIA_OUTLETS:       # 'die Nachrichtenagentur dpa'
                j += 1
                continue
            if seen_noun and self.text[j][:1].isdigit():
                j += 1
                continue
            break
        # never end on a dangling determiner/adjective/conjunction
        while j > i and (self.is_det(j - 1) or self.lower[j - 1] in ("und", "sowie", "oder")
                         or (not self.is_cap(j - 1) and not self.text[j - 1][:1].isdigit()
                             and self.lower[j - 1] not in L.MEDIA_OUTLETS
                             and self.text[j - 1] not in ("“", "”", "\"", "«"))):
            j -= 1
        return j

    def _extended_attribute(self, j: int, end: int) -> int | None:
        for k in range(j + 1, min(end - 1, j + 7)):
            if self.is_punct(k) or self.lower[k] in L.SUBORDINATORS:
                return None
            w = self.lower[k]
            if not self.is_cap(k) and w.endswith(("e", "en", "er")) and w not in L.DETERMINERS \
                    and w not in L.AUX and self.is_cap(k + 1) and not self.is_verbish(k + 1) and (
                    not self.has_pos or self.pos(k) in ("ADJ", "VERB", "ADV")):
                return k
        return None

    def has_pos_verb(self, i: int) -> bool:
        return self.has_pos and self.pos(i) in ("VERB", "AUX")

    def _genitive_follows(self, j: int, end: int) -> bool:
        k = j + 1
        while k < end and (self.is_adjish(k) or self.lower[k] in ("neu", "sehr")):
            k += 1
        if not (k < end and self.is_cap(k) and not self.is_verbish(k)):
            return False
        # 'der' before a masculine or neuter noun in the singular is no genitive (that is 'des'): in 'müsste laut
        # Verfassung der Parlamentspräsident übernehmen' it starts the subject, not an attribute of the source
        if self.lower[j] == "der" and self.has_pos:
            m = self.doc[k].morph
            if m.get("Number") == ["Sing"] and m.get("Gender") and m.get("Gender")[0] in ("Masc", "Neut"):
                return False
        return True

    def _modifier(self, j: int, end: int) -> bool:
        """Lower-case words inside an NP before its noun: 'nicht namentlich genannte Quelle'."""
        w = self.lower[j]
        if self.is_cap(j) or w in L.SUBORDINATORS or w in L.PREPOSITIONS or w in L.AUX or self.is_punct(j):
            return False
        if self.has_pos:
            return self.pos(j) in ("ADJ", "ADV", "PART", "NUM", "NOUN", "PROPN") and any(
                self.pos(k) in ("NOUN", "PROPN") for k in range(j + 1, min(end, j + 4)))
        if L.verb_forms(w) and w.endswith(("t", "en")) and not w.endswith(("te", "ten")):
            return False
        k = j + 1
        while k < min(end, j + 4) and not self.is_cap(k) and not self.is_punct(k):
            k += 1
        return k < end and self.is_cap(k) and k - j <= 3 and self.is_adjish(k - 1)

    def np_backward(self, i: int, start: int) -> int:
        """Start of the noun phrase that ends just before ``i`` (``i`` when there is none)."""
        j = i - 1
        first = i
        while j >= start:
            if self.text[j] in ("“", "”", "\"", "«") and j > start:
                k = j - 1                              # a quoted title: Zeitung „Tagesspiegel“ zufolge
                while k > start and self.text[k] not in ("„", "“", "\"", "»") and j - k <= 8:
                    k -= 1
                if k >= start and self.text[k] in ("„", "“", "\"", "»") and k < j - 1:
                    first = k
                    j = k - 1
                    continue
                break
            if self.is_punct(j):
                break
            if self.is_det(j):
                first = j
                # a genitive 'des X' inside the NP continues leftwards: Bericht des Wall Street Journal
                if self.lower[j] in ("des", "der") and j - 1 >= start and self.is_cap(j - 1) \
                        and not self.is_verbish(j - 1):
                    j -= 1
                    continue
                break
            if self.is_cap(j) and not self.is_verbish(j) and self.lower[j] not in L.PREPOSITIONS \
                    and self.lower[j] not in L.ADVERBS:
                first = j
                j -= 1
                continue
            if self.is_adjish(j) and first < i:
                first = j
                j -= 1
                continue
            break
        return first

    # --- sentences -------------------------------------------------------------------------------------
    def sentences(self) -> list[Sent]:
        doc = self.doc
        starts = {0}
        if doc.has_annotation("SENT_START"):
            starts |= {s.start for s in doc.sents}
        else:
            for i in range(1, self.n):
                if self.text[i - 1] in (".", "!", "?") and (self.is_cap(i) or self.text[i] in "„\"“»"):
                    starts.add(i)
        for i, t in enumerate(doc):
            if "\n" in t.text or (t.whitespace_ == "" and False):
                starts.add(i + 1)
            elif i + 1 < self.n and "\n" in t.whitespace_:
                starts.add(i + 1)
        # sentence ends the tagger missed: '… zu wissen. "Putin würde …'
        for i in range(1, self.n - 1):
            if self.text[i - 1] in (".", "!", "?") and (self.text[i] in ("„", "\"", "“", "»") or (
                    self.is_cap(i) and self.text[i].isalpha())) and doc[i - 1].whitespace_ \
                    and len(self.text[i - 2]) > 1 and not self.text[i - 2].isdigit() if i >= 2 else False:
                starts.add(i)
        # a sentence break between a closing quote and its cue ('…“, sagte er.') is wrong: undo it
        out: list[Sent] = []
        bounds = sorted(s for s in starts if s < self.n)
        for k, s in enumerate(bounds):
            e = bounds[k + 1] if k + 1 < len(bounds) else self.n
            while s < e and not doc[s].text.strip():
                s += 1
            if s >= e:
                continue
            last = e
            while last > s and not doc[last - 1].text.strip():
                last -= 1
            prev_last = self.text[out[-1].end - 1] if out else ""
            prev_last2 = self.text[out[-1].end - 2] if out and out[-1].end - 2 >= out[-1].start else ""
            if out and out[-1].end == s and (
                    self.text[s] == "," or prev_last == ":" or (prev_last in ("„", "\"", "“", "»")
                                                                and prev_last2 == ":")):
                prev = out.pop()
                s = prev.start
            out.append(Sent(s, last, doc[s].idx, doc[last - 1].idx + len(doc[last - 1].text)))
        return out


_UD = None


def _ud_verbs() -> frozenset:
    global _UD
    if _UD is None:
        try:
            from quellen.clean.verbs_de import UD_VERB_FORMS
            _UD = UD_VERB_FORMS
        except Exception:  # noqa: BLE001 - optional helper list from the cleaning package
            _UD = frozenset()
    return _UD
