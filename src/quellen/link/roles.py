"""Speakers described by their role: 'der russische Präsident', 'der Republikaner', 'die Anwältin'.

Why apart from ``speakers.py``: a role description is resolved by a search of its own (an apposition alias of an
entity, else the most recent person of the same gender whose known office fits), with its own word lists (offices,
leaders, roles held towards someone). A mixin of the speaker resolver, like :mod:`.outlets`: the methods read its
text, entities and the attributions resolved so far (``history``).
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..model import Speaker
from .descriptions import of_possessor
from .entities import TITLES, _role_kind, word_stem, words_match
from .phrases import NAME_STOP, _age_noun_female, _last, _normal_name

# offices: a description by office must fit the person's known office ('der Minister' is not 'der Kanzler');
# descriptions by trade, party or age fit anyone
_OFFICES = ("sprecher", "präsident", "minister", "chef", "kanzler", "sekretär", "direktor", "leiter", "botschafter",
            "gouverneur", "bürgermeister", "premier", "vorsitzend", "general", "kommandeur", "berater", "abgeordnet")
_LEADERS = ("präsident", "staatschef", "staatsoberhaupt", "kremlchef", "regierungschef", "kanzler", "premier",
            "premierminist", "ministerpräsident", "machthaber", "präsidentin", "kanzlerin")
# roles held towards another person, who is often the one named just before ('ihr Mandant … Die Anwältin')
_COUNTERPARTS = ("anwalt", "anwält", "verteidiger", "ermittler", "richter", "arzt", "ärzt", "therapeut", "gutachter",
                 "kläger")

_AGED = re.compile(r"\b\d+-[Jj]ährige")     # 'der 23-jährige Sportler': an age makes the head a person


def _introduced_unnamed(before: str, head: str) -> bool:
    """Whether ``head`` was introduced earlier as someone new and unnamed ('Eine 20-jährige türkische Schülerin
    hatte ...', 'ein 26-jähriger BWL-Student'): a later 'die 20-jährige Schülerin', 'der Student' is that person,
    not the last name of the article."""
    pattern = r"\b[Ee]in(?:e[mnrs]?)?\s+(?:[\wÄÖÜäöüß-]+\s+){0,3}(?:[\wÄÖÜäöüß]+-)?" + re.escape(head) + r"\b"
    return re.search(pattern, before) is not None


class RoleSpeakers:
    """Mixin of :class:`quellen.link.speakers._Resolver`."""

    def alias_of(self, start: int, key: list[str]) -> Speaker | None:
        """The person whose apposition alias the role words ``key`` are ('der russische Präsident' after
        "Russlands Präsident Wladimir Putin"); of several, the one mentioned most before ``start``, then the
        one introduced first."""
        best = None
        for e in self.ents.values():
            if e.type not in ("PER", "MISC"):         # a person's role is no alias of a country or a firm
                continue
            for alias in e.aliases:
                aw = [w for w in alias.split() if w.lower() not in NAME_STOP]
                if aw and words_match(aw[-1], key[-1]) and all(
                        any(words_match(k, x) for x in aw) for k in key[:-1]):
                    earlier = [m.start for m in e.mentions if m.start < start]
                    rank = (len(earlier), -min(earlier, default=start))     # mentioned most, then first
                    if best is None or rank > best[0]:
                        best = (rank, e)
        return self.speaker_of(best[1].id) if best else None

    def description(self, start: int, text: str) -> Speaker | None:
        """'der russische Präsident', 'Kremlsprecher', 'der Republikaner': the person it is an apposition alias
        of (of several, the one mentioned most before it, then the one introduced first), else the most recent
        fitting person before it."""
        key = [w for w in re.findall(r"[\wÄÖÜäöüß-]+", text) if w.lower() not in NAME_STOP]
        # an age makes any head a person: 'der 52-Jährige', 'der 23-jährige Sportler', 'die 70-jährige Rentnerin'
        aged = any(_AGED.match(w) for w in key)
        if not key or (_role_kind(key[-1]) != "person" and not aged):
            return None
        first = text.split()[0].lower() if text.split() else ""
        if first in ("ein", "eine", "einem", "einen", "einer", "eines"):
            return Speaker(_normal_name(text), None, "person")      # indefinite: someone new
        if (aged or key[-1].lower() in L.PEOPLE_NOUNS) and _introduced_unnamed(self.text[:start], key[-1]):
            return Speaker(_normal_name(text), None, "person")      # 'eine 20-jährige Schülerin' ... 'die Schülerin'
        if not aged and first not in ("der", "dem", "des", "ein", "eines", "einem", "einer") and \
                self._plural_noun(start + len(text.rstrip()) - 1):
            return None                                   # 'Politische Berater sagen': a group is no one person
        before = self.text[max(0, start - 30):start].split()
        if before and (before[-1].lower() in L.ACCORDING_NOUNS or before[-1].lower() in L.PREPOSITIONS) \
                and (self._plural_noun(start + len(text) - 1) or (
                    first == "der" and not key[-1].lower().endswith("in")) or first == "den"):
            return None                                   # 'nach Angaben der Ermittler': a group, not one person
        possessive = first in ("sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem", "ihren",
                               "ihrer", "deren", "dessen")
        best = self.alias_of(start, key)
        if best:
            return best
        if possessive:                        # 'seine Vizepräsidentin' is someone else than 'er': his
            return of_possessor(self, first, start, _normal_name(" ".join(text.split()[1:])))
        # 'der Republikaner', 'der Staatschef': the most recent person — named or speaking — of the same gender
        female = key[-1].lower().endswith("in") and (_role_kind(key[-1]) == "person" or aged)
        if re.match(r"\d+-[Jj]ährige", key[-1]):
            female = _age_noun_female(first, key[-1].lower())
        cands = []
        for prev in reversed(self.history):
            if start - prev.cue.end > 500:
                break
            if prev.speaker.kind == "person" and prev.speaker.name:
                cands.append((min(prev.cue.start, prev.source.start if prev.source else prev.cue.start),
                               Speaker(prev.speaker.name, prev.speaker.entity, "person")))
                break
        for s_, e_, i in self.index:
            if e_ <= start and start - e_ < 500 and self.ents[i].type == "PER":
                cands.append((s_, self.speaker_of(i)))
        for _, sp in sorted(cands, key=lambda x: -x[0]):
            g = self.gender(sp)
            if g and g != ("f" if female else "m"):
                continue
            if sp.entity and not self._role_fits(self.ents[sp.entity], key[-1]):
                continue
            if not sp.entity and not (len(sp.name.split()) > 1 and _last(sp.name)[:1].isupper()
                                      and _role_kind(_last(sp.name)) is None):
                continue                                  # only a named person, not 'Sprecher'
            return sp
        return None

    def _role_fits(self, e, head: str) -> bool:
        """'der Minister' fits 'Innenminister X', 'der Staatschef' fits 'Präsident X'; a person whose role
        is unknown fits any."""
        roles = [a.split()[-1].lower() for a in e.aliases if a.split() and a.lower() not in TITLES]
        if re.sub(r"(in|innen|en|s)$", "", head.lower()).endswith(_COUNTERPARTS):
            # 'die Anwältin', 'der Ermittler': a role held towards someone (the client, the accused), who is the
            # person named just before; only a person called so in the article fits
            return any(words_match(r, head) for r in roles)
        if not roles or re.match(r"\d+-[Jj]ährige", head):
            return True                                   # 'der 46-Jährige' fits anyone
        if not any(word_stem(head).endswith(x) for x in _OFFICES):
            return True                                   # 'der CDU-Politiker', 'die Mittelfeldspielerin
        h = word_stem(head)
        for r in roles:
            rs = word_stem(r)
            if words_match(r, head) or rs.endswith(h) or h.endswith(rs):
                return True
            if any(rs.endswith(x) for x in _LEADERS) and any(h.endswith(x) for x in _LEADERS):
                return True
        return False
