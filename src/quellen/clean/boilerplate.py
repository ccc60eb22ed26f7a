"""Which lines of an article are not article body — found by general features, never deleted.

Each rule looks at one line (its words, shape, script, language, position) and names a reason:

- ``ui``: interface words of news sites ("Meine news", "Kommentar (0)", "Teilen", "Die mobile Version verlassen")
- ``footer``: publisher disclaimers, contributor notes, distributor blurbs, "Branchen: …", "Schlagworte: …"
- ``copyright``: "© …", "Alle Rechte vorbehalten"
- ``photo credit``: "Foto: dpa", "Bild: …", captions ending in "(Foto: AFP)."
- ``foreign script`` / ``foreign language``: widget text in another script or language inside the article
- ``dateline``: a line that is only a date, or outlet/author and date ("Báo Dân trí•26/10/2024", "Von Anna Roth")
- ``outlet label``: a known outlet's name alone at the top or bottom ("tagesschau.de", "Spiegel Online |  …")
- ``section``: a bare section label ("Politik", "Wirtschaft") near the top
- ``repeated headline``: a line that repeats an earlier line (the headline printed twice)
- ``related``: teasers for other articles ("Lesen Sie auch: …", "Mehr zum Thema")
- after a confident footer near the end, the rest of the article is footer too (``footer``).
"""
from __future__ import annotations

import re

from ..model import Boilerplate
from .dates import find_dates
from .outlets import outlet_label
from .text import GERMAN_STOPWORDS, NON_ASCII, Line, detect_language, iter_lines, latin_ratio, normalise, words

# Whole-line interface labels (compared after normalise(): lower-case, outer punctuation stripped).
UI_LINES = frozenset("""
meine news|teilen|artikel teilen|beitrag teilen|seite teilen|jetzt teilen|teilen sie diesen artikel|drucken|
artikel drucken|e-mail|per e-mail|per mail|mail|facebook|twitter|x|whatsapp|telegram|linkedin|xing|pinterest|
reddit|threads|bluesky|flipboard|pocket|kopieren|link kopieren|link kopiert|mehr zum thema|mehr zu diesem thema|
zum thema|auch interessant|das könnte sie auch interessieren|das könnte sie interessieren|empfehlungen|
unsere empfehlung|weitere artikel|weitere nachrichten|weitere meldungen|ähnliche artikel|verwandte artikel|
lesen sie auch|lesen sie mehr|mehr lesen|weiterlesen|weiter lesen|mehr anzeigen|alle anzeigen|mehr|zurück|
zurück zur startseite|zur startseite|startseite|home|menü|menu|navigation|suche|suchen|login|anmelden|abmelden|
registrieren|mein konto|abonnieren|jetzt abonnieren|abo|abo abschließen|newsletter|zum newsletter|
newsletter abonnieren|jetzt anmelden|schließen|nach oben|zum seitenanfang|seitenanfang|zum inhalt springen|
zum inhalt|direkt zum inhalt|springe zum inhalt|inhalt|hauptnavigation|die mobile version verlassen|
mobile version|desktop version|zur desktop-version|anzeige|werbung|sponsored|gesponsert|advertisement|
kommentare|kommentar|kommentieren|jetzt kommentieren|kommentar schreiben|kommentare anzeigen|
keine kommentare|kommentar verfassen|diskutieren sie mit|diskussion|video|videos|zum video|video abspielen|
audio|artikel anhören|anhören|vorlesen|artikel vorlesen|podcast|fotostrecke|bildergalerie|galerie|
zur bildergalerie|alle bilder|bild vergrößern|vergrößern|symbolbild|archivbild|foto|bild|fotos|playlist|live|liveticker|eilmeldung|top-themen|
themen|tags|schlagworte|schlagwörter|stichworte|folgen sie uns|folgen|merken|artikel merken|gemerkt|
zur merkliste|feedback|impressum|datenschutz|datenschutzerklärung|kontakt|agb|nutzungsbedingungen|
cookie-einstellungen|cookies|privatsphäre|barrierefreiheit|rss|rss-feed|app|app herunterladen|
share|share this|share this article|read more|related|related articles|comments|comment|print|tweet|
subscribe|sign in|log in|skip to content|back to top|advertisement|sponsored content|loading|wird geladen|
bitte warten|ende der werbung|externer inhalt|empfohlener redaktioneller inhalt|inhalte anzeigen|
ich bin damit einverstanden, dass mir externe inhalte angezeigt werden|alle rechte vorbehalten|quelle|
fehler melden|fehler gefunden|artikel bewerten|hat ihnen dieser artikel gefallen|zum artikel|zur übersicht|
gefällt mir|like this|like|loading|beitrags-navigation|beitragsnavigation|vorheriger artikel|nächster artikel|
vorheriger beitrag|nächster beitrag|ähnliche beiträge|verwandte beiträge|mehr news|mehr nachrichten|alle news|
top-news|top news|schreibe einen kommentar|hinterlasse einen kommentar|antworten|antwort abbrechen|
zur merkliste hinzufügen|empfehlungen für sie|für sie empfohlen|unser autor|unsere autorin|zum autor|
verwendete quellen|quellen|weitere informationen|redaktion
""".replace("\n", "").split("|"))

