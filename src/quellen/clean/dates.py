"""Dates as German news pages print them, normalised to YYYY-MM-DD."""
from __future__ import annotations

import re
from datetime import date
from typing import Iterator

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "maerz": 3, "mär": 3,
    "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12,
    "dez": 12,
    # English month names occur in bylines of translated or syndicated pages
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "december": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

DATE_PATTERNS = [
    # 2025-01-10, 2025-01-10T08:00:00
    ("ymd", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    # 10. Januar 2025, 10. Januar, 2025, 10 Jan. 2025
    ("dMy", re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s*(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    # Januar 10, 2025
    ("Mdy", re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    # 10.01.2025, 26/10/2024, 10-01-2025 (day first unless impossible)
    ("dmy", re.compile(r"\b(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>(?:19|20)\d\d)\b")),
    # 2025/01/10
    ("ymd", re.compile(r"\b(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b")),
]


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _convert(kind: str, m: re.Match) -> str | None:
    g = m.groupdict()
    y = int(g["y"])
    if kind == "ymd":
        return _valid(y, int(g["m"]), int(g["d"]))
    if kind in ("dMy", "Mdy"):
        mon = MONTHS.get(g["mon"].lower().rstrip("."))
        return _valid(y, mon, int(g["d"])) if mon else None
    a, b = int(g["a"]), int(g["b"])
    if a > 12 >= b or b <= 12:       # day first (European), the usual reading
        return _valid(y, b, a) or _valid(y, a, b)
    return _valid(y, a, b)            # 10/26/2024: month first


def find_dates(text: str) -> Iterator[tuple[int, int, str]]:
    """Every full date (with a year) in ``text``: (start, end, YYYY-MM-DD), in text order, no overlaps."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = _convert(kind, m)
            if iso and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), iso))
    yield from sorted(found)


def parse_date(value: str) -> str | None:
    """The first date in ``value`` as YYYY-MM-DD, or None."""
    for _, _, iso in find_dates(value):
        return iso
    return None
