"""Names of German-language news outlets, to recognise a publisher label at the top or bottom of an article.

News agencies (dpa, Reuters, AFP …) are deliberately absent: a line naming one is usually a contributor note
("Reuters hat zu diesem Bericht beigetragen"), not the publisher.
"""
from __future__ import annotations

import re

from .text import normalise

KNOWN_OUTLETS = [
    "Der Spiegel", "Spiegel", "Spiegel Online", "Zeit Online", "Die Zeit", "FAZ", "F.A.Z.", "FAZ.NET",
    "Frankfurter Allgemeine", "Frankfurter Allgemeine Zeitung", "Süddeutsche Zeitung", "SZ", "Die Welt", "Welt",
    "Welt am Sonntag", "Bild", "Bild am Sonntag", "Handelsblatt", "tagesschau.de", "Tagesschau", "ZDFheute", "ZDF",
    "ARD", "Deutschlandfunk", "n-tv", "ntv", "n-tv.de", "Focus", "Focus Online", "Stern", "stern.de", "taz",
    "RND", "RedaktionsNetzwerk Deutschland", "Merkur", "Münchner Merkur", "Frankfurter Rundschau",
    "Berliner Zeitung", "Tagesspiegel", "Der Tagesspiegel", "t-online", "Deutsche Welle", "DW",
    "Neue Zürcher Zeitung", "NZZ", "Der Standard", "Die Presse", "Kurier", "ORF", "SRF", "watson", "RT DE",
    "heise online", "Golem", "Capital", "Wirtschaftswoche", "Business Insider", "Euronews",
    "Kölner Stadt-Anzeiger", "Rheinische Post", "WAZ", "Hamburger Abendblatt", "Stuttgarter Zeitung", "MDR",
    "NDR", "WDR", "SWR", "BR24", "rbb24", "hessenschau.de", "Cicero", "Der Freitag", "Junge Welt",
    "Berliner Morgenpost", "Augsburger Allgemeine", "Badische Zeitung", "Hannoversche Allgemeine",
    "Sächsische Zeitung", "Leipziger Volkszeitung", "Mitteldeutsche Zeitung", "Nordkurier", "Weser-Kurier",
    "Kieler Nachrichten", "General-Anzeiger", "Aachener Zeitung", "Neue Osnabrücker Zeitung", "Tageblatt",
    "Luxemburger Wort", "Salzburger Nachrichten", "Kleine Zeitung", "Tages-Anzeiger", "Blick",
]
_BY_NORM = {normalise(n): n for n in KNOWN_OUTLETS}
_LABEL = re.compile(r"^(?P<name>[^|–—:•]{2,40}?)\s*[|–—:•]\s*\S")


# A newspaper's name by its shape: 'Hauptstadt-Kurier', 'Westfälische Rundschau', 'Oberland Bote'
_PAPER_NAME = re.compile(r"^(?:[A-ZÄÖÜ][\w.]*[\s-]){0,2}[A-ZÄÖÜ]?[\w]*(Kurier|Zeitung|Rundschau|Anzeiger|Tagblatt|"
                         r"Tageblatt|Abendblatt|Nachrichten|Bote|Echo|Presse|Express|Post|Allgemeine|Journal|"
                         r"Beobachter|Stimme|Volksstimme|Generalanzeiger|Morgenpost|Landeszeitung)$")


# Menu labels shaped like a paper's name: 'Meine Nachrichten', 'Weitere Nachrichten', 'Alle Nachrichten'
_UI_FIRST_WORDS = {"mein", "meine", "unser", "unsere", "ihre", "deine", "alle", "weitere", "mehr", "neueste",
                   "aktuelle", "letzte", "top", "lokale", "regionale", "neue", "beliebte", "verwandte"}


def outlet_label(line: str) -> str | None:
    """The outlet when ``line`` is just a known outlet's name (or starts with 'Name |', 'Name –', 'Name:'),
    or a line of one to three words shaped like a newspaper's name ('Hauptstadt-Kurier')."""
    norm = normalise(line)
    if norm in _BY_NORM:
        return _BY_NORM[norm]
    name = line.strip()
    if (1 <= len(name.split()) <= 3 and _PAPER_NAME.match(name)
            and name.split()[0].lower() not in _UI_FIRST_WORDS):
        return name
    m = _LABEL.match(line)
    if m and normalise(m.group("name")) in _BY_NORM and len(line.split()) <= 8:
        return _BY_NORM[normalise(m.group("name"))]
    return None
