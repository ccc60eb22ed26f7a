"""Resolve each attribution's source to a canonical speaker (name, entity id) and its kind.

Why a separate pass after attribution: a source is often a pronoun ("fügte er hinzu"), a description ("der
russische Präsident", "Herrn Peskow", "die US-Zeitung") or a report ("einem Bloomberg-Bericht"); resolving
those needs the whole article — the entities with their apposition aliases, and the speakers of the
attributions before it (in news, "er" after a quote is almost always the last speaker).
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..faults import guard
from ..model import Speaker
from .antecedents import Antecedents
from .descriptions import (coordinated_parties, female_role_before, refine, relative_antecedent,
                           salient_person, seat_start, span_at, without_modifiers)
from .entities import _role_kind
from .function_words import FunctionWordSpeakers
from .nearby import previous_subject, reporting_sentence_before
from .organisations import name_after_org_word, named_organisation
from .outlets import OutletSpeakers
from .phrases import (_ORG_ANAPHORS, _SPOKES_OF, _UNNAMED_REL, NAME_STOP, _apposed_name, _first, _head_is, _head_name,
                      _last, _normal_name, _plural, _plural_people, owned_kind)
from .roles import _AGED, RoleSpeakers

# a Source that is information with its owner in the genitive: the owner speaks (documents keep their own rules)
_INFO_OF = re.compile(r"^(?:(?:[Dd]en|[Dd]em|[Dd]er|[Dd]ie)\s+)?(?:[a-zäöüß][\w-]*\s+){0,2}(?P<noun>[A-ZÄÖÜ][\w-]+)\s+"
                      r"(?P<owner>(?:des|der|eines|einer)\s+\S.*)$", re.S)
_INFO_NOUNS = (set(L.ACCORDING_NOUNS) | set(L.UNSPECIFIED_WORDS)) - set(L.DOCUMENT_WORDS) - {"wort", "worten"}


def resolve_speakers(analysis) -> None:
    doc = analysis.document
    meta = analysis.extra.get("attribution_meta", {})
    ents = {e.id: e for e in doc.entities}
    index = analysis.extra.get("entity_index") or [(m.start, m.end, e.id) for e in doc.entities
                                                    for m in e.mentions]
    r = _Resolver(analysis, ents, index)
    by_id = {a.id: a for a in doc.attributions}
    kept = []
    for a in doc.attributions:
        m = meta.get(a.id, {})
        with guard(doc, "speakers", a.id) as g:     # a resolution that raises drops this attribution only
            if m.get("copy_of") and m["copy_of"] in by_id:
                src = by_id[m["copy_of"]].speaker
                a.speaker = Speaker(src.name, src.entity, src.kind)
            elif a.source is None:
                a.speaker = r.without_source(a, m.get("hint"))
            else:
                a.speaker = r.resolve(a.source.start, a.source.end, a.source.text, a)
                _add_mention(doc, ents, a)
        if g.failed:
            continue
        kept.append(a)
        r.history.append(a)
    doc.attributions = kept


# a role noun and a first name and surname after it, at the end of a source
_ROLE_THEN_NAME = re.compile(r"(?P<role>[\w-]+)\s+(?P<name>[A-ZÄÖÜ][\w'-]+\s+[A-ZÄÖÜ][\w'-]+)$")
# nouns of agents ('Oberrabbiner', 'Dirigent', 'Kommandeur'): a person, whatever the lexicon knows
_AGENT = re.compile(r"(er|erin|or|orin|ent|entin|ist|istin|eur|eurin|ant|antin|chef|chefin)$")


def _add_mention(doc, ents, a) -> None:
    """A description resolved to an entity ('der russische Präsident', 'Herrn Peskow') is one of its
    mentions too; pronouns are not."""
    from ..model import Mention

    if not a.speaker.entity or a.speaker.entity not in ents or a.source is None:
        return
    if a.source.text.lower() in L.PRONOUNS or len(a.source.text) > 80:
        return
    e = ents[a.speaker.entity]
    if any(m.start < a.source.end and m.end > a.source.start for x in doc.entities for m in x.mentions):
        return
    e.mentions.append(Mention(a.source.start, a.source.end, a.source.text))
    e.mentions.sort(key=lambda m: m.start)


class _Resolver(OutletSpeakers, RoleSpeakers, FunctionWordSpeakers):
    def __init__(self, analysis, ents, index):
        self.analysis = analysis
        self.text = analysis.document.text
        self.ents = ents
        self.index = sorted(index)
        self.contents = [(a.content.start, a.content.end) for a in analysis.document.attributions]  # names: topics
        self.history = []
        self.spacy_doc = analysis.spacy_doc
        self._kinds: dict[tuple[str, str], str] = {}
        self.antecedents = Antecedents(analysis.spacy_doc, self.index, ents)

    # --- helpers -------------------------------------------------------------------------------------
    def entities_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [(s, e, i) for s, e, i in self.index if s < end and e > start]

    def speaker_of(self, eid: str, hint_text: str = "") -> Speaker:
        e = self.ents[eid]
        return Speaker(e.name, e.id, self.kind_of_entity(e, hint_text))

    def kind_of_entity(self, e, hint_text: str = "") -> str:
        """The source kind of entity ``e``; memoised per (entity, hint), since the media test searches the whole
        text and ``nearest_media`` asks for every mention (quadratic on long, repetitive articles: a fuzzed
        115k-character page took minutes)."""
        key = (e.id, hint_text)
        if key not in self._kinds:
            self._kinds[key] = self._kind_of_entity(e, hint_text)
        return self._kinds[key]

    def _kind_of_entity(self, e, hint_text: str = "") -> str:
        low = e.name.lower()
        words = hint_text.lower()
        if e.type == "PER" and (any(_role_kind(a) == "media" for a in e.aliases) or re.search(
                r"\b\w*(medium|zeitung|agentur|sender|magazin|portal|blatt)\s+" + re.escape(e.name) + r"\b",
                self.text, re.I)):
            return "media"                                # 'das Medium Verstka' whatever the tagger thought
        if e.type == "PER" and low not in L.MEDIA_OUTLETS:
            return "person"
        if low in L.MEDIA_OUTLETS or any(_role_kind(a) == "media" for a in e.aliases) or \
                any(w in words for w in ("zeitung", "agentur", "medium", "sender")):
            return "media"
        if e.type == "PER":
            return "person"
        if e.type == "MISC":
            return "document" if _head_is(hint_text, L.DOCUMENT_WORDS) else "organization"
        return "organization"

    def gender(self, sp: Speaker) -> str | None:
        name = (sp.name or "").lower()
        if name.endswith("in") and _role_kind(_last(name)) == "person":
            return "f"
        if not sp.entity and len(name.split()) > 1:
            # an unlinked 'Vorstandschefin Sabine Reuter': the role word in front tells
            role = _first(name)
            if _role_kind(role) == "person" and not role.endswith("e"):
                return "f" if role.endswith("in") and len(role) > 5 else "m"
        if sp.entity:
            # from role aliases only ('Trainerin Julia Wagner'); the tagger's gender of names is unreliable
            for alias in self.ents[sp.entity].aliases:
                last = _last(alias).lower()
                if last.endswith("e") and _role_kind(last) == "person":
                    continue                      # 'Vorsitzende', 'Abgeordnete': either gender
                if last in ("herr", "herrn"):
                    return "m"
                if last == "frau" or (last.endswith("in") and len(last) > 5):
                    return "f"
                if _role_kind(last) == "person" or last.endswith(("er", "or", "ent", "ist")):
                    return "m"
        return None

    # --- main ----------------------------------------------------------------------------------------
    def without_source(self, a, hint) -> Speaker:
        if hint == "inherit-previous":
            # Konjunktiv I going on without a cue continues the report just before it, or the sentence
            # before it when that one reports without a content ('X spekulierte über … So sei …')
            if (sp := reporting_sentence_before(self, a.content.start)) is not None:
                return sp
            for prev in reversed(self.history):
                gap = a.content.start - max(prev.content.end, prev.cue.end)
                if gap > 250 or "\n\n" in self.text[max(prev.content.end, prev.cue.end):a.content.start]:
                    break
                if prev.speaker.name:
                    return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
                if prev.source is not None and prev.speaker.kind == "unspecified":
                    return prev.speaker          # 'ersten Angaben zufolge': the report goes on, still unnamed
            return previous_subject(self, a.content.start) or Speaker(None, None, "unspecified")
        if hint == "justification":
            # 'Der Stadtrat lehnte den Antrag ab. Zur Begründung hieß es, …': the one who acted gives the reasons
            return previous_subject(self, a.content.start) or Speaker(None, None, "unspecified")
        if hint in ("inherit", "inherit-document"):
            for prev in reversed(self.history):
                if a.content.start - prev.content.end > 600:
                    break
                # 'demnach' goes back to a report or an outlet, whatever verb or marker gave it ('Die Zeitung X
                # berichtete über den Unfall. Demnach …')
                if hint == "inherit-document" and prev.speaker.kind not in ("document", "media"):
                    continue
                return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
        if hint is None and self.history:
            # 'X nannte die Bewerbung „respektabel“, stellte aber fest, dass …': a second reporting verb of the
            # sentence with no subject of its own shares the subject of the first; a report nested in the
            # previous one's content ('X sagte, die Regierung habe erklärt, …') does not
            prev = self.history[-1]
            between = self.text[prev.cue.end:a.cue.start]
            if prev.speaker.name and prev.cue.end <= a.cue.start and len(between) < 200 and \
                    not (prev.content.start <= a.cue.start < prev.content.end) and \
                    not re.search(r"[.!?:;][“”\"»«]?\s", between):
                return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
        return Speaker(None, None, "unspecified")

    def resolve(self, start: int, end: int, text: str, a) -> Speaker:
        if (ante := relative_antecedent(self.spacy_doc, start, end)) is not None:     # 'laut denen'
            (start, end), text = ante, self.text[ante[0]:ante[1]]
        paren = re.search(r"\s*\([^()]{1,40}\)\s*$", text)
        if paren and paren.start() > 0:     # 'Olaf Scholz (SPD)', 'der Kanzler (SPD)': the party is no speaker
            text = text[:paren.start()]
            end = start + len(text)
        seatless, seat = seat_start(self.spacy_doc, start, end), ""
        if seatless is not None:        # 'die Regierung in Lomé': the speaker is the office; the seat follows it
            seat = " ".join(self.text[seatless:end].split())
            text = self.text[start:seatless].rstrip()
            end = start + len(text)
        sp = self._resolve(start, end, text, a)
        if seat and sp.entity is None and sp.kind == "organization" and sp.name and \
                set(sp.name.split()) <= set(text.split()):
            sp = Speaker(f"{sp.name} {seat}", None, sp.kind)    # an unnamed office keeps where it sits
        # 'ein hochrangiger Diplomat, der nicht namentlich genannt werden wollte': explicitly unnamed
        if sp.kind == "person" and not sp.entity and _UNNAMED_REL.match(self.text[end:end + 160]):
            return Speaker(sp.name, None, "anonymous")
        return refine(self, sp, start, end, text, a.content if a is not None else None)

    def _resolve(self, start: int, end: int, text: str, a) -> Speaker:
        words = [w.strip(",.;:„“”\"»«()") for w in text.split()]
        words = [w for w in words if w]
        low = [w.lower() for w in words]
        if not words:
            return Speaker(None, None, "unspecified")
        info = _INFO_OF.match(text)
        if info and info.group("noun").lower() in _INFO_NOUNS:
            # 'Angaben der Polizei zufolge', 'den Ermittlungen der Staatsanwaltschaft zufolge': whose they are
            return self.resolve(start + info.start("owner"), end, text[info.start("owner"):], a)
        if len(words) == 1 and low[0] in ("er", "sie", "ich", "wir"):
            return self.pronoun(start, low[0])
        if len(words) == 1 and low[0] in ("ihm", "ihnen") or (len(words) == 1 and low[0] == "ihr"
                                                              and words[0] == "ihr"):
            # 'ihm zufolge', 'Ihnen zufolge' (capitalised at the sentence start means 'they' here too)
            return self.pronoun(start, "er") if low[0] == "ihm" else (
                self.group(start) if low[0] == "ihnen" else self.pronoun(start, "sie"))
        if len(words) == 1 and low[0] in ("seiner", "seinen", "ihrer", "ihren") or (
                len(words) == 2 and low[0] in ("seiner", "seinen", "ihrer", "ihren", "seinem", "ihrem")
                and low[1] in L.ACCORDING_NOUNS | {"meinung", "auffassung", "worten", "überzeugung"}):
            # 'nach seiner Meinung', 'Seiner Ansicht nach', 'ihrer Aussage zufolge': whose view it is
            return self.pronoun(start, "er" if low[0].startswith("sein") else "sie")
        if low == ["man"] or low == ["es"]:
            return Speaker(None, None, "unspecified")
        if len(words) == 1 and (word_only := self._function_word(start, low[0], a)) is not None:
            return word_only
        spokes = _SPOKES_OF.match(text.strip())
        if spokes:
            org = self.recent_org(start, spokes.group("head"))
            if org:
                det = spokes.group("det").lower()
                name = org + ("s" if det == "des" and not org.endswith("s") else "")
                return Speaker(f"{spokes.group('role')} {det} {name}", None, "person")
        # 'Der Parlamentarische Geschäftsführer der SPD, Lars Winter': the name in apposition is the speaker
        app = re.search(r",\s*((?:[A-ZÄÖÜ][\w'-]+\s+){1,2}[A-ZÄÖÜ][\w'-]+)\s*,?\s*$", text)
        if app and "darunter" not in low and not _head_is(app.group(1), L.ORG_WORDS + L.MEDIA_WORDS):
            a0 = start + app.start(1)
            per = [x for x in self.entities_in(a0, end) if self.ents[x[2]].type == "PER"]
            if per:
                return self.speaker_of(per[-1][2])
            if any(_role_kind(w) == "person" for w in text[:app.start()].split()):
                return Speaker(app.group(1), None, "person")
        # 'mehrere Minister, darunter Finanzministerin Eva Lang': the named member speaks
        if "darunter" in low:
            k = text.lower().index("darunter")
            per = [x for x in self.entities_in(start + k, end) if self.ents[x[2]].type == "PER"]
            if per:
                return self.speaker_of(per[-1][2])
        head_part = re.split(r",| des | der (?=[A-ZÄÖÜ])| von | in | aus | im | für ", text, maxsplit=1)[0]
        attributed = re.split(r" der (?=[a-zäöüß]+e[nr] [A-ZÄÖÜ])", head_part, maxsplit=1)[0]
        if len(attributed.split()) >= 2:    # 'Der Vorsitzende der tibetischen Regionalregierung' (not 'Eine der …')
            head_part = attributed
        if head_part != text and not any(w[:1].isupper() for w in head_part.split()[1:]) and \
                head_part.split() and head_part.split()[0].lower() in L.DETERMINERS:
            # 'Der von Moskau eingesetzte Verwaltungschef': the split fell inside an extended attribute
            last = words[-1]
            if _role_kind(last) == "person" and not any(
                    self.ents[x[2]].type == "PER" for x in self.entities_in(start, end)):
                return Speaker(_normal_name(text), None, "person")
            head_part = text
        # 'die Beauftragte für Menschenrechte': a person described by role and complement
        if head_part != text and _role_kind(_last(head_part)) == "person" and \
                not self.entities_in(start, start + len(head_part)) and not any(
                    self.ents[x[2]].type == "PER" for x in self.entities_in(start, end)):
            key = [w for w in re.findall(r"[\wÄÖÜäöüß-]+", head_part) if w.lower() not in NAME_STOP]
            if low[0] in ("der", "die") and key and (named := self.alias_of(start, key)) is not None:
                return named        # 'Der Informationsminister des Südsudans' after "… Informationsminister X"
            return Speaker(_normal_name(text.split(",")[0]), None, "person")   # (not ', unter ihnen …')
        if _head_is(head_part, L.ANONYMOUS_WORDS) and not self._head_entity(start, start + len(head_part)):
            return Speaker(_normal_name(text), None, "anonymous")
        named = [x for x in self.entities_in(start, end) if self.ents[x[2]].type == "PER" and x[1] >= end - 1]
        if named and len(words) <= 2:        # 'Papier sagte' after 'Hans-Jürgen Papier': the person, not a paper
            return self.speaker_of(named[-1][2])
        if (holder := self._role_then_name(start, end, text)) is not None:
            return holder
        if _head_is(head_part, L.DOCUMENT_WORDS) and not self._document_word_is_name(start, head_part) or \
                low[0] in ("darin", "demnach"):
            return self.document(start, end, text, head_part)
        if _head_is(head_part, L.MEDIA_WORDS):
            hits = self.entities_in(start, end)
            if hits:
                return Speaker(self.ents[hits[-1][2]].name, hits[-1][2], "media")
            named = _apposed_name(head_part, L.MEDIA_WORDS)
            if named:
                return Speaker(named, None, "media")
            if _plural(head_part) or self._plural_noun(start + len(head_part.rstrip()) - 1):
                return Speaker(_normal_name(text), None, "media")   # 'die lokalen Fernsehsender': several
            if _normal_name(text).lower() in L.MEDIA_OUTLETS:
                return Speaker(_normal_name(text), None, "media")   # 'der Tagesschau': a name, no anaphor
            prev = self.recent_kind(start, ("media",))
            if prev:
                return prev
            quoted = self.quoted_outlet_before(start)
            if quoted:
                return quoted
            return Speaker(_normal_name(text), None, "media")
        hits = without_modifiers(self.text, self.index, self.entities_in(start, end))
        last_word = head_part.split()[-1] if head_part.split() else ""
        if hits and _head_is(last_word, L.ORG_WORDS) and max(e for _, e, _ in hits) <= start + len(head_part) \
                - len(last_word):
            return Speaker(_normal_name(head_part), None, "organization")   # 'Russlands Verteidigungsministerium'
        if len(hits) == 1 and hits[0][1] >= end - 1 and self._place(hits[0][0]) and \
                _head_is(self.text[start:hits[0][0]], L.ORG_WORDS) and "," not in self.text[start:hits[0][0]]:
            # 'die Staatsanwaltschaft Köln', 'der Polizei Hamburg': the authority of that place, not the place
            return Speaker(_normal_name(text), None, "organization")
        both = coordinated_parties(self, start, text, hits)
        if both:
            return both
        owner = self._possessor(hits, start, end)
        if owner is not None:
            return owner
        if hits:
            # prefer a person named in the phrase, else its first entity (the head)
            per = [x for x in hits if self.ents[x[2]].type == "PER"]
            best = per[-1] if per else hits[0]
            if len(per) > 1 and per[0][0] == start and self.text.startswith(",", per[0][1]) and \
                    self.text[per[0][1] + 1:per[1][0]].strip():
                best = per[0]       # 'Mike Downey, Product Manager für Flash Authoring': the name, then its role
            orgs = [x for x in hits if self.ents[x[2]].type == "ORG"]
            if not per and orgs and self.ents[best[2]].type == "LOC" and _head_is(
                    self.text[best[1]:orgs[-1][0]], L.ORG_WORDS):
                best = orgs[-1]     # 'Der Berliner Fahrgastverband IGEB': the association, not its city
            if not per and (kind := self._of_place(hits, start, end)):
                return Speaker(_normal_name(text), None, kind)
            if not per:
                # 'der Sicherheitsberater Henrik Landerholm' with the name mistagged as a place or firm
                lead = self.text[start:best[0]].split()
                given = lead[-1] if lead and lead[-1][:1].isupper() and _role_kind(lead[-1]) is None else None
                role = lead[-2] if given and len(lead) >= 2 else (lead[-1] if lead else "")
                if _role_kind(role) == "person" and best[1] == end:
                    name = ((given + " ") if given else "") + self.text[best[0]:best[1]]
                    return Speaker(name, None, "person")
            return self.speaker_of(best[2], text)
        if _head_is(head_part, L.ORG_WORDS):
            return named_organisation(self, start, head_part) or Speaker(
                name_after_org_word(self.spacy_doc, start, head_part) or _head_name(head_part), None, "organization")
        desc = self.description(start, text)
        if desc:
            return desc
        if _plural_people(head_part):
            return Speaker(_normal_name(text), None, "anonymous")
        if _head_is(head_part, L.UNSPECIFIED_WORDS):
            return Speaker(_normal_name(text), None, "unspecified")
        name = _normal_name(text)
        for prev in reversed(self.history):
            if prev.speaker.name and _last(prev.speaker.name).lower() == _last(name).lower():
                return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
        outlet = name.lower() in L.MEDIA_OUTLETS
        if outlet:
            return Speaker(name, None, "media")
        caps = [w for w in words if w[:1].isupper() and w.lower() not in NAME_STOP]
        head = caps[-1] if caps else words[-1]
        agent = _AGENT.search(head.lower())
        proper = self._is_propn(end - 1)
        person_like = _role_kind(head) == "person" or _AGED.search(text) is not None \
            or (len(caps) >= 2 and not _head_is(head_part, L.ORG_WORDS)) \
            or (agent is not None and not head.lower().endswith(("zentrale", "werke"))) or proper
        kind = "person" if person_like and not _head_is(head_part, L.ORG_WORDS) else "organization"
        return Speaker(_normal_name(text), None, kind)

    def _role_then_name(self, start: int, end: int, text: str) -> Speaker | None:
        """'Papiers Stellvertreter Winfried Hassemer', 'Richter Hisashi Owada' (untagged): the person named after
        the role that heads the source speaks, whatever the words before the role ('Papiers' is no paper). Not
        a role inside a genitive complement ('dem Buch „War“ des US-Journalisten Bob Woodward')."""
        titled = _ROLE_THEN_NAME.search(text)
        if not titled or owned_kind(titled.group("role")) != "anonymous" or _head_is(
                titled.group("name"), L.ORG_WORDS + L.MEDIA_WORDS + L.DOCUMENT_WORDS):
            return None
        before = text[:titled.start()].split()
        if any(w[:1].isupper() and not w.endswith(("s", "'")) for w in before) or (
                before and before[-1].lower() in ("des", "der", "eines", "einer")):
            return None
        inside = self.entities_in(start + titled.start("name"), end)
        per = [x for x in inside if self.ents[x[2]].type == "PER"]
        if per:
            return self.speaker_of(per[-1][2])
        return Speaker(titled.group("name"), None, "person") if not inside else None

    def _of_place(self, hits, start: int, end: int) -> str | None:
        """'der aschkenasische Oberrabbiner Israels', 'Der Präsident Frankreichs', 'die LGBT-Bewegung Chiles':
        someone of a country (a noun before the place in the genitive) is not the country. The description
        speaks ("anonymous" for a person's noun, else "organization"), and a name in apposition after it names
        them. None when the phrase is no such description."""
        if not all(self.ents[i].type == "LOC" for _, _, i in hits) or len(hits) != 1 or hits[0][1] < end - 1:
            return None
        s, e, i = hits[0]
        surface = self.text[s:e]
        if not (surface.endswith("s") and not self.ents[i].name.endswith(surface)):
            return None
        heads = [w for w in self.text[start:s].split() if w[:1].isupper() and w.lower() not in L.DETERMINERS]
        if not heads or _head_is(heads[-1], L.ORG_WORDS + L.MEDIA_WORDS + L.DOCUMENT_WORDS + L.ANONYMOUS_WORDS +
                                 L.UNSPECIFIED_WORDS):
            return None
        return "anonymous" if owned_kind(heads[-1]) or _AGENT.search(heads[-1].lower()) else "organization"

    def _document_word_is_name(self, start: int, head_part: str) -> bool:
        """Whether the document words of ``head_part`` do not head it: each is inside a person's name
        ('Hans-Jürgen Papier, Präsident …', 'Papiers Stellvertreter'), or a person is named before all of them."""
        per = [(s, e) for s, e, i in self.entities_in(start, start + len(head_part)) if self.ents[i].type == "PER"]
        if not per:
            return False
        spans = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", head_part)
                 if _head_is(m.group(), L.DOCUMENT_WORDS)]
        # ('Bundesfinanzminister Peer Steinbrück zu Beginn der Debatte über den Haushaltsentwurf', a Source span run
        # long, is Steinbrück's)
        return all(any(s <= a and b <= e + 1 for s, e in per) for a, b in spans) or \
            bool(spans) and min(e for _, e in per) <= spans[0][0]

    def _possessor(self, hits, start: int, end: int) -> Speaker | None:
        """'Rezais Wahlkampfhelfer', 'Die Anwältin Samanis', 'Demjanjuks Sohn': a person named in the genitive
        owns the role, relative or group that speaks (:func:`~.phrases.owned_kind`); the speaker is that unnamed
        helper, lawyer or son ("Wahlkampfhelfer von Mohsen Rezai"), not the owner. None when another person is named in the phrase ('Jelpkes Mitarbeiter
        Nick Brauns') or the role is no person's."""
        per = [x for x in hits if self.ents[x[2]].type == "PER"]
        if len(per) != 1:
            return None
        s, e, i = per[0]
        ent, surface = self.ents[i], self.text[s:e]
        if not (surface.endswith(("s", "'")) and not ent.name.endswith(surface) and len(surface) > 3):
            return None
        after = self.text[e:end].split()
        if after:                                                   # 'Rezais Wahlkampfhelfer'
            role = [w for w in after if w[:1].isupper()]
            kind = owned_kind(role[-1]) if role else None
            if kind is None or any(w[:1].isupper() for w in after[after.index(role[-1]) + 1:]):
                return None
            words = after
        else:                                                       # 'die Anwältin Samanis'
            lead = []
            for w in reversed(self.text[start:s].split()):
                if w.lower() in L.DETERMINERS or w.endswith((",", ".", ":")):
                    break
                lead.insert(0, w)
            kind = owned_kind(lead[-1]) if lead else None
            if kind is None or len(lead) > 3:
                return None
            words = lead
        return Speaker(f"{' '.join(words)} von {ent.name}", None, kind)

    def _token_at(self, char: int, annotation: str):
        """The spaCy token at ``char`` when the pipeline set ``annotation`` on the Doc, else None."""
        doc = self.spacy_doc
        if doc is None or not doc.has_annotation(annotation):
            return None
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span[-1] if span is not None and len(span) > 0 else None

    def _place(self, char: int) -> bool:
        """Whether the German pipeline's NER tags the token at ``char`` as a place (the entity layer may have
        re-typed it after the organisation word before it)."""
        tok = self._token_at(char, "ENT_IOB")
        return tok is not None and tok.ent_type_ == "LOC"

    def _is_propn(self, char: int) -> bool:
        tok = self._token_at(char, "POS")
        return tok is not None and tok.pos_ == "PROPN"

    def _plural_noun(self, char: int) -> bool:
        tok = self._token_at(char, "MORPH")
        return tok is not None and tok.pos_ == "NOUN" and "Plur" in tok.morph.get("Number")

    def _head_entity(self, start, end) -> bool:
        return any(self.ents[i].type == "PER" for _, _, i in self.entities_in(start, end))

    def _plural_verb(self, pos: int) -> bool:
        """Is 'sie' at ``pos`` the plural 'they'? Read off the finite verb next to it."""
        doc = self.spacy_doc
        span = span_at(doc, pos, pos + 3, "MORPH")
        if span is None:
            return False
        i = span.start
        for j in (i - 1, i + 1, i - 2, i + 2):
            if 0 <= j < len(doc) and doc[j].pos_ in ("VERB", "AUX") and "Fin" in doc[j].morph.get("VerbForm"):
                return "Plur" in doc[j].morph.get("Number")
        return False

    def group(self, pos: int) -> Speaker:
        """'sie betonten', 'ihnen zufolge': a group — the last organisation, outlet or unnamed group that spoke."""
        for prev in reversed(self.history):
            if pos - prev.cue.end > 500:
                break
            if prev.speaker.kind in ("organization", "anonymous", "media") and prev.speaker.name:
                return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
        return Speaker(None, None, "anonymous")

    def pronoun(self, pos: int, pron: str) -> Speaker:
        want = {"er": "m", "sie": "f"}.get(pron)
        if pron == "sie" and self._plural_verb(pos):
            return self.group(pos)
        hist = None
        for prev in reversed(self.history):
            sp = prev.speaker
            if pos - prev.cue.end > 500 or not sp.name or sp.kind not in ("person", "organization", "anonymous"):
                continue
            g = self.gender(sp)
            # (an unnamed individual is one too: 'Ein Sprecher der UDD sagte … Er betonte …'; not a group such as
            # 'Demonstranten der UDD')
            head = sp.name.split()[0]
            one = sp.kind == "person" or (
                sp.kind == "anonymous" and prev.source is not None and _role_kind(head) == "person"
                and not head.endswith("en") and ((pron == "er" and g != "f") or (pron == "sie" and g == "f")))
            if not (one or sp.kind == "organization"):
                continue
            if want and g and g != want:
                continue
            if pron == "er" and not one:
                continue
            where = prev.source.start if prev.source is not None else prev.cue.start
            hist = (where, Speaker(sp.name, sp.entity, sp.kind))
            break
        # the nearest person named before it outside reported contents (names inside quotes are topics)
        contents = self.contents
        cands = []
        for s, e, i in self.index:
            if e <= pos and self.ents[i].type == "PER" and pos - e < 1500 and not any(
                    a <= s < b for a, b in contents):
                sp = self.speaker_of(i)
                g = self.gender(sp)
                if not (want and g and g != want):
                    cands.append((s, e, sp))
        named = salient_person(self, cands, pos)
        role = female_role_before(self, pos, contents) if want == "f" else None
        best = max([c for c in (hist, named, role) if c], key=lambda c: c[0], default=None)
        if best:
            return best[1]
        # nobody speaking or named nearby fits: the coreference model's antecedent, if it is confident
        found = self.antecedents.resolve(pos, pos + len(pron), types=("PER",), exclude=contents)
        return self.speaker_of(found[0]) if found else Speaker(None, None, "person")

    def recent_org(self, start: int, head: str) -> str | None:
        """'eine Sprecherin der Behörde' / 'des Ministeriums': the institution named last before, of that kind."""
        h = head.lower()
        want = _ORG_ANAPHORS.get(h) or _ORG_ANAPHORS.get(h.rstrip("s"))
        if want is None:
            return None
        best = None
        for prev in self.history:
            if prev.speaker.kind == "organization" and prev.speaker.name and prev.cue.start < start:
                best = (prev.cue.start, prev.speaker.name)
        for s, e, i in self.index:
            ent = self.ents[i]
            if ent.type == "ORG" and e <= start and (best is None or s > best[0]):
                best = (s, ent.name)
        if best and start - best[0] < 1500 and any(w in best[1].lower() for w in want):
            return best[1]
        # the tagger may have missed it: the last capitalised 'Staatsanwaltschaft Stuttgart' in the text before
        found = None
        for m in re.finditer(r"\b(?!(?:Die|Der|Das|Den|Dem|Des|Eine?|Einer|Eines)\b)([A-ZÄÖÜ][\wäöüß-]+)"
                             r"(\s+[A-ZÄÖÜ][\wäöüß-]+)?", self.text[max(0, start - 1500):start]):
            first = m.group(1).lower()
            if any(first.endswith(w) for w in want) or (
                    any(w in first for w in want) and not first.endswith(("s", "n"))):
                second = (m.group(2) or "").strip()
                ok2 = second and second.lower() not in L.DETERMINERS and not _role_kind(second)
                found = m.group(1) + (" " + second if ok2 else "")
        return found
