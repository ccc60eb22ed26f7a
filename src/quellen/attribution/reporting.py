"""Reporting verbs: readings (separable particles, participles, attributive uses), the reported
clause or noun-phrase message, where it ends, and impersonal 'hieß es'."""
from __future__ import annotations

from . import lexicon as L
from .base import BREAKS, QUOTE_CHARS, _TIME_WORDS, Cand
from .quotes import Quote
from .syntax import Sent


# verbs whose message may be a von/über phrase: 'berichteten von Explosionen', 'sprach von einem Erfolg'
_PP_MESSAGE_VERBS = {"berichten", "erzählen", "sprechen", "schreiben"}
_MIDDLE_ADVERBS = {"dagegen", "hingegen", "zudem", "außerdem", "jedoch", "aber", "auch", "allerdings", "bereits",
                   "später", "zuletzt", "erneut", "wiederholt", "ebenfalls", "sogar", "offen", "nun", "damals"}


_ACCUSING = frozenset({"vorwerfen", "beschuldigen", "unterstellen"})


def _participle_adj(w: str) -> bool:
    """Can ``w`` be an inflected participle ('erklärte', 'geforderte')? A preterite like 'forderte' cannot,
    whatever the tagger says."""
    for suf in ("e", "en", "er", "es", "em", ""):
        base = w[: -len(suf)] if suf else w
        if suf and not w.endswith(suf):
            continue
        if any(not f.finite for f in L.verb_forms(base)):
            return True
    return False


