"""Title, publication date and outlet as the article text itself states them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Boilerplate
from .boilerplate import SECTIONS
from .dates import find_dates
from .outlets import outlet_label
from .text import Line, iter_lines, normalise, words


@dataclass
class Metadata:
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


# "(SeaPRwire) –", "Berlin (dpa) -", "(AFP/dpa) —" at the start of a line
AGENCY_DATELINE = re.compile(r"^(?:[A-ZÄÖÜ][\w./-]+(?:\s+[A-ZÄÖÜ][\w./-]+)?\s*[,/]?\s*)?"
                             r"(?:\d{1,2}\.\s*[A-Za-zäöüÄÖÜ]+\.?\s*\d{4}\s*|\d{1,2}\.\d{1,2}\.\d{2,4}\s*)?"
                             r"\((?P<o>[^()\d]{2,40})\)\s*[–—-]")
SOURCE_LINE = re.compile(r"^(quelle|source)\s*:\s*(?P<o>[^.;:!?]{2,60}?)\s*[.,]?\s*$", re.I)
COPYRIGHT_HOLDER = re.compile(r"^(©|\(c\)|copyright)\s*(\d{4}\s*(-\s*\d{4})?\s*)?(?P<o>[^.|,;]{2,60}?)\s*"
                              r"(\.|,|\||$|alle rechte|all rights)", re.I)
PUBLISHED_CUE = re.compile(r"^(veröffentlicht|erschienen|publiziert|datum|stand|erstellt)\b", re.I)
WEEKDAYS = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"}
NOT_AN_OUTLET = SECTIONS | WEEKDAYS | {"von", "by", "stand", "aktualisiert", "veröffentlicht", "update", "uhr"}
SEPARATORS = " \t•·|–—-,/:()[]"
SENTENCE_END = re.compile(r"[.!?]\s*$")


def _looks_like_headline(line: Line) -> bool:
    ws = words(line.text)
    if not 3 <= len(ws) <= 30 or line.text.endswith((".", ":", ",", ";")):
        return False
    if AGENCY_DATELINE.match(line.text) or re.match(r"^[A-ZÄÖÜ]{3,}\s*[–—-]", line.text):
        return False
    return line.text[0].isupper() or line.text[0] in "„\"»'‚"


def find_title(lines: list[Line], skipped: set[int]) -> str | None:
    """The first line of the article (after datelines and section labels) when it is shaped like a headline."""
    body = [ln for ln in lines if ln.index not in skipped]
    if len(body) < 2:
        return None
    first = body[0]
    if len(words(first.text)) <= 2 and not SENTENCE_END.search(first.text) and len(body) > 2:
        first = body[1]  # a kicker ("Ukraine-Krieg") above the headline
    return first.text if _looks_like_headline(first) else None


def _name_beside_date(line: Line) -> str | None:
    """'Báo Dân trí•26/10/2024' -> 'Báo Dân trí' (a byline naming the outlet next to the date)."""
    rest = line.text
    for s, e, _ in reversed(list(find_dates(rest))):
        rest = rest[:s] + "\u0000" + rest[e:]
    parts = [p.strip(SEPARATORS) for p in rest.split("\u0000")]
    parts = [p for p in parts if p]
    if len(parts) != 1:
        return None
    name = parts[0]
    ws = words(name)
    if not 1 <= len(ws) <= 5 or any(w.lower() in NOT_AN_OUTLET for w in ws) or not name[0].isupper():
        return None
    return name


def find_published(lines: list[Line], bp_lines: set[int]) -> str | None:
    n = len(lines)
    candidates = [ln for ln in lines if ln.index in bp_lines]
    candidates += [ln for ln in lines if ln.index not in bp_lines and (ln.index < 6 or ln.index >= n - 3)
                   and (len(words(ln.text)) <= 12 or PUBLISHED_CUE.match(ln.text))]
    for ln in candidates:
        for _, _, iso in find_dates(ln.text):
            return iso
    for ln in lines[:4]:  # a dateline opening the first paragraph: "Berlin, 10. Januar 2025 (dpa) – …"
        for start, _, iso in find_dates(ln.text):
            if start <= 40 and re.search(r"[–—-]|\(", ln.text[start:start + 60]):
                return iso
            break
    return None


def find_outlet(lines: list[Line], bp_lines: set[int]) -> str | None:
    n = len(lines)
    edge = [ln for ln in lines if ln.index < 6 or ln.index >= n - 6]
    for ln in edge:  # a byline that names the outlet beside the date
        if ln.index in bp_lines and len(words(ln.text)) <= 10 and list(find_dates(ln.text)):
            name = _name_beside_date(ln)
            if name:
                return name
    for ln in lines[:8]:  # an agency dateline "(dpa) –"
        m = AGENCY_DATELINE.match(ln.text)
        if m:
            name = m.group("o").strip()
            if 1 <= len(words(name)) <= 4 and normalise(name) not in NOT_AN_OUTLET:
                return name
    for ln in lines[:3] + lines[-3:]:  # a known outlet's name as a label at the top or bottom
        name = outlet_label(ln.text)
        if name:
            return name
    for ln in edge:  # "Quelle: …", "© 2025 …"
        for pattern in (SOURCE_LINE, COPYRIGHT_HOLDER):
            m = pattern.match(ln.text)
            if m:
                name = m.group("o").strip(SEPARATORS)
                if name and 1 <= len(words(name)) <= 6 and name[0].isupper():
                    return name
    return None


def find_metadata(text: str, boilerplate: list[Boilerplate]) -> Metadata:
    lines = iter_lines(text)
    starts = {b.start for b in boilerplate}
    bp_lines = {ln.index for ln in lines if ln.start in starts}
    return Metadata(
        title=find_title(lines, bp_lines),
        published=find_published(lines, bp_lines),
        outlet=find_outlet(lines, bp_lines),
    )
