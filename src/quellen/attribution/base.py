"""Shared pieces of the attribution rules: the candidate record and the punctuation classes."""
from __future__ import annotations

from dataclasses import dataclass, field

BREAKS = {",", ";", ":", "–", "—", "(", ")"}
QUOTE_CHARS = {"„", "“", "”", "\"", "»", "«"}
_TIME_WORDS = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "woche", "wochen",
               "jahr", "jahren", "monat", "monaten", "tag", "tagen", "abend", "morgen", "stunden", "zeit"}
KI_STRICT = {"sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "gebe",
             "wisse", "liege", "stehe", "komme", "gehe", "bleibe", "gelte", "befinde", "handele", "handle"}


@dataclass
class Cand:
    type: str
    cue: tuple[int, int]                 # character spans
    content: tuple[int, int]
    source: tuple[int, int] | None
    rule: str
    confidence: float
    sent: int
    cue_tokens: tuple[int, ...] = ()
    hedged: bool = False
    source_hint: str | None = None       # "inherit": same source as the previous report; "impersonal"
    copy_of: "Cand | None" = None        # a continued quote copies its cue/source from this one
    denies_hint: tuple[int, int] | None = None   # char span of a 'wonach' claim this denial rejects
    extra: dict = field(default_factory=dict)

