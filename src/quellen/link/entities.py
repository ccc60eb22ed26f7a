"""Named entities with all their mentions, aliases merged within one article.

Why merge per article: a news text names a person once in full ("Wladimir Putin") and then by surname,
genitive ("Putins") or role ("Kremlsprecher Dmitri Peskow" → "Kremlsprecher"); speaker resolution and the
database need one entity per referent, so surnames attach to the full name with the same last token,
genitive -s is stripped, and the role words right before a name (appositions) become its aliases.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..model import Entity, Mention

_NOT_NAMES = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar", "februar",
              "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"}
_PARTICLES = {"von", "zu", "van", "de", "der"}
# 'Jane Greaves von der University of St. Andrews': where she works, not a particle of her name
_ENGLISH_INSTITUTIONS = {"university", "college", "institute", "school", "foundation", "society", "academy",
                         "hospital", "museum", "agency", "council"}
ADDRESSES = frozenset({"herr", "herrn", "frau"})     # forms of address: only a person follows them
TITLES = ADDRESSES | {"dr.", "prof.", "präsident", "präsidentin"}
ALIAS_STOP = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "eines"}


def _strip(text: str) -> str:
    text = text.strip(" \t\n,.;:!?\"„“”»«'’()")
    words = text.split()
    while len(words) > 1 and words[0].lower() in TITLES | ALIAS_STOP:
        words = words[1:]
    return " ".join(words)


def _genitive_base(word: str, known: set[str]) -> str:
    """'Putins' -> 'Putin' when 'Putin' is known (or the form is clearly genitive: -s after a consonant)."""
    for suf in ("’s", "'s", "s"):
        if word.endswith(suf) and word[: -len(suf)] in known:
            return word[: -len(suf)]
    return word


def word_stem(w: str) -> str:
    w = w.lower().strip(".,;:")
    for suf in ("en", "em", "er", "es", "e", "n", "s"):
        if len(w) > 4 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def words_match(a: str, b: str) -> bool:
    """Inflection-tolerant equality of two German words ('russischen' ~ 'russische', 'Präsidenten' ~
    'Präsident')."""
    sa, sb = word_stem(a), word_stem(b)
    if sa == sb:
        return True
    short, long_ = sorted((sa, sb), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2


def alias_key(text: str) -> tuple[str, ...]:
    return tuple(word_stem(w) for w in re.split(r"\s+", text.strip()) if w and w.lower() not in ALIAS_STOP)


def extract_entities(analysis) -> list[Entity]:
    doc = analysis.spacy_doc
    if doc is None:
        return []
    text = analysis.document.text
    raw = []
    spans = _clean_spans(doc)
    from spacy.tokens import Span as SpSpan

    from .gazetteer import gazetteer_spans

    taken = {t for e in spans for t in range(e.start, e.end)}
    spans = sorted(spans + [SpSpan(doc, a, b, label=lab) for a, b, lab in gazetteer_spans(doc, taken)],
                   key=lambda e: e.start)
    for ent in spans:
        if ent.label_ != "PER" and len(ent) >= 2 and _role_kind(doc[ent.start].text) == "person" and all(
                t.text[:1].isupper() and _role_kind(t.text) is None for t in doc[ent.start + 1:ent.end]):
            # 'Kapitänin Lea Brandt' tagged MISC: a role word before a name is a person
            ent = SpSpan(doc, ent.start + 1, ent.end, label="PER")
        if ent.label_ != "PER" and _person_evidence(doc, ent):
            ent = SpSpan(doc, ent.start, ent.end, label="PER")
        name = _strip(ent.text)
        if not name or len(name) < 2 or not any(ch.isalpha() for ch in name) or "://" in name:
            continue
        raw.append((ent, name))
    per_full = {}
    known_words: set[str] = {n for _, n in raw}
    for ent, name in raw:
        known_words.update(name.split())
    from .gazetteer import gazetteer_type

    known_words |= {w[:-1] for w in known_words if w.endswith("s") and gazetteer_type(w[:-1])}
    groups: dict[str, dict] = {}
    order: list[str] = []

    def group(key: str, label: str) -> dict:
        if key not in groups:
            groups[key] = {"labels": Counter(), "mentions": [], "names": Counter(), "aliases": []}
            order.append(key)
        groups[key]["labels"][label] += 1
        return groups[key]

    # full multi-word PER names first, so surnames can attach to them
    for ent, name in raw:
        if ent.label_ == "PER" and len(name.split()) >= 2:
            base = " ".join(name.split()[:-1] + [_genitive_base(name.split()[-1], known_words)])
            per_full.setdefault(base.split()[-1].lower(), base)
    # 'Sonthi' alone, 'Sonthi Boonyaratglin' in full: a one-word name that is the first word of exactly one
    # full name joins it too (news use a first name alone for Thai, Arabic, Indonesian names, or for a child)
    firsts: dict[str, set] = {}
    for full in per_full.values():
        firsts.setdefault(full.split()[0].lower(), set()).add(full)
    for first, fulls in firsts.items():
        if len(fulls) == 1 and first not in per_full:
            per_full[first] = next(iter(fulls))
    for ent, name in raw:
        words = name.split()
        if not words:  # an entity span of only spaces or punctuation names nobody
            continue
        words[-1] = _genitive_base(words[-1], known_words)
        base = " ".join(words)
        label = ent.label_
        key = None
        if label in ("PER",) or (len(words) == 1 and words[-1].lower() in per_full):
            full = per_full.get(words[-1].lower())
            if full and (len(words) == 1 or base == full or base.endswith(full)):
                key = "PER:" + full
                label = "PER" if label != "PER" and len(words) == 1 else label
        if key is None and label == "PER" and base in per_full.values():
            key = "PER:" + base
        if key is None:
            key = label + ":" + base.lower()
            # same surface in another label: keep one entity
            for other in ("PER", "ORG", "LOC", "MISC"):
                if other + ":" + base.lower() in groups:
                    key = other + ":" + base.lower()
                    break
        g = group(key, label)
        start = doc[ent.start].idx
        end = doc[ent.end - 1].idx + len(doc[ent.end - 1].text)
        g["mentions"].append(Mention(start, end, text[start:end]))
        g["names"][base] += 1
        g["aliases"].extend(_appositions(doc, ent))
    entities: list[Entity] = []
    for n, key in enumerate(order, 1):
        g = groups[key]
        label = g["labels"].most_common(1)[0][0]
        if g["labels"]["PER"] and g["labels"]["PER"] >= g["labels"][label] / 2:
            label = "PER"                     # names are often mis-tagged as places, rarely the reverse
        if key.startswith("PER:") and key[4:] in per_full.values():
            name = key[4:]
            label = "PER"
        else:
            name = max(g["names"], key=lambda s: (g["names"][s], len(s)))
        mentions = sorted({(m.start, m.end): m for m in g["mentions"]}.values(), key=lambda m: m.start)
        aliases = list(dict.fromkeys(a for a in g["aliases"] if a and a.lower() not in TITLES))
        label = _retype(name, label, g["aliases"])
        entities.append(Entity(f"e{n}", name, label, mentions, aliases))
    entities = _merge_name_prefixes(entities)
    _surname_mentions(entities, text)
    analysis.extra["entity_index"] = [(m.start, m.end, e.id) for e in entities for m in e.mentions]
    return entities


LEGAL_FORMS = {"ag", "se", "gmbh", "kg", "kgaa", "holding", "group", "gruppe", "konzern", "inc", "inc.", "ltd",
                "ltd.", "corp", "corp.", "plc", "sa", "s.a.", "nv", "n.v.", "co.", "&", "mbh"}


def _merge_name_prefixes(entities: list[Entity]) -> list[Entity]:
    """'Demokratische Partei' after 'Demokratische Partei Thailands', 'Deutsche Bank' after 'Deutsche Bank AG':
    an organisation named by the first two or more words of exactly one longer organisation name of the same
    article is that organisation (the short form is an alias); one word only when the rest is a legal form
    ('Porsche' / 'Porsche AG': with 'Porsche SE' in the article too, neither)."""
    orgs = [e for e in entities if e.type == "ORG"]
    gone = set()
    for short in orgs:
        words = short.name.lower().split()
        longer = [e for e in orgs if e is not short and len(e.name.split()) > len(words)
                  and e.name.lower().split()[:len(words)] == words]
        if len(words) < 2:      # one word: only its company with a legal form ('Porsche' / 'Porsche AG')
            longer = [e for e in longer if set(e.name.lower().split()[1:]) <= LEGAL_FORMS]
        if len(longer) == 1 and longer[0].id not in gone:
            target = longer[0]
            target.mentions = sorted(target.mentions + short.mentions, key=lambda m: m.start)
            target.aliases = list(dict.fromkeys(target.aliases + [short.name] + short.aliases))
            gone.add(short.id)
    return [e for e in entities if e.id not in gone]


def _surname_mentions(entities: list[Entity], text: str) -> None:
    """Bare surnames the tagger missed ('Albers betonte …') are mentions of the full name."""
    taken = [(m.start, m.end) for e in entities for m in e.mentions]
    for e in entities:
        words = e.name.split()
        if e.type != "PER" or len(words) < 2 or len(words[-1]) < 3:
            continue
        for m in re.finditer(r"\b" + re.escape(words[-1]) + r"(s|’s)?\b", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            e.mentions.append(Mention(m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
        e.mentions.sort(key=lambda x: x.start)


def _person_evidence(doc, ent) -> bool:
    """Whether a name the tagger typed a place or an organisation is a person by what the text says, before
    surnames are attached to full names (so 'Trump' later in the article joins 'Donald Trump'):

    * a person's role or a form of address right before it ('des republikanischen Kandidaten Donald Trump',
      'Kremlsprecher Peskow', 'Herrn Peskow' typed a place): German puts these before a person's name, not
      before a place's or a company's;
    * two or three capitalised words, the first a known first name, none a role, no legal form at the end
      ('Nach dem Sieg von Donald Trump' typed a place; not 'Hugo Boss AG')."""
    from .gazetteer import gazetteer_type

    if gazetteer_type(ent.text):
        return False
    if first_name_shaped([t.text for t in ent]):
        return True
    apps = _appositions(doc, ent)
    roles = {_role_kind(a) for a in apps}
    return ("person" in roles or any(a.lower() in ADDRESSES for a in apps)) and not \
        {"media", "organization"} & roles


def _retype(name: str, label: str, aliases: list[str]) -> str:
    """Fix frequent tagger confusions with the lexicons: outlets, institutions and names with a legal form are
    ORG, 'Herr X' is PER."""
    from ..attribution import lexicon as L

    from .gazetteer import gazetteer_type

    low = name.lower()
    if gazetteer_type(name):
        return gazetteer_type(name)
    words = name.split()
    if len(words) >= 2 and words[-1][:1].isupper() and words[-1].lower() in LEGAL_FORMS:
        return "ORG"                          # 'Daimler AG' typed a place, 'Siemens Energy GmbH' a person
    if label != "PER" and first_name_shaped(words):
        return "PER"                          # 'Michael Gordon' typed ORG: a first name makes a person
    if any(a.lower() in ADDRESSES for a in aliases):
        return "PER"
    if low in L.MEDIA_OUTLETS or low in ("kreml", "weißes haus", "weiße haus", "weißen haus", "pentagon", "nato",
                                         "eu", "uno", "un", "bundestag", "bundesrat", "élysée", "kanzleramt"):
        return "ORG"
    if any(_role_kind(a) in ("media", "organization") for a in aliases if a.lower() not in TITLES):
        return "ORG"
    return label


FIRST_NAMES = Path(__file__).resolve().parents[1] / "data" / "models" / "names" / "first_names.txt"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names learned from the NER training data (``training/first_names.py``); empty if not shipped."""
    if not FIRST_NAMES.exists():
        return frozenset()
    return frozenset(x.strip() for x in FIRST_NAMES.read_text(encoding="utf-8").splitlines()
                     if x.strip() and not x.startswith("#"))