UI_PATTERNS = [re.compile(p, re.I) for p in (
    r"^(\d+\s+)?(kommentare?|comments?)\s*(\(\s*\d+\s*\)|:\s*\d+)?$",
    r"^(\d+\s+(reaktionen|antworten)|(reaktionen|antworten)\s*(\(\s*\d+\s*\)|:\s*\d+))$",
    r"^(kommentare?|comments?)\s*\(\d+\)",
    r"^(meine?|my)\s+(news|nachrichten|artikel|themen|merkliste|region|startseite|feed|konto)$",
    r"^\d+\s+(kommentare?|comments?|reaktionen|shares?|likes?)$",
    r"^(lesezeit|reading time)\s*:?\s*(ca\.\s*)?\d+\s*(min|minuten|minute)\b",
    r"^(ca\.\s*)?\d+\s*(min\.?|minuten)\s*(lesezeit|lesedauer)$",
    r"^(facebook|twitter|x|whatsapp|e-mail|mail|telegram|linkedin|xing|pinterest|drucken|teilen|kopieren)"
    r"([\s,|•·/]+(facebook|twitter|x|whatsapp|e-mail|mail|telegram|linkedin|xing|pinterest|drucken|teilen|"
    r"kopieren|messenger|reddit))+$",
    r"^(bild|foto|video|seite|slide)\s*\d+\s*(von|/|of)\s*\d+$",
    r"^\d+\s*/\s*\d+$",
    r"^(teilen|teile|share)\s+(auf|via|bei|on)\s+\w+$",
    r"^(zum|zur|zu den)\s+(video|podcast|liveblog|live-ticker|liveticker|newsletter|bildergalerie|fotostrecke|"
    r"kommentar(en)?|startseite|dossier|thema|themenseite)\b.{0,40}$",
    r"^(hier|jetzt)\s+(klicken|anmelden|abonnieren|herunterladen|lesen|weiterlesen)\b.{0,60}$",
    r"^(aktualisiert|update|stand|veröffentlicht|erstellt|zuletzt aktualisiert)\s*(am|:)?\s*\d",
    r"^(https?://|www\.)\S+$",                   # a bare link
    r"^(#[\w-]+[\s,]*){2,}$",                     # a row of hashtags
)]
# Teasers for other content: "Video: So lief der Gipfel", "Liveticker: …"
RELATED = re.compile(r"^(video|audio|podcast|galerie|bildergalerie|fotostrecke|liveticker|live-ticker|newsticker|"
                     r"infografik|umfrage|quiz|dossier|newsletter)\s*:\s*\S", re.I)

