"""Places where words were evidently dropped from the text (typically a removed hyperlink).

Scraped articles often lose the anchor text of links, leaving grammatical holes. Each rule recognises one
kind of hole from the words around it, with no knowledge of the article:

- ``preposition + verb``: "Laut [X] stellte der US-Direktor fest" — a preposition must be followed by a noun phrase
- ``empty slot``: "Vizepräsidentin, [X], hat", "( )", "„ “" — nothing between two commas, brackets or quotes
- ``preposition + preposition``: "offen für [X] mit dem" (allowing "bis zu", "von über 100", "ohne zu" …)
- ``preposition + punctuation``: "sagte er gegenüber [X]." for prepositions that are never verb particles
- ``verbless clause``: "davon aus, dass laut Berichten aus diesem Jahr [X]." — a subordinate clause that ends
  in a noun with no verb anywhere in it

A gap is reported as a short window (a few words either side, inside the sentence) around the hole.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Boilerplate, Gap
from .verbs_de import UD_VERB_FORMS

TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.U)

PREPOSITIONS = frozenset("""
ab an auf aus außer bei binnen bis dank durch entgegen entlang für gegen gegenüber gemäß hinter in infolge
inmitten innerhalb außerhalb jenseits laut mit mittels nach neben ohne samt seit seitens statt anstatt trotz
über um unter unweit von vor während wegen wider zu zufolge zwecks zwischen bezüglich hinsichtlich angesichts
anlässlich aufgrund oberhalb unterhalb abseits
am ans aufs beim im ins vom zum zur übers unters
""".split())
# Words that are prepositions but also conjunctions or infinitive markers ("bis feststeht", "ohne zu zögern").
CONJ_LIKE = frozenset({"bis", "seit", "während", "statt", "anstatt", "ohne", "um", "zu", "außer"})
# Prepositions that can follow their noun ("Seiner Meinung nach sei", "Dem Bericht zufolge habe").
POSTPOSITIONS = frozenset({"nach", "zufolge", "gegenüber", "entlang", "wegen", "gemäß", "entgegen", "halber",
                           "zuliebe", "über", "hindurch", "voran", "an", "aus", "vor", "laut"})
# Prepositions that are never separable verb particles, so cannot end a clause ("sagte er gegenüber .").
NEVER_FINAL = frozenset({"für", "von", "seit", "trotz", "zwischen", "dank", "bezüglich", "hinsichtlich",
                         "seitens", "mittels", "zwecks", "infolge", "angesichts", "anlässlich",
                         "aufgrund", "binnen", "inmitten", "innerhalb", "außerhalb", "am", "im", "vom", "zum",
                         "zur", "beim", "ins"})
# Second prepositions that may legally follow another before numbers ("mit über 100", "von vor zwei Jahren").
NUMERIC_SECOND = frozenset({"über", "unter", "um", "gegen", "bis", "zu", "ab", "an", "vor", "nach", "knapp",
                            "zwischen", "seit", "etwa", "ca"})
# "Berichten zufolge", "mit auf die Straße nehmen": never the start of a prepositional phrase here
ALWAYS_POSTPOSED = frozenset({"zufolge", "halber", "zuliebe"})
# "die Kinder mit auf die Reise nehmen": "mit" as an adverb before a directional phrase
DIRECTIONAL = frozenset({"auf", "in", "ins", "nach", "zu", "zum", "zur", "an", "ans", "aus", "über", "unter", "vor",
                         "hinter", "gegenüber", "bei", "beim", "durch", "um", "ab", "im", "ins"})
# Prepositions that double as separable particles or adverbs ("wenn das Gesetz durch ist", "schwarz auf weiß"):
# before a verb they only signal a gap at the start of a clause ("Wie aus [X] hervorgeht").
PARTICLE_LIKE = frozenset({"aus", "an", "auf", "durch", "nach", "vor", "ab", "bei", "mit", "um", "über", "unter",
                           "gegen", "zu", "hinter", "neben", "entgegen"})
CLAUSE_OPENERS = frozenset({",", ";", ":", "(", "–", "—", "-", "wie", "dass", "und", "aber", "sondern", "weil", "ob",
                            "als", "oder", "denn", "doch", "„", "\"", "»"})
# Separable verb particles that end a main clause ("geht aus dem Bericht hervor", "wies … zurück")
# (only those that are not also prepositions, which may open an attribute: "des vor Tagen zurückgetretenen")
CLAUSE_FINAL_PARTICLES = frozenset({"hervor", "zurück", "hinzu", "fest", "bekannt", "dar", "fort", "weiter", "teil",
                                    "los", "heraus", "hinaus"})
CONTRACTED = frozenset({"am", "ans", "aufs", "beim", "im", "ins", "vom", "zum", "zur", "übers", "unters"})
NUMBER_WORDS = re.compile(r"^(\d.*|(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|"
                          r"dreißig|hundert|tausend|halb|anderthalb|dutzend)\w*|\w+zig|million(en)?|milliarde(n)?|"
                          r"die|das|der|den|"
                          r"dem|jahre?n?|monate?n?|wochen?|tage?n?|stunden?|minuten?|mitte|ende|anfang|beginn|"
                          r"hälfte|prozent|mal|zeit|kurzem|langem|allem|außen|innen|oben|unten|hinten|vorne|"
                          r"morgen|gestern|heute|jetzt|dort|hier|weitem|januar|februar|märz|april|mai|juni|juli|august|september|"
                          r"oktober|november|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
                          r"frühjahr|sommer|herbst|winter|mitternacht|mittag)$", re.I)
CORE_VERBS = frozenset("""
ist sind war waren wird werden wurde wurden hat haben hatte hatten sei seien wäre wären habe hätte hätten
würde würden kann können konnte konnten könne könnte könnten muss müssen musste mussten müsse müsste soll
sollen sollte sollten solle will wollen wollte wollten wolle darf dürfen durfte dürfe dürfte mag möchte
sagte sagten sagt sagen erklärte erklärten erklärt stellte stellten stellt teilte teilten teilt betonte
betonten betont berichtete berichteten berichtet schrieb schrieben schreibt meldete meldeten meldet
kündigte kündigten kündigt warnte warnten warnt forderte forderten fordert fügte fügten fügt hieß heißt
bestätigte bestätigten bestätigt bestritt bestritten bestreitet dementierte dementierten dementiert wies
wiesen weist räumte räumten räumt gab gaben gibt nannte nannten nennt sprach sprachen spricht zeigte
zeigten zeigt ging gingen geht kam kamen kommt machte machten macht sah sahen sieht stand standen steht
lag lagen liegt blieb blieben bleibt hielt hielten hält ließ ließen lässt fand fanden findet
hervorgeht hervorging hervorgehe hervorgingen mitteilte mitteilten mitteilt bekanntgab bekanntgaben zurückwies
zurückwiesen feststellte feststellten angab angaben angibt hinzufügte hinzufügten vorliegt vorlag vorliegen
""".split())
VERBS = UD_VERB_FORMS | CORE_VERBS
# Lower-case words that are not verbs whatever their ending (for the verbless-clause rule).
FUNCTION_WORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
dieser diese dieses diesem diesen jener jene jenen jenem jeder jede jeden jedem jedes alle allen aller
mein meine meinen meinem meiner sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere
unseren unserem euer eure er sie es wir ihr ich du man sich ihm ihn ihnen uns mich mir dich dir
und oder aber sondern denn doch nicht auch noch schon nur sehr mehr weniger so wie als dass daß ob
weil wenn obwohl damit nachdem wonach da dort hier heute gestern morgen jetzt bereits etwa rund fast
knapp erst immer nie oft wieder weiter zudem außerdem jedoch allerdings bisher derzeit laut zufolge
ebenfalls dabei darauf daran davon dazu dafür dagegen darüber damals zuletzt insgesamt bislang
""".split()) | PREPOSITIONS
SUBORDINATORS = frozenset({"dass", "daß", "ob", "weil", "obwohl", "nachdem", "wonach"})
SENT_END = {".", "!", "?"}
CLOSERS = {")", "]", "“", "”", "\"", "«", "»", "'"}
EMPTY_PAIRS = {(",", ","), ("(", ")"), ("[", "]"), ("„", "“"), ("„", "”"), ("»", "«"), ("›", "‹")}
ROMAN = re.compile(r"^[IVXLC]+$")
ABBREV = re.compile(r"^(z|u|d|v|s|ca|bzw|etc|dr|prof|nr|st|mio|mrd|usw|vgl|evtl|ggf|inkl|bspw|sog|jh|art|abs|"
                    r"ziff|bd|hrsg|tel|str|abg|min|max|gem|lt|ggü|zzgl|ff)$", re.I)