def is_first_name(word: str) -> bool:
    """A known first name, or two joined by a hyphen ('Frank-Walter', 'Hans-Peter')."""
    known = first_names()
    return word in known or (word.count("-") == 1 and all(part in known for part in word.split("-")))


def first_name_shaped(words: list[str]) -> bool:
    """Two or three capitalised words, the first a known first name (or two joined by a hyphen: 'Frank-Walter'),
    none a role, no legal form at the end: a person's name whatever the tagger typed or tagged it ('Michael
    Gordon', 'Donald Trump', 'Ralph Brand' tagged common nouns; not 'Hugo Boss AG')."""
    return (2 <= len(words) <= 3 and is_first_name(words[0])
            and all(w[:1].isupper() for w in words) and not any(_role_kind(w) for w in words)
            and words[-1].lower() not in LEGAL_FORMS)


def _role_kind(alias: str) -> str | None:
    from ..attribution import lexicon as L

    last = alias.split()[-1].lower() if alias.split() else ""
    stem = word_stem(last)
    if _ends_in(last, stem, L.MEDIA_WORDS):
        return "media"
    if _ends_in(last, stem, L.HUMAN_ROLE_SUFFIXES) or last in L.PEOPLE_NOUNS:
        return "person"
    if _ends_in(last, stem, L.ORG_WORDS):
        return "organization"
    return None