# Publisher footers and disclaimers: matched at the start of a line (or anywhere, for the unmistakable ones).
FOOTER_START = [re.compile(p, re.I) for p in (
    r"^(\w[\w.&-]*\s+){1,3}(hat|haben)\s+(zu\s+)?(diesem|dem)\s+(bericht|artikel|beitrag)\s+beigetragen",
    r"^(mit\s+)?(material|informationen)\s+(von|der|des|aus)\s+(den\s+)?(nachrichtenagenturen?|agenturen|dpa|afp|"
    r"reuters|ap|kna|epd|sid)\b",
    r"^mit\s+(agentur|dpa|afp|reuters|ap)(material|-material)",
    r"^(mitarbeit|redaktion|recherche|autor(in)?|text|bearbeitung|übersetzung)\s*:\s*\S",
    r"^(branchen?|schlagw(o|ö)rte(r)?|stichw(o|ö)rte(r)?|tags?|themen|kategorien?|ressorts?|rubriken?|"
    r"weitere themen|mehr zu)\s*:\s*\S",
    r"^(lesen sie auch|lesen sie mehr|mehr zum thema|mehr dazu|auch interessant|das könnte sie auch interessieren|"
    r"weiterlesen|siehe auch|passend dazu|zum thema|empfehlung der redaktion|verwandte themen)\s*:",
    r"^(hinweis|transparenzhinweis|anmerkung der redaktion|offenlegung|disclaimer)\s*:",
    r"^(dieser|der)\s+(artikel|beitrag|text)\s+(erschien|ist|wurde)\s+(zuerst|ursprünglich|erstmals)",
    r"^(folgen sie|abonnieren sie|besuchen sie|laden sie)\s+.{0,30}\b(auf|unseren?|die app|newsletter)\b",
    r"^(haben sie|sie haben)\s+(einen fehler|hinweise|fragen|anregungen)\b",
    r"^(pressekontakt|medienkontakt|kontakt für medien|über\s+\w[\w-]*\s*:)",
    r"^(originalmeldung|originalartikel|ursprünglich veröffentlicht)\b",
    r"^(quelle|quellen|source)\s*:\s*\S[^.!?]{0,80}[.]?$",
    # agency signatures at the end of a report: "(dpa)", "nk/dpa", "afp/jhm", "mit Material von dpa"
    r"^\(?\s*([a-zäöü]{1,4}\s*/\s*)*(dpa|afp|ap|reuters|kna|epd|sid|dts|apa|sda|ots|rtr|red)(\s*/\s*[a-zäöü]{1,4})*"
    r"\s*\)?\.?$",
    r"^(dieser|der)\s+(artikel|beitrag|text)\s+wurde\s+(automatisch|maschinell|mit hilfe|mithilfe|teilweise)",
    r"^(jetzt|hier)\b.{0,60}\b(abo\w*|abonnieren|weiterlesen|einloggen|registrieren|gratis testen)\s*[.!]?$",
    r"\b(sie sind bereits abonnent|bereits abonnent|ein abo abschließen|exklusiv für abonnent)",
    r"\bmit\s+(maschineller|künstlicher|ki-?)\s*(unterstützung|intelligenz)\b.{0,80}\b(erstellt|übersetzt|geprüft)",
    r"\b(mithilfe|mit hilfe|unter zuhilfenahme)\s+(von\s+)?(ki|künstlicher intelligenz)\b.{0,60}\b(erstellt|übersetzt)",
    r"^(deine|ihre)\s+e-?mail-?adresse\s+wird\s+nicht\s+veröffentlicht",
    r"^erforderliche\s+felder\s+sind\s+(mit\s+)?\S+\s+markiert",
    r"\bübermittelt\s+durch\s+news\s+aktuell\b|^original-?content\s+von\b",
    r"^\((reporter(in)?|bericht|mitarbeit|geschrieben|redigiert|redaktion)\b[^()]{0,120}\)\.?$",
    r"^bei\s+rückfragen\s+(wenden|melden)\s+sie\s+sich\b",
    r"^dpa:\d",
    r"^verwendete\s+quellen\b",
    # newsletter pitches: 'werktags um 6 Uhr in Ihrem Postfach. Jetzt kostenlos abonnieren.'
    r"\b(in\s+ihr(em)?\s+postfach|jetzt\s+kostenlos\s+(abonnieren|anmelden|bestellen)|newsletter\s+"
    r"(abonnieren|bestellen)|verpassen\s+sie\s+(keine|nichts)\b.{0,60}\b(newsletter|postfach|nachrichten))",
)]
FOOTER_ANYWHERE = [re.compile(p, re.I) for p in (
    r"\b(artikel|beitrag|inhalt|text|meldung)\s+wird\s+von\s+einem\s+drittanbieter\s+bereitgestellt",
    r"\bgibt\s+diesbezüglich\s+keine\s+zusicherungen\b",
    r"\bkeine\s+(haftung|gewähr)\s+für\s+(die\s+)?(richtigkeit|inhalte?|vollständigkeit)\b",
    r"\b(pressemitteilungs?-?verteilung|pressemitteilungen\s+verbreitet|verteilung\s+von\s+pressemitteilungen)\b",
    r"\bfür\s+den\s+inhalt\s+(der\s+)?(pressemitteilung|mitteilung|meldung)\s+ist\s+.{0,40}verantwortlich",
    r"\b(inhalt|inhalte)\s+(ist|sind)\s+(nicht\s+)?(verfügbar|blockiert)\b.*\b(cookie|einwilligung|zustimm)",
    r"\bbitte\s+aktivieren\s+sie\s+(javascript|cookies)\b",
    r"\bwir\s+verwenden\s+cookies\b",
)]
COPYRIGHT = re.compile(r"^(©|\(c\)\s|copyright\b)|\balle\s+rechte\s+vorbehalten\b|\ball\s+rights\s+reserved\b"
                       r"|^[^.!?]{0,60}©\s*\d{4}", re.I)

