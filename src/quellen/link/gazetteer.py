"""A small gazetteer of names every German news reader knows: outlets, institutions, countries and capitals.

Why: the statistical tagger misses or mislabels frequent short names ('Kreml', 'NATO', 'Tass', 'Russland' as
a person); these lists add the missing mentions and fix their type. They are general world knowledge, not
tuned to any article.
"""
from __future__ import annotations

from ..attribution.base import QUOTE_CHARS
from ..attribution.lexicon import MEDIA_OUTLETS

INSTITUTIONS = {
    "kreml", "nato", "eu", "uno", "un", "weißes haus", "weißen haus", "weiße haus", "pentagon", "bundestag",
    "bundesrat", "bundesregierung", "europäische union", "europäischen union", "vereinte nationen",
    "vereinten nationen", "europäische kommission", "eu-kommission", "bundeswehr", "fbi", "cia", "kgb", "fsb",
    "who", "imf", "iwf", "opec", "g7", "g20", "hamas", "hisbollah", "taliban", "kongress", "senat",
    "repräsentantenhaus", "élysée", "elysée", "downing street", "bundeskanzleramt", "kanzleramt",
    # aid and rights organisations whose names are common nouns the tagger leaves out ('Ärzte ohne Grenzen')
    "ärzte ohne grenzen", "reporter ohne grenzen", "amnesty international", "human rights watch", "greenpeace",
    "rotes kreuz", "roten kreuz", "rote kreuz", "roter halbmond", "roten halbmond", "brot für die welt",
    "transparency international", "unicef", "unesco", "oxfam", "save the children", "welthungerhilfe",
}
COUNTRIES = {
    "deutschland", "russland", "ukraine", "usa", "vereinigte staaten", "vereinigten staaten", "china", "frankreich",
    "großbritannien", "italien", "spanien", "polen", "türkei", "iran", "irak", "israel", "syrien", "indien",
    "japan", "nordkorea", "südkorea", "brasilien", "kanada", "mexiko", "österreich", "schweiz", "belarus",
    "weißrussland", "georgien", "moldau", "litauen", "lettland", "estland", "finnland", "schweden", "norwegen",
    "dänemark", "niederlande", "belgien", "ungarn", "rumänien", "bulgarien", "serbien", "kroatien", "griechenland",
    "ägypten", "saudi-arabien", "katar", "libanon", "jordanien", "afghanistan", "pakistan", "taiwan", "europa",
    "afrika", "asien", "amerika", "moskau", "kiew", "washington", "berlin", "paris", "london", "peking", "brüssel",
    "wien", "warschau", "minsk", "teheran", "ankara", "tokio", "rom", "madrid", "prag", "budapest", "charkiw",
    "odessa", "kursk", "krim", "donbass", "gaza", "gazastreifen", "westjordanland", "jerusalem", "tel aviv",
}
ORG_NAMES = {n for n in MEDIA_OUTLETS if len(n) > 2} | INSTITUTIONS
# outlets whose name is also a German noun ('Zeit', 'Welt', 'Bild'): added only where the text marks them as a
# title — in quotation marks or after a media word ('die Wochenzeitung Zeit'); the tagger's own spans keep
# their type either way. Everywhere else 'in letzter Zeit' is time, not a newspaper.
COMMON_NOUN_NAMES = {"zeit", "welt", "bild", "spiegel", "stern", "focus", "phoenix", "telegram", "standard",
                     "presse", "kurier", "express", "tag", "freitag"}
_MEDIA_BEFORE = ("zeitung", "magazin", "blatt", "wochenzeitung", "zeitschrift", "nachrichtenmagazin", "sender")
_QUOTES = QUOTE_CHARS | {"‚", "‘", "'"}


def gazetteer_type(name: str) -> str | None:
    low = name.lower()
    if low in ORG_NAMES:
        return "ORG"
    if low in COUNTRIES:
        return "LOC"
    return None


def gazetteer_spans(doc, taken: set[int]):
    """(start token, end token, label) for gazetteer names not covered by the tagger's entities.

    Works on plain lists of the tokens' texts and whitespace: this runs over every token of every article, and
    building spaCy spans for each window cost more than the rest of the entity stage."""
    texts = [t.text for t in doc]
    spaces = [t.whitespace_ for t in doc]
    out = []
    n = len(texts)
    i = 0
    while i < n:
        hit = None
        if texts[i][:1].isupper():
            for length in (3, 2, 1):
                if i + length > n or any(j in taken for j in range(i, i + length)):
                    continue
                name = "".join(texts[j] + spaces[j] for j in range(i, i + length - 1)) + texts[i + length - 1]
                for cand in (name, name[:-1] if length == 1 and name.endswith("s") else None):
                    kind = gazetteer_type(cand) if cand else None
                    if kind and length == 1 and cand.lower() in COMMON_NOUN_NAMES and not _marked(texts, i):
                        kind = None
                    if kind:
                        hit = (i, i + length, kind)
                        break
                if hit:
                    break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def _marked(texts: list[str], i: int) -> bool:
    """Whether token ``i`` stands as a title: quoted, or right after a media word ('Nachrichtenmagazin Spiegel')."""
    before = texts[i - 1] if i > 0 else ""
    after = texts[i + 1] if i + 1 < len(texts) else ""
    return before in _QUOTES or after in _QUOTES or before.lower().endswith(_MEDIA_BEFORE)