def _ends_in(last: str, stem: str, words) -> bool:
    """A word (or its stem) ends in one of ``words``; a short one ('ag', 'un', 'eu') must be the whole word:
    'Vertrag' and 'Aussagen' are no companies."""
    return any(last == w or stem == w or (len(w) >= 4 and (last.endswith(w) or stem.endswith(w))) for w in words)


# organisation words that name no organisation on their own: 'des Konzerns', 'die Behörde' (not 'der Kreml')
GENERIC_ORG_NOUNS = frozenset((
    "unternehmen", "konzern", "firma", "behörde", "behörden", "regierung", "partei", "polizei", "gericht", "armee",
    "verwaltung", "kommission", "organisation", "verband", "gewerkschaft", "stiftung", "institut", "bank", "team",
    "gruppe", "konsortium", "holding", "club", "verein", "koalition", "opposition", "staat", "ministerium",
    "gesellschaft", "agentur", "zeitung", "sender", "hersteller", "betreiber"))
_DETERMINERS = {"ART", "PPOSAT", "PDAT", "PIAT", "PWAT"}


_DASHES = {"–", "—", "-", "―"}
_VERB_TAGS = {"VVFIN", "VAFIN", "VMFIN", "VVINF", "VAINF", "VMINF", "VVPP", "VAPP", "VMPP", "VVIZU", "PRF"}
_TRAILING_TAGS = {"APPR", "APPRART", "KON", "ART", "$,", "$(", "ADV", "PTKNEG"}


