"""An unnamed source's description, completed from where the article gives it in full; and a name at its end.

Why: articles describe an unnamed source fully once and briefly elsewhere, and not always in that order: "In
der Urteilsbegründung weisen die Richter auf … hin. … Die Richter des Bundesverwaltungsgerichtes stellten klar
…". A reader takes every "die Richter" of that article for the judges of that court; a ledger that lists
"Richter" as the speaker loses whose judges they were, and "Richter" in fifty articles would be fifty
different benches. So a bare description takes the complement (genitive, von/in/aus phrase) that the same
noun has elsewhere in the article, before or after it, but only when the article gives that noun exactly one
complement: "Richter des Landgerichts" and "Richter des Bundesgerichtshofs" in one article leave a bare
"die Richter" as it is.
"""
from __future__ import annotations

from ..attribution import lexicon as L
from .descriptions import OWNER_WORDS, extended_description
from .entities import _role_kind, first_name_shaped


_OWNERS = OWNER_WORDS | {"bei", "beim"}     # not 'zur Arbeitsleistung', 'am Horn'


def _adjectives(spacy_doc, i: int) -> set[str]:
    out = set()
    while i > 0 and spacy_doc[i - 1].tag_ == "ADJA":
        i -= 1
        out.add(spacy_doc[i].lemma_.lower())
    return out


def complement_elsewhere(spacy_doc, start: int, end: int, name: str) -> str | None:
    """``name`` (a bare description of the source span [start, end)) plus the one complement its head noun has
    elsewhere in the article ("Richter" -> "Richter des Bundesverwaltungsgerichtes"); None when there is none
    or more than one. Only occurrences with the same attributes count: "Südsudanesische Vertreter" is not
    "Vertreter aus dem Norden", a bare "Datenschützer" is not "oberster Datenschützer in Deutschland"."""
    from .descriptions import _NO_SPEAKER

    if spacy_doc is None or not spacy_doc.has_annotation("TAG") or not name:
        return None
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    nouns = [t for t in span if t.tag_ in ("NN", "NE")] if span is not None else []
    if len(nouns) != 1 or nouns[0].tag_ != "NN" or name.split()[-1].lower() != nouns[0].text.lower() or \
            nouns[0].lower_ in _NO_SPEAKER:
        return None
    if span[0].lower_ in L.INDEFINITE_ARTICLES:
        return None             # 'Ein Sprecher … Ein Sprecher im Verkehrsministerium': someone new each time
    head, adjs = nouns[0], _adjectives(spacy_doc, nouns[0].i)
    found = set()
    for t in spacy_doc:
        if t.i == head.i or t.tag_ != "NN" or t.lemma_.lower() != head.lemma_.lower() or t.i + 1 >= len(spacy_doc) \
                or spacy_doc[t.i + 1].lower_ not in _OWNERS or _adjectives(spacy_doc, t.i) != adjs:
            continue
        full = extended_description(spacy_doc, t.idx, t.idx + len(t.text), t.text)
        if full != t.text:
            found.add(full[len(t.text):].strip())
    if len(found) != 1:
        return None
    return f"{name} {found.pop()}"


def trailing_person(spacy_doc, start: int, name: str) -> str | None:
    """'Direktor der peruanischen Zivilluftfahrtbehörde Roberto Rodriguez': a description that ends in a
    person's name (two or three capitalised words: the first a known first name, or all proper nouns that the
    name typer takes for a person, p >= 0.8) is that person's role, and the person is the speaker. Why: the NER
    often misses or mistypes the name after a long role, and the description then kept the name inside it, as
    an anonymous source. ``start``: where the source starts (the name is looked up in the 300 characters after)."""
    words = (name or "").split()
    for n in (3, 2):
        run = words[-n:]
        if len(words) <= n or not all(w[:1].isupper() for w in run) or any(_role_kind(w) for w in run) or \
                not words[-n - 1][:1].isupper():
            continue            # 'Anwalt von Paul Hensel': a name after a preposition or article is the owner
        if first_name_shaped(run) or _typed_person(spacy_doc, start, " ".join(run)):
            return " ".join(run)
    return None


def _typed_person(spacy_doc, start: int, run: str) -> bool:
    if spacy_doc is None or not spacy_doc.has_annotation("TAG"):
        return False
    at = spacy_doc.text.find(run, start, start + 300)
    span = spacy_doc.char_span(at, at + len(run)) if at >= 0 else None
    if span is None or not all(t.tag_ == "NE" for t in span):
        return False
    from ..nlp.name_types import TYPES, typed

    p = typed(spacy_doc, span.start_char, span.end_char)
    return p is not None and float(p[TYPES.index("PER")]) >= 0.8