# Prepositions that are not separable verb particles: only these can open a "preposition + preposition" gap
# ("offen für [X] mit dem …"); particles stand before extraposed phrases ("stehen auf gegen …").
FIRST_OF_PAIR = frozenset({"für", "von", "seit", "trotz", "zwischen", "laut", "mit", "wegen", "gegen",
                           "ohne", "in", "bezüglich", "hinsichtlich", "seitens", "mittels", "aufgrund", "angesichts",
                           "innerhalb", "außerhalb", "während"})
LOCAL_AFTER_VON = frozenset({"außerhalb", "innerhalb", "oberhalb", "unterhalb", "jenseits", "hinter", "unter",
                             "über", "vor", "zwischen", "neben", "wegen", "nach", "seiten"})


class _Tok:
    __slots__ = ("text", "start", "end", "low")

    def __init__(self, m: re.Match, base: int):
        self.text = m.group()
        self.start = base + m.start()
        self.end = base + m.end()
        self.low = self.text.lower()


def _is_word(t: _Tok) -> bool:
    return t.text[0].isalnum()


def _verb_like(t: _Tok) -> bool:
    if not _is_word(t) or not t.text[0].islower() or t.low in FUNCTION_WORDS:
        return False
    return t.low in VERBS or bool(re.search(r"(t|te|ten|en|ern|eln|st|e)$", t.low))