def _clean_spans(doc):
    """Entity spans with leading common nouns cut off ('Kremlsprecher Peskow' -> 'Peskow') and run-ons split
    where a known standalone name follows a multi-word name ('Dmitri Medwedew Trump')."""
    from spacy.tokens import Span as SpSpan

    ents = [e for e in doc.ents if e.label_ in ("PER", "ORG", "LOC", "MISC")]
    single = {e.text for e in ents if len(e) == 1}
    single_label: dict[str, Counter] = {}
    for e in ents:
        if len(e) == 1:
            single_label.setdefault(e.text, Counter())[e.label_] += 1
    by_word: dict[str, Counter] = {}                # a name's word -> labels: its own first, then as a last word
    for e in sorted(ents, key=len):
        if len(e) == 1 or e[-1].text not in single_label:
            by_word.setdefault(e[-1].text, Counter())[e.label_] += 1
    out = []
    for e in ents:
        s, t = e.start, e.end
        if doc.has_annotation("TAG") and len(e) > 1:
            # 'Universität berief sich', 'Universität bei': a name does not run on into a verb or a preposition
            # ... nor across a dash standing alone ('Neustadt – Die Stadtwerke': a dateline, then the sentence)
            t = next((k for k in range(s + 1, t) if doc[k].tag_ in _VERB_TAGS or doc[k].text in _DASHES), t)
            while t > s + 1 and doc[t - 1].tag_ in _TRAILING_TAGS and not (
                    e.label_ == "PER" and doc[t - 1].lower_ in _PARTICLES):   # 'Karl-Theodor zu' is joined below
                t -= 1
            if t != e.end:
                if t - s == 1 and doc[s].pos_ == "NOUN" and doc[s].tag_ != "NE":
                    continue                          # 'Universität': a common noun left, no name
                e = SpSpan(doc, s, t, label=e.label_)
        if e.label_ == "PER" and len(e) > 1 and _role_kind(e[0].text) == "person":
            k = s                                     # 'Generalanwalt Colomer': the role is no part of the name,
            while k < t - 1 and _role_kind(doc[k].text) == "person":    # and the name is judged without it
                k += 1
            s, e = k, SpSpan(doc, k, t, label=e.label_)
        if doc.has_annotation("POS") and e.label_ == "PER" and (
                (len(e) > 1 and not any(x.pos_ == "PROPN" for x in e)
                 and e[0].text.lower() not in ADDRESSES
                 and not first_name_shaped([x.text for x in e])) or   # 'Ralph Brand' tagged common nouns
                (len(e) == 1 and e[0].pos_ in ("PRON", "DET", "ADV", "ADJ", "VERB", "AUX"))):
            continue                                  # 'Kanäle Kontakt', 'Letzteres': not names
        if e.label_ == "PER" and len(e) > 1:
            from .gazetteer import gazetteer_type

            first = e[0].text
            gt = gazetteer_type(first) or (gazetteer_type(first[:-1]) if first.endswith("s") else None)
            if gt:                                    # 'Russlands Botschafter': a place, then a role
                out.append(SpSpan(doc, e.start, e.start + 1, label=gt))
                if any(x.pos_ == "PROPN" for x in e[1:]):
                    out.append(SpSpan(doc, e.start + 1, e.end, label="PER"))
                continue
        # 'China Russland': names that stand alone elsewhere as places/organisations are separate entities
        if e.label_ == "PER" and len(e) >= 2 and e[-1].text in single_label and \
                single_label[e[-1].text].most_common(1)[0][0] in ("LOC", "ORG") and all(
                    doc[k].text in single_label and single_label[doc[k].text].most_common(1)[0][0] != "PER"
                    for k in range(e.start, e.end)):
            for k in range(e.start, e.end):
                lab = single_label.get(doc[k].text, Counter({"LOC": 1})).most_common(1)[0][0]
                out.append(SpSpan(doc, k, k + 1, label=lab))
            continue
        if e.label_ != "PER" and len(e) >= 2 and doc[s].text.endswith("s") and doc[s].text[:-1] in by_word and all(
                x.tag_ == "NN" for x in doc[s + 1:t]):
            # 'Trumps Wahlsieg', 'Russlands Präsident' typed one place or organisation: a name in the genitive
            # before common nouns is that name alone, typed as the article types it elsewhere
            out.append(SpSpan(doc, s, s + 1, label=by_word[doc[s].text[:-1]].most_common(1)[0][0]))
            continue
        if e.label_ != "PER" and len(e) == 1 and _role_kind(e[0].text) == "person":
            continue                                  # 'des Generalanwalts' typed an organisation, 'Kapitänin' (tagged
            #                                           a proper noun) a place: a role, no name
        if e.label_ != "PER" and len(e) == 1 and e.start > 0 and doc[e.start - 1].tag_ in _DETERMINERS and (
                e[0].lower_ in GENERIC_ORG_NOUNS or re.sub(r"e?s$", "", e[0].lower_) in GENERIC_ORG_NOUNS):
            continue                                  # 'des Konzerns', 'das Unternehmen': a common noun, no name
        nxt = doc[e.end] if e.end < len(doc) else None
        if e.label_ == "PER" and len(e) == 1 and _role_kind(e[0].text) == "person" and (
                e[0].tag_ == "NN" or nxt is not None and (nxt.lower_ in ("der", "des", "von", "vom") or (
                    nxt.text[:1].isupper() and not nxt.ent_type_ and nxt.tag_ in ("NE", "NN")
                    and _role_kind(nxt.text) is None and nxt.lower_ not in _NOT_NAMES))):
            # 'Obmann', 'General': a role noun alone is no name (nor is one tagged a proper noun when a genitive,
            # 'von' or an untagged capitalised word follows: 'Obmann der Fraktion', 'General Sonthi'); a
            # capitalised word right after it may be one
            k = e.end
            while k < len(doc) and k - e.end < 3 and doc[k].text[:1].isupper() and not doc[k].ent_type_ and \
                    doc[k].tag_ in ("NE", "NN") and _role_kind(doc[k].text) is None and \
                    doc[k].text.lower() not in _NOT_NAMES:
                k += 1
            if k > e.end:
                out.append(SpSpan(doc, e.end, k, label="PER"))
            continue
        if e.label_ == "PER":
            while s < t - 1 and ((doc[s].pos_ == "NOUN" and not first_name_shaped([x.text for x in doc[s:t]]))
                                 or _role_kind(doc[s].text) == "person"):
                s += 1
            # 'Karl-Theodor zu Guttenberg', 'Ursula von der Leyen': a particle joins the surname after it
            if t < len(doc) and doc[t - 1].lower_ in _PARTICLES and doc[t].text[:1].isupper() and \
                    doc[t].tag_ in ("NE", "NN"):
                t += 1
            while t + 1 < len(doc) and doc[t].lower_ in _PARTICLES - {"der"} and t - s < 4:
                k = t + 1
                while k < len(doc) and doc[k].lower_ in _PARTICLES and k - t < 3:
                    k += 1
                # (between a first name and a surname; after a full name only a proper noun: 'Angela Merkel von der
                # Möglichkeit' is a name and a prepositional phrase)
                # ('Anelka zu Domenech gesagt': a surname alone does not join a name the NER tagged on its own;
                # 'Karl-Theodor zu Guttenberg' does: a first name, or one of a hyphenated pair, comes first)
                if k < len(doc) and doc[k].text[:1].isupper() and doc[k].tag_ in ("NE", "NN") and \
                        _role_kind(doc[k].text) is None and (t - s == 1 or doc[k].tag_ == "NE") and \
                        doc[k].lower_ not in _ENGLISH_INSTITUTIONS and \
                        not (t - s == 1 and doc[k].ent_iob_ == "B" and doc[s].text.split("-")[0] not in first_names()):
                    t = k + 1
                else:
                    break
            # the tagger sometimes stops after the first name: 'Karin' + 'Albers'
            while t < len(doc) and t - s < 4 and doc[t].pos_ == "PROPN" and not doc[t].ent_type_ \
                    and doc[t].text[:1].isupper() and doc[t].text.lower() not in _NOT_NAMES:
                t += 1
            # cut at the first common noun after the name: 'Putin Geheimnisse', 'Musks Rolle'
            known = single | {(x.text.split() or [""])[-1] for x in ents if x.label_ == "PER" and len(x) > 1}
            for k in range(s + 1, t):       # (also a nominalised adjective: 'hatte Steinbrück Positives zu vermelden')
                if (doc[k].pos_ == "NOUN" or doc[k].pos_ == "ADJ" and doc[k].lower_.endswith("es")) and \
                        doc[s:k].text in known:
                    t = k
                    break
            # 'Musks Rolle', 'Trumps Wahlsieg': a genitive name before a noun
            if t - s >= 2 and doc[s].text.endswith("s") and doc[s].text[:-1] in single | {
                    (x.text.split() or [""])[-1] for x in ents if x.label_ == "PER"}:
                t = s + 1
            # 'Dmitri Medwedew Trump': a run-on of two names whose last words both stand alone elsewhere;
            # 'Neil Alden Armstrong' followed later by 'Armstrong' is one name ('Alden' never stands alone), and so
            # is 'Karl-Theodor zu Guttenberg' (a particle is no name of its own)
            last2 = doc[t - 2].text
            if t - s >= 3 and doc[t - 1].text in single and last2.lower() not in _PARTICLES and \
                    len(re.findall(r"\b" + re.escape(last2) + r"\b", doc.text)) \
                    > doc.text.count(last2 + " " + doc[t - 1].text):
                out.append(SpSpan(doc, s, t - 1, label=e.label_))
                out.append(SpSpan(doc, t - 1, t, label=e.label_))
                continue
        out.append(SpSpan(doc, s, t, label=e.label_) if (s, t) != (e.start, e.end) else e)
    # a span that a name grew over ('Guttenberg', tagged a place, inside 'Karl-Theodor zu Guttenberg') goes
    covered = _covered(out)
    return [x for x in out if (x.start, x.end) not in covered]