class ReportingVerbs:
    """Mixin of :class:`quellen.attribution.rules.Finder`."""

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
        if plain[0].lemma == "bestreiten" and any(
                self.v.lower[x].endswith(("spiel", "spiels", "partie", "match", "rennen", "finale", "duell",
                                          "saison", "turnier", "wettkampf", "kampf", "lebensunterhalt"))
                for x in range(max(0, i - 5), min(self.v.n, i + 6))):
            return None                                   # 'bestreitet das Spiel' = plays it
        if plain[0].lemma == "bestätigen" and "sich" in self.v.lower[max(0, i - 4):i + 2]:
            return None                                   # 'sollten sich die Vorwürfe bestätigen' = prove true
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
                self.v.is_cap(i + 1) or self.v.pos(i + 1) in ("ADJ", "NOUN", "PROPN")) and _participle_adj(w):
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
            if typ == "indirect" and mode == "object":
                inner = self._quoted_object(content)
                if inner is not None:
                    typ, content = "direct", inner       # 'sprach von einem „erheblichen Schaden“'
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
        if i + 1 < s.end and self.v.lower[i + 1] == "worden":
            return True                                  # 'war … vorgeworfen worden'
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
            if vf.lemma in _ACCUSING and (w in ("dass", "daß") or self._zu_infinitive(nxt, s)):
                end = self.content_end(nxt, s)        # 'hat ihm vorgeworfen, gelogen zu haben': the object is
                if end - nxt >= 2:                     # the accused, the clause the charge
                    return self.span(nxt, end), "clause"
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
                    if end - nxt >= 2 and (w in ("dass", "daß", "ob", "wonach") or not self._verbless(nxt, end)):
                        return self.span(nxt, end), "clause"
            if w in L.RELATIVE and not has_object and nxt + 1 < s.end and (
                    v.is_cap(nxt + 1) or v.is_adjish(nxt + 1)):
                end = self.content_end(nxt, s)
                if end - nxt >= 2:
                    return self.span(nxt, end), "clause"
        # 'erklärte der Eigentümer, das … Medienhaus Lensing, dass …': an apposition before the clause
        if k < s.end and v.text[k] == "," and not (cstart0 < i and v.lower[cstart0] in L.SUBORDINATORS):
            for x in range(k + 1, min(s.end - 1, k + 25)):
                if v.text[x] in (".", "!", "?", ":", ";"):
                    break
                if v.text[x] == "," and v.lower[x + 1] in ("dass", "daß", "ob", "wonach"):
                    if not any(L.verb_forms(v.lower[y]) and not v.is_cap(y) for y in range(k + 1, x)):
                        end = self.content_end(x + 1, s)
                        if end - x > 3:
                            return self.span(x + 1, end), "clause"
                    break
        # '…, betonte Peskow.'  -> the content precedes
        cstart = self.clause_start(i, s.start)
        if cstart == i and cstart > s.start and v.text[cstart - 1] == "," and vf.finite:
            rest_end = k
            if self._only_adjuncts(j, s.end) and v.lower[s.start] not in (
                    "obwohl", "weil", "als", "nachdem", "wenn", "da", "während", "bevor", "seit", "falls"):
                a = self._content_start(s.start, cstart - 1)
                if cstart - 1 - a >= 2 and not self._verbless(a, cstart - 1):
                    return self.span(a, cstart - 1), "preceding"
        # wie X mitteilte (verb-final parenthetical)
        if cstart < i and v.lower[cstart] == "wie" and vf.cls == L.NAMING:
            return None, None                            # 'wie sich die Junta selbst nennt'
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
        pp = self._pp_message(j, s.end) if vf.lemma in _PP_MESSAGE_VERBS and vf.finite else None
        if vf.lemma == "sprechen" and pp is None:
            return None, None                            # 'sprach mit Journalisten' is no message
        if not vf.np_object and pp is None:
            return None, None
        if pp is not None and particle_i is None:
            b = self.object_end(pp, s)
            if b - pp >= 2 and self._has_message(pp, b):
                return self.span(pp, b), "object"       # 'berichteten von mehreren Explosionen'
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
            a = self._skip_adjuncts(a, b)
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

    def _quoted_object(self, content):
        """The inner span when a noun-phrase message is only a quotation after a preposition/article:
        'von einem „erheblichen Reputationsschaden“' -> 'erheblichen Reputationsschaden'."""
        for q in self.quotes:
            if content[0] <= q.start and q.end >= content[1] - 1 and q.closed and q.inner_end <= content[1]:
                lead = self.text[content[0]:q.start].lower().split()
                if len(lead) <= 3 and all(w in L.PREPOSITIONS or w in L.DETERMINERS or w in ("vom", "zum", "zur")
                                          for w in lead):
                    return self._trim_chars((q.inner_start, q.inner_end))
                return None
        return None

    def _pp_message(self, j: int, hi: int) -> int | None:
        """Index of 'von'/'über' opening a prepositional message right after the verb (and its subject),
        adverbs allowed in between: 'sprach dagegen von einem „Erfolg“'."""
        v = self.v
        x = j
        while x < hi and x < j + 4:
            if v.lower[x] in L.ADVERBS or v.lower[x] in _MIDDLE_ADVERBS:
                x += 1
            elif v.lower[x] in ("am", "im") and x + 1 < hi and v.lower[x + 1] in _TIME_WORDS:
                x += 2                                   # 'sprach am Abend von …'
            else:
                break
        if x + 1 < hi and v.lower[x] in ("von", "vom", "über") and (
                v.is_det(x + 1) or v.is_adjish(x + 1) or v.is_cap(x + 1) or v.text[x + 1] in QUOTE_CHARS):
            return x
        return None

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

    def _verbless(self, a: int, b: int) -> bool:
        """Only names, articles, prepositions, adverbs: 'in einem Interview', not a reported clause."""
        v = self.v
        for x in range(a, b):
            w = v.lower[x]
            if v.is_punct(x) or v.is_cap(x) or v.is_det(x) or w in L.PREPOSITIONS or w in L.ADVERBS \
                    or w[:1].isdigit() or (v.has_pos and v.pos(x) in ("ADP", "DET", "NUM")):
                continue
            return False
        return True

    def _konj_chunk(self, a: int, s: Sent) -> bool:
        v = self.v
        e = next((x for x in range(a, s.end) if v.text[x] in (",", ".", ";", ":")), s.end)
        return any(v.is_konjunktiv(x) for x in range(a, e))

    def _zu_infinitive(self, a: int, s: Sent) -> bool:
        v = self.v
        e = next((x for x in range(a, s.end) if v.text[x] in (",", ".", ";", ":")), s.end)
        return any(v.lower[x] == "zu" and x + 1 < e and not v.is_cap(x + 1) for x in range(a, e)) or any(
            "zu" in v.lower[x][2:] and v.lower[x].endswith("en") and L.verb_forms(v.lower[x]) for x in range(a, e))

    def _skip_adjuncts(self, a: int, b: int) -> int:
        """Start of the object in the middle field ``[a, b)`` before a participle: prepositional phrases and a date
        apposition before it are adjuncts, not the message ('hat … nach Angaben der APA am Montag, dem
        20. Februar, die Anzeige zurückgewiesen' -> 'die Anzeige'). ``a`` unchanged when no object would be left."""
        v = self.v
        x = a
        while x < b and v.lower[x] in L.PREPOSITIONS:
            y = v.np_forward(x + 1, b)
            if y <= x + 1:
                break
            if y < b and v.lower[y] in ("der", "des"):
                g = v.np_forward(y, b)                   # 'nach Angaben der Nachrichtenagentur APA'
                if y + 1 < g < b:
                    y = g
            if y < b and v.text[y] == ",":
                close = next((c for c in range(y + 1, min(b, y + 7)) if v.text[c] == ","), None)
                if close is None or self._date_apposition(close, a - 1) != y:
                    break
                y = close + 1
            x = y
        if x == a or x >= b or v.np_forward(x, b) != b:
            return a
        return x

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
                                           or v.is_det(y + 1) or any(
                                               f.particle == v.lower[y + 1] for f in L.verb_forms(v.lower[y]))):
                    return x                             # '… und fügte hinzu: „…“'
        return s.end

    def object_end(self, a: int, s: Sent) -> int:
        """End of a noun-phrase message: it may go on past a comma with a zu-infinitive or an adverbial
        ('sein Ziel, den Krieg … zu beenden', '…, insbesondere mit …'), not into a subordinate clause."""
        v = self.v
        end = self.content_end(a, s)
        for x in range(a, end):
            if v.lower[x] in ("und", "oder", "aber", "sowie") and x > a and x + 1 < end and \
                    v.is_verbish(x + 1) and not v.is_cap(x + 1) and v.lower[x + 1] != "zu":
                return x                                 # a second predicate: 'bestreitet den Vorwurf und sieht …'
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
            while j < s.end and j <= max(i, es) + 2 and (v.lower[j] in L.ADVERBS or v.lower[j] in _MIDDLE_ADVERBS
                                                         or v.lower[j] in ("weiter", "dazu", "ferner")):
                j += 1                                   # 'hieß es zuletzt, …'
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
                # 'Zur Begründung hieß es, …': the reasons of whoever acted in the sentence before
                cand.source_hint = "justification" if any(v.lower[x] == "begründung" for x in range(
                    s.start, min(i, es))) else "impersonal"
            self.cands.append(cand)
            self.used_cue_tokens.add(i)

    # --- according-to markers --------------------------------------------------------------------------