# Photo credits: "Foto: dpa", "Bild: picture alliance / dpa", "© imago", and captions "… (Foto: AFP)."
CREDIT_WORDS = (r"(fotos?|bild(er)?|bildquelle|foto(grafie)?|fotograf(in)?|titelbild|symbolbild|archivbild|"
                r"archivfoto|grafik|illustration|quelle\s+(des\s+)?(bildes|fotos)|credits?|photo|image)")
# A line that is only a picture agency credit: "picture alliance/dpa | Michael Kappeler", "IMAGO/ZUMA Wire"
AGENCY_CREDIT = re.compile(r"^(picture[ -]alliance|imago|getty images|dpa|afp|ap photo|reuters|keystone|epa|ddp|"
                           r"shutterstock|istock|stock\.adobe\.com)\b[^.!?]{0,60}$", re.I)
CREDIT_LINE = re.compile(rf"^[\[(]?{CREDIT_WORDS}\s*(:|©|\(c\))\s*\S", re.I)
CREDIT_TAIL = re.compile(rf"[\[(|]\s*{CREDIT_WORDS}\s*:\s*[^()\[\]]{{1,80}}[)\]]?\s*[.]?\s*$"
                         rf"|\|\s*{CREDIT_WORDS}?\s*:?\s*(dpa|afp|reuters|ap|imago|getty|picture alliance)[^|]{{0,60}}$",
                         re.I)

# Box headings whose next short line is a teaser headline or a newsletter name, not article text.
BOX_HEADS = frozenset({"newsletter", "mehr zum thema", "mehr zu diesem thema", "lesen sie auch", "auch interessant",
                       "das könnte sie auch interessieren", "das könnte sie interessieren", "weitere artikel",
                       "empfehlungen", "unsere empfehlung", "zum thema", "ähnliche artikel", "verwandte artikel",
                       "weitere nachrichten", "weitere meldungen", "mehr news", "mehr nachrichten"})

SECTIONS = frozenset("""
politik wirtschaft finanzen börse sport kultur feuilleton wissen wissenschaft gesundheit panorama ausland inland
deutschland welt international europa meinung kommentar kommentare leitartikel gesellschaft digital technik
netzwelt auto mobilität reise leben stil lifestyle karriere bildung regional lokales lokal region nachrichten
news aktuell top-story topstory tagesnachrichten liveblog newsticker ticker vermischtes medien unterhaltung
promis klima umwelt geld verbraucher recht justiz analyse hintergrund interview reportage faktencheck
""".split())

