"""A source of one word that is no noun or name: 'Dieser', 'Danach', 'wonach', 'Auch'.

Why: a Source span that went astray, or a pronoun or adverb the annotators mark as the Source, must never name
the speaker after itself: a ledger with a speaker called "Danach" or "Dieser" is junk to a fact-checker. A
demonstrative is a pronoun; 'danach' goes on with the report before it; other function words leave the
statement to the rules for one without a source.
"""
from __future__ import annotations

import re

from ..model import Speaker

# STTS tags of words that are no name and no noun: adverbs, pronouns other than personal ones, conjunctions
_FUNCTION_TAGS = {"ADV", "PROAV", "PAV", "PWAV", "PWS", "PWAT", "PIS", "PIAT", "PDS", "PDAT", "KON", "KOUS", "KOUI", "KOKOM",
                  "PRELS", "PRELAT", "PTKNEG", "PTKVZ", "PTKANT", "APPR", "APPRART"}
_QUANTIFIER = re.compile(r"(?:einig|viel|manch|ander|mehrer|all|beid|wenig)(?:e|er|en|em)?")
_DEMONSTRATIVES = {"dieser", "diese", "jener", "jene", "letzterer", "letztere"}


class FunctionWordSpeakers:
    """Mixin of :class:`quellen.link.speakers._Resolver`."""

    def _function_word(self, start: int, word: str, a) -> Speaker | None:
        """A source of one word that is no noun never names the speaker after itself ("Dieser", "Danach",
        "Auch" from a source span that went astray): a demonstrative is a pronoun for the one named last;
        'danach', 'wonach', 'hiernach' go on with the report of the sentence before, as 'demnach' does; any
        other word of no noun class leaves the statement to the rules for one without a source."""
        if word in _DEMONSTRATIVES:
            return self.pronoun(start, "er" if word in ("dieser", "jener", "letzterer") else "sie")
        if word in ("danach", "wonach", "hiernach"):
            for prev in reversed(self.history):
                if prev.speaker.name and 0 <= start - max(prev.cue.end, prev.content.end) < 250 and not re.search(
                        r"\n\n", self.text[max(prev.cue.end, prev.content.end):start]):
                    return Speaker(prev.speaker.name, prev.speaker.entity, prev.speaker.kind)
                break
            return self.document(start, start + len(word), word, word)
        if word in ("demnach", "darin"):
            return None                         # a document's, by the document rules below
        at = start + next((k for k, ch in enumerate(self.text[start:start + 8]) if ch.isalnum()), 0)
        tok = self._token_at(at, "TAG")         # the word, not a quotation mark before it ('„Reuters“')
        if tok is None or tok.tag_ not in _FUNCTION_TAGS or a is None or _QUANTIFIER.fullmatch(word):
            return None                         # ('Einige', 'nach Ansicht einiger': an unnamed group, by the rules below)
        return self.without_source(a, None)