ADJ_ENDING = re.compile(r"^[a-zäöüß]{3,}(e|en|er|es|em)$")


def _extended_attribute(toks: list[_Tok], j: int, e: int) -> bool:
    """'auf [in Deutschland] lebende US-Amerikaner', 'für [in ihrer Existenz] bedrohte Betriebe': the inner
    phrase is followed by an adjective or participle, so the outer preposition does have its noun."""
    for k in range(j, min(e - 1, j + 5)):
        if not _is_word(toks[k]):
            return False
        if toks[k].text[:1].isupper():
            for a in toks[k + 1:min(e, k + 3)]:  # "mit Geld [prall] gefüllten"
                if not (_is_word(a) and a.text.islower()):
                    return False
                if ADJ_ENDING.match(a.text.split("-")[-1]) and a.low not in FUNCTION_WORDS:
                    return True
            return False
    return False


def _sentences(toks: list[_Tok]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of sentences inside one line."""
    spans, start = [], 0
    for i, t in enumerate(toks):
        if t.text in SENT_END and not (t.text == "." and i > 0 and (ABBREV.match(toks[i - 1].text)
                                                                    or toks[i - 1].text.isdigit()
                                                                    or len(toks[i - 1].text) == 1
                                                                    or ROMAN.match(toks[i - 1].text))):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(toks):
        spans.append((start, len(toks)))
    return spans


def _window(toks: list[_Tok], lo: int, hi: int, s: int, e: int, before: int = 3, after: int = 3) -> Gap:
    """A gap between tokens lo..hi (inclusive), widened by a few words, clipped to the sentence [s, e)."""
    a = max(s, lo - before)
    b = min(e - 1, hi + after)
    return Gap(toks[a].start, toks[b].end)


def _find_in_sentence(toks: list[_Tok], s: int, e: int) -> list[Gap]:
    gaps: list[Gap] = []
    for i in range(s, e - 1):
        t, n = toks[i], toks[i + 1]
        prev = toks[i - 1] if i > s else None
        # a preposition is lower-case unless it opens the sentence ("das Aus in der WM" is a noun)
        is_prep = (t.low in PREPOSITIONS and _is_word(t) and (i == s or t.text.islower())
                   and t.low not in ALWAYS_POSTPOSED)
        # empty slot between commas / brackets / quotes
        if (t.text, n.text) in EMPTY_PAIRS:
            gaps.append(_window(toks, i, i + 1, s, e))
            continue
        # a genitive article with no noun: "der Bericht des , wonach" / "im Auftrag des ."
        nxt = toks[i + 2] if i + 2 < e else None
        if t.low == "des" and i > s and (
                n.text in {",", ".", ";", ":"}
                or (n.low in CLAUSE_FINAL_PARTICLES and (nxt is None or not _is_word(nxt)))
                or (n.text.islower() and n.low in VERBS and nxt is not None
                    and (n.low in CORE_VERBS or not nxt.text[:1].isupper()))):
            gaps.append(_window(toks, i, i + 1, s, e))
            continue
        if not is_prep:
            continue
        # "Laut , …": a sentence-initial "Laut" is always the preposition
        if i == s and t.low == "laut" and n.text in {",", ".", ";", ":"}:
            gaps.append(_window(toks, i, i + 1, s, e, before=0))
            continue
        # "Seiner Meinung nach sei", "von Anfang an gegeben", "„…“ zufolge": the preposition closes a phrase
        noun_before = prev is not None and (
            (prev.text[:1].isupper() and not (i - 1 == s and prev.low in FUNCTION_WORDS))
            or prev.text in CLOSERS
            or prev.low in {"ihm", "ihr", "ihnen", "mir", "uns", "dir", "euch", "ihn", "sie", "es", "dem", "der",
                            "denen", "dort", "hier", "da", "oben", "unten", "innen", "außen", "daher", "hin", "her"}
            or (prev.low == "wie" and t.low == "vor"))
        after_noun = noun_before and t.low in POSTPOSITIONS
        # mid-sentence "laut" is mostly the adverb ("etwas laut sagen"); inside a phrase ("von außerhalb auf")
        # a preposition does not open a new one
        adverbial = ((t.low == "laut" and i > s and prev.text not in CLAUSE_OPENERS)
                     or (prev is not None and prev.low in PREPOSITIONS and prev.text.islower()))
        nn = toks[i + 2] if i + 2 < e else None
        # preposition + finite verb ("Laut [X] stellte der …"); "für bezahlte Arbeit" is an adjective reading
        if (n.text[:1].islower() and n.low in VERBS and t.low not in CONJ_LIKE and not after_noun
                and not adverbial and n.low not in PREPOSITIONS
                and (t.low not in PARTICLE_LIKE or prev is None or prev.low in CLAUSE_OPENERS)
                and (n.low in CORE_VERBS or nn is None or not nn.text[:1].isupper())):
            gaps.append(_window(toks, i, i + 1, s, e, before=1))
            continue
        # preposition + preposition ("offen für [X] mit dem"); not "zum für viele überraschenden Ergebnis"
        if (n.low in PREPOSITIONS and n.text[:1].islower() and t.low not in CONJ_LIKE and not after_noun
                and not adverbial and n.low != t.low and (t.low + n.low) not in PREPOSITIONS and t.low in FIRST_OF_PAIR
                and not (t.low == "von" and n.low in LOCAL_AFTER_VON)
                and not (n.low == "am" and nn is not None and nn.low.endswith(("sten", "ste")))
                and not _extended_attribute(toks, i + 2, e)
                and t.low not in CONTRACTED and n.low not in {"zu", "bis", "von", "vom"}
                and not (t.low == "mit" and n.low in DIRECTIONAL)):
            if n.low in NUMERIC_SECOND and nn is not None and NUMBER_WORDS.match(nn.text):
                continue
            gaps.append(_window(toks, i, i + 1, s, e, before=1))
            continue
        # a preposition, a space, then clause punctuation: 'sagte sie gegenüber .' (the linked name is gone)
        if t.low in PREPOSITIONS and n.text in {",", ".", ";", ":", "!", "?"} and n.start > t.end:
            gaps.append(_window(toks, i, i + 1, s, e, after=1))
            continue
        # preposition + clause punctuation
        if (t.low in NEVER_FINAL and n.text in {",", ".", ";", ":", "!", "?"} and not after_noun
                and not (prev is not None and prev.low == "nicht")
                and not (nn is not None and nn.low in {"sondern", "aber", "oder", "und", "sowie"})):
            gaps.append(_window(toks, i, i + 1, s, e, after=1))
    # a subordinate clause running to the sentence end with no verb in it
    for i in range(s, e):
        if toks[i].low not in SUBORDINATORS or (i > s and not toks[i].text.islower()):
            continue
        j = e - 1
        if toks[j].text not in SENT_END:
            continue
        body = toks[i + 1:j]
        if i > s and toks[i - 1].low in {"egal", "gleich", "einerlei", "sei"}:
            continue
        if any(t.low in {"oder", "und", "sowie", "bzw"} for t in body) or ABBREV.match(body[-1].text if body else ""):
            continue
        if len(body) < 2 or any(not _is_word(t) for t in body):
            continue  # commas, quotes or dashes: the verb may sit elsewhere
        last = body[-1]
        if last.text[:1].isupper() and not last.text.isupper() and not any(_verb_like(t) for t in body):
            gaps.append(Gap(toks[max(s, i - 3)].start, toks[j].end))
    return gaps


def find_gaps(text: str, boilerplate: list[Boilerplate] | None = None) -> list[Gap]:
    """Gap windows in text order, skipping boilerplate lines; overlapping windows are merged."""
    # Boilerplate spans are disjoint; sorted, the one a line might overlap is found by bisection (a page of
    # 100,000 menu lines would make a scan of all spans per line quadratic).
    spans = sorted((b.start, b.end) for b in boilerplate or [])
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    found: list[Gap] = []
    pos = 0
    for raw in text.split("\n"):
        base, end = pos, pos + len(raw)
        pos = end + 1
        i = bisect_right(ends, base)
        if not raw.strip() or (i < len(starts) and starts[i] < end):
            continue  # empty, or a boilerplate line
        toks = [_Tok(m, base) for m in TOKEN.finditer(raw)]
        for s, e in _sentences(toks):
            found.extend(_find_in_sentence(toks, s, e))
    found.sort(key=lambda g: (g.start, g.end))
    merged: list[Gap] = []
    for g in found:
        if merged and g.start < merged[-1].end:
            merged[-1] = Gap(merged[-1].start, max(merged[-1].end, g.end))
        else:
            merged.append(g)
    return merged
