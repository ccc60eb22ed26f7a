"""A pronoun or description that is an attribution's source, resolved through the coreference model.

Why a module of its own: ``speakers`` decides *what kind* of source a span is; this one only answers "which
named entity does this anaphor refer to?" by following the model's antecedent links (``link.coref``) until
a mention that belongs to an entity of the article is reached. It returns nothing when the model is not
confident, and the speaker rules then decide alone.
"""
from __future__ import annotations

from dataclasses import replace

from .coref import Mention, detect_mentions, load_model

MAX_HOPS = 6


class Antecedents:
    """Mentions of one article, computed once, and the entity each resolved anaphor ends in."""

    def __init__(self, spacy_doc, index: list[tuple[int, int, str]], ents: dict):
        self.model = load_model()
        self.spacy_doc = spacy_doc
        self.index = index
        self.ents = ents
        self._mentions: list[Mention] | None = None
        self._by_start: dict[int, Mention] = {}

    @property
    def mentions(self) -> list[Mention]:
        """The article's mentions, found on first use (most articles never need them)."""
        if self._mentions is None:
            doc = self.spacy_doc
            self._mentions = detect_mentions(doc) if doc is not None and doc.has_annotation("TAG") else []
            self._by_start = {m.start_char: m for m in self._mentions}
        return self._mentions

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention whose head lies in the char span [start, end)."""
        mentions = self.mentions
        if start in self._by_start:
            return self._by_start[start]
        for m in mentions:
            if start <= m.start_char < end:
                return m
        return None

    def entity_of(self, m: Mention, types=("PER", "ORG")) -> str | None:
        return self.entity_at(*m.chars, types=types)

    def entity_at(self, a: int, b: int, types=("PER", "ORG")) -> str | None:
        """The first entity of one of ``types`` with a mention overlapping chars [a, b)."""
        for s, e, eid in self.index:
            if s < b and e > a and self.ents[eid].type in types:
                return eid
        return None

    def resolve(self, start: int, end: int, types=("PER", "ORG"),
                exclude: list[tuple[int, int]] = ()) -> tuple[str, float] | None:
        """(entity id, confidence) for the anaphor at [start, end), or None.

        ``exclude``: char spans whose mentions cannot be antecedents (the reported contents: a name inside a
        quote is what the speaker talks about, not who speaks next).
        """
        if self.model is None:
            return None
        m = self.mention_at(start, end)
        if m is None or m.kind == "name":
            return None
        kept = [x for x in self.mentions if x is m or not any(a <= x.chars[0] < b for a, b in exclude)]
        # the model reads a mention's position in its list: renumbered copies, the article's list stays as it is
        pool = [replace(x, index=k) for k, x in enumerate(kept)]
        return self._follow(pool[kept.index(m)], pool, types)

    def _follow(self, m: Mention, pool: list[Mention], types) -> tuple[str, float] | None:
        conf = 1.0
        for _ in range(MAX_HOPS):
            link = self.model.antecedent(m, pool)
            if link is None:
                return None
            m, p = link
            conf *= p
            eid = self.entity_of(m, types)
            if eid is not None:
                return eid, conf
            if m.kind == "name":
                return None
        return None
