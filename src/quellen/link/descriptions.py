"""Two general rules for sources that are descriptions, applied after the speaker rules.

Why: on held-out news the most frequent "who" errors were not pronouns but descriptions.
1. An apposition names the person: in "Theo Zwanziger, Präsident des Verbandes, sagte …" or "Stephen Singer,
   ein Klimaexperte, erklärte …" the source found may be the role ("Präsident des Verbandes"); the speaker is
   the person named right before the comma.
2. An unnamed individual keeps the description that identifies them: "ein Sprecher des Innenministeriums",
   "der Bürgermeister von New Orleans", "ein Regierungssprecher in Berlin" — not a bare "Sprecher". The
   genitive or the von/in/aus phrase after the source is part of the description; and a role description
   with no name is an *anonymous* source (SCHEMA: explicitly unnamed).

3. A report that goes on without a source ("Obama habe ein neues Klima geschaffen." after "Das Nobelkomitee
   würdigte …"; "Demnach wird …" after "… hat die FIFA bekannt gegeben") continues what the previous sentence's
   subject said, when no attribution before it can be continued.

4. Two coordinated named parties of one kind are one speaker together ("SPD und Grüne kritisierten …").

All read only the spaCy tags and the article's entities.
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..clean.dates import MONTHS
from ..clean.metadata import WEEKDAYS
from ..model import Speaker
from .entities import _role_kind, is_first_name
from .compounds import compound_source, from_owner
from .organisations import organisation_before
from .phrases import _head_is, _normal_name

_GEN_DET = {"des", "der"}
_PREPS = {"von", "vom", "in", "im", "aus", "beim", "bei"}
_NP_TAGS = {"ART", "ADJA", "CARD", "NN", "NE", "PPOSAT", "APPRART", "TRUNC", "KON"}
_INDEF = L.INDEFINITE_ARTICLES
# the words that start a complement saying whose or where someone is ('der Richter des Landgerichts', 'die
# Vereinsleitung von Borussia Dortmund'), not what was said about ('zum Rücktritt Hartmanns')
OWNER_WORDS = frozenset({"des", "der", "von", "vom", "in", "im", "aus"})
MAX_EXTRA_TOKENS = 7
# 'ein Sprecher am Dienstag', 'der Sprecher im Interview', 'ein Diplomat am Rande des Gipfels': a prepositional
# phrase of time or occasion after the source says when or where it spoke, not who it is
_CIRCUMSTANCE = set(MONTHS) | WEEKDAYS | {
    "morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht", "wochenende", "tag", "woche", "monat",
    "jahr", "jahresende", "jahresbeginn", "frühjahr", "frühling", "sommer", "herbst", "winter", "anfang", "ende",
    "mitte", "rande", "rand", "zuge", "laufe", "rahmen", "vorfeld", "anschluss", "nachgang", "verlauf",
    "interview", "gespräch", "telefon", "telefonat", "fernsehen", "radio", "rundfunk", "podcast", "livestream",
    "pressekonferenz", "medienkonferenz", "konferenz", "sitzung", "treffen", "besuch", "auftritt", "rede",
    "ansprache", "kundgebung", "debatte", "anhörung", "gipfel", "gipfeltreffen", "parteitag", "veranstaltung",
    "gegensatz", "vergleich", "hinblick", "blick", "namen", "sinne", "falle", "fall", "übrigen"}


def span_at(doc, start: int, end: int, needs: str):
    """The tokens of ``doc`` over chars [start, end) (widened to whole tokens), or None when the doc is
    missing, lacks the annotation ``needs`` or has no token there."""
    if doc is None or not doc.has_annotation(needs):
        return None
    return doc.char_span(start, end, alignment_mode="expand")


_REL_PREPS = {"laut", "nach", "gemäß", "zufolge"}


def relative_antecedent(spacy_doc, start: int, end: int) -> tuple[int, int] | None:
    """'die Pläne der Nationalsozialisten, laut denen jeder …', 'Berichte, denen zufolge …', 'die Sichtweise von
    X (CDU), wonach …': a relative pronoun as the source stands for the noun phrase just before its comma (with
    its genitive attribute); the chars of that phrase, or None when the source is no relative pronoun or no noun
    ends before the comma."""
    span = span_at(spacy_doc, start, end, "TAG")
    if span is None or len(span) != 1 or (span[0].tag_ != "PRELS" and span[0].lower_ != "wonach"):
        return None
    i = span.start - 1
    if i >= 0 and spacy_doc[i].lower_ in _REL_PREPS:
        i -= 1
    if i < 1 or spacy_doc[i].text != ",":
        return None
    if spacy_doc[i - 1].text == ")":       # 'Innenminister Heribert Rech (CDU), wonach …': the party is no part
        p = i - 1
        while p > 0 and spacy_doc[p].text != "(" and i - p < 8:
            p -= 1
        if spacy_doc[p].text == "(":
            i = p
    def nominal(t) -> bool:                # (a name the tagger misread keeps its entity: 'Rech' as VVIMP)
        return t.tag_ in ("NN", "NE") or bool(t.ent_type_)

    if not nominal(spacy_doc[i - 1]):
        return None
    j = k = i - 1
    while k > 0 and (nominal(spacy_doc[k - 1]) or spacy_doc[k - 1].tag_ in ("ADJA", "ART", "PPOSAT", "CARD")) \
            and j - k < 8:
        k -= 1
    return spacy_doc[k].idx, spacy_doc[j].idx + len(spacy_doc[j])


def without_modifiers(text: str, index, hits: list) -> list:
    """``hits`` (entity mentions in a source) without those that only qualify a compound ("Ein Trump-Berater",
    "der Brandt-Kenner", "die Trump-Regierung"): a name before a hyphen and a noun that is no name is not who
    speaks. (A hyphenated surname is one mention, so it is not cut.)"""
    def modifier(e: int) -> bool:
        m = re.match(r"-([A-ZÄÖÜ][a-zäöüß]+)", text[e:e + 40])
        return m is not None and not any(s == e + 1 for s, _, _ in index)
    return [h for h in hits if not modifier(h[1])]


def female_role_before(resolver, pos: int, contents: list[tuple[int, int]]) -> tuple[int, Speaker] | None:
    """'Von der deutschen Bundeskanzlerin liegt eine Stellungnahme vor … Sie sagte: …': a singular 'sie' may
    refer to a woman named only by her role. The nearest feminine role noun ('-in': Bundeskanzlerin,
    Sprecherin) in the 400 characters before it, outside reported contents, as (where, speaker): the person
    the description names when it names one ("die Kanzlerin" after "Kanzlerin Angela Merkel"), else the
    description itself (anonymous)."""
    doc = resolver.spacy_doc
    span = span_at(doc, max(0, pos - 400), pos, "TAG")
    if span is None:
        return None
    for t in reversed(span):
        if t.tag_ == "NN" and t.lower_.endswith("in") and len(t) > 5 and _role_kind(t.text) == "person" and \
                not any(a <= t.idx < b for a, b in contents):
            j = t.i
            while j > span.start and doc[j - 1].tag_ == "ADJA":
                j -= 1
            start, end = doc[j].idx, t.idx + len(t)
            named = resolver.description(start, resolver.text[start:end])
            if named is not None and named.name:
                return start, named
            return start, Speaker(_normal_name(resolver.text[start:end]), None, "anonymous")
    return None


def _oblique(doc, start: int) -> bool:
    """Whether the name at ``start`` sits in a prepositional phrase or a genitive attribute ("zusammen mit seinen
    Kollegen Edwin Aldrin und Michael Collins", "die Rolle des Milchmanns Tevje"): not where a subject is."""
    span = span_at(doc, start, start + 1, "TAG")
    if span is None:
        return False
    j = span.start - 1
    while j >= 0 and span.start - j <= 6 and doc[j].tag_ in ("NN", "NE", "ADJA", "ART", "PPOSAT", "KON", "CARD"):
        if doc[j].lower_ in ("des", "eines"):
            return True
        j -= 1
    return j >= 0 and doc[j].tag_ in ("APPR", "APPRART")


def salient_person(resolver, cands: list, pos: int) -> tuple[int, Speaker] | None:
    """The person a pronoun at ``pos`` refers to among named ``cands`` ((start, end, speaker), in text order,
    within 1,500 characters before it): the nearest within 400 characters — unless that one is named only in a
    prepositional phrase or a genitive, and a person named at least as often in the article stands as a subject
    before it ("Neil Armstrong … lenkte er mit seinen Kollegen Edwin Aldrin und Michael Collins …" — "er" is
    Armstrong, the article's subject, not Collins)."""
    near = [c for c in cands if pos - c[1] < 400]
    if not near:
        return None
    s, _, sp = near[-1]
    doc, ents = resolver.spacy_doc, resolver.ents
    if sp.entity is None or not _oblique(doc, s):
        return s, sp
    count = len(ents[sp.entity].mentions)
    for s2, _, sp2 in reversed(cands):
        if sp2.entity not in (None, sp.entity) and len(ents[sp2.entity].mentions) >= count and not _oblique(doc, s2):
            return s2, sp2
    return s, sp


def apposed_entity(spacy_doc, index, ents, start: int) -> str | None:
    """The PER entity that ends right before ", " + the source at ``start`` (an apposition), or None."""
    if spacy_doc is None:
        return None
    span = spacy_doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start < 2:
        return None
    i = span.start
    if spacy_doc[i - 1].text != ",":
        return None
    before = spacy_doc[i - 2]
    end = before.idx + len(before)
    for s, e, eid in index:
        if e == end and ents[eid].type == "PER":
            return eid
    return None


def extended_description(spacy_doc, start: int, end: int, name: str) -> str:
    """``name`` plus the genitive or von/in/aus phrase that follows the source span, in its words."""
    if spacy_doc is None or not spacy_doc.has_annotation("TAG"):
        return name
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(spacy_doc):
        return name
    k = span.end
    first = spacy_doc[k]
    if not (first.lower_ in _GEN_DET or first.lower_ in _PREPS or first.tag_ == "APPRART"):
        return name
    if first.lower_ == "in" and k + 1 < len(spacy_doc) and spacy_doc[k + 1].lower_ in ("die", "den", "das"):
        return name                                     # 'in die Luft': a direction (accusative), not where it sits
    j = k + 1
    seen_noun = False
    while j < len(spacy_doc) and j - k <= MAX_EXTRA_TOKENS and spacy_doc[j].tag_ in _NP_TAGS:
        if spacy_doc[j].tag_ in ("NN", "NE"):
            seen_noun = True
        elif seen_noun and spacy_doc[j].tag_ not in ("NE", "NN"):
            break
        j += 1
    while j > k + 1 and spacy_doc[j - 1].tag_ not in ("NN", "NE"):
        j -= 1
    if not seen_noun or j <= k + 1:
        return name
    head = next(t for t in spacy_doc[k + 1:j] if t.tag_ in ("NN", "NE"))
    if first.lower_ not in _GEN_DET and (head.lower_ in _CIRCUMSTANCE or head.lower_.startswith(tuple(WEEKDAYS))):
        return name                                     # 'am Dienstagabend' as well
    tail = spacy_doc[k:j].text
    return f"{name} {tail}" if tail and tail not in name else name


def is_role_only(spacy_doc, start: int, end: int) -> bool:
    """True when the source span names nobody: no proper noun, only role/common nouns and attributes."""
    if spacy_doc is None or not spacy_doc.has_annotation("TAG"):
        return False
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return not any(t.tag_ == "NE" or t.pos_ == "PROPN" or t.ent_type_ in ("PER", "ORG") for t in span) and \
        any(t.tag_ == "NN" for t in span)


def role_of_named_group(spacy_doc, start: int, end: int) -> bool:
    """'Ein Sprecher der UDD', 'ein Vertreter der Gewerkschaft Verdi': a person's role whose complement names an
    organisation or a place but no person, so the speaker is still an unnamed individual."""
    if spacy_doc is None or not spacy_doc.has_annotation("TAG"):
        return False
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    nouns = [t for t in span if t.tag_ in ("NN", "NE")] if span is not None else []
    if not (nouns and nouns[0].tag_ == "NN" and not nouns[0].ent_type_ and _role_kind(nouns[0].text) == "person"
            and any(t.ent_type_ in ("ORG", "LOC") for t in span)
            and not any(t.ent_type_ == "PER" or (t.tag_ == "NE" and not t.ent_type_) or is_first_name(t.text)
                        for t in span)):
        return False
    # a name the NER typed an organisation that the name typer takes for a person ('des Parlaments Alain
    # Lamassoure') is the speaker's own name
    from ..nlp.name_types import TYPES, typed

    for e in spacy_doc.ents:
        p = typed(spacy_doc, e.start_char, e.end_char) if span.start <= e.start and e.end <= span.end else None
        if p is not None and TYPES[int(p.argmax())] == "PER":
            return False
    return True


def seat_start(spacy_doc, start: int, end: int) -> int | None:
    """Where a closing 'in/im <place>' of the source [start, end) begins ('die Regierung in Lomé', 'ein
    Regierungssprecher in Berlin'), or None. The attribution stage keeps the seat inside the Source, as the
    annotators do; the speaker is resolved without it, as before (a role description gets it back from the
    text after the head, ``extended_description``), so 'das Außenministerium in Moskau' is still that ministry,
    and never the place."""
    if spacy_doc is None or not spacy_doc.has_annotation("ENT_IOB"):
        return None
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 3:
        return None
    for k in range(len(span) - 2, 0, -1):
        if span[k].lower_ in ("in", "im"):
            rest = span[k + 1:]
            if all(t.ent_type_ == "LOC" for t in rest) and span[k - 1].ent_type_ != "PER":
                return span[k].idx
            return None
    return None


def bare_singular_subject(spacy_doc, start: int, end: int) -> bool:
    """'… hat Kessler die Vorwürfe zurückgewiesen' with "Kessler" mistagged as a common noun: a German singular
    count noun needs an article as a subject, so a lone capitalised singular nominative with nothing before it that
    could govern or determine it (no article, adjective, possessive or preposition) and no role lexicon entry is a
    name, not a role description ("Laut Polizei" is dative after a preposition, "Experten" plural)."""
    span = span_at(spacy_doc, start, end, "MORPH")
    if span is None or len(span) != 1 or span.start == 0:
        return False
    tok, before = span[0], spacy_doc[span.start - 1]
    return tok.tag_ == "NN" and tok.text[:1].isupper() and "Sing" in tok.morph.get("Number") and \
        "Nom" in tok.morph.get("Case") and before.tag_ not in ("ART", "PPOSAT", "PDAT", "PIAT", "ADJA", "APPR",
                                                               "APPRART", "CARD") and \
        _role_kind(tok.text) is None and not _head_is(tok.text, L.ANONYMOUS_WORDS + L.DOCUMENT_WORDS +
                                                      L.UNSPECIFIED_WORDS)


_PARTICLES = {"von", "zu", "van", "de", "der", "den", "da", "di", "du", "al", "bin", "ibn", "el"}


def leading_name(resolver, start: int, text: str) -> Speaker | None:
    """'Karl-Theodor zu Guttenberg, Obmann der Union': a name before the first comma of a source whose rest
    is a role is the speaker (the entity when the tagger found one there)."""
    head, sep, rest = text.partition(",")
    if not sep or not rest.strip():
        return None
    for s, e, eid in resolver.index:
        if s >= start and e <= start + len(head) + 1 and resolver.ents[eid].type == "PER":
            return resolver.speaker_of(eid)
    words = head.split()
    caps = [w for w in words if w[:1].isupper()]
    if 2 <= len(words) <= 5 and len(caps) >= 2 and all(w[:1].isupper() or w in _PARTICLES for w in words) and \
            not any(_role_kind(w) for w in words) and any(_role_kind(w.strip(".")) == "person"
                                                          for w in rest.split()[:4]):
        return Speaker(" ".join(words), None, "person")
    return None


def quoted_title_after(text: str, end: int) -> str | None:
    """'des Magazins „Der Spiegel“': the quoted name right after a media or document word."""
    m = _QUOTED.match(text, end)
    return m.group(1).strip() if m else None


_QUOTED = re.compile(r"\s*[„“\"»]([^“”\"«\n]{2,60})[“”\"«]")


def nominative_plural(spacy_doc, start: int, end: int) -> str | None:
    """'Politischen Beobachtern' (dative) -> 'politische Beobachter', by the lemmatizer: a plural description
    outside the nominative is named in the nominative, as one would write it in a list of sources."""
    if spacy_doc is None or not spacy_doc.has_annotation("LEMMA"):
        return None
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span[-1]
    if head.tag_ != "NN" or "Plur" not in head.morph.get("Number") or not (
            set(head.morph.get("Case")) & {"Dat", "Gen"}):
        return None
    # the lemma is the singular; only where the plural is the lemma itself (-er, -el nouns: 'Beobachter',
    # 'Wissenschaftler') is the dative '-n' safely undone ('Diplomaten', 'Seiten' stay as they are)
    lemma = head.lemma_
    if not (lemma.endswith(("er", "el")) and head.text == lemma + "n"):
        return None
    words = []
    for t in span:
        if t.tag_ in ("ART", "APPR", "APPRART"):
            continue
        if t.tag_ == "ADJA" and t.text.lower().endswith("en") and t.i < head.i:
            words.append(t.text.lower()[:-1])              # 'Politischen' -> 'politische'
        elif t.i == head.i:
            words.append(lemma)
        else:
            words.append(t.text)
    return " ".join(words) if words else None


_FEM_ORG = ("ag", "gmbh", "se", "partei", "union", "regierung", "kommission", "polizei", "bank", "gruppe",
            "organisation", "taliban", "hamas", "bahn", "armee", "behörde")


def compound_spokesperson(resolver, name: str) -> str | None:
    """'Porschesprecher', 'Talibansprecher': a role compound whose first part is an organisation of the
    article -> 'Sprecher der Porsche AG' (the organisation's name as the article gives it in full)."""
    low = name.lower()
    for role in ("sprecherin", "sprecher"):
        if low.endswith(role) and len(low) > len(role) + 2:
            prefix = low[: -len(role)].rstrip("-")
            break
    else:
        return None
    if prefix in ("regierungs", "partei", "polizei", "stadt", "konzern", "unternehmens", "firmen", "ministeriums",
                  "pressesprecher", "presse", "kreml", "fraktions", "verbands", "vereins"):
        return None                                   # a generic compound: its own description
    hits = [e for e in resolver.ents.values() if e.type == "ORG" and e.name.lower().replace("-", "").startswith(prefix)]
    if len(hits) != 1:
        return None
    return f"{role.capitalize()} {_of(hits[0].name)}"


def _of(org: str) -> str:
    """'der Porsche AG', 'von Siemens': the organisation as the owner of a role."""
    return ("der " if org.lower().split()[-1] in _FEM_ORG or org.lower().endswith(tuple(_FEM_ORG)) else "von ") + org


_SPOKESPERSON = {"sprecher", "sprecherin", "pressesprecher", "pressesprecherin"}


def spokesperson_of_last_org(resolver, name: str, start: int) -> str | None:
    """'Positiv reagierte auch die Führung der Palästinensischen Autonomiebehörde. „…“, sagte ein Sprecher': a
    spokesperson named by nothing but the role speaks for the organisation named last in the 400 characters before
    it (-> 'Sprecher der Palästinensischen Autonomiebehörde'), unless a person is named after that organisation (then
    whose spokesperson it is stays open). Names inside reported contents are topics, not owners."""
    if (name or "").lower() not in _SPOKESPERSON:
        return None
    last = None
    for s, e, eid in resolver.index:
        if e <= start and start - e < 400 and resolver.ents[eid].type in ("ORG", "PER") and not any(
                a <= s < b for a, b in resolver.contents):
            last = resolver.ents[eid]
    return f"{name} {_of(last.name)}" if last is not None and last.type == "ORG" else None


_OF_COMPANY = re.compile(r"^(?P<role>.+?) (?:des|der) (?:Konzerns|Unternehmens|Firma)$")


def of_company(resolver, name: str, start: int) -> str | None:
    """'Ein Manager des Konzerns', 'eine Sprecherin des Unternehmens': an unnamed individual of the company
    named last before with its legal form -> 'Manager der Daimler AG'."""
    m = _OF_COMPANY.match(name or "")
    org = organisation_before(resolver, start, "konzern") if m else None
    return f"{m.group('role')} {_of(org.name)}" if org is not None and org.name else None


_OWN = {"eigenen", "eigener", "eigenem"}
_NO_SPEAKER = _OWN | {"wer", "was", "welche", "welcher", "welches", "man", "es", "bekunden",
               # 'nach Angaben', 'nach Ansicht': whose? (documents such as 'Bericht', 'Umfrage' are sources)
               "angaben", "ansicht", "informationen", "aussage", "aussagen", "einschätzung", "darstellung",
               "auffassung", "meinung", "worten", "wort", "überzeugung", "erkenntnissen", "erkenntnisse",
               "erkenntnis", "auskunft"}


def not_a_speaker(resolver, sp: Speaker, start: int, end: int) -> Speaker | None:
    """'Angaben seines Impresario', 'nach eigenen Angaben', 'Wer': a word that names no one is never the
    speaker. The speaker is the genitive or possessive phrase after it when there is one, else nobody."""
    words = (sp.name or "").lower().split()
    if not words or not set(words) <= _NO_SPEAKER:
        return None
    doc = resolver.spacy_doc
    if _OWN & set(words):                            # 'war nach eigenem Bekunden eingeweiht': the subject's own
        from .nearby import own_subject              # (nearby reads this module's helpers)
        return own_subject(resolver, start, end) or Speaker(None, None, "unspecified")
    span = span_at(doc, start, end, "TAG")
    if span is not None and span.end < len(doc) and doc[span.end].tag_ in ("ART", "PPOSAT"):
        j = span.end + 1
        while j < len(doc) and doc[j].tag_ in ("ADJA", "NN", "NE") and j - span.end <= 4:
            j += 1
        nouns = [t for t in doc[span.end + 1:j] if t.tag_ in ("NN", "NE")]
        if nouns:
            eid = resolver.antecedents.entity_at(doc[span.end].idx, doc[j - 1].idx + len(doc[j - 1]))
            if eid is not None:
                return resolver.speaker_of(eid)
            name = " ".join(t.text for t in doc[span.end + 1:j])
            if doc[span.end].lower_.endswith("es"):        # 'seines Managers', 'des Ministers': genitive
                name = _normal_name("des " + name)
            if nouns[-1].tag_ == "NN":
                return of_possessor(resolver, doc[span.end].text, doc[span.end].idx, name) or Speaker(
                    name, None, "anonymous")
            return Speaker(name, None, "person")
    if span is not None and span.end + 1 < len(doc) and doc[span.end].lower_ in ("aus", "von", "vom"):
        owner = from_owner(resolver, span.end + 1)  # 'Angaben aus Khartum', 'Angaben aus Regierungskreisen'
        if owner is not None:
            return owner
    return Speaker(None, None, "unspecified")


def of_possessor(resolver, det: str, at: int, role: str) -> Speaker | None:
    """'Angaben seines Impresario', 'sein Anwalt sagte': an unnamed individual described by whose they are
    ("Impresario von Ivan Rebroff"), when the possessive points back to a named person. Only 'sein…': 'ihr…' is
    also 'their', and a group's spokesman is described by the group elsewhere."""
    if not det.lower().startswith("sein") or not role:
        return None
    owner = resolver.pronoun(at, "er")
    if owner.kind != "person" or not owner.name:
        return None
    return Speaker(f"{role} von {owner.name}", None, "anonymous")


def name_after(resolver, end: int, content) -> str | None:  # noqa: ANN001 - Span | None
    """'Nach Ansicht des Generalanwalts des Gerichtshofes, Damazo Ruiz-Jarabo Colomer, verstößt …': the
    person named in apposition right after a role source (", NAME," or ", NAME (") — not a name that opens the
    reported content ("sagte ein Sprecher, Putin sei bereit"). A name there the tagger typed MISC is one too."""
    m = re.match(r"\s*,\s*", resolver.text[end:end + 4])
    if m is None:
        return None
    at = end + m.end()
    for s, e, eid in resolver.index:
        # the name ends in a comma or parenthesis, or the sentence when the content came before ('„…“, sagte der
        # Oberrabbiner Israels, Yona Metzger.')
        closes = r"\s*[,(]" if content is None or content.end > end else r"\s*[,(.!?]"
        if s != at or resolver.ents[eid].type not in ("PER", "MISC") or not re.match(closes, resolver.text[e:e + 3]):
            continue
        if not (content is not None and end <= content.start <= s < content.end):   # the content opens with it
            return eid
    return None


def refine(resolver, sp: Speaker, start: int, end: int, text: str, content=None) -> Speaker:  # noqa: ANN001
    """Apply the rules above to a speaker the rules have resolved for the source [start, end) of a statement
    with ``content`` (a Span, when known)."""
    doc = resolver.spacy_doc
    if sp.entity is None and sp.kind == "unspecified":
        giver = compound_source(text)
        if giver is not None:
            return giver
    if sp.entity is None:
        fixed = not_a_speaker(resolver, sp, start, end)
        if fixed is not None:
            return fixed
    if sp.entity is None and sp.kind in ("person", "anonymous", "unspecified"):
        eid = apposed_entity(doc, resolver.index, resolver.ents, start)
        if eid is not None:
            return resolver.speaker_of(eid)
        lead = leading_name(resolver, start, text)
        if lead is not None:
            return lead
        after = name_after(resolver, end, content)
        if after is not None:
            named = resolver.speaker_of(after)
            return Speaker(named.name, named.entity, "person")
    if sp.entity is None and sp.kind in ("media", "document"):
        title = quoted_title_after(resolver.text, end)
        if title:
            return Speaker(title, None, sp.kind)
    if sp.entity is None and sp.kind == "organization" and _head_is(text, L.ORG_WORDS):
        # 'Die Organisation „Reporter ohne Grenzen“ kritisierte' with the source found up to the noun: the name
        # right after it (an organisation the article names there, else the quoted title) is who speaks
        m = re.match(r"\s*[„“\"»]?", resolver.text[end:end + 3])
        at = end + (m.end() if m else 0)
        named = [eid for s_, _, eid in resolver.index if s_ == at and resolver.ents[eid].type == "ORG"]
        if named:
            return resolver.speaker_of(named[0])
        title = quoted_title_after(resolver.text, end)
        if title:
            return Speaker(title, None, "organization")
        if sp.name and len(sp.name.split()) == 1:   # 'Die Vereinsleitung' + 'von Borussia Dortmund': whose it is
            full = extended_description(doc, start, end, sp.name)
            if full != sp.name and full.split()[1].lower() in OWNER_WORDS:
                return Speaker(full, None, "organization")  # (not 'zum Rücktritt Hartmanns': what it spoke about)
    if sp.entity is None and sp.kind == "person" and sp.name and _role_kind(sp.name.split()[0]) == "person" and \
            role_of_named_group(doc, start, end):
        return Speaker(sp.name, None, "anonymous")
    if sp.entity is None and sp.kind in ("person", "anonymous") and sp.name and is_role_only(doc, start, end):
        if bare_singular_subject(doc, start, end):
            return Speaker(sp.name, None, "person")
        name = compound_spokesperson(resolver, sp.name) or of_company(resolver, sp.name, start) or \
            spokesperson_of_last_org(resolver, sp.name, start) or nominative_plural(doc, start, end) or sp.name
        from .complements import complement_elsewhere, trailing_person   # (they read extended_description here)

        full = extended_description(doc, start, end, name)
        if full == name == sp.name:
            full = complement_elsewhere(doc, start, end, name) or name
        person = trailing_person(doc, start, full)
        if person:
            known = [e for e in resolver.ents.values() if e.type == "PER" and e.name == person]
            return resolver.speaker_of(known[0].id) if known else Speaker(person, None, "person")
        return Speaker(full, None, "anonymous")
    return sp


_DETS = L.ARTICLES


_COORDINATED = re.compile(r".+?(?P<and>\s(?:und|sowie)\s).+")


def coordinated_parties(resolver, start: int, text: str, hits) -> Speaker | None:
    """'SPD und Linke', 'Die Union sowie auch die FDP': two named parties of one kind speak together; the speaker
    is both (no single corpus entity), not the first one alone. ``hits``: the entities inside the source."""
    m = _COORDINATED.match(text)
    if not m or len(hits) != 2:
        return None
    (a0, a1, ea), (b0, b1, eb) = sorted(hits)
    split = start + m.start("and")
    if not (a1 <= split <= b0) or ea == eb:
        return None
    first, second = resolver.speaker_of(ea), resolver.speaker_of(eb)
    if first.kind != second.kind or first.kind not in ("person", "organization", "media"):
        return None
    # every word is a determiner, the conjunction or part of the two names
    rest = (text[:a0 - start] + text[a1 - start:b0 - start] + text[b1 - start:]).split()
    if any(w.lower() not in L.DETERMINERS and w.lower() not in ("und", "sowie", "auch") for w in rest):
        return None
    return Speaker(f"{first.name} und {second.name}", None, first.kind)