# Footers after which nothing of the article follows (teasers such as "Lesen Sie auch: …" may sit mid-article).
ZONE_START = [re.compile(p, re.I) for p in (
    r"^(\w[\w.&-]*\s+){1,3}(hat|haben)\s+(zu\s+)?(diesem|dem)\s+(bericht|artikel|beitrag)\s+beigetragen",
    r"^(branchen?|schlagw(o|ö)rte(r)?|stichw(o|ö)rte(r)?|tags?|kategorien?)\s*:",
    r"^(verwendete\s+quellen|pressekontakt|medienkontakt|original-?content\s+von)\b",
    r"^(mit\s+)?(material|informationen)\s+(von|der|des|aus)\s+",
)] + FOOTER_ANYWHERE


def _is_prose(line: Line) -> bool:
    """A real sentence of German: several words, function words, sentence punctuation."""
    ws = words(line.text)
    return len(ws) >= 8 and sum(w.lower() in GERMAN_STOPWORDS for w in ws) >= 2


def _dateline(line: Line) -> bool:
    """Only a date, or a short name plus a date ("Báo Dân trí•26/10/2024", "10. Januar, 2025")."""
    dates = list(find_dates(line.text))
    if not dates:
        return False
    rest = line.text
    for s, e, _ in reversed(dates):
        rest = rest[:s] + " " + rest[e:]
    rest = re.sub(r"\b\d{1,2}[:.]\d{2}\s*(uhr|h|am|pm)?\b", " ", rest, flags=re.I)  # times
    rest_words = words(rest)
    if len(rest_words) > 6 or SENTENCE_END.search(rest.strip()) and len(rest_words) > 3:
        return False
    return sum(w.lower() in GERMAN_STOPWORDS - {"am", "von", "um", "vom"} for w in rest_words) == 0


SENTENCE_END = re.compile(r"[.!?]\s*$")
# "Von Anna Roth", "Von Anna Roth, Berlin", "Autorin: Eva Klein | dpa" (names only: capitalised words)
BYLINE = re.compile(r"^([Vv]on|VON|[Bb]y|[Aa]utor(in)?:?|[Tt]ext:)\s+([A-ZÄÖÜ][\w.'’-]*\s*|und\s+|and\s+){1,6}"
                    r"([,|•·/]\s*[A-ZÄÖÜ][\w.'’ -]{0,40})?$")


def classify_line(line: Line, language: str | None = "de", n_lines: int | None = None) -> str | None:
    """The reason ``line`` is not article body, or None when it is (rules that need no context)."""
    text = line.text
    norm = normalise(text)
    if not norm:
        return "ui" if re.fullmatch(r"[\W_]+", text) and len(text) <= 20 else None
    if COPYRIGHT.search(text):
        return "copyright"
    if norm in UI_LINES or any(p.search(norm) for p in UI_PATTERNS):
        return "ui"
    if any(p.search(text) for p in FOOTER_START) or any(p.search(text) for p in FOOTER_ANYWHERE):
        return "footer"
    ws = words(text)
    if RELATED.match(text) and len(ws) <= 14:
        return "related"
    if CREDIT_LINE.search(text) and len(ws) <= 25:
        return "photo credit"
    if CREDIT_TAIL.search(text) and len(ws) <= 40:
        return "photo credit"
    if AGENCY_CREDIT.match(text) and len(ws) <= 10 and re.search(r"[/|]", text):
        return "photo credit"
    if latin_ratio(text) < 0.5:
        return "foreign script"
    foreign_marks = 0 if text.isascii() else sum(
        1 for ch in NON_ASCII.findall(text) if ch.isalpha() and ch not in "äöüÄÖÜß")
    if (language == "de" and (len(ws) >= 3 or (len(ws) == 2 and foreign_marks >= 2))
            and not any(w.lower() in GERMAN_STOPWORDS for w in ws)):
        lang, prob = detect_language(text)
        if lang not in (None, "de") and prob >= 0.8:
            return "foreign language"
    # bylines and datelines sit at the top or the bottom of an article, not among its paragraphs
    edge = n_lines is None or line.index < 6 or line.index >= n_lines - 4
    if edge and len(ws) <= 8 and outlet_label(text) and not SENTENCE_END.search(text):
        return "outlet label"
    if edge and len(ws) <= 12 and _dateline(line):
        return "dateline"
    if edge and len(ws) <= 8 and BYLINE.match(text) and not SENTENCE_END.search(text):
        return "dateline"
    return None


