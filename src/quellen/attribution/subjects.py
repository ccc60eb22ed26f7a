"""Who is speaking: the subject of a reporting verb, from the Vorfeld, after the finite verb (V1/V2
inversion, OVS), in subordinate and relative clauses, or shared by coordinated verbs."""
from __future__ import annotations

from . import lexicon as L
from .base import BREAKS, QUOTE_CHARS


_UNNAMED_HEADS = {"quelle", "quellen", "insider", "person", "personen", "mitarbeiter", "mitarbeiterin", "beamter",
                  "beamte", "beamten", "vertreter", "diplomat", "diplomaten", "offizier", "informant", "informanten"}


_FOCUS = {"selbst", "sogar", "ausgerechnet", "gerade", "auch", "nur", "ebenso"}


class Subjects:
    """Mixin of :class:`quellen.attribution.rules.Finder`."""

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
        if first == "wie" and vf.lemma in ("hervorgehen", "verlauten") and cstart + 1 < i \
                and v.lower[cstart + 1] == "aus":
            return self._np_at(cstart + 2, i)          # 'wie aus einem internen Papier hervorgeht'
        # 'Als Beispiel nannte der Berliner das Spiel': 'als' with the verb second is a predicative phrase of a main
        # clause, not a subordinate clause (whose finite verb ends it: 'als der Minister sagte, …')
        predicative_als = first == "als" and i + 1 < s.end and v.text[i + 1] not in (",", ".", ":", ";") and \
            i - cstart <= 6 and not any(v.is_verbish(x) for x in range(cstart + 1, i))
        if first in L.SUBORDINATORS and not predicative_als:
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
            # 'Der Fraktionschef der Bürgerliste, Jens Mahler, warf …': a Vorfeld NP with an apposition
            if cstart > s.start and v.text[cstart - 1] == "," and (v.is_det(s.start) or v.is_cap(s.start)) \
                    and v.lower[s.start] not in L.PREPOSITIONS and v.lower[s.start] not in L.ADVERBS \
                    and v.lower[s.start] not in L.SUBORDINATORS and not any(
                        v.is_verbish(x) and not v.is_cap(x) for x in range(s.start, cstart - 1)) \
                    and not any(v.text[x] in QUOTE_CHARS for x in range(s.start, cstart)):
                return (self.cs(s.start), self.ce(cstart - 2)), None
            # 'Ein früherer Mitarbeiter, der anonym bleiben will, sagte der Zeitung: …': the NP before the
            # relative clause is the subject; the NP after the verb is a dative object
            rel = self._np_before_relative(s.start, cstart)
            if rel:
                return rel
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
                if v.text[lo] in QUOTE_CHARS:
                    return None                    # a quotation before the cue is the content, not the speaker
                return self._np_at(lo, j)
            return None
        # 'Selbst die Wochenzeitschrift „Jungle World“ hatte letzten September kritisiert': a focus particle and
        # a noun phrase are one Vorfeld constituent, the subject when no nominative follows the finite verb
        if v.lower[pre_lo] in _FOCUS and pre_lo + 1 < f and v.is_det(pre_lo + 1) and not (post < s.end and (
                v.is_det(post) or v.is_name(post) or v.lower[post] in L.PRONOUNS)):
            pre_lo += 1
        pre_first = v.lower[pre_lo]
        # an adverbial Vorfeld: a preposition or adverb; one adverbial word ('Gegenwärtig wirft X … vor'); a
        # predicative 'als' phrase ('Als Beispiel nannte der Berliner …', 'Als „Geschenk“ bezeichnet die Archäologin
        # …'); an adjective with its complement ('Passend zu den Gefahren warnte die Moderatorin …')
        pre_is_adv = pre_first in L.PREPOSITIONS or pre_first in L.ADVERBS or (
            v.has_pos and v.pos(pre_lo) in ("ADV", "ADP", "SCONJ")) or (
            pre_lo + 1 == f and v.has_pos and v.doc[pre_lo].tag_ in ("ADJD", "ADV", "PAV", "PROAV")) or (
            pre_first == "als" and "," not in v.text[pre_lo:f]) or (
            v.has_pos and v.doc[pre_lo].tag_ == "ADJD" and pre_lo + 1 < f and v.lower[pre_lo + 1] in L.PREPOSITIONS)
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
        if post_np and pre_first in L.NEVER_NOMINATIVE:
            return post_np                      # 'Den Flüchtlingen sicherte Präsident Gusmão zu': a dative Vorfeld
        if post_np and pre_first in ("die", "das", "den") and not v.is_name(pre_lo) and (
                v.is_name(post) or v.lower[post] == "der" or (not v.has_pos and v.is_cap(post)
                                                             and not v.is_det(post))):
            return post_np
        return self._np_at(pre_lo, f)

    def _np_before_relative(self, lo: int, cstart: int):
        """'NP, der/die … Verb, <cue>': the NP at the sentence start when a relative clause follows it."""
        v = self.v
        if cstart - 2 <= lo or v.text[cstart - 1] != "," or not (v.is_det(lo) or v.is_cap(lo)) \
                or v.lower[lo] in L.PREPOSITIONS or v.lower[lo] in L.ADVERBS or v.lower[lo] in L.SUBORDINATORS \
                or v.text[lo] in QUOTE_CHARS:
            return None
        e = v.np_forward(lo, cstart)
        if e <= lo or e + 1 >= cstart - 1 or v.text[e] != "," or v.lower[e + 1] not in L.RELATIVE:
            return None
        if any(v.text[x] in QUOTE_CHARS or v.text[x] == "," for x in range(e + 1, cstart - 1)):
            return None
        if not v.is_verbish(cstart - 2):
            return None
        return (self.cs(lo), self.ce(e - 1)), None

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
        # 'eine Quelle im Verteidigungsministerium': where an unnamed source sits belongs to it
        if e + 1 < hi and v.lower[e - 1] in _UNNAMED_HEADS and v.lower[e] in ("im", "in", "aus", "innerhalb"):
            e2 = v.np_forward(e + 1, hi, allow_genitive=False)
            if e2 > e + 1:
                e = e2
        e = self._seat(j, e, hi)
        # 'Wolfgang Schäuble (CDU)': a short parenthesis right after the NP belongs to it (the annotators' Sources
        # hold it), so what follows the NP starts after it
        if e < hi and v.text[e] == "(":
            close = next((x for x in range(e + 1, min(hi, e + 6)) if v.text[x] == ")"), None)
            if close is not None and close > e + 1 and not any(v.is_verbish(x) for x in range(e + 1, close)):
                e = close + 1
        # 'westliche Offizielle, darunter NATO-Generalsekretär Mark Rutte'
        if e + 1 < hi and v.text[e] == "," and v.lower[e + 1] in ("darunter", "unter"):
            k = e + 2
            while k < hi and v.text[k] != ",":
                k += 1
            e = k
        return (self.cs(j), self.ce(e - 1)), None

    def _seat(self, j: int, e: int, hi: int) -> int:
        """End of the NP [j, e) with the place it sits in: 'die Regierung in Lomé', 'die Organisation in Bonn'.

        Why: such a place says *which* government or office speaks, and the news-spkatt annotators put it inside
        the Source (in the training articles 51 Sources hold an 'in <Name>' phrase; of the 9 that stop before
        one, the NP is a person's name, 'Manfred Stolpe in Berlin', where the place says where he spoke, or the
        phrase is no place, 'in Zukunft'). So a place entity after 'in'/'im' joins an NP that is not a person."""
        v = self.v
        if e + 1 >= hi or v.lower[e] not in ("in", "im") or v.ent_tok.get(e + 1) != "LOC":
            return e
        if v.ent_tok.get(e - 1) == "PER" or (v.has_pos and v.pos(e - 1) == "PRON"):
            return e
        k = e + 1
        while k < hi and v.ent_tok.get(k) == "LOC" and not v.is_punct(k):
            k += 1
        return k

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