def _covered(spans) -> set[tuple[int, int]]:
    """(start, end) of the spans that lie inside a longer one, in one sweep in (start, longest first) order: a
    span is covered when an earlier, different span reaches as far."""
    covered, reach = set(), -1
    for key in sorted({(x.start, x.end) for x in spans}, key=lambda k: (k[0], -k[1])):
        if reach >= key[1]:
            covered.add(key)
        reach = max(reach, key[1])
    return covered


def _appositions(doc, ent) -> list[str]:
    """Role words directly before a name: 'Kremlsprecher Dmitri Peskow', 'der russische Präsident
    Wladimir Putin', 'das russischsprachige Medium Verstka'."""
    from ..attribution import lexicon as L

    out = []
    i = ent.start - 1
    words = []
    while i >= 0:
        t = doc[i]
        if (t.ent_type_ and t.pos_ == "PROPN" and not _role_kind(t.text)) or t.is_punct or t.is_space:
            break
        if t.pos_ in ("NOUN", "ADJ") or (t.text[:1].isupper() and t.pos_ not in ("DET", "PRON", "AUX", "VERB")
                                         and t.text.lower() not in ADDRESSES | {"laut"}):
            words.insert(0, t.text)
            i -= 1
            continue
        break
    # an apposition must end in a role noun ('Kremlsprecher', 'Präsident', 'Nachrichtenagentur')
    if i >= 0 and doc[i].text.lower() in ADDRESSES:
        out.append(doc[i].text)
    out.extend(w for w in words if w.lower() in ADDRESSES)
    agent = bool(words) and re.search(r"(er|erin|or|orin|ent|entin|ist|istin|eur|eurin|ant|antin|chef|chefin|om|omin"
                                      r"|te|tin|at|atin|sprecher|sprecherin)$", words[-1].lower()) is not None
    if words and words[-1].lower() in L.ACCORDING_NOUNS:
        words = []                                    # 'nach Aussagen Gordons': no role of Gordon
    if words and words[-1][:1].isupper() and (_role_kind(words[-1]) or agent):
        if not ent.text.endswith("s") or ent.end >= len(doc) or doc[ent.end].pos_ != "NOUN":
            out.append(" ".join(words))
    return out