def find_boilerplate(text: str, language: str | None = "de", title: str | None = None) -> list[Boilerplate]:
    """Boilerplate spans (one per line, offsets of the stripped line) in text order."""
    lines = iter_lines(text)
    reasons: dict[int, str] = {}
    first_prose = next((ln.index for ln in lines if _is_prose(ln)), len(lines))
    occurrences: dict[str, list[int]] = {}
    for line in lines:
        reason = classify_line(line, language, len(lines))
        norm = normalise(line.text)
        if reason is None and norm in SECTIONS and line.index <= max(first_prose, 3) and line.index < 8:
            reason = "section"
        if reason:
            reasons[line.index] = reason
        elif 3 <= len(words(line.text)) <= 25 and not SENTENCE_END.search(line.text):
            occurrences.setdefault(norm, []).append(line.index)
    # A headline printed twice near the top: one copy is debris; which one is arbitrary, the earlier is marked.
    # A title given by the page (HTML) that recurs in the text is marked where it recurs.
    title_norm = normalise(title) if title else None
    first = next((ln for ln in lines if ln.index not in reasons), None)
    if title_norm is None:  # the first line, when it is shaped like a headline, is the title
        if first is not None and 3 <= len(words(first.text)) <= 25 and not SENTENCE_END.search(first.text):
            title_norm = normalise(first.text)
    for norm, idx in occurrences.items():
        if len(idx) == 2 and idx[0] < 10 and idx[1] - idx[0] <= 2:
            marked = idx[:1]  # printed twice in a row: the earlier copy is debris, the later reads as headline
        elif norm == title_norm:
            heading = first is not None and idx[0] == first.index
            marked = idx[1:] if heading else idx  # the copy heading the text is the title itself
        else:
            continue  # repeated lines elsewhere are lists or tables, not a repeated headline
        for i in marked:
            reasons[i] = "repeated headline"

    # The heading of a teaser or newsletter box ('Mehr zum Thema', 'Newsletter') is followed by the teaser's own
    # headline: a short line that is not a sentence.
    for line in lines:
        if reasons.get(line.index) not in ("ui", "footer", "related") or normalise(line.text) not in BOX_HEADS:
            continue
        for nxt in lines[line.index + 1:line.index + 3]:
            if nxt.index in reasons:
                continue
            n_words = len(words(nxt.text))
            newsletter = "newsletter" in normalise(line.text)
            # a teaser headline ('Zulieferer unter Druck: Warum …'); a newsletter's name ('Die Lage am Abend')
            if not SENTENCE_END.search(nxt.text) and (
                    (n_words <= 14 and re.search(r":\s|\s[–—-]\s|\?$", nxt.text)) or (newsletter and n_words <= 6)):
                reasons[nxt.index] = "related"
            break

    # A confident footer in the last third starts the footer zone: whatever follows is publisher matter too.
    n = len(lines)
    for line in lines:
        reason = reasons.get(line.index)
        strong = reason == "copyright" or (reason == "footer" and any(p.search(line.text) for p in ZONE_START))
        if strong and line.index >= n * 2 / 3 and line.index > first_prose:
            for later in lines[line.index + 1:]:
                reasons.setdefault(later.index, "footer")
            break
    return [Boilerplate(ln.start, ln.end, reasons[ln.index]) for ln in lines if ln.index in reasons]
