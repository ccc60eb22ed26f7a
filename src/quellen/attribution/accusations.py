"""Passive accusations: "Klien wurde vorgeworfen, an der Schlägerei beteiligt gewesen zu sein", "Die Männer werden
beschuldigt, …", "Dem Mann wird von der Staatsanwaltschaft vorgeworfen, dass …".

Why a rule of its own: the reporting-verb rule reads active reports, whose subject is the speaker, and skips
passives, whose subject is not. News reports charges in the passive all the time, and such a charge is a claim
that later articles deny ("Klien wies den Vorwurf zurück"): without it as a statement the ledger has nothing to
link the denial to. The spans follow the annotation of news-spkatt (German Wikinews, expert annotations): the cue is
the participle (with its auxiliary when the two are adjacent), the Message the zu-infinitive, dass- or
Konjunktiv clause after the comma, the Addr the accused, and a Source only where a "von"-agent names the accuser.
No agent means nobody is named: the speaker stays unspecified instead of inheriting the previous report's.
"""
from __future__ import annotations

from . import lexicon as L
from .base import Cand
from .syntax import Sent

# participles of accusing in the passive ("zur Last gelegt" is matched on "gelegt" after "zur Last")
PARTICIPLES = frozenset({"vorgeworfen", "beschuldigt", "verdächtigt", "angelastet", "unterstellt", "angekreidet"})
WERDEN = frozenset({"wird", "wurde", "wurden", "werden", "werde", "worden", "würde", "würden"})
HABEN = frozenset({"hat", "hatte", "haben", "hatten", "habe", "hätte", "hätten"})
# auxiliaries that may follow the participle: "vorgeworfen worden war", "dem vorgeworfen wird"
TRAILING_AUX = WERDEN | frozenset({"war", "waren", "ist", "sind", "sei", "seien", "sein"})
AGENT = frozenset({"von", "vom", "seitens"})


class Accusations:
    """Mixin of :class:`quellen.attribution.rules.Finder`."""

    def passive_accusations(self, k: int, s: Sent) -> None:
        v = self.v
        for i in range(s.start, s.end):
            w = v.lower[i]
            if not (w in PARTICIPLES or (w == "gelegt" and i - 2 >= s.start and v.lower[i - 1] == "last"
                                         and v.lower[i - 2] == "zur")):
                continue
            if i in self.used_cue_tokens or self.quote_at(i) is not None:
                continue
            cstart = self.clause_start(i, s.start)
            j = i + 1
            while j < s.end and v.lower[j] in TRAILING_AUX:
                j += 1
            before, after = set(v.lower[cstart:i]), set(v.lower[i + 1:j])
            if not (WERDEN & before or WERDEN & after):
                continue                                 # no passive
            if HABEN & before and "worden" not in after:
                continue                                 # 'hat ihm vorgeworfen': active, the verb rule's
            if j + 1 >= s.end or v.text[j] != ",":
                continue                                 # 'Ihm wird Totschlag vorgeworfen': no claim clause
            content = self._accusation_clause(j + 1, s)
            if content is None:
                continue
            aux = next((x for x in range(i - 1, cstart - 1, -1) if v.lower[x] in TRAILING_AUX), None)
            cue_lo = aux if aux == i - 1 else i
            cue_hi = j - 1 if j > i + 1 else i
            if w == "gelegt":
                cue_lo = min(cue_lo, i - 2)
            source = self._agent(cstart, i)
            cand = Cand("indirect", (self.cs(cue_lo), self.ce(cue_hi)), content, source, "passive-accusation",
                        0.75, k, tuple(range(cue_lo, cue_hi + 1)))
            if source is None:
                cand.source_hint = "impersonal"         # nobody is named: no speaker is inherited
            addr = self._accused(cstart, i, aux, s)
            if addr is not None:
                cand.extra["addr"] = addr
            cand.extra["form"] = "Indirect"
            self.cands.append(cand)
            self.used_cue_tokens.update(cand.cue_tokens)

    def _accusation_clause(self, a: int, s: Sent) -> tuple[int, int] | None:
        """The charge after the comma: 'dass …', a zu-infinitive, or a Konjunktiv clause ('er habe …')."""
        v = self.v
        if v.lower[a] not in ("dass", "daß") and not self._zu_infinitive(a, s) and not self._konj_chunk(a, s):
            return None
        end = self.content_end(a, s)
        if end - a < 2:
            return None
        return self.span(a, end)

    def _agent(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The accuser of a passive: 'von der Staatsanwaltschaft Innsbruck', 'von Seiten der Delegation'."""
        v = self.v
        for x in range(lo, hi):
            if v.lower[x] not in AGENT:
                continue
            y = x + 1
            if v.lower[x] == "von" and y < hi and v.lower[y] == "seiten":
                y += 1
            e = v.np_forward(y, hi)
            if e > y:
                return self.cs(y), self.ce(e - 1)
        return None

    def _accused(self, cstart: int, i: int, aux: int | None, s: Sent) -> tuple[int, int] | None:
        """Whom the charge is about: the phrase before the auxiliary ('Klien wurde …', 'Dem Minister wird …'),
        else the one right after it ('Seit Jahren wird ihm …'); a relative pronoun stands for its antecedent."""
        v = self.v
        if aux is None:
            return None
        if cstart < aux and v.lower[cstart] not in L.PREPOSITIONS and v.lower[cstart] not in L.ADVERBS:
            e = v.np_forward(cstart, aux)
            if e == aux:
                return self.cs(cstart), self.ce(aux - 1)
            if aux - cstart == 1 and (v.lower[cstart] in L.PRONOUNS or v.lower[cstart] in L.RELATIVE):
                return self.cs(cstart), self.ce(cstart)
        y = aux + 1
        if y < i and (v.lower[y] in L.PRONOUNS or v.lower[y] in ("ihm", "ihr", "ihnen", "sie", "er")):
            return self.cs(y), self.ce(y)
        e = v.np_forward(y, i) if y < i else y
        if e > y and v.lower[y] not in L.PREPOSITIONS:
            return self.cs(y), self.ce(e - 1)
        return None
